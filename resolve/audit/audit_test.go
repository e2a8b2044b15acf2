package audit

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve/lockfile"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

func TestVerifyScenarios(t *testing.T) {
	w := newWorld()
	type scenario struct {
		name  string
		entry func(t testing.TB) lockEntry
		// want is the findings ("code/severity", sorted) for every format,
		// unless a format has its own in per.
		want []string
		per  map[lockfile.Format][]string
		ok   bool
	}
	scenarios := []scenario{{
		// The version only the internal index has: nothing to say.
		name:  "internal only",
		entry: func(t testing.TB) lockEntry { return w.entry(t, w.internal, "acme-internal", "1.0.0") },
		want:  nil,
		ok:    true,
	}, {
		// The lock was made by a pip that merged the indexes: it pins the
		// attacker's 99.0.0 from the public index.
		name:  "confusion already happened",
		entry: func(t testing.TB) lockEntry { return w.entry(t, w.pypi, "acme-billing", "99.0.0") },
		per: map[lockfile.Format][]string{
			// One finding per hash: the wheel's and the sdist's.
			lockfile.FormatRequirements: {"hash-elsewhere/critical", "hash-elsewhere/critical", "index-mismatch/high", "shadow-higher/critical", "version-not-served/high"},
			lockfile.FormatPipfileLock:  {"hash-elsewhere/critical", "hash-elsewhere/critical", "index-mismatch/high", "shadow-higher/critical", "version-not-served/high"},
			// pylock: each file (sdist and wheel) is placed, and its URL
			// too.
			lockfile.FormatPylock: {"hash-elsewhere/critical", "hash-elsewhere/critical", "index-mismatch/high", "index-mismatch/high", "index-mismatch/high", "shadow-higher/critical", "version-not-served/high"},
		},
	}, {
		// The right version from the right index; the attacker's copy on
		// the public index is still reported.
		name:  "right pin, shadowed name",
		entry: func(t testing.TB) lockEntry { return w.entry(t, w.internal, "acme-billing", "1.2.0") },
		want:  []string{"shadow-higher/critical"},
	}, {
		// shared-tool is claimed by the internal index; the lock still takes
		// it from the public one, where it was before (same bytes).
		name: "moved between indexes",
		entry: func(t testing.TB) lockEntry {
			e := w.entry(t, w.pypi, "shared-tool", "1.0.0")
			return e
		},
		want: []string{"index-mismatch/high", "shadowed/medium"},
		per: map[lockfile.Format][]string{
			lockfile.FormatPylock: {"index-mismatch/high", "index-mismatch/high", "shadowed/medium"},
		},
	}, {
		name:  "yanked",
		entry: func(t testing.TB) lockEntry { return w.entry(t, w.internal, "acme-old", "1.0.0") },
		want:  []string{"yanked/high"},
	}, {
		name:  "quarantined",
		entry: func(t testing.TB) lockEntry { return w.entry(t, w.internal, "acme-quarantined", "1.0.0") },
		want:  []string{"project-status/high"},
	}, {
		name:  "denied",
		entry: func(t testing.TB) lockEntry { return w.entry(t, w.internal, "acme-bad", "0.1.0") },
		want:  []string{"denied/high"},
	}, {
		name:  "too new",
		entry: func(t testing.TB) lockEntry { return w.entry(t, w.internal, "acme-new", "2.0.0") },
		want:  []string{"too-new/high"},
	}, {
		// The lock records the hashes of the bytes the index serves, which
		// are not those its page lists: a tampered file.
		name: "tampered",
		entry: func(t testing.TB) lockEntry {
			e := w.entry(t, w.internal, "acme-tamper", "1.0.0")
			e.Files = served(t, w.internal, e.Files)
			return e
		},
		want: []string{"hash-unknown/high", "hash-unknown/high"},
		per: map[lockfile.Format][]string{
			lockfile.FormatPylock: {"hash-mismatch/high", "hash-mismatch/high"},
		},
	}, {
		// The internal index fails: nothing is verified, and the entry
		// fails closed.
		name: "source down",
		entry: func(t testing.TB) lockEntry {
			return lockEntry{Name: "acme-down", Version: "1.0.0", Index: w.internal, Files: []lockFile{{Filename: "acme_down-1.0.0-py3-none-any.whl", URL: "https://internal.indextest.invalid/files/acme-down/acme_down-1.0.0-py3-none-any.whl", SHA256: "ab" + zeros(62)}}}
		},
		want: []string{"hash-unknown/high", "source-failed/high"},
	}}
	for _, sc := range scenarios {
		for _, format := range formats {
			t.Run(sc.name+"/"+format.String(), func(t *testing.T) {
				text := writeLock(format, []*indextest.Index{w.internal, w.pypi}, []lockEntry{sc.entry(t)})
				lock := readLock(t, format, text)
				rep, err := w.auditor().Verify(t.Context(), lock)
				require.NoError(t, err)
				want := sc.want
				if p, ok := sc.per[format]; ok {
					want = p
				}
				assert.Equal(t, want, codes(rep), "lock:\n%s\nfindings:\n%s", text, findingLines(rep))
				assert.Equal(t, sc.ok, rep.OK)
				for _, f := range rep.Findings {
					assert.Equal(t, lockName(format), f.Pos.File, f.String())
					assert.Positive(t, f.Pos.Line, f.String())
					assert.NotEmpty(t, f.Help, f.String())
					assert.NotEmpty(t, f.Message)
				}
				require.Len(t, rep.Packages, 1)
			})
		}
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

func findingLines(r *Report) string {
	s := ""
	for _, f := range r.Findings {
		s += f.String() + "\n"
	}
	return s
}

func TestVerifyPositions(t *testing.T) {
	w := newWorld()
	text := writeLock(lockfile.FormatPylock, []*indextest.Index{w.internal, w.pypi}, []lockEntry{
		w.entry(t, w.internal, "acme-internal", "1.0.0"),
		w.entry(t, w.pypi, "acme-billing", "99.0.0"),
	})
	rep, err := w.auditor().Verify(t.Context(), readLock(t, lockfile.FormatPylock, text))
	require.NoError(t, err)
	lines := map[string]int{}
	for _, f := range rep.Findings {
		if f.Code == CodeHashElsewhere {
			lines[f.File] = f.Pos.Line
		}
	}
	// The second entry starts at line 19: its sdist table at 24, its
	// wheel table at 29.
	assert.Equal(t, map[string]int{"acme_billing-99.0.0.tar.gz": 24, "acme_billing-99.0.0-py3-none-any.whl": 29}, lines, text)
	require.Len(t, rep.Packages, 2)
	assert.Equal(t, StatusOK, rep.Packages[0].Status)
	assert.Equal(t, StatusFail, rep.Packages[1].Status)
	assert.Equal(t, 2, rep.Packages[1].Locked)
	assert.Equal(t, 0, rep.Packages[1].Matched)
	assert.Equal(t, []string{"internal"}, rep.Packages[1].Sources)
	sev, ok := rep.MaxSeverity()
	assert.True(t, ok)
	assert.Equal(t, policy.SeverityCritical, sev)
	assert.True(t, rep.Failed(policy.SeverityCritical))
	assert.False(t, rep.OK)
}

func TestVerifyGate(t *testing.T) {
	w := newWorld()
	// Only a medium finding: unhashed.
	lock := readLock(t, lockfile.FormatRequirements, "--index-url "+w.internal.Source().URL+"\nacme-internal==1.0.0\n")
	rep, err := w.auditor().Verify(t.Context(), lock)
	require.NoError(t, err)
	assert.Equal(t, []string{"unhashed/medium"}, codes(rep))
	assert.True(t, rep.OK)
	assert.False(t, rep.Failed(policy.SeverityHigh))
	assert.True(t, rep.Failed(policy.SeverityMedium))
	assert.Equal(t, StatusWarn, rep.Packages[0].Status)
}

func TestVerifyRequirementsOptions(t *testing.T) {
	w := newWorld()
	in := w.entry(t, w.internal, "acme-internal", "1.0.0")
	text := "--index-url " + w.internal.Source().URL + "\n--extra-index-url https://mirror.example/simple/\n" +
		"acme-internal==1.0.0 --hash=sha256:" + in.Files[0].SHA256 + " --hash=sha256:" + in.Files[1].SHA256 + "\n" +
		"requests>=2\n" +
		"./local/project\n" +
		"-c constraints.txt\n"
	lock, err := lockfile.Read("requirements.txt", stringsReader(text), lockfile.WithFS(fsWith("constraints.txt", "requests<3\n")))
	require.NoError(t, err)
	rep, err := w.auditor().Verify(t.Context(), lock)
	require.NoError(t, err)
	// requests comes from "pypi", which the file does not name: pip
	// would look for it on the internal index only.
	assert.Equal(t, []string{"extra-index/medium", "index-mismatch/high", "index-unknown/medium", "not-from-index/medium", "not-pinned/medium", "unhashed/medium"}, codes(rep), findingLines(rep))
	var st []Status
	for _, p := range rep.Packages {
		st = append(st, p.Status)
	}
	assert.Equal(t, []Status{StatusOK, StatusFail, StatusNotChecked, StatusSkipped}, st)
}

func TestVerifyMisuse(t *testing.T) {
	w := newWorld()
	_, err := (&Auditor{}).Verify(t.Context(), &lockfile.Lock{})
	assert.Error(t, err)
	_, err = w.auditor().Verify(t.Context(), nil)
	assert.Error(t, err)
	bad := &Auditor{Policy: &policy.Policy{}, Index: indextest.NewMemory()}
	_, err = bad.Verify(t.Context(), &lockfile.Lock{})
	assert.True(t, errors.Is(err, policy.ErrInvalidPolicy), "%v", err)
}
