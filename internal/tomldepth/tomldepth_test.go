package tomldepth

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLine(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		max  int
		want int
	}{
		{name: "empty", doc: "", max: 1, want: 0},
		{name: "table headers count as one level", doc: "[a]\nb = 1\n[[c]]\n", max: 2, want: 0},
		{name: "array at the limit", doc: "a = [[1]]\n", max: 2, want: 0},
		{name: "array past the limit", doc: "a = 1\nb = [[[1]]]\n", max: 2, want: 2},
		{name: "inline tables count", doc: "a = {b = {c = {d = 1}}}\n", max: 2, want: 1},
		{name: "brackets in a basic string", doc: "a = \"[[[\\\"[[[\"\nb = [1]\n", max: 1, want: 0},
		{name: "brackets in a literal string", doc: "a = '[[[['\n", max: 1, want: 0},
		{name: "brackets in a comment", doc: "# [[[[\na = [1]\n", max: 1, want: 0},
		{name: "multi-line string counts its lines", doc: "a = \"\"\"\n[[[\n\"\"\"\nb = [[1]]\n", max: 1, want: 4},
		{name: "unclosed string ends at the newline", doc: "a = \"x\n[[1]]\n", max: 1, want: 2},
		{name: "closers never go below zero", doc: "]]]]\na = [[1]]\n", max: 1, want: 2},
		{name: "deep", doc: "a = " + strings.Repeat("[", 100000), max: 32, want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Line([]byte(tt.doc), tt.max))
		})
	}
}

// FuzzLine checks that Line never panics and agrees with a count of
// brackets on documents without strings or comments.
func FuzzLine(f *testing.F) {
	for _, s := range []string{"a = [[1]]", "a = \"[\\\"[\"\n", "a = '[\n[\n", "# [\n[", "a = \"x\\\n[[\"", "a = \"\"\"\n[\\\"\"\"\"\n[", "\"\\"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := Line(data, 3)
		if got < 0 || got > strings.Count(string(data), "\n")+1 {
			t.Fatalf("Line(%q) = %d, not a line of the document", data, got)
		}
		if strings.ContainsAny(string(data), "\"'#") {
			return
		}
		depth, line, want := 0, 1, 0
		for _, c := range data {
			switch c {
			case '\n':
				line++
			case '[', '{':
				depth++
			case ']', '}':
				depth = max(depth-1, 0)
			}
			if depth > 3 && want == 0 {
				want = line
			}
		}
		if got != want {
			t.Fatalf("Line(%q) = %d, want %d", data, got, want)
		}
	})
}
