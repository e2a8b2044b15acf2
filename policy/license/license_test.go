package license

import (
	"bufio"
	"encoding/json"
	"errors"
	"go/ast"
	goparser "go/parser"
	gotoken "go/token"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"MIT", "MIT"},
		{"  mit  ", "MIT"},
		{"Apache-2.0 OR MIT", "Apache-2.0 OR MIT"},
		{"apache-2.0 or mit", "Apache-2.0 OR MIT"},
		{"gpl-2.0-or-later with classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0"},
		{"GPL-2.0-or-later WITH Classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0"},
		{"GPL-2.0+ with Classpath-exception-2.0", "GPL-2.0+ WITH Classpath-exception-2.0"},
		{"(MIT AND ISC) OR Zlib", "MIT AND ISC OR Zlib"},
		{"MIT AND (ISC OR Zlib)", "MIT AND (ISC OR Zlib)"},
		{"MIT OR ISC AND Zlib", "MIT OR ISC AND Zlib"}, // AND binds tighter
		{"MIT AND ISC OR Zlib AND 0BSD", "MIT AND ISC OR Zlib AND 0BSD"},
		{"((MIT))", "MIT"},
		{"MIT OR (ISC OR Zlib)", "MIT OR ISC OR Zlib"},
		{"LicenseRef-acme-1.0", "LicenseRef-acme-1.0"},
		{"licenseref-Acme", "LicenseRef-Acme"},
		{"MIT\tAND\tISC", "MIT AND ISC"},
		{"MIT OR\n Apache-2.0", "MIT OR Apache-2.0"}, // a folded metadata header
		{"MIT\u00a0OR\u3000ISC\x1c", "MIT OR ISC"},   // Python's white space
		{"(MIT+)", "MIT+"},
		{"MIT+ WITH Classpath-exception-2.0", "MIT+ WITH Classpath-exception-2.0"},
		{"MIT+", "MIT+"},
	}
	for _, tt := range tests {
		e, err := Parse(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, e.String(), tt.in)
		// The printed form parses to the same expression.
		again, err := Parse(e.String())
		require.NoError(t, err)
		assert.Equal(t, e, again)
	}

	e, err := Parse("(MIT OR Apache-2.0) AND GPL-2.0+ WITH Classpath-exception-2.0")
	require.NoError(t, err)
	assert.Equal(t, &Expression{Op: OpAnd, Args: []*Expression{
		{Op: OpOr, Args: []*Expression{{License: License{ID: "MIT"}}, {License: License{ID: "Apache-2.0"}}}},
		{License: License{ID: "GPL-2.0", OrLater: true, Exception: "Classpath-exception-2.0"}},
	}}, e)
	assert.Equal(t, []License{{ID: "MIT"}, {ID: "Apache-2.0"}, {ID: "GPL-2.0", OrLater: true, Exception: "Classpath-exception-2.0"}}, e.Licenses())
}

// TestParseUnknown: identifiers must be on the SPDX license list, as
// pypa/packaging requires; a syntax error is reported before an unknown
// identifier.
func TestParseUnknown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Foo OR MIT", `license: invalid SPDX expression "Foo OR MIT": offset 0: unknown license "Foo" (not on the SPDX license list ` + SPDXListVersion + `; name a license it lacks as LicenseRef-...)`},
		{"MIT AND Bar AND Baz", `license: invalid SPDX expression "MIT AND Bar AND Baz": offset 8: unknown license "Bar" (not on the SPDX license list ` + SPDXListVersion + `; name a license it lacks as LicenseRef-...)`},
		{"MIT WITH Foo-exception", `license: invalid SPDX expression "MIT WITH Foo-exception": offset 9: unknown license exception "Foo-exception" (not on the SPDX license list ` + SPDXListVersion + `)`},
		{"MIT WITH AdditionRef-acme", `license: invalid SPDX expression "MIT WITH AdditionRef-acme": offset 9: unknown license exception "AdditionRef-acme" (not on the SPDX license list ` + SPDXListVersion + `)`},
		{"DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", `license: invalid SPDX expression "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2": offset 0: unknown license "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2" (not on the SPDX license list ` + SPDXListVersion + `; name a license it lacks as LicenseRef-...)`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		require.Error(t, err, tt.in)
		assert.Equal(t, tt.want, err.Error())
		assert.ErrorIs(t, err, ErrUnknownLicense)
		assert.ErrorIs(t, err, ErrInvalidExpression)
		var ue *UnknownLicenseError
		assert.ErrorAs(t, err, &ue)
	}
	_, err := Parse("Foo AND")
	var se *SyntaxError
	assert.ErrorAs(t, err, &se, "the syntax error comes first")
	assert.NotErrorIs(t, err, ErrUnknownLicense)
}

func TestLookup(t *testing.T) {
	for _, tc := range []struct {
		in, want       string
		deprecated, ok bool
		exception      bool
	}{
		{"mit", "MIT", false, true, false},
		{"APACHE-2.0", "Apache-2.0", false, true, false},
		{"GPL-2.0", "GPL-2.0", true, true, false},
		{"LicenseRef-x", "", false, false, false},
		{"Foo", "", false, false, false},
		{"classpath-exception-2.0", "Classpath-exception-2.0", false, true, true},
		{"MIT", "", false, false, true},
	} {
		lookup := LookupLicense
		if tc.exception {
			lookup = LookupException
		}
		got, deprecated, ok := lookup(tc.in)
		assert.Equal(t, tc.want, got, tc.in)
		assert.Equal(t, tc.deprecated, deprecated, tc.in)
		assert.Equal(t, tc.ok, ok, tc.in)
	}
}

// TestParseErrors pins the messages and offsets.
func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"MIT +", `license: invalid SPDX expression "MIT +": offset 4: unexpected "+"`},
		{"MIT+WITH Classpath-exception-2.0", `license: invalid SPDX expression "MIT+WITH Classpath-exception-2.0": offset 4: "+" must be followed by a space, ")" or the end`},
		{"MIT+OR ISC", `license: invalid SPDX expression "MIT+OR ISC": offset 4: "+" must be followed by a space, ")" or the end`},
		{"(MIT)+", `license: invalid SPDX expression "(MIT)+": offset 5: unexpected "+"`},
		{"MIT WITH Classpath-exception-2.0+", `license: invalid SPDX expression "MIT WITH Classpath-exception-2.0+": offset 32: an exception takes no "+"`},
		{"LicenseRef-x+", `license: invalid SPDX expression "LicenseRef-x+": offset 12: a LicenseRef takes no "+"`},
		{"", `license: invalid SPDX expression "": offset 0: empty expression`},
		{"  ", `license: invalid SPDX expression "  ": offset 2: empty expression`},
		{"MIT AND", `license: invalid SPDX expression "MIT AND": offset 7: expected a license, found end of expression`},
		{"AND MIT", `license: invalid SPDX expression "AND MIT": offset 0: expected a license, found "AND"`},
		{"MIT ISC", `license: invalid SPDX expression "MIT ISC": offset 4: unexpected "ISC"`},
		{"(MIT", `license: invalid SPDX expression "(MIT": offset 4: expected ")", found end of expression`},
		{"MIT)", `license: invalid SPDX expression "MIT)": offset 3: unexpected ")"`},
		{"()", `license: invalid SPDX expression "()": offset 1: expected a license, found ")"`},
		{"MIT WITH", `license: invalid SPDX expression "MIT WITH": offset 8: expected an exception after WITH, found end of expression`},
		{"MIT WITH (X)", `license: invalid SPDX expression "MIT WITH (X)": offset 9: expected an exception after WITH, found "("`},
		{"(MIT OR ISC) WITH X", `license: invalid SPDX expression "(MIT OR ISC) WITH X": offset 13: WITH must follow a single license, not a parenthesized expression`},
		{"MIT WITH X WITH Y", `license: invalid SPDX expression "MIT WITH X WITH Y": offset 11: unexpected "WITH"`},
		{"LicenseRef-x+", `license: invalid SPDX expression "LicenseRef-x+": offset 12: a LicenseRef takes no "+"`},
		{"LicenseRef-", `license: invalid SPDX expression "LicenseRef-": offset 0: "LicenseRef-" is an incomplete reference`},
		{"MIT ++", `license: invalid SPDX expression "MIT ++": offset 4: unexpected "+"`},
		{"MIT/ISC", `license: invalid SPDX expression "MIT/ISC": offset 3: unexpected character "/"`},
		{"MIT, ISC", `license: invalid SPDX expression "MIT, ISC": offset 3: unexpected character ","`},
		{"Apache 2.0", `license: invalid SPDX expression "Apache 2.0": offset 7: unexpected "2.0"`},
		{"a:b", `license: invalid SPDX expression "a:b": offset 0: "a:b": a ":" may only join DocumentRef-x and LicenseRef-y`},
		{"DocumentRef-x:MIT", `license: invalid SPDX expression "DocumentRef-x:MIT": offset 0: "DocumentRef-x:MIT": a ":" may only join DocumentRef-x and LicenseRef-y`},
		{"MIT WITH DocumentRef-x:LicenseRef-y", `license: invalid SPDX expression "MIT WITH DocumentRef-x:LicenseRef-y": offset 9: "DocumentRef-x:LicenseRef-y": a ":" may only join DocumentRef-x and AdditionRef-y`},
		{"MIT é", `license: invalid SPDX expression "MIT é": offset 4: unexpected character "é"`},
		{strings.Repeat("(", MaxDepth+1) + "MIT" + strings.Repeat(")", MaxDepth+1), `license: invalid SPDX expression "` + strings.Repeat("(", MaxDepth+1) + "MIT" + strings.Repeat(")", MaxDepth+1) + `": offset 64: parentheses nested more than 64 deep`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		require.Error(t, err, tt.in)
		assert.Equal(t, tt.want, err.Error())
		assert.ErrorIs(t, err, ErrInvalidExpression)
		var se *SyntaxError
		assert.ErrorAs(t, err, &se)
	}
	_, err := Parse(strings.Repeat("MIT AND ", MaxExpressionLen/8) + "MIT")
	assert.ErrorContains(t, err, "longer than 16384 bytes")
}

// TestPackagingVectors checks that Parse accepts exactly the expressions
// pypa/packaging 26.4 accepts (testdata/vectors.jsonl, written by
// testdata/gen_vectors.py), refuses with ErrUnknownLicense those it
// refuses as unknown licenses, and prints the others with the same terms,
// spelt the same, and operators in the same order.
func TestPackagingVectors(t *testing.T) {
	f, err := os.Open("testdata/vectors.jsonl")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, unknown := 0, 0
	for sc.Scan() {
		var v struct {
			Expr      string  `json:"expr"`
			Valid     bool    `json:"valid"`
			Canonical *string `json:"canonical"`
			Error     string  `json:"error"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v))
		n++
		e, err := Parse(v.Expr)
		if !v.Valid {
			assert.Error(t, err, "packaging refuses %q (%s)", v.Expr, v.Error)
			// packaging's tokenizer reads some syntax errors ("+MIT") as
			// unknown licenses; where ours finds an unknown identifier,
			// it must be the one packaging names.
			var ue *UnknownLicenseError
			if errors.As(err, &ue) {
				unknown++
				assert.Contains(t, v.Error, "'"+strings.ToLower(ue.ID)+"'", v.Expr)
			}
			continue
		}
		require.NoError(t, err, v.Expr)
		// The same terms, spelt the same, and operators in the same
		// order; packaging keeps the parentheses as written.
		strip := func(s string) string {
			return strings.Join(strings.Fields(strings.NewReplacer("(", " ", ")", " ").Replace(s)), " ")
		}
		assert.Equal(t, strip(*v.Canonical), strip(e.String()), v.Expr)
	}
	require.NoError(t, sc.Err())
	assert.Greater(t, n, 1500)
	assert.Greater(t, unknown, 10, "vectors with identifiers not on the SPDX list")
}

func TestPolicy(t *testing.T) {
	p := &Policy{
		Allow: []string{"MIT", "apache-2.0", "BSD-3-Clause", "GPL-2.0-only WITH Classpath-exception-2.0", "LGPL-2.1-only", "LicenseRef-acme"},
		Deny:  []string{"GPL-3.0-only", "AGPL-3.0-or-later", "eCos-exception-2.0"},
	}
	tests := []struct {
		expr, want string
	}{
		{"MIT", "allowed: MIT"},
		{"mit", "allowed: MIT"},
		{"MIT OR GPL-3.0-only", "allowed: MIT"},
		{"GPL-3.0-only OR MIT", "allowed: MIT"},
		{"MIT AND GPL-3.0-only", "refused: GPL-3.0-only: denied"},
		{"GPL-3.0", "refused: GPL-3.0: denied"}, // deprecated id, read as GPL-3.0-only
		{"ISC", "refused: ISC: not allowed"},
		{"ISC OR GPL-3.0-only", "refused: ISC: not allowed; GPL-3.0-only: denied"},
		{"(MIT AND ISC) OR (Apache-2.0 AND BSD-3-Clause)", "allowed: Apache-2.0, BSD-3-Clause"},
		{"GPL-2.0-only WITH Classpath-exception-2.0", "allowed: GPL-2.0-only WITH Classpath-exception-2.0"},
		{"GPL-2.0 WITH Classpath-exception-2.0", "allowed: GPL-2.0 WITH Classpath-exception-2.0"},
		{"GPL-2.0-only", "refused: GPL-2.0-only: not allowed"},
		{"MIT WITH eCos-exception-2.0", "refused: MIT WITH eCos-exception-2.0: exception denied"},
		{"Apache-2.0 WITH LLVM-exception", "allowed: Apache-2.0 WITH LLVM-exception"},
		{"LGPL-2.1+", "allowed: LGPL-2.1+"},                 // or later: 2.1 may be chosen
		{"LGPL-2.1-or-later", "allowed: LGPL-2.1-or-later"}, // likewise
		{"AGPL-3.0+", "refused: AGPL-3.0+: denied"},
		{"MIT+", "allowed: MIT+"},
		{"licenseref-ACME", "allowed: LicenseRef-ACME"},
		{"LicenseRef-other", "refused: LicenseRef-other: not allowed"},
		{"ISC AND ISC", "refused: ISC: not allowed"}, // reported once
	}
	for _, tt := range tests {
		d, err := p.EvaluateString(tt.expr)
		require.NoError(t, err, tt.expr)
		assert.Equal(t, tt.want, d.String(), tt.expr)
		assert.Equal(t, strings.HasPrefix(tt.want, "allowed"), d.Allowed)
	}

	// Deny only: everything else is allowed.
	deny := &Policy{Deny: []string{"GPL-3.0-or-later"}}
	d, err := deny.EvaluateString("GPL-3.0+ OR ISC")
	require.NoError(t, err)
	assert.Equal(t, "allowed: ISC", d.String())
	d, err = deny.EvaluateString("GPL-3.0+")
	require.NoError(t, err)
	assert.Equal(t, []Refusal{{License{ID: "GPL-3.0", OrLater: true}, "denied"}}, d.Refused)

	// The zero policy allows anything that parses.
	var zero Policy
	d, err = zero.EvaluateString("LicenseRef-whatever AND GPL-3.0-only")
	require.NoError(t, err)
	assert.True(t, d.Allowed)
	_, err = zero.EvaluateString("MIT AND")
	assert.ErrorIs(t, err, ErrInvalidExpression)
}

func TestNormalize(t *testing.T) {
	assert.Equal(t, License{ID: "GPL-2.0-only"}, Normalize(License{ID: "GPL-2.0"}))
	assert.Equal(t, License{ID: "gpl-2.0-or-later"}, Normalize(License{ID: "gpl-2.0", OrLater: true}))
	assert.Equal(t, License{ID: "LGPL-2.1-only", Exception: "X"}, Normalize(License{ID: "LGPL-2.1", Exception: "X"}))
	assert.Equal(t, License{ID: "MIT", OrLater: true}, Normalize(License{ID: "MIT", OrLater: true}))
	assert.Equal(t, License{ID: "GPL-2.0-only"}, Normalize(License{ID: "GPL-2.0-only"}))
	assert.Equal(t, License{ID: "GPL-2.0-or-later"}, Normalize(License{ID: "GPL-2.0-or-later", OrLater: true}), `"+" after "-or-later" says nothing more`)
}

func TestFromMetadata(t *testing.T) {
	tests := []struct {
		expr, text  string
		classifiers []string
		want, from  string // want "" for unknown
		inferred    bool
	}{
		{"MIT OR Apache-2.0", "ignored", []string{"License :: OSI Approved :: BSD License"}, "MIT OR Apache-2.0", "License-Expression", false},
		{"", "", []string{"License :: OSI Approved :: MIT License", "Programming Language :: Python"}, "MIT", "Classifier", true},
		{"", "", []string{"License :: OSI Approved :: MIT License", "License :: OSI Approved :: Apache Software License 2.0 (Apache-2.0)"}, "MIT AND Apache-2.0", "Classifier", true},
		{"", "", []string{"License :: OSI Approved :: MIT License", "License :: OSI Approved :: MIT License"}, "MIT", "Classifier", true},
		{"", "MIT", []string{"License :: OSI Approved :: MIT License", "License :: OSI Approved :: BSD License"}, "", "", false}, // ambiguous classifier
		{"", "Apache License, Version 2.0", nil, "Apache-2.0", "License", true},
		{"", "  mit   license ", []string{"Topic :: Utilities"}, "MIT", "License", true},
		{"", "GPLv3", nil, "", "", false},
		{"", "BSD", nil, "", "", false},
		{"", "Permission is hereby granted, free of charge, ...", nil, "", "", false},
		{"", "", nil, "", "", false},
		{"", "", []string{"License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)"}, "GPL-3.0-or-later", "Classifier", true},
	}
	for _, tt := range tests {
		d, err := FromMetadata(tt.expr, tt.text, tt.classifiers)
		require.NoError(t, err)
		if tt.want == "" {
			assert.Nil(t, d, "%+v", tt)
			continue
		}
		require.NotNil(t, d, "%+v", tt)
		assert.Equal(t, tt.want, d.Expression.String())
		assert.Equal(t, tt.from, d.From)
		assert.Equal(t, tt.inferred, d.Inferred)
	}
	_, err := FromMetadata("MIT/ISC", "", nil)
	assert.ErrorIs(t, err, ErrInvalidExpression)
}

func TestFromClassifier(t *testing.T) {
	id, ok := FromClassifier("License :: OSI Approved :: ISC License (ISCL)")
	assert.True(t, ok)
	assert.Equal(t, "ISC", id)
	id, ok = FromClassifier("License ::  OSI Approved  :: Python Software Foundation License")
	assert.True(t, ok)
	assert.Equal(t, "PSF-2.0", id)
	for _, c := range []string{"License :: OSI Approved :: BSD License", "License :: OSI Approved :: GNU General Public License (GPL)",
		"License :: OSI Approved :: Artistic License", "License :: Other/Proprietary License", "Topic :: Utilities"} {
		_, ok := FromClassifier(c)
		assert.False(t, ok, c)
	}
	// Every mapped id parses.
	for _, c := range []string{"MIT License", "GNU Affero General Public License v3", "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication"} {
		id, ok := FromClassifier("License :: OSI Approved :: " + c)
		require.True(t, ok, c)
		_, err := Parse(id)
		require.NoError(t, err)
	}
}

// TestInferredIDsOnList: every identifier FromClassifier and FromText can
// return is on the SPDX license list, spelt as the list spells it. The
// identifiers are read from the functions' return statements.
func TestInferredIDsOnList(t *testing.T) {
	fset := gotoken.NewFileSet()
	f, err := goparser.ParseFile(fset, "infer.go", nil, 0)
	require.NoError(t, err)
	n := 0
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || (fn.Name.Name != "FromClassifier" && fn.Name.Name != "FromText") {
			continue
		}
		ast.Inspect(fn, func(node ast.Node) bool {
			ret, ok := node.(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 2 {
				return true
			}
			lit, ok := ret.Results[0].(*ast.BasicLit)
			if !ok || lit.Value == `""` {
				return true
			}
			id, err := strconv.Unquote(lit.Value)
			require.NoError(t, err)
			got, _, known := LookupLicense(id)
			assert.True(t, known, "%s returns %q, not on the SPDX list", fn.Name.Name, id)
			assert.Equal(t, got, id, "%s spells %q", fn.Name.Name, id)
			n++
			return true
		})
	}
	assert.Greater(t, n, 20)
}

func TestPolicyValidate(t *testing.T) {
	ok := &Policy{
		Allow: []string{"MIT", "apache-2.0", "GPL-2.0-only WITH Classpath-exception-2.0", "LGPL-2.1+", "LicenseRef-acme"},
		Deny:  []string{"GPL-3.0-only", "eCos-exception-2.0"},
	}
	assert.NoError(t, ok.Validate())
	var zero Policy
	assert.NoError(t, zero.Validate())

	bad := &Policy{
		Allow: []string{"MIT", "Apache2", "MIT OR ISC"},
		Deny:  []string{"GPL3", "MIT WITH Foo-exception", "eCos-exception-2.0", "Classpath-exception-2.0 AND MIT"},
	}
	err := bad.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrUnknownLicense)
	assert.Equal(t, `license policy: allow[1] "Apache2": license: invalid SPDX expression "Apache2": offset 0: unknown license "Apache2" (not on the SPDX license list `+SPDXListVersion+`; name a license it lacks as LicenseRef-...)
license policy: allow[2] "MIT OR ISC": license: invalid SPDX expression "MIT OR ISC": offset 0: an entry is one license (with an optional exception), not an expression
license policy: deny[0] "GPL3": license: invalid SPDX expression "GPL3": offset 0: unknown license "GPL3" (not on the SPDX license list `+SPDXListVersion+`; name a license it lacks as LicenseRef-...)
license policy: deny[1] "MIT WITH Foo-exception": license: invalid SPDX expression "MIT WITH Foo-exception": offset 9: unknown license exception "Foo-exception" (not on the SPDX license list `+SPDXListVersion+`)
license policy: deny[3] "Classpath-exception-2.0 AND MIT": license: invalid SPDX expression "Classpath-exception-2.0 AND MIT": offset 0: unknown license "Classpath-exception-2.0" (not on the SPDX license list `+SPDXListVersion+`; name a license it lacks as LicenseRef-...)`, err.Error())
}

// TestPolicyEntryForms: every entry form Validate accepts takes effect in
// Evaluate.
func TestPolicyEntryForms(t *testing.T) {
	for _, tc := range []struct {
		policy Policy
		expr   string
		want   string
	}{
		{Policy{Deny: []string{"(GPL-3.0-only)"}}, "GPL-3.0-only", "refused: GPL-3.0-only: denied"},
		{Policy{Deny: []string{"GPL-2.0-only WITH Classpath-exception-2.0"}}, "GPL-2.0-only WITH Classpath-exception-2.0", "refused: GPL-2.0-only WITH Classpath-exception-2.0: denied"},
		{Policy{Deny: []string{"GPL-2.0-only WITH Classpath-exception-2.0"}}, "GPL-2.0-only", "allowed: GPL-2.0-only"},
		{Policy{Deny: []string{"GPL-2.0-only WITH Classpath-exception-2.0"}, Allow: []string{"GPL-2.0-only WITH Classpath-exception-2.0"}}, "GPL-2.0-only WITH Classpath-exception-2.0", "refused: GPL-2.0-only WITH Classpath-exception-2.0: denied"},
		{Policy{Deny: []string{"Classpath-exception-2.0"}}, "GPL-2.0-only WITH Classpath-exception-2.0", "refused: GPL-2.0-only WITH Classpath-exception-2.0: exception denied"},
		{Policy{Allow: []string{"GPL-2.0-or-later+"}}, "GPL-2.0-or-later", "allowed: GPL-2.0-or-later"},
		{Policy{Allow: []string{"(MIT)"}}, "MIT", "allowed: MIT"},
		{Policy{Allow: []string{"mit"}}, "MIT", "allowed: MIT"},
		{Policy{Allow: []string{"GPL-2.0+"}}, "GPL-2.0-or-later", "allowed: GPL-2.0-or-later"},
		{Policy{Allow: []string{"LGPL-2.1+"}}, "LGPL-2.1-only", "refused: LGPL-2.1-only: not allowed"},
	} {
		require.NoError(t, tc.policy.Validate(), "%+v", tc.policy)
		d, err := tc.policy.EvaluateString(tc.expr)
		require.NoError(t, err)
		assert.Equal(t, tc.want, d.String(), "%+v on %s", tc.policy, tc.expr)
	}
	err := (&Policy{Allow: []string{"Classpath-exception-2.0"}}).Validate()
	assert.EqualError(t, err, `license policy: allow[0] "Classpath-exception-2.0": an exception alone may only be denied; allow it with a license ("GPL-2.0-only WITH Classpath-exception-2.0")`)
}
