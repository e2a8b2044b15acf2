package pep508

import (
	"unicode"
	"unicode/utf8"

	"github.com/safeindex/safeindex/internal/pystr"
)

// The helpers in this file reproduce, character for character, the token
// rules of packaging 26.x's tokenizer (packaging/_tokenizer.py), which are
// Python regular expressions over str: \b and \s follow Python's Unicode
// definitions, not Go's regexp package, so they are written out by hand.

// isPyWord reports whether r is a word character for Python's re module on
// str patterns: str.isalnum() or "_". isalnum is a letter (Lu, Ll, Lt, Lm,
// Lo) or a character with a numeric value (Nd, Nl, No).
func isPyWord(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// boundary reports whether Python's \b holds at byte offset i of s.
func boundary(s string, i int) bool {
	before, after := false, false
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		before = isPyWord(r)
	}
	if i < len(s) {
		r, _ := utf8.DecodeRuneInString(s[i:])
		after = isPyWord(r)
	}
	return before != after
}

// skipWS skips the WS token, [ \t]*.
func skipWS(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// skipPySpace skips \s*.
func skipPySpace(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !pystr.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// matchIdentifier matches IDENTIFIER, \b[a-zA-Z0-9][a-zA-Z0-9._-]*\b, at i
// and returns its end, or -1. The regex is greedy and backtracks to the
// longest prefix that ends at a word boundary: "foo." gives "foo", "foo_"
// stays whole.
func matchIdentifier(s string, i int) int {
	if i >= len(s) || !isAlnum(s[i]) || !boundary(s, i) {
		return -1
	}
	end := i + 1
	for end < len(s) && (isAlnum(s[end]) || s[end] == '.' || s[end] == '_' || s[end] == '-') {
		end++
	}
	for ; end > i; end-- {
		if boundary(s, end) {
			return end
		}
	}
	return -1
}

// matchWord matches a keyword such as "and" between word boundaries
// (\bword\b) at i and returns its end, or -1.
func matchWord(s string, i int, word string) int {
	if len(s)-i < len(word) || s[i:i+len(word)] != word || !boundary(s, i) || !boundary(s, i+len(word)) {
		return -1
	}
	return i + len(word)
}

// variableSpellings is the VARIABLE token's alternation in packaging's order,
// spelled out, with the canonical name each spelling stands for. The legacy
// dotted spellings and "python_implementation" are still accepted by
// packaging 26.x.
var variableSpellings = [...]struct{ spelling, name string }{
	{"python_version", "python_version"},
	{"python_full_version", "python_full_version"},
	{"os.name", "os_name"},
	{"os_name", "os_name"},
	{"sys.platform", "sys_platform"},
	{"sys_platform", "sys_platform"},
	{"platform_release", "platform_release"},
	{"platform_system", "platform_system"},
	{"platform.version", "platform_version"},
	{"platform_version", "platform_version"},
	{"platform.machine", "platform_machine"},
	{"platform_machine", "platform_machine"},
	{"platform.python_implementation", "platform_python_implementation"},
	{"platform_python_implementation", "platform_python_implementation"},
	{"python_implementation", "platform_python_implementation"},
	{"implementation_name", "implementation_name"},
	{"implementation_version", "implementation_version"},
	{"extras", "extras"},
	{"extra", "extra"},
	{"dependency_groups", "dependency_groups"},
}

// matchVariable matches VARIABLE at i and returns its end and canonical
// name, or -1.
func matchVariable(s string, i int) (int, string) {
	for _, v := range variableSpellings {
		if end := matchWord(s, i, v.spelling); end >= 0 {
			return end, v.name
		}
	}
	return -1, ""
}

// matchQuoted matches QUOTED_STRING, '[^']*' or "[^"]*", at i and returns
// its end, or -1. The contents are decoded separately (pyLiteral).
func matchQuoted(s string, i int) int {
	if i >= len(s) || s[i] != '\'' && s[i] != '"' {
		return -1
	}
	for j := i + 1; j < len(s); j++ {
		if s[j] == s[i] {
			return j + 1
		}
	}
	return -1
}

// matchMarkerOp matches OP, ===|==|~=|!=|<=|>=|<|>, at i.
func matchMarkerOp(s string, i int) int {
	for _, op := range [...]string{"===", "==", "~=", "!=", "<=", ">=", "<", ">"} {
		if len(s)-i >= len(op) && s[i:i+len(op)] == op {
			return i + len(op)
		}
	}
	return -1
}

// matchSpecifier matches the SPECIFIER token at i and returns its end,
// or -1. The token is packaging's Specifier regular expression (without
// the surrounding \s*), matched with re.IGNORECASE; its optional groups are
// greedy and nothing after them is required, so taking each group when it
// matches gives exactly the regex's answer:
//
//	===  \s* [^\s;)]*
//	==|!= \s* v? (N!)? N(.N)* ( .* | pre? post? dev? local? )
//	~=   \s* v? (N!)? N(.N)+ pre? post? dev?
//	<=|>=|<|> \s* v? (N!)? N(.N)* pre? post? dev?
func matchSpecifier(s string, i int) int {
	rest := s[i:]
	switch {
	case hasPrefix(rest, "==="):
		j := skipPySpace(s, i+3)
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if pystr.IsSpace(r) || r == ';' || r == ')' {
				break
			}
			j += n
		}
		return j
	case hasPrefix(rest, "==") || hasPrefix(rest, "!="):
		j := matchVersionHead(s, skipPySpace(s, i+2), false)
		if j < 0 {
			return -1
		}
		if hasPrefix(s[j:], ".*") {
			return j + 2
		}
		return matchLocal(s, matchDev(s, matchPost(s, matchPre(s, j))))
	case hasPrefix(rest, "~="):
		j := matchVersionHead(s, skipPySpace(s, i+2), true)
		if j < 0 {
			return -1
		}
		return matchDev(s, matchPost(s, matchPre(s, j)))
	case hasPrefix(rest, "<=") || hasPrefix(rest, ">="):
		if j := matchVersionHead(s, skipPySpace(s, i+2), false); j >= 0 {
			return matchDev(s, matchPost(s, matchPre(s, j)))
		}
		return -1 // "<" then "=" cannot start a version
	case hasPrefix(rest, "<") || hasPrefix(rest, ">"):
		j := matchVersionHead(s, skipPySpace(s, i+1), false)
		if j < 0 {
			return -1
		}
		return matchDev(s, matchPost(s, matchPre(s, j)))
	}
	return -1
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// matchVersionHead matches v? ([0-9]+!)? [0-9]+(\.[0-9]+)* (with + instead
// of the last * when twoParts is set).
func matchVersionHead(s string, i int, twoParts bool) int {
	if i < len(s) && (s[i] == 'v' || s[i] == 'V') {
		i++
	}
	if k := skipDigits(s, i); k > i && k < len(s) && s[k] == '!' {
		if j := matchRelease(s, k+1, twoParts); j >= 0 {
			return j
		}
	}
	return matchRelease(s, i, twoParts)
}

func matchRelease(s string, i int, twoParts bool) int {
	j := skipDigits(s, i)
	if j == i {
		return -1
	}
	parts := 1
	for j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
		j = skipDigits(s, j+1)
		parts++
	}
	if twoParts && parts < 2 {
		return -1
	}
	return j
}

func isSep(s string, i int) bool {
	return i < len(s) && (s[i] == '-' || s[i] == '_' || s[i] == '.')
}

// matchFold matches the first of words (ASCII, case-insensitively) at i.
func matchFold(s string, i int, words ...string) int {
	for _, w := range words {
		if len(s)-i >= len(w) && asciiEqualFold(s[i:i+len(w)], w) {
			return i + len(w)
		}
	}
	return -1
}

func asciiEqualFold(a, b string) bool {
	for k := 0; k < len(a); k++ {
		x, y := a[k], b[k]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// matchTail matches [-_.]? WORD [-_.]? [0-9]* and returns i when it does not.
func matchTail(s string, i int, words ...string) int {
	k := i
	if isSep(s, k) {
		k++
	}
	k = matchFold(s, k, words...)
	if k < 0 {
		return i
	}
	if isSep(s, k) {
		k++
	}
	return skipDigits(s, k)
}

func matchPre(s string, i int) int {
	return matchTail(s, i, "alpha", "beta", "preview", "pre", "a", "b", "c", "rc")
}

func matchPost(s string, i int) int {
	if i+1 < len(s) && s[i] == '-' && isDigit(s[i+1]) {
		return skipDigits(s, i+1)
	}
	return matchTail(s, i, "post", "rev", "r")
}

func matchDev(s string, i int) int { return matchTail(s, i, "dev") }

// matchLocal matches \+[a-z0-9]+([-_.][a-z0-9]+)* and returns i when it
// does not. With fold unset it is the case-sensitive VERSION_LOCAL_LABEL_TRAIL
// token, which must match something to count.
func matchLocal(s string, i int) int {
	if j := matchLocalLabel(s, i, true); j >= 0 {
		return j
	}
	return i
}

func matchLocalLabel(s string, i int, fold bool) int {
	ok := func(c byte) bool {
		return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || fold && 'A' <= c && c <= 'Z'
	}
	if i+1 >= len(s) || s[i] != '+' || !ok(s[i+1]) {
		return -1
	}
	j := i + 1
	for j < len(s) && ok(s[j]) {
		j++
	}
	for j+1 < len(s) && isSep(s, j) && ok(s[j+1]) {
		j += 2
		for j < len(s) && ok(s[j]) {
			j++
		}
	}
	return j
}
