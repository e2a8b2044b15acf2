package pep508

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// pyLiteral decodes a quoted marker string the way packaging does: it hands
// the token to Python's ast.literal_eval, so the text between the quotes is a
// Python 3 string literal (CPython 3.11 rules). The token (quotes included)
// never contains its own quote character, by the tokenizer's definition.
//
// Rules reproduced: a raw NUL, LF or CR in the literal is an error; escapes
// are \\ \' \" \a \b \f \n \r \t \v, \ooo (one to three octal digits, up to
// \777), \xhh, \uhhhh, \Uhhhhhhhh (at most U+10FFFF) and backslash-newline
// (a line continuation, also before CR or CRLF); any other character after a
// backslash keeps the backslash ("\q" is `\q`); a backslash just before the
// closing quote escapes it, leaving the literal unterminated.
//
// Deliberate differences: \N{NAME} needs the Unicode name database, which Go's
// standard library lacks, so it is reported as an error instead of being
// looked up; \u and \U escapes of surrogates (U+D800 to U+DFFF), which make a
// Python string that is not valid Unicode, decode to U+FFFD.
func pyLiteral(tok string) (string, string) {
	body := tok[1 : len(tok)-1]
	if strings.IndexByte(body, '\\') < 0 {
		if strings.ContainsAny(body, "\x00\n\r") {
			return "", rawReason(body)
		}
		return body, ""
	}
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); {
		c := body[i]
		switch c {
		case 0, '\n', '\r':
			return "", rawReason(body[i : i+1])
		case '\\':
		default:
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(body) {
			return "", "the backslash escapes the closing quote, so the string is unterminated"
		}
		e := body[i+1]
		i += 2
		switch e {
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '\n':
			// line continuation
		case '\r':
			if i < len(body) && body[i] == '\n' {
				i++
			}
		case 0:
			return "", "NUL byte in quoted string"
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := rune(e - '0')
			for k := 0; k < 2 && i < len(body) && '0' <= body[i] && body[i] <= '7'; k++ {
				v = v*8 + rune(body[i]-'0')
				i++
			}
			b.WriteRune(v)
		case 'x', 'u', 'U':
			n := 2
			if e == 'u' {
				n = 4
			} else if e == 'U' {
				n = 8
			}
			v, ok := hexValue(body[i:], n)
			if !ok {
				return "", "truncated \\" + string(e) + " escape"
			}
			i += n
			if v > unicode.MaxRune {
				return "", "\\U escape beyond U+10FFFF"
			}
			b.WriteRune(v) // surrogates become U+FFFD
		case 'N':
			return "", "\\N{...} escapes are not supported"
		default:
			b.WriteByte('\\') // unknown escape: kept as written
			b.WriteByte(e)
		}
	}
	return b.String(), ""
}

func rawReason(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		return "NUL byte in quoted string"
	}
	return "line break in quoted string"
}

func hexValue(s string, n int) (rune, bool) {
	if len(s) < n {
		return 0, false
	}
	var v rune
	for k := 0; k < n; k++ {
		c := s[k]
		switch {
		case '0' <= c && c <= '9':
			v = v<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// quoteValue writes a marker value as packaging's Value.serialize does:
// in double quotes, or in single quotes when the value holds a double quote.
// packaging raises ValueError for a value holding both quotes, and writes
// values holding a backslash, a line break or a NUL so that they read back
// differently or not at all ("a\\b" is written "a\b", which reads back with
// a backspace). For those values alone quoteValue writes a double-quoted
// Python literal with escapes (\\, \x22, \n, \r, \x00) that reads back as
// the same value, so String always round-trips.
func quoteValue(b *strings.Builder, v string) {
	q := byte('"')
	if strings.IndexByte(v, '"') >= 0 {
		q = '\''
	}
	if !strings.ContainsAny(v, "\\\n\r\x00") && (q == '"' || strings.IndexByte(v, '\'') < 0) {
		b.WriteByte(q)
		b.WriteString(v)
		b.WriteByte(q)
		return
	}
	if !strings.ContainsAny(v, "\n\r\x00") && (q == '"' || strings.IndexByte(v, '\'') < 0) {
		// Only backslashes: packaging's form is right when it reads back.
		tok := string(q) + v + string(q)
		if got, reason := pyLiteral(tok); reason == "" && got == v {
			b.WriteString(tok)
			return
		}
	}
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\x22`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\x00`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// canonicalName is packaging's canonicalize_name (PEP 503 and PEP 685) for
// extra names in markers: Python's str.lower(), then "_" and "." become "-",
// then runs of "-" collapse. Marker literals may hold any text, so the
// lower-casing is Python's full Unicode one (pyLower), unlike
// simpleapi.NormalizeName, which is for project names and is ASCII-only.
func canonicalName(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' || c == '_' || c == '.' || c == '-' && i+1 < len(s) && s[i+1] == '-' {
			ascii = false
			break
		}
	}
	if ascii {
		return s // already canonical
	}
	low := pyLower(s)
	var b strings.Builder
	b.Grow(len(low))
	dash := false
	for i := 0; i < len(low); i++ {
		c := low[i]
		if c == '_' || c == '.' || c == '-' {
			if !dash {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		dash = false
		b.WriteByte(c)
	}
	return b.String()
}

// pyLower is Python's str.lower(): Unicode full lower-case mapping, which
// differs from Go's per-rune unicode.ToLower in two places: U+0130 (capital I
// with dot above) becomes "i" + U+0307, and capital sigma becomes final sigma
// (U+03C2) at the end of a word (the Final_Sigma condition of the Unicode
// standard, section 3.13, as CPython implements it). Case data is Go's
// Unicode tables, which may be a newer Unicode version than the Python that
// produced the test vectors.
func pyLower(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
		case r == 0x130:
			b.WriteString("i\u0307")
		case r == 0x3a3:
			if finalSigma(s, i) {
				b.WriteRune(0x3c2)
			} else {
				b.WriteRune(0x3c3)
			}
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma reports whether the capital sigma at byte i of s is preceded by
// a cased letter and not followed by one, skipping case-ignorable characters
// on both sides.
func finalSigma(s string, i int) bool {
	j := i
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		j -= n
		if caseIgnorable(r) {
			continue
		}
		if !cased(r) {
			return false
		}
		goto after
	}
	return false
after:
	for _, r := range s[i+2:] { // capital sigma is two bytes
		if caseIgnorable(r) {
			continue
		}
		return !cased(r)
	}
	return true
}

func cased(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) ||
		unicode.Is(unicode.Other_Lowercase, r) || unicode.Is(unicode.Other_Uppercase, r)
}

// caseIgnorable is Unicode's Case_Ignorable: Mn, Me, Cf, Lm, Sk, and the
// Word_Break classes MidLetter, MidNumLet and Single_Quote.
func caseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', 0xb7, 0x387, 0x55f, 0x5f4, 0x2018, 0x2019, 0x2024, 0x2027,
		0xfe13, 0xfe52, 0xfe55, 0xff07, 0xff0e, 0xff1a:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
