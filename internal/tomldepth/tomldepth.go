// Package tomldepth bounds the nesting of a TOML document before a
// recursive parser sees it.
//
// go-toml parses arrays and inline tables recursively, so a document of a
// few megabytes of "[" can exhaust the stack. Line finds, in one linear
// scan that skips strings and comments, whether arrays and inline tables
// nest deeper than a limit, and on which line. It is shared by the policy
// files of policy/config and the locks of resolve/lockfile.
package tomldepth

import "bytes"

// Line returns the 1-based line where arrays and inline tables first nest
// deeper than max, or 0 if they never do. Brackets inside strings (basic,
// literal and multi-line) and comments do not count. It does not check
// that data is valid TOML: a document it passes may still be refused by
// the parser, never the other way round for depth.
func Line(data []byte, max int) int {
	var special [256]bool
	for _, c := range []byte("\n#\"'[{]}") {
		special[c] = true
	}
	depth := 0
	line := 1
	for i := 0; i < len(data); i++ {
		for i < len(data) && !special[data[i]] {
			i++
		}
		if i == len(data) {
			break
		}
		switch c := data[i]; c {
		case '\n':
			line++
		case '#':
			if j := bytes.IndexByte(data[i:], '\n'); j >= 0 {
				i += j - 1
			} else {
				i = len(data) - 1
			}
		case '"', '\'':
			if i+2 < len(data) && data[i+1] == c && data[i+2] == c {
				i += 3
				for i < len(data) && !(i+2 < len(data) && data[i] == c && data[i+1] == c && data[i+2] == c) {
					if data[i] == '\\' && c == '"' {
						i++
					} else if data[i] == '\n' {
						line++
					}
					i++
				}
				i += 2
				continue
			}
			i = skipString(data, i+1, c)
			if i < len(data) && data[i] == '\n' {
				i--
			}
		case '[', '{':
			depth++
			if depth > max {
				return line
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return 0
}

// skipString returns the index of the quote c that ends the one-line
// string starting at i, or of the newline before it, or len(data) or
// more: a backslash in a basic string hides the byte after it.
func skipString(data []byte, i int, c byte) int {
	for i < len(data) {
		rest := data[i:]
		end := bytes.IndexByte(rest, c)
		if end < 0 {
			end = len(rest)
		}
		nl := bytes.IndexByte(rest[:end], '\n')
		if c == '"' {
			if bs := bytes.IndexByte(rest[:end], '\\'); bs >= 0 && (nl < 0 || bs < nl) {
				i += bs + 2
				continue
			}
		}
		if nl >= 0 {
			return i + nl
		}
		return i + end
	}
	return i
}
