package lockfile

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// tomlCases are documents that exercise TOML 1.0's rules on defining keys
// and tables, and the value forms; half of them are invalid.
var tomlCases = []string{
	// Dotted keys and tables.
	"a.b = 1\na.c = 2\n",
	"a.b = 1\na = 2\n",
	"a = 1\na.b = 2\n",
	"a = {b = 1}\na.c = 2\n",
	"a = {b = 1}\n[a.c]\n",
	"a = [{b = 1}]\n[a.c]\n",
	"a = [{b = 1}]\n[[a]]\n",
	"[a.b.c]\n[a]\nb.d = 1\n",
	"[a.b.c]\n[a]\nb.d = 1\n[a.b]\n",
	"[a.b]\n[a]\nb.c = 1\n",
	"[a]\nb.c = 1\n[a.b]\n",
	"[a]\nb.c = 1\n[a.b.d]\n",
	"a.b = 1\n[a]\n",
	"a.b = 1\n[a.c]\n",
	"[a]\n[a]\n",
	"[a.b]\n[a]\n[a.b]\n",
	"[a]\nx = 1\n[a.x]\n",
	"[a]\nx = 1\n[a.x.y]\n",
	"[x]\n\"y\".'z' = 1\n\"x y\" = 2\n",
	"['a.b']\nc = 1\n[a]\nb = 2\n",
	// Arrays of tables.
	"[[a]]\nx = 1\n[[a]]\nx = 2\n",
	"[[a]]\n[a.b]\nx = 1\n[[a]]\n[a.b]\nx = 2\n",
	"[[a]]\n[[a.b]]\n[[a]]\n[[a.b]]\n[[a.b]]\n",
	"[[a.b]]\n[a]\nc = 1\n",
	"[[a.b]]\n[a]\nb.c = 1\n",
	"[[tab.arr]]\n[tab]\narr.val1=1\n",
	"[a]\n[[a]]\n",
	"[[a]]\n[a]\n",
	"a = []\n[[a]]\n",
	"[[a]]\nb.c = 1\n[a.b]\n",
	"[[a]]\nb.c = 1\n[[a]]\n[a.b]\n",
	"[a.b]\n[[a.b.c]]\n[a.b.c.d]\ne = 1\n",
	// Inline tables.
	"t = {a.b = 1, a.c = 2}\n",
	"t = {a.b = 1, a = 2}\n",
	"t = {a = {b = 1}, a.c = 2}\n",
	"t = {a = 1, a = 2}\n",
	"t = {}\nu = {a = [{b = {c = [1, [2, {d = 3}]]}}]}\n",
	"t = {a = 1}\nt.b = 2\n",
	// Values.
	"i = [0, -0, +1, 1_000, 0x_1, 0xdead_beef, 0o17, 0b101, 9223372036854775807, -9223372036854775808]\n",
	"i = 9223372036854775808\n",
	"i = 012\n",
	"i = 1__0\n",
	"i = 999999999999999999\nj = -999999999999999999\nk = 1000000000000000000\n",
	"f = [1.0, -0.5, 3e2, 1_0.2_5, inf, -inf, +inf, nan, -nan, 6.626e-34, 0.0, -0.0]\n",
	"f = 01.5\n",
	"f = 1._5\n",
	"d = [1979-05-27T07:32:00Z, 1979-05-27T00:32:00.999999-07:00, 1979-05-27 07:32:00z, 1979-05-27T07:32:00.1234567891+00:00, 1979-05-27T07:32:00-00:00]\n",
	"d = 1979-05-27T07:32:00+24:00\n",
	"d = 1979-02-29T07:32:00Z\n",
	"d = 2000-02-29T07:32:00Z\n",
	"d = 1979-05-27T25:32:00Z\n",
	"d = 1979-05-27T07:32:00.Z\n",
	"l = [1979-05-27T07:32:00, 1979-05-27, 07:32:00, 00:32:00.999999, 1979-05-27 07:32:00.5]\n",
	"l = 1979-13-27\n",
	"l = 07:32:60\n",
	"l = 1979-05-27 07:32\n",
	"b = [true, false]\n",
	"s = [\"a\\tb\", 'c\\d', \"\"\"\nx\"\"\", '''\ny''', \"\\u00e9\", \"\", '']\n",
	"s = \"\\e\"\n",
	"\"k\\e\" = 1\n",
	"s = '\\e'\nt = \"\"\"\\\\e\"\"\"\n",
	"s = \"\\x\"\n",
	"s = \"a\nb\"\n",
	// Arrays of arrays, comments, empty documents.
	"a = [\n  1, # one\n  [2, 3], # two\n]\n",
	"# nothing\n",
	"",
	"\n\n[a]\n\n",
	"a = [1,,2]\n",
	"[a\n",
	"a = 1 b = 2\n",
}

// TestTOMLTree checks that the builder and go-toml's decoder agree on
// tomlCases, and on tables large enough to be indexed by key.
func TestTOMLTree(t *testing.T) {
	for _, c := range tomlCases {
		t.Run(c, func(t *testing.T) { checkTOMLTree(t, []byte(c)) })
	}
	var big strings.Builder
	for i := range 3 * tomlIndexAt {
		fmt.Fprintf(&big, "k%d.x = %d\n", i, i)
	}
	checkTOMLTree(t, []byte(big.String()))
	checkTOMLTree(t, []byte(big.String()+"k7 = 1\n"))
	checkTOMLTree(t, []byte(big.String()+"k7.x = 1\n"))
	checkTOMLTree(t, []byte("t = {"+strings.ReplaceAll(strings.TrimSuffix(big.String(), "\n"), "\n", ", ")+"}\n"))
}

// FuzzTOMLDepth holds checkTOMLDepth to the byte-at-a-time scan it
// replaced.
func FuzzTOMLDepth(f *testing.F) {
	seed(f, "pylock/*.toml")
	for _, c := range []string{"a = \"[\\\"[\"\n", "a = '[\n[\n", "# [\n[", "a = \"x\\\n[[\"", "a = \"\"\"\n[\\\"\"\"\"\n[", "\"\\"} {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, max := range []int{1, 2, 64} {
			got, want := checkTOMLDepth("f", data, max), checkTOMLDepthBytewise("f", data, max)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%q, max %d: got %v, want %v", data, max, got, want)
			}
		}
	})
}

// checkTOMLDepthBytewise is checkTOMLDepth as first written, a byte at a
// time.
func checkTOMLDepthBytewise(file string, data []byte, max int) error {
	depth := 0
	line := 1
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
		case '"', '\'':
			triple := i+2 < len(data) && data[i+1] == c && data[i+2] == c
			if triple {
				i += 3
				for i < len(data) && !(i+2 < len(data) && data[i] == c && data[i+1] == c && data[i+2] == c) {
					if data[i] == '\\' && c == '"' {
						i++
					} else if data[i] == '\n' {
						line++
					}
					i++
				}
				i += 2
				continue
			}
			i++
			for i < len(data) && data[i] != c && data[i] != '\n' {
				if data[i] == '\\' && c == '"' {
					i++
				}
				i++
			}
			if i < len(data) && data[i] == '\n' {
				i--
			}
		case '[', '{':
			depth++
			if depth > max {
				return &Error{Pos: Position{File: file, Line: line}, Msg: fmt.Sprintf("TOML nested deeper than %d levels", max), Err: ErrLimitExceeded}
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}

// FuzzTOMLTree holds the one-pass builder of tomltree.go to go-toml's
// decoder: the same documents accepted, decoded to the same values.
func FuzzTOMLTree(f *testing.F) {
	seed(f, "pylock/*.toml")
	for _, c := range tomlCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkTOMLTree(t, data) })
}

func checkTOMLTree(t *testing.T, data []byte) {
	t.Helper()
	if checkTOMLDepth("f.toml", data, DefaultMaxDepth) != nil {
		return
	}
	var want map[string]any
	wantErr := toml.Unmarshal(data, &want)
	doc, err := parseTOML("f.toml", data, DefaultMaxDepth)
	switch {
	case wantErr != nil:
		if err == nil {
			t.Fatalf("accepted %q, which go-toml refuses: %v", data, wantErr)
		}
		var e *Error
		if !errors.As(err, &e) || e.Err == nil || e.Err.Error() != wantErr.Error() {
			t.Fatalf("%q: got error %v, want go-toml's %v", data, err, wantErr)
		}
	case err != nil:
		if !strings.Contains(err.Error(), `the escape \e is TOML 1.1`) {
			t.Fatalf("refused %q, which go-toml accepts: %v", data, err)
		}
	default:
		if got := doc.root.plain(); !tomlEqual(got, plainGoTOML(want)) {
			t.Fatalf("%q:\n got %#v\nwant %#v", data, got, plainGoTOML(want))
		}
	}
}

// plainGoTOML converts go-toml's decoding as tomlValue.plain converts
// the tree: times in UTC, local date-times as strings.
func plainGoTOML(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plainGoTOML(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainGoTOML(e)
		}
		return out
	case time.Time:
		return x.UTC()
	case toml.LocalDateTime:
		return x.String()
	case toml.LocalDate:
		return x.String()
	case toml.LocalTime:
		return x.String()
	}
	return v
}

// tomlEqual is reflect.DeepEqual with NaN equal to NaN.
func tomlEqual(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, e := range x {
			f, ok := y[k]
			if !ok || !tomlEqual(e, f) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !tomlEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case float64:
		y, ok := b.(float64)
		return ok && (x == y && math.Signbit(x) == math.Signbit(y) || math.IsNaN(x) && math.IsNaN(y))
	}
	return reflect.DeepEqual(a, b)
}
