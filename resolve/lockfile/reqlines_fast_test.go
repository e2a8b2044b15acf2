package lockfile

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/safeindex/safeindex/internal/pystr"
)

// FuzzReqLinesFastPaths holds shlexSplit, pySplitLines and cutComment to
// the simpler versions they replaced, which copied every byte and decoded
// every rune.
func FuzzReqLinesFastPaths(f *testing.F) {
	for _, s := range []string{
		"a b\tc", "a'b c'd \"e\\\"f\" g\\ h", "'x' y", "\"\" ''", "a\\", "'a", "\"a\\", "--hash=sha256:00 \\\n x",
		"a # b", "#a", "a\t#b", "a#b", "a \u2028b\r\nc\x1cd\u0085e", "é # x", " ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, gerr := shlexSplit(s)
		want, werr := shlexSplitBytewise(s)
		if !slices.Equal(got, want) || gerr != werr {
			t.Fatalf("shlexSplit(%q) = %q, %v; want %q, %v", s, got, gerr, want, werr)
		}
		gl, go_ := pySplitLines(s)
		wl, wo := pySplitLinesRunewise(s)
		if !slices.Equal(gl, wl) || !slices.Equal(go_, wo) {
			t.Fatalf("pySplitLines(%q) = %q %v; want %q %v", s, gl, go_, wl, wo)
		}
		if g, w := cutComment(s), cutCommentRunewise(s); g != w {
			t.Fatalf("cutComment(%q) = %q, want %q", s, g, w)
		}
	})
}

func shlexSplitBytewise(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord := false
	const ws = " \t\r\n"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte(ws, c) >= 0:
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\\':
			if i+1 >= len(s) {
				return nil, errNoEscaped
			}
			i++
			cur.WriteByte(s[i])
			inWord = true
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errNoClosingQuote
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			closed := false
			for ; i < len(s); i++ {
				if s[i] == '"' {
					closed = true
					break
				}
				if s[i] == '\\' {
					if i+1 >= len(s) {
						return nil, errNoClosingQuote
					}
					if s[i+1] == '"' || s[i+1] == '\\' {
						i++
					}
				}
				cur.WriteByte(s[i])
			}
			if !closed {
				return nil, errNoClosingQuote
			}
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}

func pySplitLinesRunewise(s string) ([]string, []int) {
	var lines []string
	var offs []int
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			lines = append(lines, s[start:i])
			offs = append(offs, start)
			i += size
			if r == '\r' && i < len(s) && s[i] == '\n' {
				i++
			}
			start = i
			continue
		}
		i += size
	}
	if start < len(s) {
		lines = append(lines, s[start:])
		offs = append(offs, start)
	}
	return lines, offs
}

func cutCommentRunewise(l string) string {
	for i := 0; i < len(l); {
		r, size := utf8.DecodeRuneInString(l[i:])
		if r == '#' && i == 0 {
			return ""
		}
		if pystr.IsSpace(r) {
			j := i + size
			for j < len(l) {
				r2, s2 := utf8.DecodeRuneInString(l[j:])
				if !pystr.IsSpace(r2) {
					break
				}
				j += s2
			}
			if j < len(l) && l[j] == '#' {
				return l[:i]
			}
			i = j
			continue
		}
		i += size
	}
	return l
}
