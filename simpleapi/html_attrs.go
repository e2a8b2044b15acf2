package simpleapi

import "bytes"

// The tokenizer's TagAttr copies every attribute key and value (to
// replace NUL bytes) and unescapes the value. On a PyPI-sized page that
// is most of the parser's allocations, for attributes whose raw bytes
// could be used as they are. rawAttrs walks the raw bytes of a start tag
// the way golang.org/x/net/html's tokenizer (v0.58.0, readTag) does, and
// is used only when decoding is trivial: no NUL or CR (newline
// normalization) anywhere in the tag, and only the few character
// references simpleRef knows.
// FuzzRawAttrs checks that it yields what TagAttr yields.

// simpleRef returns the length of the character reference b starts
// with, and the character it stands for, when it is one the fast path
// decodes itself (those PyPI and Python's html.escape write); otherwise
// 0. Each is complete, with its ';', so attribute-value decoding rules
// cannot differ.
func simpleRef(b []byte) (n int, char byte) {
	if len(b) < 4 || b[0] != '&' {
		return 0, 0
	}
	for _, r := range [...]struct {
		ref  string
		char byte
	}{
		{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'},
		{"&#39;", '\''}, {"&#x27;", '\''}, {"&#34;", '"'}, {"&#x22;", '"'},
	} {
		if bytes.HasPrefix(b, []byte(r.ref)) {
			return len(r.ref), r.char
		}
	}
	return 0, 0
}

// needsTokenizer reports whether the raw tag contains bytes the fast path
// does not handle: NUL, CR (newline normalization) or a character
// reference other than those simpleRef decodes.
func needsTokenizer(raw []byte) bool {
	if bytes.IndexByte(raw, 0) >= 0 || bytes.IndexByte(raw, '\r') >= 0 {
		return true
	}
	for i := bytes.IndexByte(raw, '&'); i >= 0; {
		if n, _ := simpleRef(raw[i:]); n == 0 {
			return true
		}
		j := bytes.IndexByte(raw[i+1:], '&')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// decodeSimpleRefs appends val to dst with its character references
// decoded; the caller has checked with needsTokenizer that every '&'
// starts one simpleRef knows.
func decodeSimpleRefs(dst, val []byte) []byte {
	for {
		i := bytes.IndexByte(val, '&')
		if i < 0 {
			return append(dst, val...)
		}
		dst = append(dst, val[:i]...)
		n, c := simpleRef(val[i:])
		if n == 0 { // not reached after needsTokenizer
			dst = append(dst, '&')
			val = val[i+1:]
			continue
		}
		dst = append(dst, c)
		val = val[i+n:]
	}
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

// rawAttrs calls fn with each attribute of the start tag raw ("<a k=v>"),
// in order, keys as written (not lower-cased) and values raw. Like the
// tokenizer, it skips attributes with an empty key; unlike it, it does
// not drop repeated keys (the caller keeps the first).
func rawAttrs(raw []byte, fn func(key, val []byte)) {
	i, n := 1, len(raw) // skip '<'
	// Tag name.
	for i < n && !isHTMLSpace(raw[i]) && raw[i] != '/' && raw[i] != '>' {
		i++
	}
	skip := func() {
		for i < n && isHTMLSpace(raw[i]) {
			i++
		}
	}
	skip()
	for i < n {
		if raw[i] == '>' {
			return
		}
		// Key: an '=' in first position belongs to the key.
		ks := i
		for i < n {
			c := raw[i]
			if c == '=' && i == ks {
				i++
				continue
			}
			if c == '=' || isHTMLSpace(c) || c == '/' || c == '>' {
				break
			}
			i++
		}
		key := raw[ks:i]
		// Value.
		var val []byte
		skip()
		switch {
		case i >= n:
		case raw[i] == '/':
			i++
		case raw[i] != '=':
		default:
			i++
			skip()
			if i < n {
				switch q := raw[i]; q {
				case '>':
				case '"', '\'':
					i++
					vs := i
					if j := bytes.IndexByte(raw[i:n], q); j >= 0 {
						i += j
					} else {
						i = n
					}
					val = raw[vs:i]
					if i < n {
						i++
					}
				default:
					vs := i
					for i < n && !isHTMLSpace(raw[i]) && raw[i] != '>' {
						i++
					}
					val = raw[vs:i]
				}
			}
		}
		if len(key) > 0 {
			fn(key, val)
		}
		skip()
	}
}

// forAttrs calls fn with each attribute of the current start tag, keys
// lower-cased, first occurrence only (as the tokenizer does), values
// decoded. raw is z.Raw(). Keys longer than maxAttrKey are skipped: none
// that the parser reads is that long.
func forAttrs(z attrTokenizer, raw []byte, hasAttr bool, fn func(key, val []byte) error) error {
	if !hasAttr {
		return nil
	}
	if needsTokenizer(raw) {
		for hasAttr {
			var key, val []byte
			key, val, hasAttr = z.TagAttr()
			if err := fn(key, val); err != nil {
				return err
			}
		}
		return nil
	}
	var err error
	var scratch []byte
	var seen [8][maxAttrKey]byte
	var seenLen [8]int
	var seenMore map[string]bool // beyond 8 keys (rare)
	nseen := 0
	rawAttrs(raw, func(key, val []byte) {
		if err != nil || len(key) > maxAttrKey {
			return
		}
		var kb [maxAttrKey]byte
		k := kb[:len(key)]
		copy(k, key)
		lowerASCII(k)
		for i := 0; i < nseen; i++ {
			if string(seen[i][:seenLen[i]]) == string(k) {
				return
			}
		}
		if nseen < len(seen) {
			seen[nseen], seenLen[nseen] = kb, len(k)
			nseen++
		} else {
			if seenMore[string(k)] {
				return
			}
			if seenMore == nil {
				seenMore = make(map[string]bool)
			}
			seenMore[string(k)] = true
		}
		if bytes.IndexByte(val, '&') >= 0 {
			scratch = decodeSimpleRefs(scratch[:0], val)
			val = scratch
		}
		err = fn(k, val)
	})
	return err
}

// maxAttrKey is the longest attribute name forAttrs passes on.
const maxAttrKey = 32

// attrTokenizer is the part of *html.Tokenizer forAttrs uses.
type attrTokenizer interface {
	TagAttr() (key, val []byte, moreAttr bool)
}
