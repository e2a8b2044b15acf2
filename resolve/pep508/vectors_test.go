package pep508

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testdata/vectors.jsonl.gz holds pypa/packaging's answers for thousands of
// requirement and marker strings (hand-picked, from the spec digest, and
// seeded random ones). Regenerate it with:
//
//	PYTHONPATH=/tmp/packaging/src python3 testdata/gen_vectors.py | gzip -9n > testdata/vectors.jsonl.gz
//
// (python 3.11, packaging 26.4.dev0). The test demands full agreement except
// for the documented differences listed in knownDifferences.

type vectorEnv struct {
	Context string         `json:"context"`
	Values  map[string]any `json:"values"`
}

type vector struct {
	Kind    string               `json:"kind"`
	Envs    map[string]vectorEnv `json:"envs"`
	In      string               `json:"in"`
	Valid   bool                 `json:"valid"`
	Error   string               `json:"error"`
	Str     *string              `json:"str"`
	StrOK   bool                 `json:"str_ok"`
	Name    string               `json:"name"`
	Extras  []string             `json:"extras"`
	Spec    string               `json:"specifier"`
	URL     *string              `json:"url"`
	Marker  *string              `json:"marker"`
	Results []struct {
		Env   string `json:"env"`
		Value any    `json:"value"`
	} `json:"results"`
}

// knownDifferences are valid inputs for packaging that safeindex rejects on
// purpose; see "Differences from packaging" in doc.go.
var knownDifferences = map[string]string{
	"os_name == '\\N{EM DASH}'":           `\N{...} escapes are rejected: Go has no Unicode name database`,
	"name==1" + strings.Repeat("0", 5000): "pep440 rejects numbers over 4,300 digits, which packaging only stores",
}

func loadVectors(t testing.TB) []vector {
	t.Helper()
	f, err := os.Open("testdata/vectors.jsonl.gz")
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	var vs []vector
	for sc.Scan() {
		var v vector
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v))
		vs = append(vs, v)
	}
	require.NoError(t, sc.Err())
	require.Greater(t, len(vs), 4000)
	return vs
}

func envFromVector(t testing.TB, e vectorEnv) Environment {
	str := func(k string) string {
		s, _ := e.Values[k].(string)
		return s
	}
	set := func(k string) []string {
		var out []string
		for _, x := range e.Values[k].([]any) {
			out = append(out, x.(string))
		}
		return out
	}
	env := Environment{
		OSName:                       str("os_name"),
		SysPlatform:                  str("sys_platform"),
		PlatformMachine:              str("platform_machine"),
		PlatformPythonImplementation: str("platform_python_implementation"),
		PlatformRelease:              str("platform_release"),
		PlatformSystem:               str("platform_system"),
		PlatformVersion:              str("platform_version"),
		PythonVersion:                str("python_version"),
		PythonFullVersion:            str("python_full_version"),
		ImplementationName:           str("implementation_name"),
		ImplementationVersion:        str("implementation_version"),
	}
	switch e.Context {
	case "metadata":
		env.Context = ContextMetadata
		env.Extra = str("extra")
	case "lock_file":
		env.Context = ContextLockFile
		env.Extras, env.DependencyGroups = set("extras"), set("dependency_groups")
	case "requirement":
		env.Context = ContextRequirement
	default:
		t.Fatalf("unknown context %q", e.Context)
	}
	return env
}

func TestVectors(t *testing.T) {
	vs := loadVectors(t)
	require.Equal(t, "envs", vs[0].Kind)
	envs := map[string]Environment{}
	for name, e := range vs[0].Envs {
		envs[name] = envFromVector(t, e)
	}
	var nreq, nmarker, nresults, ndiff int
	for _, v := range vs[1:] {
		if why, ok := knownDifferences[v.In]; ok {
			require.Truef(t, v.Valid, "%q: packaging accepts it", v.In)
			var err error
			if v.Kind == "req" {
				_, err = ParseRequirement(v.In)
			} else {
				_, err = ParseMarker(v.In)
			}
			assert.Errorf(t, err, "%q: %s", v.In, why)
			ndiff++
			continue
		}
		switch v.Kind {
		case "req":
			nreq++
			checkRequirementVector(t, v)
		case "marker":
			nmarker++
			nresults += checkMarkerVector(t, v, envs)
		default:
			t.Fatalf("unknown vector kind %q", v.Kind)
		}
	}
	t.Logf("%d requirements, %d markers, %d evaluations agree with packaging; %d known differences",
		nreq, nmarker, nresults, ndiff)
}

func checkRequirementVector(t *testing.T, v vector) {
	t.Helper()
	r, err := ParseRequirement(v.In)
	if !v.Valid {
		if assert.Errorf(t, err, "ParseRequirement(%q): packaging raises %s", v.In, v.Error) {
			assert.ErrorIs(t, err, ErrInvalidRequirement)
			var re *RequirementError
			assert.ErrorAs(t, err, &re)
		}
		return
	}
	if !assert.NoErrorf(t, err, "ParseRequirement(%q)", v.In) {
		return
	}
	assert.Equalf(t, v.Name, r.Name, "name of %q", v.In)
	assert.ElementsMatchf(t, v.Extras, r.Extras, "extras of %q", v.In)
	assert.Equalf(t, v.Spec, r.Specifier.String(), "specifier of %q", v.In)
	wantURL := ""
	if v.URL != nil {
		wantURL = *v.URL
	}
	assert.Equalf(t, wantURL, r.URL, "url of %q", v.In)
	if v.Marker == nil {
		assert.Nilf(t, r.Marker, "marker of %q", v.In)
	} else if v.StrOK {
		assert.Equalf(t, *v.Marker, r.Marker.String(), "marker of %q", v.In)
	}
	s := r.String()
	if v.StrOK {
		assert.Equalf(t, *v.Str, s, "String of %q", v.In)
	}
	// Whatever packaging does, ours reads back.
	r2, err := ParseRequirement(s)
	if assert.NoErrorf(t, err, "ParseRequirement(String(%q)) = %q", v.In, s) {
		assert.Truef(t, r.Equal(r2), "round trip of %q via %q", v.In, s)
		assert.Equalf(t, s, r2.String(), "String is idempotent for %q", v.In)
	}
}

func checkMarkerVector(t *testing.T, v vector, envs map[string]Environment) int {
	t.Helper()
	m, err := ParseMarker(v.In)
	if !v.Valid {
		if assert.Errorf(t, err, "ParseMarker(%q): packaging raises %s", v.In, v.Error) {
			assert.ErrorIs(t, err, ErrInvalidMarker)
		}
		return 0
	}
	if !assert.NoErrorf(t, err, "ParseMarker(%q)", v.In) {
		return 0
	}
	s := m.String()
	if v.StrOK {
		assert.Equalf(t, *v.Str, s, "String of %q", v.In)
	}
	m2, err := ParseMarker(s)
	if assert.NoErrorf(t, err, "ParseMarker(String(%q)) = %q", v.In, s) {
		assert.Equalf(t, s, m2.String(), "String is idempotent for %q", v.In)
	}
	for _, res := range v.Results {
		got, err := m.Evaluate(envs[res.Env])
		switch want := res.Value.(type) {
		case bool:
			if assert.NoErrorf(t, err, "Evaluate(%q) in %s", v.In, res.Env) {
				assert.Equalf(t, want, got, "Evaluate(%q) in %s", v.In, res.Env)
			}
		case string:
			var sentinel error
			switch want {
			case "UndefinedComparison":
				sentinel = ErrUndefinedComparison
			case "UndefinedEnvironmentName":
				sentinel = ErrUndefinedEnvironmentName
			default:
				t.Errorf("Evaluate(%q) in %s: packaging raises %s", v.In, res.Env, want)
				continue
			}
			if assert.Errorf(t, err, "Evaluate(%q) in %s: packaging raises %s", v.In, res.Env, want) {
				assert.Truef(t, errors.Is(err, sentinel) && errors.Is(err, ErrInvalidMarker),
					"Evaluate(%q) in %s: %v, want %s", v.In, res.Env, err, want)
			}
		}
	}
	return len(v.Results)
}
