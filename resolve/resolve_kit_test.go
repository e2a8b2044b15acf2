package resolve_test

// The resolver's attack scenarios, described with the indextest kit: real
// files and hashes, and the pages a Client would read.

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi"
	it "github.com/safeindex/safeindex/simpleapi/indextest"
)

var kitNow = it.DefaultUploadTime().Add(100 * 24 * time.Hour)

// kitResolve resolves one requirement over the indexes, in priority
// order, under strategy; edit adjusts the policy.
func kitResolve(t *testing.T, strategy policy.Strategy, edit func(*policy.Policy), rq resolve.Requirement, indexes ...*it.Index) *resolve.Decision {
	t.Helper()
	p := &policy.Policy{Strategy: strategy, Sources: it.Sources(indexes...)}
	if edit != nil {
		edit(p)
	}
	r := &resolve.Resolver{Policy: p, Index: it.NewMemory(indexes...), Now: func() time.Time { return kitNow },
		Target: resolve.Target{Python: pep440.MustParse("3.12.4"), HasPython: true}}
	res, err := r.Resolve(context.Background(), []resolve.Requirement{rq})
	require.NoError(t, err)
	return res.Decisions[0]
}

func kitReq(name, spec string) resolve.Requirement {
	return resolve.Requirement{Name: name, Specifier: pep440.MustParseSpecifierSet(spec)}
}

func codes(d *resolve.Decision) []policy.Code {
	var out []policy.Code
	for _, f := range d.Findings {
		out = append(out, f.Code)
	}
	return out
}

func TestKitConfusionAttack(t *testing.T) {
	internal := it.NewIndex("internal", it.Project("acme-billing", it.Release("1.2.0"), it.Release("1.3.0")))
	pypi := it.NewIndex("pypi", it.Attacker("acme-billing", "99.0.0"))

	d := kitResolve(t, policy.FirstIndex, nil, kitReq("acme-billing", ">=1.0"), internal, pypi)
	require.NoError(t, d.Err)
	assert.Equal(t, "1.3.0", d.Version.String())
	assert.Equal(t, []policy.Code{policy.CodeShadowHigher}, codes(d))
	assert.Equal(t, policy.SeverityCritical, d.Findings[0].Severity)

	d = kitResolve(t, policy.Strict, nil, kitReq("acme-billing", ">=1.0"), internal, pypi)
	var se *policy.ShadowError
	require.ErrorAs(t, d.Err, &se)
	assert.True(t, se.HigherElsewhere)
	assert.Equal(t, []policy.ShadowSource{{Source: "internal", Versions: []string{"1.2.0", "1.3.0"}}, {Source: "pypi", Versions: []string{"99.0.0"}}}, se.Sources)

	d = kitResolve(t, policy.FirstIndex, func(p *policy.Policy) { p.Merge = []string{"acme-billing"} }, kitReq("acme-billing", ">=1.0"), internal, pypi)
	require.NoError(t, d.Err)
	assert.Equal(t, "99.0.0", d.Version.String(), "pip --extra-index-url, by loud opt-in")
	assert.Contains(t, codes(d), policy.CodeMergeRisk)
}

func TestKitPrivateIndexFailureStopsResolution(t *testing.T) {
	pypi := it.NewIndex("pypi", it.Attacker("acme-billing", "99.0.0"))
	for i, fault := range []it.Option{it.Timeout(), it.HTTPStatus(503), it.HTTPStatus(401), it.Truncated()} {
		internal := it.NewIndex("internal", fault)
		d := kitResolve(t, policy.FirstIndex, nil, kitReq("acme-billing", ""), internal, pypi)
		var se *policy.SourceError
		require.ErrorAs(t, d.Err, &se, "fault %d: %s", i, d.Explain())
		assert.Equal(t, "internal", se.Source)
		assert.NotErrorIs(t, d.Err, simpleapi.ErrNotFound)
		assert.False(t, d.HasVersion)
	}
}

func TestKitEmptiedInternalProjectDoesNotFallThrough(t *testing.T) {
	internal := it.NewIndex("internal", it.Project("acme-billing"))
	pypi := it.NewIndex("pypi", it.Attacker("acme-billing", "99.0.0"))
	d := kitResolve(t, policy.FirstIndex, nil, kitReq("acme-billing", ""), internal, pypi)
	assert.ErrorIs(t, d.Err, resolve.ErrNoCandidate)
	assert.Equal(t, []string{"internal"}, d.Sources)
	assert.Contains(t, codes(d), policy.CodeEmptyProject)
	assert.Contains(t, codes(d), policy.CodeShadowHigher)
}

func TestKitChangedHash(t *testing.T) {
	original := it.NewIndex("pypi", it.Project("requests", it.Release("2.32.3")))
	republished := it.NewIndex("pypi", it.Project("requests", it.Release("2.32.3", it.Variant("republished"))))
	rq := kitReq("requests", "==2.32.3")
	rq.Hashes = []policy.Hash{{Algorithm: "sha256", Hex: original.File("requests-2.32.3-py3-none-any.whl").SHA256}}
	require.NoError(t, kitResolve(t, policy.FirstIndex, nil, rq, original).Err)
	d := kitResolve(t, policy.FirstIndex, nil, rq, republished)
	var ne *resolve.NoCandidateError
	require.ErrorAs(t, d.Err, &ne)
	assert.Equal(t, "requests: no acceptable candidate for requests==2.32.3 among 1 files on pypi: hash-not-pinned (1 of 1 files)", ne.Error())
}

func TestKitMinimumReleaseAge(t *testing.T) {
	pypi := it.NewIndex("pypi", it.Project("six",
		it.Release("1.16.0", it.Tag("py2.py3-none-any")),
		it.Release("1.17.0", it.Tag("py2.py3-none-any"), it.UploadedAt(kitNow.Add(-time.Hour)))))
	d := kitResolve(t, policy.FirstIndex, func(p *policy.Policy) { p.Rules.MinReleaseAge = 7 * 24 * time.Hour }, kitReq("six", ""), pypi)
	require.NoError(t, d.Err)
	assert.Equal(t, "1.16.0", d.Version.String(), "the release uploaded an hour ago is refused")
	for _, c := range d.Candidates {
		if c.Version == "1.17.0" {
			assert.Equal(t, policy.CodeTooNew, c.Reasons[0].Code)
		}
	}
}

func TestKitYanked(t *testing.T) {
	pypi := it.NewIndex("pypi", it.Project("attrs", it.Release("21.1.0"), it.Release("21.2.0", it.Yanked(""))))
	d := kitResolve(t, policy.FirstIndex, nil, kitReq("attrs", ""), pypi)
	require.NoError(t, d.Err)
	assert.Equal(t, "21.1.0", d.Version.String(), "a yanked release is skipped")
	d = kitResolve(t, policy.FirstIndex, nil, kitReq("attrs", "==21.2.0"), pypi)
	require.NoError(t, d.Err, "an exact pin may use a yanked release (PEP 592)")
	assert.Contains(t, codes(d), policy.CodeYanked)
	d = kitResolve(t, policy.FirstIndex, nil, kitReq("attrs", ">=21.2"), pypi)
	assert.ErrorIs(t, d.Err, resolve.ErrNoCandidate, "but not a range")
}

func TestKitDeclaredMirror(t *testing.T) {
	internal := it.NewIndex("internal", it.Project("numpy",
		it.Release("2.0.0"),
		it.Release("2.1.0", it.Sdist(it.Variant("rebuilt")))))
	pypi := it.NewIndex("pypi", it.Project("numpy",
		it.Release("2.0.0"),
		it.Release("2.1.0", it.Wheel(), it.Sdist())))
	mirror := func(p *policy.Policy) {
		p.Relations = []policy.Relation{{Source: "internal", Kind: policy.Mirrors, Of: "pypi"}}
	}
	d := kitResolve(t, policy.Strict, mirror, kitReq("numpy", ""), internal, pypi)
	require.NoError(t, d.Err)
	assert.Equal(t, []string{"internal", "pypi"}, d.Sources, "a declared mirror is merged")
	assert.Equal(t, "2.1.0", d.Version.String())
	require.NotNil(t, d.Wheel)
	assert.Equal(t, "numpy-2.1.0-py3-none-any.whl", d.Wheel.Filename)
	assert.Nil(t, d.Sdist, "the sdist differs between the mirror and the original: neither copy is used")
	assert.Contains(t, codes(d), policy.CodeRelatedMismatch)
}

func TestKitAlternateLocationOnOneSideOnly(t *testing.T) {
	internal := it.NewIndex("internal", it.Project("acme-billing", it.Release("1.0")))
	pypi := it.NewIndex("pypi", it.Attacker("acme-billing", "99.0",
		it.AlternateLocations(internal.Source().URL+"acme-billing/")))
	d := kitResolve(t, policy.Strict, func(p *policy.Policy) { p.TrustPEP708 = true }, kitReq("acme-billing", ""), internal, pypi)
	assert.ErrorIs(t, d.Err, policy.ErrShadowed)
}

func TestKitWheelAndSdistChoice(t *testing.T) {
	pypi := it.NewIndex("pypi", it.Project("MarkupSafe",
		it.Release("3.0.2", it.Wheel(it.Tag("cp312-cp312-manylinux_2_17_x86_64")), it.Wheel(), it.Sdist()),
		it.Release("3.0.3rc1", it.Sdist())))
	d := kitResolve(t, policy.FirstIndex, nil, kitReq("markupsafe", ""), pypi)
	require.NoError(t, d.Err)
	assert.Equal(t, "3.0.2", d.Version.String(), "the pre-release is left out")
	assert.Equal(t, "markupsafe-3.0.2-py3-none-any.whl", d.Wheel.Filename)
	assert.Equal(t, "markupsafe-3.0.2.tar.gz", d.Sdist.Filename)
	assert.Len(t, d.Files, 3, "every file of the version is pinned, for any platform")
	assert.Equal(t, pypi.File(d.Wheel.Filename).SHA256, d.Wheel.Hashes["sha256"])
	byName := map[string]*resolve.Candidate{}
	for _, c := range d.Candidates {
		byName[c.Filename] = c
	}
	assert.Equal(t, policy.CodeIncompatible, byName["markupsafe-3.0.2-cp312-cp312-manylinux_2_17_x86_64.whl"].Reasons[0].Code)
	assert.Equal(t, policy.CodePrerelease, byName["markupsafe-3.0.3rc1.tar.gz"].Reasons[0].Code)
}

func TestKitNonPEP440AndForeignFiles(t *testing.T) {
	pypi := it.NewIndex("pypi", it.Project("pytz",
		it.Release("2024.1", it.Tag("py2.py3-none-any")),
		it.File("pytz-2013b-custom.tar.gz"),
		it.File("other-1.0-py3-none-any.whl"),
		it.File("pytz-2024.1-py2.7.egg")))
	d := kitResolve(t, policy.FirstIndex, nil, kitReq("pytz", ""), pypi)
	require.NoError(t, d.Err)
	assert.Equal(t, "2024.1", d.Version.String())
	assert.Contains(t, codes(d), policy.CodeNonPEP440)
}

func TestKitRequestsMadeOnce(t *testing.T) {
	internal := it.NewIndex("internal", it.Project("acme-a", it.Release("1.0")))
	pypi := it.NewIndex("pypi", it.Project("six", it.Release("1.16.0")))
	r := &resolve.Resolver{Policy: &policy.Policy{Sources: it.Sources(internal, pypi)}, Index: it.NewMemory(internal, pypi), Concurrency: 2}
	res, err := r.Resolve(context.Background(), []resolve.Requirement{kitReq("acme-a", ""), kitReq("six", ""), kitReq("Six", ">=1"), kitReq("acme_a", "")})
	require.NoError(t, err)
	require.NoError(t, res.Err())
	for _, idx := range []*it.Index{internal, pypi} {
		for _, name := range []string{"acme-a", "six"} {
			assert.Equal(t, 1, idx.Requests(name), "%s on %s", name, idx.Name())
		}
	}
}

// The resolver reading a real HTTP index: the same description, served
// by an httptest server, through a simpleapi Client.
func TestKitOverHTTP(t *testing.T) {
	internal := it.NewServer(it.NewIndex("internal", it.Project("acme-billing", it.Release("1.3.0")), it.RequireAuth("ci", "t0ken")))
	defer internal.Close()
	pypi := it.NewServer(it.NewIndex("pypi", it.Attacker("acme-billing", "99.0.0"), it.HTMLOnly()))
	defer pypi.Close()
	c, err := simpleapi.NewClient(simpleapi.WithNetrc(nil))
	require.NoError(t, err)
	r := &resolve.Resolver{
		Policy: &policy.Policy{Strategy: policy.Strict, Sources: []policy.Source{internal.Source(), pypi.Source()},
			Pins: []policy.Pin{{Package: "acme-*", Source: "internal"}}},
		Index: resolve.ClientIndex{Client: c},
	}
	res, err := r.Resolve(context.Background(), []resolve.Requirement{kitReq("acme-billing", "")})
	require.NoError(t, err)
	d := res.Decisions[0]
	require.NoError(t, d.Err)
	assert.Equal(t, "1.3.0", d.Version.String())
	assert.Equal(t, internal.URL+"/files/acme-billing/acme_billing-1.3.0-py3-none-any.whl", d.Wheel.URL)
}
