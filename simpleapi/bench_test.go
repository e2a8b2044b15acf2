package simpleapi

import (
	"bytes"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

const genSimplePage = "/work/shared/tools/gen_simple_page.py"

// benchPage generates the 6,000-file page of the benchmark
// (gen_simple_page.py project botocore --versions 2000 --wheels 2) in the
// given format.
func benchPage(b *testing.B, format string) []byte {
	b.Helper()
	gen := os.Getenv("GEN_SIMPLE_PAGE")
	if gen == "" {
		gen = genSimplePage
	}
	if _, err := os.Stat(gen); err != nil {
		b.Skipf("page generator %s not found (set GEN_SIMPLE_PAGE)", gen)
	}
	out, err := exec.Command("python3", gen, "project", "botocore", "--versions", "2000", "--wheels", "2", "--format", format).Output()
	if err != nil {
		b.Skipf("running %s: %v", gen, err)
	}
	// Keep a copy beside the benchmark for testdata/pip_bench.py.
	_ = os.WriteFile(filepath.Join(b.TempDir(), "botocore."+format), out, 0o644)
	return out
}

func benchmarkParse(b *testing.B, format, contentType string) {
	data := benchPage(b, format)
	u, _ := url.Parse("https://pypi.org/simple/botocore/")
	page, err := ParseProjectPage(bytes.NewReader(data), contentType, u)
	if err != nil {
		b.Fatal(err)
	}
	files := len(page.Files)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ParseProjectPage(bytes.NewReader(data), contentType, u); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// allocs/file: run testing.AllocsPerRun-like count once more.
	allocs := testing.AllocsPerRun(3, func() {
		_, _ = ParseProjectPage(bytes.NewReader(data), contentType, u)
	})
	b.ReportMetric(allocs/float64(files), "allocs/file")
	b.ReportMetric(float64(files), "files")
}

// BenchmarkParseHTML parses PyPI-shaped HTML for 6,000 files.
func BenchmarkParseHTML(b *testing.B) { benchmarkParse(b, "html", "text/html") }

// BenchmarkParseJSON parses PyPI-shaped JSON for 6,000 files.
func BenchmarkParseJSON(b *testing.B) { benchmarkParse(b, "json", MediaTypeJSON) }

// BenchmarkParseFilename parses a typical wheel name against its project.
func BenchmarkParseFilename(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFilename("botocore-1.34.100-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "botocore"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNormalizeName normalizes a name that needs changing.
func BenchmarkNormalizeName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = NormalizeName("Zope.Interface__Extras")
	}
}
