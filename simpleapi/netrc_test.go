package simpleapi

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNetrcParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []NetrcMachine
	}{
		{"empty", "", nil},
		{"one line", "machine pkgs.example login alice password s3cret",
			[]NetrcMachine{{Name: "pkgs.example", Login: "alice", Password: "s3cret"}}},
		{"multi-line with account", "machine a\n  login u\n  password p\n  account acc\nmachine b login v password q\n",
			[]NetrcMachine{{Name: "a", Login: "u", Password: "p", Account: "acc"}, {Name: "b", Login: "v", Password: "q"}}},
		{"default last", "machine a login u password p\ndefault login anon password guest\n",
			[]NetrcMachine{{Name: "a", Login: "u", Password: "p"}, {Default: true, Login: "anon", Password: "guest"}}},
		// A quoted password may hold spaces, quotes and a leading '#'.
		{"quoted", `machine a login "u s" password "p \"q\" #r"`,
			[]NetrcMachine{{Name: "a", Login: "u s", Password: `p "q" #r`}}},
		// '#' in a value position is part of the value.
		{"hash password", "machine a login u password #notacomment",
			[]NetrcMachine{{Name: "a", Login: "u", Password: "#notacomment"}}},
		{"comments", "# a comment line\nmachine a # trailing comment login x\nlogin u password p\n",
			[]NetrcMachine{{Name: "a", Login: "u", Password: "p"}}},
		// macdef bodies run to the first empty line and may contain
		// anything, keywords included.
		{"macdef", "machine a login u password p\nmacdef init\ncd /pub\nmachine evil login x password y\n\nmachine b login v password q\n",
			[]NetrcMachine{{Name: "a", Login: "u", Password: "p"}, {Name: "b", Login: "v", Password: "q"}}},
		{"macdef at eof", "machine a login u\nmacdef m\nline\n", []NetrcMachine{{Name: "a", Login: "u"}}},
		{"crlf", "machine a\r\nlogin u\r\npassword p\r\n", []NetrcMachine{{Name: "a", Login: "u", Password: "p"}}},
		{"machine only", "machine a", []NetrcMachine{{Name: "a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ParseNetrc(strings.NewReader(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, n.Machines)
		})
	}
}

func TestNetrcErrors(t *testing.T) {
	tests := []struct {
		in   string
		line int
		msg  string
	}{
		{"machine a login u password", 1, `missing value after "password"`},
		{"machine a\nlogin u\npassword p extra-secret", 3, "unexpected token"},
		{"login u password p", 1, `"login" before any machine`},
		{"machine a\n\npassword \"unterminated", 3, "unterminated quoted string"},
		{`"machine" a`, 1, "expected a keyword, found a quoted string"},
		{"machine a macdef", 1, `missing value after "macdef"`},
	}
	for _, tt := range tests {
		_, err := ParseNetrc(strings.NewReader(tt.in))
		require.Error(t, err, tt.in)
		assert.ErrorIs(t, err, ErrInvalidNetrc)
		var ne *NetrcError
		require.ErrorAs(t, err, &ne)
		assert.Equal(t, tt.line, ne.Line, tt.in)
		assert.Contains(t, err.Error(), tt.msg)
		// Never echo a token: it may be a password.
		assert.NotContains(t, err.Error(), "extra-secret")
		assert.NotContains(t, err.Error(), "unterminated\"")
	}
}

func TestNetrcFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "netrc")
	require.NoError(t, os.WriteFile(p, []byte("machine a login u password p\nbogus\n"), 0o600))
	_, err := ReadNetrcFile(p)
	require.Error(t, err)
	assert.Equal(t, "simpleapi: netrc "+p+" line 2: unexpected token where a keyword (machine, default, login, password, account, macdef) was expected", err.Error())

	_, err = ReadNetrcFile(filepath.Join(dir, "missing"))
	assert.ErrorIs(t, err, ErrInvalidNetrc)
	assert.ErrorIs(t, err, os.ErrNotExist)

	big := strings.Repeat("#", MaxNetrcSize+1)
	_, err = ParseNetrc(strings.NewReader(big))
	assert.ErrorIs(t, err, ErrInvalidNetrc)

	t.Setenv("NETRC", p)
	assert.Equal(t, p, DefaultNetrcPath())
}

func TestNetrcLookupAndSecrecy(t *testing.T) {
	n, err := ParseNetrc(strings.NewReader("machine A.example login u password s3cret\ndefault login anon password d3fault\n"))
	require.NoError(t, err)
	m, ok := n.Lookup("a.EXAMPLE")
	require.True(t, ok)
	assert.Equal(t, "s3cret", m.Password)
	m, ok = n.Lookup("other.example")
	require.True(t, ok)
	assert.True(t, m.Default)
	_, ok = (*Netrc)(nil).Lookup("a.example")
	assert.False(t, ok)

	for _, s := range []string{fmt.Sprint(n), fmt.Sprintf("%+v", n), fmt.Sprintf("%#v", n.Machines[0]), fmt.Sprintf("%v", n.Machines)} {
		assert.NotContains(t, s, "s3cret")
		assert.NotContains(t, s, "d3fault")
	}
}

func FuzzNetrc(f *testing.F) {
	for _, s := range []string{
		"machine a login u password p",
		"default login a password b\nmacdef x\nbody\n\nmachine c",
		`machine "q \" x" login "y`,
		"# c\nmachine a # c\n account z",
		"\r\n\t\f\v",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNetrc(strings.NewReader(s))
		if err != nil {
			var ne *NetrcError
			if !errors.As(err, &ne) || !errors.Is(err, ErrInvalidNetrc) {
				t.Fatalf("error %v is not a *NetrcError", err)
			}
			if ne.Line < 1 || ne.Line > strings.Count(s, "\n")+1 {
				t.Fatalf("line %d out of range", ne.Line)
			}
			return
		}
		for _, m := range n.Machines {
			shown := NetrcMachine{Password: m.Password}.String()
			if m.Password != "" && !strings.Contains(`netrc{machine  login "" password xxxxx}`, m.Password) && strings.Contains(shown, m.Password) {
				t.Fatalf("String shows the password: %s", shown)
			}
			if m.Default && m.Name != "" {
				t.Fatalf("default entry with a name")
			}
		}
	})
}
