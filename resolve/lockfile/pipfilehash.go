package lockfile

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/pelletier/go-toml/v2"
)

// The Pipfile hash (Pipfile.lock _meta.hash.sha256).
//
// pipenv records in the lock a SHA-256 of the Pipfile's content, not of its
// bytes, so that comments and formatting do not make a lock stale. The
// algorithm, from plette's Pipfile.get_hash (pipenv/vendor/plette/pipfiles.py)
// and pipenv's own Pipfile.calculate_hash (pipenv/utils/pipfile.py,
// pypa/pipenv 3f1b272, 2026), described in our words:
//
//  1. Read the Pipfile as TOML. When it has no [[source]], pretend it has
//     one: name "pypi", url "https://pypi.org/simple", verify_ssl true.
//  2. Build the object {"_meta": {"sources": <the [[source]] array>,
//     "requires": <[requires] or {}>}, "default": <[packages] or {}>,
//     "develop": <[dev-packages] or {}>}, and add every other top-level
//     table of the Pipfile under its own name (a custom package category),
//     except source, packages, dev-packages, requires, scripts, pipfile,
//     pipenv, default and develop.
//  3. Serialize it as Python's json.dumps(obj, sort_keys=True,
//     separators=(",", ":")) does: keys sorted by code point, no spaces,
//     non-ASCII and control characters escaped as \uXXXX (lower-case hex,
//     surrogate pairs above U+FFFF), floats as Python's repr.
//  4. The hash is the lower-case hex SHA-256 of that text's UTF-8 bytes.
//
// Releases differ in two ways, so CheckPipfileHash accepts any of three
// variants: plette before custom categories (no step 2 extras), plette with
// categories, and pipenv's calculate_hash, which also replaces every package
// name key in the package sections by its PEP 503 normalized form (lower
// case, runs of "-", "_", "." as one "-").

// CheckPipfileHash reports whether pipfile, the bytes of a Pipfile, hashes to
// the _meta.hash of the Pipfile.lock l, as pipenv checks before installing.
// A mismatch is an [*Error] matching [ErrPipfileHashMismatch] that gives
// both digests; a Pipfile that cannot be read is an [*Error] too.
func CheckPipfileHash(l *Lock, pipfile []byte) error {
	return checkPipfileHash(l, pipfile, Position{File: l.Path})
}

func checkPipfileHash(l *Lock, pipfile []byte, at Position) error {
	got, err := PipfileHashes(pipfile)
	if err != nil {
		return &Error{Pos: Position{File: "Pipfile"}, Msg: err.Error(), Err: err}
	}
	want := strings.ToLower(l.PipfileHash)
	if slices.Contains(got, want) {
		return nil
	}
	return &Error{Pos: at, Msg: fmt.Sprintf("_meta.hash.sha256 is %s but the Pipfile hashes to %s: the lock is out of date", l.PipfileHash, got[len(got)-1]), Err: ErrPipfileHashMismatch}
}

// PipfileHashes returns the digests pipenv may have recorded for a Pipfile
// (see CheckPipfileHash for the algorithm): plette's without and with
// custom categories, and pipenv's with normalized names, in that order,
// without duplicates.
func PipfileHashes(pipfile []byte) ([]string, error) {
	var doc map[string]any
	if err := toml.Unmarshal(pipfile, &doc); err != nil {
		return nil, fmt.Errorf("reading the Pipfile: %w", err)
	}
	sources, ok := doc["source"]
	if !ok {
		sources = []any{map[string]any{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true}}
	}
	section := func(k string) any {
		if v, ok := doc[k]; ok {
			return v
		}
		return map[string]any{}
	}
	base := func() map[string]any {
		return map[string]any{
			"_meta":   map[string]any{"sources": sources, "requires": section("requires")},
			"default": section("packages"),
			"develop": section("dev-packages"),
		}
	}
	skip := []string{"source", "packages", "dev-packages", "requires", "scripts", "pipfile", "pipenv", "default", "develop"}
	old := base()
	withCats := base()
	norm := base()
	norm["default"] = normalizeKeys(norm["default"])
	norm["develop"] = normalizeKeys(norm["develop"])
	for k, v := range doc {
		if slices.Contains(skip, k) {
			continue
		}
		withCats[k] = v
		norm[k] = normalizeKeys(v)
	}
	var out []string
	for _, obj := range []map[string]any{old, withCats, norm} {
		var b strings.Builder
		if err := pyJSON(&b, obj); err != nil {
			return nil, err
		}
		sum := sha256.Sum256([]byte(b.String()))
		h := hex.EncodeToString(sum[:])
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out, nil
}

// normalizeKeys replaces the keys of a package table by their PEP 503 form,
// as packaging's canonicalize_name (Unicode lower-casing) does.
func normalizeKeys(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := make(map[string]any, len(m))
	for k, e := range m {
		out[pyCanonicalize(k)] = e
	}
	return out
}

func pyCanonicalize(name string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(name) {
		if r == '-' || r == '_' || r == '.' {
			sep = true
			continue
		}
		if sep {
			b.WriteByte('-')
			sep = false
		}
		b.WriteRune(r)
	}
	if sep {
		b.WriteByte('-')
	}
	return b.String()
}

// pyJSON writes v as Python's json.dumps(v, sort_keys=True,
// separators=(",", ":")) with the default ensure_ascii=True.
func pyJSON(b *strings.Builder, v any) error {
	switch x := v.(type) {
	case map[string]any:
		b.WriteByte('{')
		for i, k := range slices.Sorted(maps.Keys(x)) {
			if i > 0 {
				b.WriteByte(',')
			}
			pyString(b, k)
			b.WriteByte(':')
			if err := pyJSON(b, x[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := pyJSON(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case string:
		pyString(b, x)
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		b.WriteString(pyFloat(x))
	case time.Time, toml.LocalDate, toml.LocalDateTime, toml.LocalTime:
		// pipenv's json.dumps fails on dates too: it cannot hash such a Pipfile.
		return fmt.Errorf("the Pipfile holds a date or time (%v), which pipenv cannot hash", x)
	default:
		return fmt.Errorf("the Pipfile holds a value of type %T, which pipenv cannot hash", v)
	}
	return nil
}

func pyString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			switch {
			case r >= 0x20 && r <= 0x7e:
				b.WriteRune(r)
			case r > 0xffff:
				r1, r2 := utf16.EncodeRune(r)
				fmt.Fprintf(b, `\u%04x\u%04x`, r1, r2)
			default:
				fmt.Fprintf(b, `\u%04x`, r)
			}
		}
	}
	b.WriteByte('"')
}

// pyFloat formats f as Python's float.__repr__ (and json.dumps) does.
func pyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case math.IsNaN(f):
		return "NaN"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX, shortest
	mant, exps, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(exps)
	if exp < -4 || exp >= 16 {
		return mant + "e" + exps[:1] + fmt.Sprintf("%02d", abs(exp))
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
