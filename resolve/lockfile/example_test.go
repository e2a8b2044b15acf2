package lockfile_test

import (
	"fmt"
	"strings"
	"testing/fstest"

	"github.com/safeindex/safeindex/resolve/lockfile"
)

func ExampleRead() {
	const req = `--index-url https://pypi.internal.example/simple
--extra-index-url https://pypi.org/simple
internal-lib==4.2.0 \
    --hash=sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
    # via -r requirements.in
requests==2.32.3 ; python_version >= "3.8" \
    --hash=sha256:60fc1b4a9a2d1fc4e5a6b5d1b3ff1b8f0fcd0a1f5d0c1c2e4f9d5e7a6b8c9d0e
`
	lock, err := lockfile.Read("requirements.txt", strings.NewReader(req))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(lock.Format, "hash mode:", lock.HashMode)
	for _, s := range lock.Sources {
		fmt.Println(s.Kind, s.URL)
	}
	for _, p := range lock.Packages {
		fmt.Printf("%s %s==%s %d hash(es) %q\n", p.Pos, p.Name, p.Version, len(p.Hashes), p.Marker)
	}
	// Output:
	// requirements.txt hash mode: true
	// index https://pypi.internal.example/simple
	// extra-index https://pypi.org/simple
	// requirements.txt:3:1 internal-lib==4.2.0 1 hash(es) ""
	// requirements.txt:6:1 requests==2.32.3 1 hash(es) "python_version >= \"3.8\""
}

func ExampleReadFile() {
	fsys := fstest.MapFS{
		"requirements/prod.txt":   {Data: []byte("-r base.txt\ngunicorn==22.0.0\n")},
		"requirements/base.txt":   {Data: []byte("-r prod.txt\n")},
		"requirements/broken.txt": {Data: []byte("flask=3.0\n")},
	}
	_, err := lockfile.ReadFile(fsys, "requirements/prod.txt")
	fmt.Println(err)
	_, err = lockfile.ReadFile(fsys, "requirements/broken.txt")
	fmt.Println(err)
	// Output:
	// requirements/base.txt:1:1: include cycle: requirements/prod.txt -> requirements/base.txt -> requirements/prod.txt
	// requirements/broken.txt:1:1: invalid requirement "flask=3.0": expected a semicolon (after the name with no version specifier) or the end
}

func ExampleRead_pylock() {
	const pylock = `lock-version = "1.0"
created-by = "uv"

[[packages]]
name = "idna"
version = "3.7"
index = "https://pypi.org/simple"
wheels = [
    { url = "https://files.pythonhosted.org/packages/e5/3e/idna-3.7-py3-none-any.whl", upload-time = 2024-04-11T03:34:41Z, size = 66836, hashes = { sha256 = "82fee1fc78add43492d3a1898bfa6d8a904cc97d8427f683ed8e798d07761aa0" } },
]
`
	lock, err := lockfile.Read("pylock.toml", strings.NewReader(pylock))
	if err != nil {
		fmt.Println(err)
		return
	}
	p := lock.Packages[0]
	f := p.Files[0]
	fmt.Println(p.Name, p.Version, p.Index)
	fmt.Println(f.Pos, f.Filename(), f.Size, f.UploadTime, f.Hashes[0].Algorithm)
	// Output:
	// idna 3.7 https://pypi.org/simple
	// pylock.toml:9:5 idna-3.7-py3-none-any.whl 66836 2024-04-11 03:34:41 +0000 UTC sha256
}

func ExampleRead_pipfileLock() {
	const lock = `{
    "_meta": {
        "hash": {"sha256": "0000"},
        "pipfile-spec": 6,
        "requires": {"python_version": "3.12"},
        "sources": [
            {"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true},
            {"name": "internal", "url": "https://pypi.internal.example/simple", "verify_ssl": true}
        ]
    },
    "default": {
        "internal-lib": {"hashes": ["sha256:00ff"], "index": "internal", "version": "==4.2.0"},
        "six": {"hashes": ["sha256:11ee"], "version": "==1.16.0"}
    },
    "develop": {}
}
`
	l, err := lockfile.Read("Pipfile.lock", strings.NewReader(lock))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range l.Packages {
		src, _ := l.Source(p.Index) // no index: the first (default) source
		fmt.Println(p.Pos, p.Name, p.Version, "from", src.Name, src.URL)
	}
	// Output:
	// Pipfile.lock:12:9 internal-lib 4.2.0 from internal https://pypi.internal.example/simple
	// Pipfile.lock:13:9 six 1.16.0 from pypi https://pypi.org/simple
}
