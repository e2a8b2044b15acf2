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

func TestQuickVersion(t *testing.T) {
	memo := map[string]pep440.Version{}
	tests := []struct {
		file, project, want string
		ok                  bool
	}{
		{"MarkupSafe-3.0.2-cp312-cp312-manylinux_2_17_x86_64.whl", "markupsafe", "3.0.2", true},
		{"acme_billing-1.3.0-py3-none-any.whl", "acme-billing", "1.3.0", true},
		{"acme.billing-1.3.0.tar.gz", "acme-billing", "1.3.0", true},
		{"pytz-2013b-custom.tar.gz", "pytz", "", false}, // legacy: the full parse decides
		{"other-1.0-py3-none-any.whl", "pytz", "", false},
		{"pytz-2024.1-py2.7.egg", "pytz", "", false},
		{"foo-1.0.zip", "foo", "1.0", true},
		{"foobar-1.0.zip", "foo", "", false},
		{"foo-bar-1.0.tar.gz", "foo", "", false},
	}
	for _, tt := range tests {
		v, ok := quickVersion(tt.file, tt.project, memo)
		assert.Equal(t, tt.ok, ok, tt.file)
		if ok {
			assert.Equal(t, tt.want, v.String(), tt.file)
		}
	}
	assert.True(t, sameName("Foo__Bar.baz", "foo-bar-baz"))
	assert.False(t, sameName("foo-bar", "foo-bar-baz"))
	assert.False(t, sameName("foo-bar-baz-", "foo-bar-baz"))
}

func TestNewViewWithoutPages(t *testing.T) {
	p := twoIndexPolicy(policy.FirstIndex)
	choice := &policy.Choice{Route: p.Route("six"), Sources: []string{"pypi", "nowhere"}}
	v := NewView(p, choice, nil, ViewOptions{Now: now})
	assert.Empty(t, v.Files)
	assert.Equal(t, policy.CodeEmptyProject, v.Findings[0].Code)
	assert.Contains(t, v.Findings[0].Message, `NewView was given no page of "pypi"`, "not called an empty project")
}
