package metadata

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkParse measures parsing the METADATA of requests.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/fixtures/requests.metadata")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
