package lockfile

import (
	"bytes"
	"fmt"
	"testing"
)

// Issue 5 asks for reading a 1,000-package lock in under 10 ms.

func pylock1000() []byte {
	var b bytes.Buffer
	b.WriteString("lock-version = \"1.0\"\ncreated-by = \"bench\"\nrequires-python = \">=3.9\"\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "\n[[packages]]\nname = \"pkg-%d\"\nversion = \"1.%d.0\"\nindex = \"https://pypi.org/simple\"\n", i, i)
		fmt.Fprintf(&b, "sdist = { url = \"https://files.example/pkg_%d-1.%d.0.tar.gz\", upload-time = 2024-05-26T22:02:53Z, size = 163930, hashes = { sha256 = \"%064x\" } }\n", i, i, i)
		b.WriteString("wheels = [\n")
		for _, tag := range []string{"py3-none-any", "cp312-cp312-manylinux_2_17_x86_64", "cp312-cp312-win_amd64"} {
			fmt.Fprintf(&b, "    { url = \"https://files.example/pkg_%d-1.%d.0-%s.whl\", upload-time = 2024-05-26T22:02:51Z, size = 86780, hashes = { sha256 = \"%064x\" } },\n", i, i, tag, i+1)
		}
		b.WriteString("]\n")
	}
	return b.Bytes()
}

func requirements1000() []byte {
	var b bytes.Buffer
	b.WriteString("--index-url https://pypi.internal.example/simple\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "pkg-%d==1.%d.0 ; python_version >= \"3.9\" \\\n    --hash=sha256:%064x \\\n    --hash=sha256:%064x\n    # via -r requirements.in\n", i, i, i, i+1)
	}
	return b.Bytes()
}

func BenchmarkReadPylock1000(b *testing.B) {
	data := pylock1000()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read("pylock.toml", bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadRequirements1000(b *testing.B) {
	data := requirements1000()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read("requirements.txt", bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
