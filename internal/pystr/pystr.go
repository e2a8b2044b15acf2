// Package pystr holds Python's string rules that the parsers must follow
// exactly, so that safeindex and pypa/packaging agree on every input.
package pystr

// IsSpace reports whether r is whitespace as Python's str.isspace and the
// re module's \s on str define it: Go's unicode.IsSpace set plus the ASCII
// information separators U+001C to U+001F.
func IsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0,
		0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return 0x2000 <= r && r <= 0x200a
}
