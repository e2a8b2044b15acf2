package audit

import (
	"bytes"
	"strings"
	"testing"

	"github.com/safeindex/safeindex/resolve/lockfile"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// FuzzVerify audits whatever lock the readers accept, in every format,
// against the scenario indexes: the audit must not panic, every finding
// must have a position in the lock and a known severity, and the three
// writers must succeed.
func FuzzVerify(f *testing.F) {
	w := newWorld()
	for _, format := range formats {
		for _, e := range []lockEntry{
			w.entry(f, w.internal, "acme-internal", "1.0.0"),
			w.entry(f, w.pypi, "acme-billing", "99.0.0"),
			w.entry(f, w.pypi, "shared-tool", "1.0.0"),
		} {
			f.Add(uint8(format), writeLock(format, []*indextest.Index{w.internal, w.pypi}, []lockEntry{e}))
		}
	}
	f.Add(uint8(lockfile.FormatRequirements), "--extra-index-url https://u:p@x.example/simple/\nfoo>=1\n-e ./x\nbar @ https://h/bar-1.0.tar.gz\n")
	a := w.auditor()
	f.Fuzz(func(t *testing.T, format uint8, text string) {
		fm := formats[int(format)%len(formats)]
		lock, err := lockfile.Read(lockName(fm), strings.NewReader(text))
		if err != nil {
			return
		}
		rep, err := a.Verify(t.Context(), lock)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rep.Findings {
			if f.Pos.File == "" || f.Severity.String() == "" || f.Message == "" {
				t.Fatalf("finding without place or message: %+v", f)
			}
			if strings.Contains(f.Message, ":p@") {
				t.Fatalf("credentials in %q", f.Message)
			}
		}
		var buf bytes.Buffer
		if err := WriteText(&buf, rep); err != nil {
			t.Fatal(err)
		}
		if err := WriteJSON(&buf, rep); err != nil {
			t.Fatal(err)
		}
		if err := WriteSARIF(&buf, rep, SARIFOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}
