package simpleapi

// NormalizeName returns the PEP 503 normalized form of a project name:
// runs of '-', '_' and '.' collapse into one '-', and ASCII letters are
// lower-cased. "Foo.Bar__baz" becomes "foo-bar-baz".
//
// Only ASCII letters are lower-cased. pypa/packaging's canonicalize_name
// lower-cases with Unicode rules, under which U+212A KELVIN SIGN becomes
// "k"; a name with such characters is invalid anyway ([ValidateName]), and
// keeping them distinct means a look-alike name can never normalize onto a
// real one. NormalizeName does not validate; call [ValidateName] first
// when the name comes from outside.
func NormalizeName(name string) string {
	// Fast path: already normalized.
	if isNormalizedForm(name) {
		return name
	}
	b := make([]byte, 0, len(name))
	sep := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '-' || c == '_' || c == '.':
			if !sep {
				b = append(b, '-')
				sep = true
			}
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		b = append(b, c)
		sep = false
	}
	return string(b)
}

// isNormalizedForm reports whether NormalizeName(s) == s, without
// allocating.
func isNormalizedForm(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', c == '_', c == '.':
			return false
		case c == '-' && i > 0 && s[i-1] == '-':
			return false
		}
	}
	return true
}

// ValidateName checks a project name against the PyPA name specification
// (the rule PEP 508 gives for distribution names): ASCII letters, digits,
// '.', '_' and '-' only, starting and ending with a letter or digit.
// The check is done on the raw bytes, before any case folding. The error
// is a [*NameError] matching [ErrInvalidName].
func ValidateName(name string) error {
	if name == "" {
		return &NameError{Name: name, Reason: "empty"}
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if isAlnum(c) {
			continue
		}
		if c == '-' || c == '_' || c == '.' {
			if i == 0 || i == len(name)-1 {
				return &NameError{Name: name, Reason: "must start and end with an ASCII letter or digit"}
			}
			continue
		}
		return &NameError{Name: name, Reason: "only ASCII letters, digits, '.', '_' and '-' are allowed"}
	}
	return nil
}

// IsNormalizedName reports whether name is valid and already in PEP 503
// normalized form, as required for the "name" key of a JSON project page
// and for the last segment of a project URL.
func IsNormalizedName(name string) bool {
	return ValidateName(name) == nil && isNormalizedForm(name)
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// lowerASCII lower-cases ASCII letters of b in place and returns b.
func lowerASCII(b []byte) []byte {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

// lowerASCIIString returns s with ASCII letters lower-cased, without
// allocating when there are none.
func lowerASCIIString(s string) string {
	if hasUpperASCII(s) {
		return string(lowerASCII([]byte(s)))
	}
	return s
}

// hasUpperASCII reports whether s holds a byte in 'A'..'Z'. Hex digests
// are checked eight bytes at a time: for bytes below 0x80, adding
// 0x80-'A' sets the high bit exactly for bytes >= 'A', and adding
// 0x80-'Z'-1 exactly for bytes > 'Z', with no carry between bytes.
func hasUpperASCII(s string) bool {
	const ones = 0x0101010101010101
	i := 0
	for ; i+8 <= len(s); i += 8 {
		v := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if v&(0x80*ones) != 0 {
			break // non-ASCII: byte by byte
		}
		if (v+(0x80-'A')*ones)&^(v+(0x80-'Z'-1)*ones)&(0x80*ones) != 0 {
			return true
		}
	}
	for ; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}
