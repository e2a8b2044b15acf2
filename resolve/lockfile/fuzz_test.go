package lockfile

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"
)

// seed adds every test file matching pattern under testdata to f.
func seed(f *testing.F, pattern string) {
	files, err := fs.Glob(testFS, pattern)
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds for %s: %v", pattern, err)
	}
	for _, name := range files {
		data, err := fs.ReadFile(testFS, name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// checkResult asserts the contract of every reader: a whole Lock and no
// error, or no Lock and an *Error matching a sentinel, with a message.
func checkResult(t *testing.T, lock *Lock, err error) {
	t.Helper()
	if err != nil {
		if lock != nil {
			t.Fatalf("error %v came with a lock", err)
		}
		var e *Error
		if !errors.As(err, &e) || e.Msg == "" {
			t.Fatalf("error %#v is not an *Error with a message", err)
		}
		if !errors.Is(err, ErrInvalidLock) && !errors.Is(err, ErrPipfileHashMismatch) {
			t.Fatalf("error %v matches no sentinel", err)
		}
		return
	}
	if lock == nil || lock.Packages == nil {
		t.Fatal("no error and no lock")
	}
	for _, p := range lock.Packages {
		if p.Pos.File == "" || p.Pos.Line < 1 {
			t.Fatalf("package %q without a position: %+v", p.Name, p.Pos)
		}
	}
}

func FuzzReadRequirements(f *testing.F) {
	seed(f, "requirements/*.txt")
	f.Add([]byte("-r requirements.txt\n"))
	f.Add([]byte("-r inc.txt\na==1 \\\n --hash=sha256:00\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"requirements.txt": {Data: data},
			"inc.txt":          {Data: []byte("-r requirements.txt\n")},
		}
		lock, err := ReadFile(fsys, "requirements.txt", WithEnv(func(k string) (string, bool) { return strings.ToLower(k), true }))
		checkResult(t, lock, err)
	})
}

func FuzzReadPipfileLock(f *testing.F) {
	seed(f, "pipfile/*.lock")
	f.Fuzz(func(t *testing.T, data []byte) {
		lock, err := Read("Pipfile.lock", strings.NewReader(string(data)), WithPipfile(data))
		checkResult(t, lock, err)
	})
}

func FuzzReadPylock(f *testing.F) {
	seed(f, "pylock/*.toml")
	f.Fuzz(func(t *testing.T, data []byte) {
		lock, err := Read(path.Join("dir", "pylock.toml"), strings.NewReader(string(data)))
		checkResult(t, lock, err)
	})
}
