package osv_test

import (
	"io/fs"
	"testing/fstest"
)

// fstestMap is a set of files by name, as an fs.FS.
type fstestMap map[string][]byte

func (m fstestMap) FS() fs.FS {
	fsys := fstest.MapFS{}
	for name, data := range m {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}
