package tags

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Expected outputs checked against packaging 26.4.dev0 parse_tag (as sets;
// ours keep product order).
func TestParseTag(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"py3-none-any", []string{"py3-none-any"}},
		{"py2.py3-none-any", []string{"py2-none-any", "py3-none-any"}},
		{"PY3-NONE-Any", []string{"py3-none-any"}},
		// Duplicates collapse, after lower-casing.
		{"py3.py3-none-any", []string{"py3-none-any"}},
		{"py3-NONE-ANY.any", []string{"py3-none-any"}},
		{"cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
			[]string{"cp312-cp312-manylinux_2_17_x86_64", "cp312-cp312-manylinux2014_x86_64"}},
		{"py2.py3-abi3.none-any.win32", []string{
			"py2-abi3-any", "py2-abi3-win32", "py2-none-any", "py2-none-win32",
			"py3-abi3-any", "py3-abi3-win32", "py3-none-any", "py3-none-win32"}},
		// packaging checks only the interpreter's spelling.
		{"py_3-non e-a ny", []string{"py_3-non e-a ny"}},
		{"pé3-none-any", []string{"pé3-none-any"}},
		// Unsorted sets are accepted (validate_order=False).
		{"py3.py2-none-any", []string{"py3-none-any", "py2-none-any"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTag(tt.in)
			require.NoError(t, err)
			var s []string
			for _, g := range got {
				s = append(s, g.String())
			}
			assert.Equal(t, tt.want, s)
		})
	}
}

func TestParseTagErrors(t *testing.T) {
	tests := []struct {
		in, msg string
		tooMany bool
	}{
		{"py3-none", `tags: invalid tag "py3-none": must have exactly three components`, false},
		{"py3-none-any-x", `tags: invalid tag "py3-none-any-x": must have exactly three components`, false},
		{"py3--any", `tags: invalid tag "py3--any": empty component ""`, false},
		{"py3.-none-any", `tags: invalid tag "py3.-none-any": empty component "py3."`, false},
		{".py3-none-any", `tags: invalid tag ".py3-none-any": empty component ".py3"`, false},
		{"py3-none-any.", `tags: invalid tag "py3-none-any.": empty component "any."`, false},
		{"", `tags: invalid tag "": empty component ""`, false},
		{"3py-none-any", `tags: invalid tag "3py-none-any": invalid interpreter "3py"`, false},
		{"py-3-none", ``, false}, // valid: interpreter "py"
		{"py3-none-\xff", `tags: invalid tag "py3-none-\xff": not valid UTF-8`, false},
		{strings.Repeat("a.", 1100) + "a-none-any", "", true},
		{"a.b.c.d.e.f.g.h-a.b.c.d.e.f.g.h-a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q", "", true},
		{strings.Repeat("x", MaxTagLen+1), "", true},
	}
	for _, tt := range tests {
		_, err := ParseTag(tt.in)
		if tt.msg == "" && !tt.tooMany {
			assert.NoError(t, err, tt.in)
			continue
		}
		require.Error(t, err, tt.in)
		assert.ErrorIs(t, err, ErrInvalidTag)
		assert.Equal(t, tt.tooMany, errors.Is(err, ErrTooManyTags), tt.in)
		var te *TagError
		require.ErrorAs(t, err, &te)
		if tt.msg != "" {
			assert.Equal(t, tt.msg, err.Error())
		}
		assert.LessOrEqual(t, len(err.Error()), 400, "long inputs are cut in messages")
	}
}

func TestTagString(t *testing.T) {
	assert.Equal(t, "cp312-cp312-manylinux_2_17_x86_64", Tag{"cp312", "cp312", "manylinux_2_17_x86_64"}.String())
}

func TestParseWheelFilename(t *testing.T) {
	w, err := ParseWheelFilename("foo-2-py2.py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
	require.NoError(t, err)
	assert.Len(t, w.Tags, 4)
	assert.Equal(t, Build{}, w.Build)

	w, err = ParseWheelFilename("foo-1.0-01a-py3-none-any.whl")
	require.NoError(t, err)
	assert.Equal(t, Build{Number: "01", Suffix: "a"}, w.Build)

	w, err = ParseWheelFilename("foo-1.0-py3-NONE-Any.whl")
	require.NoError(t, err)
	assert.Equal(t, []Tag{{"py3", "none", "any"}}, w.Tags)

	for _, bad := range []string{
		"foo-1.0.whl", "foo-1.0-py3-none-any.wheel", "foo-1.0-py3-none-any.WHL",
		"foo-1.0-200-py3-none-any-junk.whl", "foo-1.0--none-any.whl", "foo-1.0-py3-none-.whl",
		"foo-1.0-py3.-none-any.whl", "foo-1.0-abc-py3-none-any.whl",
	} {
		_, err := ParseWheelFilename(bad)
		assert.ErrorIs(t, err, ErrInvalidWheelFilename, bad)
		var we *WheelFilenameError
		assert.ErrorAs(t, err, &we, bad)
	}
	_, err = ParseWheelFilename("foo-1.0-py3.-none-any.whl")
	assert.ErrorIs(t, err, ErrInvalidTag)
	assert.EqualError(t, err, `tags: invalid wheel filename "foo-1.0-py3.-none-any.whl": bad tags: tags: invalid tag "py3.-none-any": empty component "py3."`)
}

func TestBuildCompare(t *testing.T) {
	// Sorted ascending; absent lowest, then (int, suffix).
	order := []Build{{}, {"0", ""}, {"1", ""}, {"01", "a"}, {"1", "b"}, {"2", ""}, {"10", ""}, {"0010", "x"}, {"99999999999999999999999", ""}}
	for i := range order {
		for j := range order {
			want := cmp(i, j)
			// "1" with "" vs "01" "a": distinct; equal numbers compare by suffix.
			assert.Equal(t, want, order[i].Compare(order[j]), "%v vs %v", order[i], order[j])
		}
	}
	assert.Equal(t, 0, Build{"01", "a"}.Compare(Build{"1", "a"}))
}
