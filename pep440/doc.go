// Package pep440 implements Python package versions and version
// specifiers as PEP 440 defines them and as pypa/packaging 26.x implements
// them: every input, valid or not, gets the answer packaging gives.
//
// # Versions
//
// A version is, in canonical form,
//
//	[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]
//
// Parse accepts every spelling PEP 440's normalization rules allow and
// returns the canonical form from String, as packaging's str(Version(s)):
//
//   - surrounding whitespace (Python's definition, including U+001C to
//     U+001F and the Unicode spaces) and one leading "v" are dropped, and
//     letters may be in any case;
//   - "alpha", "beta", "c", "pre" and "preview" are spelled "a", "b", "rc",
//     "rc" and "rc"; "rev" and "r" are spelled "post"; "1.0-1" is "1.0.post1";
//   - separators ".", "-" and "_" before and after the pre, post and dev
//     markers are optional, and a missing number is 0 ("1.0a" is "1.0a0");
//   - numbers lose leading zeros ("1.01" is "1.1") but trailing zero
//     components are kept ("1.0.0" stays "1.0.0");
//   - local labels are lower-cased and joined with "." ("1.0+Ubuntu-1" is
//     "1.0+ubuntu.1"); all-digit labels lose leading zeros.
//
// Only ASCII letters and digits are part of a version (packaging 26.1 and
// later). Numbers may be of any length up to 4,300 digits, CPython's limit
// on converting a string to an int, which packaging inherits; they parse,
// print and compare without loss.
//
// # Order
//
// Compare orders versions as PEP 440 (and packaging's _cmpkey) does: by
// epoch, then release with trailing zeros ignored (1.0 == 1.0.0), then
//
//	V.devN < VaN.devM < VaN < VaN.postM.devK < VaN.postM < Vb... < Vrc... < V
//	V < V+local < V.postN.devM < V.postN
//
// where "c" equals "rc". Local segments compare label by label: numbers by
// value, other labels as lower-case strings, any non-number label before any
// number label, and a shorter list first when it is a prefix of the longer.
//
// # Specifiers
//
// ParseSpecifierSet reads a comma-separated set of clauses, all of which
// must hold. The operators and the versions they allow:
//
//	==, !=      a full version, with +local, or epoch and release then ".*"
//	~=          at least two release components; pre, post, dev allowed
//	<=, >=, <, > no +local and no ".*"
//	===         any text without whitespace, ";" or ")", compared as a string
//
// Matching follows packaging 26.1 and later (which follows the PEP's text):
// "==1.0" matches "1.0+anything"; "<V" excludes V's own pre-releases unless
// V is itself a pre-release; ">V" excludes V's post-releases and local
// versions unless V is a post-release; "~=X.Y" means ">=X.Y, ==X.*"; and
// "===" compares case-insensitively, the candidate as written for
// ContainsString and FilterStrings, and the canonical form for a Version.
//
// # Pre-releases
//
// A pre-release is a version with an a, b, rc or dev segment
// (Version.IsPrerelease). By default (PrereleasesDefault) a set admits
// pre-releases when one of its clauses names one (">=2.0b1"), and
// otherwise Filter returns the matching pre-releases only when no final or
// post-release matched. Contains looks at one candidate, so a matching
// pre-release is accepted, as packaging's contains does. WithPrereleases
// forces pre-releases in or out, like packaging's prereleases=True/False.
//
// A resolver should choose among candidates with Filter, not by calling
// Contains on each: only Filter sees whether a final release exists.
//
// # Differences from packaging
//
// The behaviour is the same; the API is Go's. Accessors return Number, a
// decimal string, where packaging returns an int, so that huge numbers
// survive. Public and BaseVersion return Versions where packaging returns
// strings; their String is packaging's string. A number longer than 4,300
// digits is reported as ErrInvalidVersion where packaging lets CPython's
// ValueError through.
//
// All types are values and safe for concurrent use.
package pep440
