package resolve

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
)

var now = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// file describes one file of a test page.
type file struct {
	name     string
	uploaded time.Duration // age at now
	yanked   bool
	content  string // hashed into the sha256; defaults to the name
	host     string
	noTime   bool
}

func mkPage(host string, files ...file) *simpleapi.ProjectPage {
	p := &simpleapi.ProjectPage{APIVersion: "1.4", Format: simpleapi.FormatJSON}
	for _, f := range files {
		content := f.content
		if content == "" {
			content = f.name
		}
		h := f.host
		if h == "" {
			h = host
		}
		sf := simpleapi.File{
			Filename: f.name, URL: "https://" + h + "/files/" + f.name,
			Hashes: map[string]string{"sha256": fmt.Sprintf("%x", sha256.Sum256([]byte(content)))},
			Yanked: f.yanked, Size: int64(len(content)), HasSize: true,
		}
		if !f.noTime {
			age := f.uploaded
			if age == 0 {
				age = 100 * 24 * time.Hour
			}
			sf.UploadTime = now.Add(-age)
		}
		p.Files = append(p.Files, sf)
	}
	return p
}

func wheels(name string, versions ...string) []file {
	var out []file
	for _, v := range versions {
		out = append(out, file{name: name + "-" + v + "-py3-none-any.whl"})
	}
	return out
}

func twoIndexPolicy(strategy policy.Strategy) *policy.Policy {
	return &policy.Policy{
		Strategy: strategy,
		Sources: []policy.Source{
			{Name: "internal", URL: "https://pkgs.acme.example/simple/"},
			{Name: "pypi", URL: "https://pypi.org/simple/", FileHosts: []string{"files.pythonhosted.org"}},
		},
	}
}

func resolver(p *policy.Policy, idx Index) *Resolver {
	return &Resolver{Policy: p, Index: idx, Now: func() time.Time { return now },
		Target: Target{Python: pep440.MustParse("3.12.4"), HasPython: true}}
}

func req(name, spec string) Requirement {
	return Requirement{Name: name, Specifier: pep440.MustParseSpecifierSet(spec)}
}

func resolveOne(t *testing.T, r *Resolver, rq Requirement) *Decision {
	t.Helper()
	res, err := r.Resolve(context.Background(), []Requirement{rq})
	require.NoError(t, err)
	require.Len(t, res.Decisions, 1)
	return res.Decisions[0]
}

func findingCodes(d *Decision) []policy.Code {
	var out []policy.Code
	for _, f := range d.Findings {
		out = append(out, f.Code)
	}
	return out
}

// The attack: an internal name published publicly with a higher version.
func TestConfusionAttack(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("internal", "acme-billing", mkPage("pkgs.acme.example", wheels("acme_billing", "1.2.0", "1.3.0")...))
	idx.Add("pypi", "acme-billing", mkPage("files.pythonhosted.org", wheels("acme_billing", "99.0.0")...))

	d := resolveOne(t, resolver(twoIndexPolicy(policy.FirstIndex), idx), req("acme-billing", ">=1.0"))
	require.NoError(t, d.Err)
	assert.Equal(t, "1.3.0", d.Version.String(), "first-index takes the internal project only")
	assert.Equal(t, []string{"internal"}, d.Sources)
	assert.Equal(t, []policy.Code{policy.CodeShadowHigher}, findingCodes(d))
	assert.Equal(t, policy.SeverityCritical, d.Findings[0].Severity)

	d = resolveOne(t, resolver(twoIndexPolicy(policy.Strict), idx), req("acme-billing", ">=1.0"))
	var se *policy.ShadowError
	require.ErrorAs(t, d.Err, &se)
	assert.True(t, se.HigherElsewhere)
	assert.Equal(t, []policy.ShadowSource{{Source: "internal", Versions: []string{"1.2.0", "1.3.0"}}, {Source: "pypi", Versions: []string{"99.0.0"}}}, se.Sources)

	// What pip --extra-index-url would do, by explicit and loud opt-in.
	p := twoIndexPolicy(policy.FirstIndex)
	p.Merge = []string{"acme-billing"}
	d = resolveOne(t, resolver(p, idx), req("acme-billing", ">=1.0"))
	require.NoError(t, d.Err)
	assert.Equal(t, "99.0.0", d.Version.String())
	assert.Contains(t, findingCodes(d), policy.CodeMergeRisk)
}

func TestPrivateIndexFailureStopsResolution(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Fail("internal", "", &simpleapi.IndexError{Index: "https://pkgs.acme.example/simple/", Msg: "timeout", Kind: simpleapi.ErrTimeout})
	idx.Add("pypi", "acme-billing", mkPage("files.pythonhosted.org", wheels("acme_billing", "99.0.0")...))
	d := resolveOne(t, resolver(twoIndexPolicy(policy.FirstIndex), idx), req("acme-billing", ""))
	var se *policy.SourceError
	require.ErrorAs(t, d.Err, &se)
	assert.Equal(t, "internal", se.Source)
	assert.ErrorIs(t, d.Err, simpleapi.ErrTimeout)
	assert.False(t, d.HasVersion)
}

func TestEmptiedInternalProjectDoesNotFallThrough(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("internal", "acme-billing", mkPage("pkgs.acme.example"))
	idx.Add("pypi", "acme-billing", mkPage("files.pythonhosted.org", wheels("acme_billing", "99.0.0")...))
	d := resolveOne(t, resolver(twoIndexPolicy(policy.FirstIndex), idx), req("acme-billing", ""))
	assert.ErrorIs(t, d.Err, ErrNoCandidate)
	assert.Equal(t, []string{"internal"}, d.Sources)
	assert.Contains(t, findingCodes(d), policy.CodeEmptyProject)
	assert.Contains(t, findingCodes(d), policy.CodeShadowHigher)
}

func TestChangedHash(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("pypi", "requests", mkPage("files.pythonhosted.org", file{name: "requests-2.32.3-py3-none-any.whl", content: "tampered"}))
	r := req("requests", "==2.32.3")
	r.Hashes = []policy.Hash{{Algorithm: "sha256", Hex: fmt.Sprintf("%x", sha256.Sum256([]byte("original")))}}
	d := resolveOne(t, resolver(twoIndexPolicy(policy.FirstIndex), idx), r)
	var ne *NoCandidateError
	require.ErrorAs(t, d.Err, &ne)
	assert.Equal(t, "requests: no acceptable candidate for requests==2.32.3 among 1 files on pypi: hash-not-pinned (1 of 1 files)", ne.Error())
}

func TestMinimumReleaseAge(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("pypi", "six", mkPage("files.pythonhosted.org",
		file{name: "six-1.16.0-py2.py3-none-any.whl"},
		file{name: "six-1.17.0-py2.py3-none-any.whl", uploaded: time.Hour}))
	p := twoIndexPolicy(policy.FirstIndex)
	p.Rules.MinReleaseAge = 7 * 24 * time.Hour
	d := resolveOne(t, resolver(p, idx), req("six", ""))
	require.NoError(t, d.Err)
	assert.Equal(t, "1.16.0", d.Version.String(), "the release uploaded an hour ago is refused")
	var refused *Candidate
	for _, c := range d.Candidates {
		if c.Version == "1.17.0" {
			refused = c
		}
	}
	require.NotNil(t, refused)
	assert.Equal(t, policy.CodeTooNew, refused.Reasons[0].Code)
}

func TestYanked(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("pypi", "attrs", mkPage("files.pythonhosted.org",
		file{name: "attrs-21.1.0-py3-none-any.whl"},
		file{name: "attrs-21.2.0-py3-none-any.whl", yanked: true}))
	r := resolver(twoIndexPolicy(policy.FirstIndex), idx)
	d := resolveOne(t, r, req("attrs", ""))
	require.NoError(t, d.Err)
	assert.Equal(t, "21.1.0", d.Version.String(), "a yanked release is skipped")
	d = resolveOne(t, r, req("attrs", "==21.2.0"))
	require.NoError(t, d.Err, "an exact pin may use a yanked release (PEP 592)")
	assert.Equal(t, "21.2.0", d.Version.String())
	assert.Contains(t, findingCodes(d), policy.CodeYanked)
	d = resolveOne(t, r, req("attrs", ">=21.2"))
	assert.ErrorIs(t, d.Err, ErrNoCandidate, "but not a range")
}

func TestDeclaredMirror(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("internal", "numpy", mkPage("pkgs.acme.example",
		file{name: "numpy-2.0.0-py3-none-any.whl"},
		file{name: "numpy-2.1.0.tar.gz", content: "rebuilt"}))
	idx.Add("pypi", "numpy", mkPage("files.pythonhosted.org",
		file{name: "numpy-2.0.0-py3-none-any.whl"},
		file{name: "numpy-2.1.0.tar.gz"},
		file{name: "numpy-2.1.0-py3-none-any.whl"}))
	p := twoIndexPolicy(policy.Strict)
	p.Relations = []policy.Relation{{Source: "internal", Kind: policy.Mirrors, Of: "pypi"}}
	d := resolveOne(t, resolver(p, idx), req("numpy", ""))
	require.NoError(t, d.Err)
	assert.Equal(t, []string{"internal", "pypi"}, d.Sources, "a declared mirror is merged")
	assert.Equal(t, "2.1.0", d.Version.String())
	require.NotNil(t, d.Wheel)
	assert.Equal(t, "numpy-2.1.0-py3-none-any.whl", d.Wheel.Filename)
	assert.Nil(t, d.Sdist, "the sdist differs between the mirror and the original: neither copy is used")
	assert.Contains(t, findingCodes(d), policy.CodeRelatedMismatch)
}

func TestAlternateLocationOnOneSideOnly(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("internal", "acme-billing", mkPage("pkgs.acme.example", wheels("acme_billing", "1.0")...))
	evil := mkPage("files.pythonhosted.org", wheels("acme_billing", "99.0")...)
	evil.AlternateLocations = []string{"https://pkgs.acme.example/simple/acme-billing/"}
	idx.Add("pypi", "acme-billing", evil)
	p := twoIndexPolicy(policy.Strict)
	p.TrustPEP708 = true
	d := resolveOne(t, resolver(p, idx), req("acme-billing", ""))
	assert.ErrorIs(t, d.Err, policy.ErrShadowed)
}

func TestWheelAndSdistChoice(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("pypi", "markupsafe", mkPage("files.pythonhosted.org",
		file{name: "MarkupSafe-3.0.2-cp312-cp312-manylinux_2_17_x86_64.whl"},
		file{name: "markupsafe-3.0.2.tar.gz"},
		file{name: "MarkupSafe-3.0.2-py3-none-any.whl"},
		file{name: "markupsafe-3.0.3rc1.tar.gz"}))
	d := resolveOne(t, resolver(twoIndexPolicy(policy.FirstIndex), idx), req("MarkupSafe", ""))
	require.NoError(t, d.Err)
	assert.Equal(t, "3.0.2", d.Version.String(), "the pre-release is left out")
	assert.Equal(t, "MarkupSafe-3.0.2-py3-none-any.whl", d.Wheel.Filename)
	assert.Equal(t, "markupsafe-3.0.2.tar.gz", d.Sdist.Filename)
	assert.Len(t, d.Files, 3, "every file of the version is pinned, for any platform")
	byName := map[string]*Candidate{}
	for _, c := range d.Candidates {
		byName[c.Filename] = c
	}
	assert.Equal(t, policy.CodeIncompatible, byName["MarkupSafe-3.0.2-cp312-cp312-manylinux_2_17_x86_64.whl"].Reasons[0].Code)
	assert.Equal(t, policy.CodePrerelease, byName["markupsafe-3.0.3rc1.tar.gz"].Reasons[0].Code)
	assert.Contains(t, d.Explain(), "chosen: markupsafe 3.0.2 from pypi, wheel MarkupSafe-3.0.2-py3-none-any.whl, sdist markupsafe-3.0.2.tar.gz (3 files pinned).")
}

func TestNonPEP440AndForeignFiles(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("pypi", "pytz", mkPage("files.pythonhosted.org",
		file{name: "pytz-2013b-custom.tar.gz"},
		file{name: "pytz-2024.1-py2.py3-none-any.whl"},
		file{name: "other-1.0-py3-none-any.whl"},
		file{name: "pytz-2024.1-py2.7.egg"}))
	d := resolveOne(t, resolver(twoIndexPolicy(policy.FirstIndex), idx), req("pytz", ""))
	require.NoError(t, d.Err)
	assert.Equal(t, "2024.1", d.Version.String())
	assert.Contains(t, findingCodes(d), policy.CodeNonPEP440)
}

func TestRequestsMadeOnce(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("internal", "acme-a", mkPage("pkgs.acme.example", wheels("acme_a", "1.0")...))
	idx.Add("pypi", "six", mkPage("files.pythonhosted.org", wheels("six", "1.16.0")...))
	r := resolver(twoIndexPolicy(policy.FirstIndex), idx)
	r.Concurrency = 2
	res, err := r.Resolve(context.Background(), []Requirement{req("acme-a", ""), req("six", ""), req("Six", ">=1"), req("acme_a", "")})
	require.NoError(t, err)
	require.NoError(t, res.Err())
	for _, src := range []string{"internal", "pypi"} {
		for _, name := range []string{"acme-a", "six"} {
			assert.Equal(t, 1, idx.Requests(src, name), "%s on %s", name, src)
		}
	}
	assert.Equal(t, "1.16.0", res.Decisions[2].Version.String())
}

func TestResolveMisuse(t *testing.T) {
	_, err := (&Resolver{}).Resolve(context.Background(), nil)
	assert.Error(t, err)
	_, err = (&Resolver{Policy: &policy.Policy{}, Index: &MemoryIndex{}}).Resolve(context.Background(), nil)
	assert.ErrorIs(t, err, policy.ErrInvalidPolicy)
	d := resolveOne(t, resolver(twoIndexPolicy(policy.FirstIndex), &MemoryIndex{}), req("not a name", ""))
	assert.ErrorIs(t, d.Err, simpleapi.ErrInvalidName)
}

func TestCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := resolver(twoIndexPolicy(policy.FirstIndex), &MemoryIndex{}).Resolve(ctx, []Requirement{req("six", "")})
	assert.ErrorIs(t, err, context.Canceled)
	assert.True(t, errors.Is(res.Decisions[0].Err, context.Canceled))
}

func TestMarkersAndTargets(t *testing.T) {
	idx := &MemoryIndex{}
	idx.Add("pypi", "markupsafe", mkPage("files.pythonhosted.org",
		file{name: "MarkupSafe-3.0.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"},
		file{name: "MarkupSafe-3.0.2-cp312-cp312-win_amd64.whl"},
		file{name: "MarkupSafe-3.0.2-cp312-cp312-macosx_11_0_arm64.whl"},
		file{name: "markupsafe-3.0.2.tar.gz"}))
	tests := []struct{ target, wheel string }{
		{"cp312-manylinux_2_28_x86_64", "MarkupSafe-3.0.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"},
		{"cp312-win_amd64", "MarkupSafe-3.0.2-cp312-cp312-win_amd64.whl"},
		{"cp312-macosx_14_0_arm64", "MarkupSafe-3.0.2-cp312-cp312-macosx_11_0_arm64.whl"},
		{"cp313-manylinux_2_28_x86_64", ""}, // no cp313 wheel: only the sdist
	}
	for _, tt := range tests {
		target, err := NewTarget(tt.target)
		require.NoError(t, err, tt.target)
		r := resolver(twoIndexPolicy(policy.FirstIndex), idx)
		r.Target = target
		d := resolveOne(t, r, req("markupsafe", "==3.0.2"))
		require.NoError(t, d.Err, tt.target)
		if tt.wheel == "" {
			assert.Nil(t, d.Wheel, tt.target)
		} else {
			require.NotNil(t, d.Wheel, tt.target)
			assert.Equal(t, tt.wheel, d.Wheel.Filename, tt.target)
		}
		assert.Equal(t, "markupsafe-3.0.2.tar.gz", d.Sdist.Filename)
		assert.Len(t, d.Files, 4)
	}

	// Markers select requirements for the target.
	target, err := NewTarget("cp312-win_amd64")
	require.NoError(t, err)
	r := resolver(twoIndexPolicy(policy.FirstIndex), idx)
	r.Target = target
	win, err := ParseRequirement(`markupsafe==3.0.2; sys_platform == "win32"`)
	require.NoError(t, err)
	linux, err := ParseRequirement(`markupsafe==3.0.2; sys_platform == "linux"`)
	require.NoError(t, err)
	res, err := r.Resolve(context.Background(), []Requirement{win, linux})
	require.NoError(t, err)
	assert.False(t, res.Decisions[0].Skipped)
	assert.True(t, res.Decisions[1].HasVersion == false && res.Decisions[1].Skipped)
	assert.Contains(t, res.Decisions[1].Explain(), "skipped: its marker does not hold for the target.")

	direct, err := ParseRequirement("markupsafe @ https://user:token@example.com/m.whl")
	require.NoError(t, err)
	d := resolveOne(t, r, direct)
	assert.ErrorIs(t, d.Err, ErrDirectURL)
	assert.NotContains(t, d.Err.Error(), "token")

	_, err = NewTarget("cp312-nonsense")
	assert.Error(t, err)
}
