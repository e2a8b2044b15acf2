package resolve

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/safeindex/safeindex/policy"
)

// PylockOptions are the top-level keys of a pylock.toml that the
// resolution does not determine.
type PylockOptions struct {
	// CreatedBy names the tool that wrote the lock; "safeindex" when empty.
	CreatedBy string
	// RequiresPython, when not empty, is written as requires-python.
	RequiresPython string
	// Environments, when not empty, are written as environments markers.
	Environments []string
}

// WritePylock writes the resolution as a PEP 751 pylock.toml: lock-version
// 1.0, created-by, the optional requires-python and environments, and one
// [[packages]] entry per decision with its name, version, marker, the index
// it came from (without credentials), its sdist and its wheels, each with
// name, upload-time (a TOML datetime in UTC), url, size and hashes. Every
// acceptable file of the version is listed, so that an installer picks the
// wheel for its own platform offline, as PEP 751 requires.
//
// The output is byte-stable: packages sorted by name, files in page order
// (sdist first), keys in a fixed order. A resolution with a failed decision
// is refused with ErrUnresolved.
func WritePylock(w io.Writer, res *Result, policySources []policy.Source, opts PylockOptions) error {
	if err := res.Err(); err != nil {
		return fmt.Errorf("%w: %v", ErrUnresolved, err)
	}
	createdBy := opts.CreatedBy
	if createdBy == "" {
		createdBy = "safeindex"
	}
	urls := map[string]string{}
	for _, s := range policySources {
		urls[s.Name] = publicURL(s.URL)
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "lock-version = %s\n", tomlString("1.0"))
	if len(opts.Environments) > 0 {
		fmt.Fprintf(bw, "environments = %s\n", tomlArray(opts.Environments))
	}
	if opts.RequiresPython != "" {
		fmt.Fprintf(bw, "requires-python = %s\n", tomlString(opts.RequiresPython))
	}
	fmt.Fprintf(bw, "extras = []\ndependency-groups = []\ndefault-groups = []\n")
	fmt.Fprintf(bw, "created-by = %s\n", tomlString(createdBy))
	for _, d := range sortedDecisions(res) {
		if d.Skipped {
			continue
		}
		fmt.Fprintf(bw, "\n[[packages]]\nname = %s\nversion = %s\n", tomlString(d.Package), tomlString(d.Version.String()))
		if d.Requirement.Marker != nil {
			fmt.Fprintf(bw, "marker = %s\n", tomlString(d.Requirement.Marker.String()))
		}
		if len(d.Files) > 0 {
			if u := urls[d.Files[0].Source]; u != "" {
				fmt.Fprintf(bw, "index = %s\n", tomlString(u))
			}
		}
		var sdistDone bool
		for _, f := range d.Files {
			if f.Kind == "sdist" && !sdistDone {
				sdistDone = true
				fmt.Fprintf(bw, "\n[packages.sdist]\n")
				writePylockFile(bw, f)
			}
		}
		for _, f := range d.Files {
			if f.Kind == "wheel" {
				fmt.Fprintf(bw, "\n[[packages.wheels]]\n")
				writePylockFile(bw, f)
			}
		}
	}
	return bw.Flush()
}

func writePylockFile(w io.Writer, f FileChoice) {
	fmt.Fprintf(w, "name = %s\n", tomlString(f.Filename))
	if !f.UploadTime.IsZero() {
		fmt.Fprintf(w, "upload-time = %s\n", f.UploadTime.UTC().Format(time.RFC3339Nano))
	}
	fmt.Fprintf(w, "url = %s\n", tomlString(f.URL))
	if f.HasSize {
		fmt.Fprintf(w, "size = %d\n", f.Size)
	}
	algs := make([]string, 0, len(f.Hashes))
	for a := range f.Hashes {
		algs = append(algs, a)
	}
	slices.Sort(algs)
	var parts []string
	for _, a := range algs {
		parts = append(parts, tomlKey(a)+" = "+tomlString(strings.ToLower(f.Hashes[a])))
	}
	fmt.Fprintf(w, "hashes = {%s}\n", strings.Join(parts, ", "))
}

// publicURL strips credentials, query and fragment from an index URL.
func publicURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return u.String()
}

// tomlString writes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		case r == utf8.RuneError:
			b.WriteString(`\uFFFD`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func tomlArray(ss []string) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = tomlString(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// tomlKey quotes a key unless it is a bare key.
func tomlKey(k string) string {
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return strconv.Quote(k)
		}
	}
	return k
}
