package lockfile

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sha = "0000000000000000000000000000000000000000000000000000000000000000"

// TestErrors pins the text of errors users see: file, line, column, and
// what was expected.
func TestErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
		is       error
	}{
		{"requirements.txt", "ok==1\n\nfoo==1 --hash=md5:" + sha + "\n",
			`requirements.txt:3:1: --hash "md5:` + sha + `": expected one of the algorithms sha256, sha384, sha512`, ErrInvalidLock},
		{"requirements.txt", "--frobnicate\n", "requirements.txt:1:1: no such option: --frobnicate", ErrInvalidLock},
		{"requirements.txt", "  foo=1\n", `requirements.txt:1:3: invalid requirement "foo=1": expected a semicolon (after the name with no version specifier) or the end`, ErrInvalidLock},
		{"requirements.txt", "-i https://user:hunter2@h/simple --frob\n", "requirements.txt:1:1: no such option: --frob", ErrInvalidLock},
		{"requirements.txt", "-r other.txt\n", `requirements.txt:1:1: cannot open "other.txt": no file system to read includes from (use ReadFile or WithFS)`, ErrInclude},
		{"requirements.txt", "-r https://user:hunter2@h/r.txt\n", "requirements.txt:1:1: -r https://xxxxx@h/r.txt: remote requirements files are not read (download it and include the copy)", ErrInclude},
		{"Pipfile.lock", "{\n  \"_meta\": {\n    \"hash\": {\"sha256\": \"x\"},\n    \"pipfile-spec\": 7,\n    \"requires\": {},\n    \"sources\": []\n  }\n}\n",
			"Pipfile.lock:4:21: _meta.pipfile-spec: expected 6, found 7", ErrUnsupportedVersion},
		{"Pipfile.lock", "{\"_meta\": {}", "Pipfile.lock:1:13: unexpected end of JSON input", ErrInvalidLock},
		{"pylock.toml", "lock-version = \"1.0\"\ncreated-by = \"x\"\n\n[[packages]]\nname = \"a\"\nversion = \"1\"\narchive = {path = \"a.zip\", hashes = {sha256 = \"00\"}}\n\n[[packages]]\nname = \"b\"\nwheels = [{url = \"https://h/b-1-py3-none-any.whl\", hashes = {}}]\n",
			"pylock.toml:11:52: packages[1].wheels[0].hashes: expected at least one hash", ErrInvalidLock},
		{"pylock.toml", "lock-version = \"3.0\"\ncreated-by = \"x\"\npackages = []\n", "pylock.toml:1:1: lock-version: version 3.0 is not supported (expected 1.x)", ErrUnsupportedVersion},
		{"pylock.toml", "lock-version = \"1.0\"\ncreated-by = \"x\"\npackages = [\n", "pylock.toml:3:12: invalid TOML: array is incomplete", ErrInvalidLock},
		{"pylock.toml", "a = " + strings.Repeat("[", 100) + "\n", "pylock.toml:1: TOML nested deeper than 64 levels", ErrLimitExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			lock, err := Read(tt.name, strings.NewReader(tt.in))
			require.Error(t, err)
			assert.Nil(t, lock)
			assert.Equal(t, tt.want, err.Error())
			assert.ErrorIs(t, err, tt.is)
			assert.NotContains(t, err.Error(), "hunter2")
		})
	}
}

func TestIncludes(t *testing.T) {
	fsys := fstest.MapFS{
		"req/main.txt":      {Data: []byte("-r sub/a.txt\n-c ../constraints.txt\nmain==1\n")},
		"req/sub/a.txt":     {Data: []byte("a==1\n-r ../b.txt\n")},
		"req/b.txt":         {Data: []byte("b==1\n")},
		"constraints.txt":   {Data: []byte("c<2\n")},
		"loop/x.txt":        {Data: []byte("x==1\n-r y.txt\n")},
		"loop/y.txt":        {Data: []byte("-r ./z.txt\n")},
		"loop/z.txt":        {Data: []byte("\n\n-r x.txt\n")},
		"escape/e.txt":      {Data: []byte("-r ../../etc/passwd\n")},
		"abs/a.txt":         {Data: []byte("-r /etc/passwd\n")},
		"missing/m.txt":     {Data: []byte("ok==1\n-c nope.txt\n")},
		"self/requirements": {Data: []byte("-r requirements\n")},
	}
	lock, err := ReadFile(fsys, "req/main.txt")
	require.NoError(t, err)
	var got []string
	for _, p := range lock.Packages {
		got = append(got, p.Pos.String()+" "+p.Raw)
		assert.Equal(t, p.Name == "c", p.Constraint, p.Name)
	}
	assert.Equal(t, []string{"req/sub/a.txt:1:1 a==1", "req/b.txt:1:1 b==1", "constraints.txt:1:1 c<2", "req/main.txt:3:1 main==1"}, got)
	assert.Equal(t, []string{"req/main.txt", "req/sub/a.txt", "req/b.txt", "constraints.txt"}, lock.Files)

	errs := map[string]struct {
		msg string
		is  error
	}{
		"loop/x.txt":        {"loop/z.txt:3:1: include cycle: loop/x.txt -> loop/y.txt -> loop/z.txt -> loop/x.txt", ErrIncludeCycle},
		"escape/e.txt":      {"escape/e.txt:1:1: -r ../../etc/passwd: the file is outside the file system the lock is read from", ErrInclude},
		"abs/a.txt":         {"abs/a.txt:1:1: -r /etc/passwd: absolute include paths are not read; use a path relative to abs/a.txt", ErrInclude},
		"missing/m.txt":     {`missing/m.txt:2:1: cannot open "missing/nope.txt": file does not exist`, fs.ErrNotExist},
		"self/requirements": {"self/requirements:1:1: include cycle: self/requirements -> self/requirements", ErrIncludeCycle},
	}
	for name, want := range errs {
		t.Run(name, func(t *testing.T) {
			_, err := ReadFile(fsys, name, WithFormat(FormatRequirements))
			require.Error(t, err)
			assert.Equal(t, want.msg, err.Error())
			assert.ErrorIs(t, err, want.is)
			assert.ErrorIs(t, err, ErrInvalidLock)
		})
	}
}

func TestEnvExpansion(t *testing.T) {
	in := "--index-url https://${USER_1}:${TOKEN}@h/simple\n" +
		"--extra-index-url https://${lower}/${EMPTY}${UNSET}/simple\n" +
		"--find-links ${LINKS}\n" +
		"a==1 ; python_version >= \"${PY}\"\n" +
		"b==1 # ${TOKEN} in a comment is never expanded\n" +
		"c==1 --hash=sha256:${DIGEST}\n"
	env := map[string]string{"USER_1": "me", "TOKEN": "t0k3n", "EMPTY": "", "PY": "3.9", "DIGEST": sha, "lower": "no", "LINKS": "./w #1"}
	lock, err := Read("requirements.txt", strings.NewReader(in), WithEnv(mapEnv(env)))
	require.NoError(t, err)
	require.Len(t, lock.Sources, 3)
	assert.Equal(t, "./w", lock.Sources[2].URL, "expanded after comments are cut; the value is then shell-split")
	assert.Equal(t, "https://me:t0k3n@h/simple", lock.Sources[0].URL)
	assert.Equal(t, "https://me:xxxxx@h/simple", lock.Sources[0].String())
	assert.Equal(t, "https://${lower}/${EMPTY}${UNSET}/simple", lock.Sources[1].URL, "lower-case, empty and unset variables stay")
	assert.Equal(t, `python_version >= "3.9"`, lock.Packages[0].Marker)
	assert.Equal(t, []Hash{{"sha256", sha}}, lock.Packages[2].Hashes)
	assert.True(t, lock.HashMode)

	lock, err = Read("requirements.txt", strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, "https://${USER_1}:${TOKEN}@h/simple", lock.Sources[0].URL, "no lookup, no expansion")
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, data string
		want       Format
	}{
		{"pylock.toml", "", FormatPylock},
		{"dir/pylock.dev.toml", "", FormatPylock},
		{"pylock.a.b.toml", "lock-version = '1.0'", FormatPylock}, // content decides
		{"Pylock.toml", "x==1", FormatRequirements},
		{"Pipfile.lock", "", FormatPipfileLock},
		{"requirements.txt", "{", FormatRequirements},
		{"requirements/dev.in", "", FormatRequirements},
		{"lock", "  {\"_meta\": {}}", FormatPipfileLock},
		{"lock", "# c\n\"lock-version\" = \"1.0\"\n", FormatPylock},
		{"lock", "[tool]\nlock-version = 1\n", FormatRequirements},
		{"lock", "requests==2\n", FormatRequirements},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Detect(tt.name, []byte(tt.data)), "%s %q", tt.name, tt.data)
	}
}

func TestPipfileHash(t *testing.T) {
	pipfile, err := fs.ReadFile(testFS, "pipfile/Pipfile")
	require.NoError(t, err)
	// The three variants, from testdata/pipfile_hash.py.
	got, err := PipfileHashes(pipfile)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"c90aa64abed1df34565a1e8e7b464c04b907bb1041e40a7e8c83bd0a34c11664",
		"253aea99339cdd33f3373c28aa503c529667f289008a59946fe0c9d1ac2d99ae",
		"02c8175799180fe73f8b431f383003aa2b02c66a4e09c079b14583d9b8a53121",
	}, got)

	lock, err := ReadFile(testFS, "pipfile/Pipfile.lock", WithPipfile(pipfile))
	require.NoError(t, err)
	assert.NoError(t, CheckPipfileHash(lock, pipfile))

	stale := []byte(strings.Replace(string(pipfile), `pytest = ">=8"`, `pytest = ">=7"`, 1))
	_, err = ReadFile(testFS, "pipfile/Pipfile.lock", WithPipfile(stale))
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrPipfileHashMismatch)
	assert.NotErrorIs(t, err, ErrInvalidLock)
	assert.Regexp(t, `^pipfile/Pipfile.lock:4:13: _meta.hash.sha256 is 02c8\w+ but the Pipfile hashes to \w+: the lock is out of date$`, err.Error())

	_, err = PipfileHashes([]byte("[packages]\nwhen = 2024-01-01\n"))
	assert.ErrorContains(t, err, "cannot hash")
}

func TestPyJSON(t *testing.T) {
	// Expected texts from Python's json.dumps(v, sort_keys=True, separators=(",", ":")).
	tests := []struct {
		in   any
		want string
	}{
		{map[string]any{"b": int64(1), "a": []any{true, false}}, `{"a":[true,false],"b":1}`},
		{"é\u2028\U0001F600\x7f\"\\\n\x01</>", `"\u00e9\u2028\ud83d\ude00\u007f\"\\\n\u0001</>"`},
		{1.0, "1.0"}, {1e16, "1e+16"}, {1e15, "1000000000000000.0"}, {0.0001, "0.0001"}, {0.00001, "1e-05"}, {-2.5e-10, "-2.5e-10"}, {0.1, "0.1"},
	}
	for _, tt := range tests {
		var b strings.Builder
		require.NoError(t, pyJSON(&b, tt.in))
		assert.Equal(t, tt.want, b.String())
	}
}

func TestWarningsAndPositions(t *testing.T) {
	lock, err := ReadFile(testFS, "pylock/newer-minor.toml", WithFormat(FormatPylock))
	require.NoError(t, err)
	var ws []string
	for _, w := range lock.Warnings {
		ws = append(ws, w.String())
	}
	assert.Equal(t, []string{
		"newer-minor.toml:1:1: lock-version 1.1 is newer than 1.0, the version this reader knows",
		"newer-minor.toml:7:1: packages[0].future-key: unknown key ignored",
	}, trimDir(ws))

	lock, err = ReadFile(testFS, "pylock/uv.pylock.toml", WithFormat(FormatPylock))
	require.NoError(t, err)
	require.Len(t, lock.Packages, 4)
	p := lock.Packages[2]
	assert.Equal(t, "internal-lib", p.Name)
	assert.Equal(t, 23, p.Pos.Line)
	assert.Equal(t, 28, p.Files[0].Pos.Line)
	assert.Equal(t, "internal_lib-4.2.0-py3-none-any.whl", p.Files[0].Filename())
	v, err := p.PEP440Version()
	require.NoError(t, err)
	assert.Equal(t, "4.2.0", v.String())
	assert.Equal(t, []string{"https://pypi.org/simple", "https://pypi.internal.example/simple"}, []string{lock.Sources[0].URL, lock.Sources[1].URL})

	_, err = ReadFile(testFS, "pylock/err-upload-time-string.toml", WithFormat(FormatPylock), AllowStringUploadTimes())
	assert.NoError(t, err)
}

func trimDir(ws []string) []string {
	for i, w := range ws {
		ws[i] = w[strings.LastIndexByte(w[:strings.IndexByte(w, ':')], '/')+1:]
	}
	return ws
}

func TestLimits(t *testing.T) {
	_, err := Read("requirements.txt", strings.NewReader(strings.Repeat("a==1\n", 100)), WithLimits(Limits{MaxFileBytes: 10}))
	assert.ErrorIs(t, err, ErrLimitExceeded)
	_, err = Read("requirements.txt", strings.NewReader(strings.Repeat("a==1\n", 100)), WithLimits(Limits{MaxPackages: 10}))
	assert.ErrorIs(t, err, ErrLimitExceeded)
	_, err = Read("Pipfile.lock", strings.NewReader(strings.Repeat("[", 100)))
	assert.ErrorIs(t, err, ErrLimitExceeded)
	_, err = Read("x", strings.NewReader(""), WithFormat(Format(42)))
	assert.ErrorIs(t, err, ErrUnknownFormat)
	assert.True(t, errors.Is(err, ErrUnknownFormat))
}

// TestPipfileSourceEnv: Pipfile.lock source URLs get their ${NAME}
// references expanded from WithEnv, by the same rules as requirements
// files (upper-case names only; unset or empty left as written), and not
// at all without WithEnv.
func TestPipfileSourceEnv(t *testing.T) {
	const lock = `{"_meta": {"hash": {"sha256": "00"}, "pipfile-spec": 6, "requires": {},
  "sources": [{"name": "internal", "url": "https://${USER}:${TOKEN}@h.example/${lower}/${UNSET}/simple", "verify_ssl": true}]},
 "default": {}, "develop": {}}`
	env := func(k string) (string, bool) {
		v, ok := map[string]string{"USER": "ci", "TOKEN": "t0k", "lower": "INJECTED"}[k]
		return v, ok
	}
	l, err := Read("Pipfile.lock", strings.NewReader(lock), WithEnv(env))
	require.NoError(t, err)
	assert.Equal(t, "https://ci:t0k@h.example/${lower}/${UNSET}/simple", l.Sources[0].URL)
	l, err = Read("Pipfile.lock", strings.NewReader(lock))
	require.NoError(t, err)
	assert.Equal(t, "https://${USER}:${TOKEN}@h.example/${lower}/${UNSET}/simple", l.Sources[0].URL)
}
