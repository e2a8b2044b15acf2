package pep440

import (
	"encoding/binary"
	"math/bits"
)

// The fast path of Parse. parseFast handles every valid version of up to
// fastMax bytes after white space is trimmed (trimPySpace), and returns
// exactly what the general parser (parser.parse) returns for it.
// For anything else, invalid input included, it reports false and Parse
// falls back to the general parser, which also words the errors.
//
// It works on a zero-padded copy of the input on the stack, eight bytes
// at a time: a run of up to seven digits is measured, stripped of leading
// zeros and stored, in the canonical form and in the key alike, with a few
// word operations and no loop (longer runs are read a word at a time);
// the segment markers (alpha, post, dev, ...) are matched as words. The
// canonical form and the key are built in one buffer and become the
// Version's string with one allocation and one copy.

// fastMax is the longest input parseFast takes, after trimming. With it,
// every index stays inside the buffers: input indices are at most
// fastMax+1 and are read 8 bytes on, within inMask+1+8; output indices
// stay below outMask (see fastBuf). On the common paths indices are
// masked with inMask and outMask, which changes none of them but lets the
// compiler drop the bounds checks; longNumber, taken for numbers of eight
// digits or more, keeps them.
const fastMax = 56

// fastBuf is the size of the key buffer, and half that of the canonical
// form's. The canonical form is at most fastMax bytes plus 2 for the
// pre-release ("c" gives "rc0"), 5 for the post-release ("r" gives
// ".post0") and 2 for the dev-release ("dev" gives ".dev0"): 65 bytes.
// The key takes at most 1.5 bytes per input byte and a few fixed ones: 2
// marker bytes and at most d bytes per number of d ≥ 1 digits after a
// separator, 3 per local label of at least 1 byte after a separator; 92
// bytes at most. Both stay below outMask, and every write is at most an
// 8-byte store from below it. TestParseFastAgrees pins both maxima.
const fastBuf = outMask + 1 + 9

const (
	inMask  = 63
	outMask = 127
)

// Byte masks for eight bytes in a word, first byte lowest.
const (
	ones8  = 0x0101010101010101
	zeros8 = '0' * ones8 // eight ASCII '0' bytes
	high8  = 0x8080808080808080
	lower8 = 0x2020202020202020 // c|0x20 is the lower case of ASCII letter c
)

// Marker words, lower case, first byte lowest.
const (
	wAlpha   = 'a' | 'l'<<8 | 'p'<<16 | 'h'<<24 | 'a'<<32
	wBeta    = 'b' | 'e'<<8 | 't'<<16 | 'a'<<24
	wPreview = 'p' | 'r'<<8 | 'e'<<16 | 'v'<<24 | 'i'<<32 | 'e'<<40 | 'w'<<48
	wPre     = 'p' | 'r'<<8 | 'e'<<16
	wPost    = 'p' | 'o'<<8 | 's'<<16 | 't'<<24
	wRev     = 'r' | 'e'<<8 | 'v'<<16
	wDev     = 'd' | 'e'<<8 | 'v'<<16
)

// mask returns a mask of the low n bytes of a word, n < 8.
func mask(n uint) uint64 { return 1<<(8*n) - 1 }

// digitRun returns how many of the bytes of x, first byte lowest, are
// ASCII digits before the first that is not (8 if all are). Borrows and
// carries only move upward, past the first non-digit, so the count is
// exact.
func digitRun(x uint64) int {
	t := x - zeros8
	nd := (t | (t + 0x7676767676767676)) & high8
	return bits.TrailingZeros64(nd) >> 3
}

// The buffers of one parseFast call, on its stack: the input padded with
// zero bytes, which are neither digits, letters nor separators; the key;
// and the canonical form, with room for the key to be moved after it.
type (
	fastIn   = [inMask + 1 + 8]byte
	fastOut  = [fastBuf]byte
	fastJoin = [2 * fastBuf]byte
)

// load returns the 8 input bytes at i as a word, first byte lowest.
func load(in *fastIn, i int) uint64 { return binary.LittleEndian.Uint64(in[i&inMask:]) }

// sepAt returns 1 if in[i] is a separator ('.', '-' or '_'), else 0,
// without a branch: the separators' bits are looked up in a 128-bit map
// held in two words, and bytes of 0x80 and above are masked out.
func sepAt(in *fastIn, i int) int {
	const lo, hi = 1<<'-' | 1<<'.', 1 << ('_' - 64)
	c := uint64(in[i&inMask])
	m := uint64(lo)
	if c >= 64 {
		m = hi
	}
	return int(m >> (c & 63) & (c>>7 ^ 1) & 1)
}

// number reads the digits at in[i:] (possibly none, meaning 0), writes
// their canonical form at c[cp:] and their key encoding (see keyLongNum)
// at k[kp:], and returns the three indices after what it read and wrote,
// and whether the number is 0.
func number(in *fastIn, i int, c *fastJoin, cp int, k *fastOut, kp int) (int, int, int, bool) {
	x := load(in, i)
	n := digitRun(x)
	if n == 8 {
		return longNumber(in, i, c, cp, k, kp)
	}
	if n == 0 {
		c[cp&outMask], k[kp&outMask] = '0', 0
		return i, cp + 1, kp + 1, true
	}
	// Leading zeros: the canonical digits start at the first non-'0'
	// byte, keeping the last digit ("00" gives "0").
	lz := min(bits.TrailingZeros64(x^zeros8)>>3, n-1)
	d := x >> (8 * uint(lz))
	m := n - lz // the count of canonical digits
	zero := byte(d) == '0'
	binary.LittleEndian.PutUint64(c[cp&outMask:], d)
	binary.LittleEndian.PutUint64(k[(kp+1)&outMask:], d)
	if zero {
		m = 0 // the key of 0 is the byte 0 alone
	}
	k[kp&outMask] = byte(m)
	return i + n, cp + n - lz, kp + 1 + m, zero
}

// longNumber is number for a run of eight digits or more, read eight
// bytes at a time.
func longNumber(in *fastIn, i int, c *fastJoin, cp int, k *fastOut, kp int) (int, int, int, bool) {
	j := i + 8
	for {
		n := digitRun(load(in, j))
		j += n
		if n < 8 {
			break
		}
	}
	for i < j-1 && in[i&inMask] == '0' {
		i++
	}
	d := in[i:j]
	cp += copy(c[cp:], d)
	if len(d) == 1 && d[0] == '0' {
		k[kp] = 0
		return j, cp, kp + 1, true
	}
	k[kp] = byte(len(d)) // < keyLongNum: the input is at most fastMax bytes
	return j, cp, kp + 1 + copy(k[kp+1:], d), false
}

// alnumRun returns how many of the bytes of x, first byte lowest, are
// ASCII letters or digits before the first that is not (8 if all are);
// how many are digits before the first that is not; and x with its
// letters in lower case. Each byte is tested on its low 7 bits, with sums
// that stay below 0x100, so that no carry crosses into the next byte, and
// bytes of 0x80 and above are masked out.
func alnumRun(x uint64) (run, digits int, lower uint64) {
	m7 := x &^ high8
	d := (m7 + (0x80-'0')*ones8) &^ (m7 + (0x7f-'9')*ones8) &^ x & high8
	y := m7 | lower8
	l := (y + (0x80-'a')*ones8) &^ (y + (0x7f-'z')*ones8) &^ x & high8
	run = bits.TrailingZeros64(^(d|l)&high8) >> 3
	digits = bits.TrailingZeros64(^d&high8) >> 3
	return run, digits, x | l>>2
}

// parseFast parses s as Parse does, for the inputs described at fastMax,
// and reports false for every other input. It returns the Version's
// fields (d, n, pub, rel, pfx, flags) rather than a Version: results in
// registers, which Parse puts together without going through memory. (A
// returned (Version, bool) was spilled and copied with loads that
// straddle the stores, a stall; a result written through a pointer costs
// a GC write barrier.)
func parseFast(s string) (string, uint32, uint32, uint32, uint64, uint8, bool) {
	s = trimPySpace(s) // as the general parser trims
	// A non-ASCII byte at either end is not part of a version, or starts
	// a character the general parser will word an error about.
	if len(s) == 0 || len(s) > fastMax || s[0] >= 0x80 || s[len(s)-1] >= 0x80 {
		return "", 0, 0, 0, 0, 0, false
	}
	// The input is copied first, so that its stores have left the store
	// buffer before the first word loads, which straddle them.
	var in fastIn
	copy(in[:], s)
	var (
		c      fastJoin
		k      fastOut
		i      int
		cp, kp int // lengths of c and k written
		zero   bool
		flags  uint8
	)
	if in[0]|0x20 == 'v' {
		i = 1
	}

	// Epoch and release.
	if !isDigit(in[i&inMask]) {
		return "", 0, 0, 0, 0, 0, false
	}
	// The first number is read as the first release number, after the
	// key's epoch 0 and its marker, and moved if it is the epoch.
	k[1] = 2
	i, cp, kp, zero = number(&in, i, &c, cp, &k, 2)
	if in[i&inMask] == '!' {
		kp = copy(k[:], k[2:kp])
		if zero {
			cp = 0 // the epoch is written only when it is not 0
		} else {
			c[cp&outMask] = '!'
			cp++
		}
		i++
		if !isDigit(in[i&inMask]) {
			return "", 0, 0, 0, 0, 0, false
		}
		k[kp&outMask] = 2
		i, cp, kp, zero = number(&in, i, &c, cp, &k, kp+1)
	}
	// kp is now past the first release number's key.
	trimmed := kp
	if zero {
		trimmed = kp - 2 // its marker and its 0
	}
	// Possessive: a dot followed by a digit always continues the release.
	for in[i&inMask] == '.' && isDigit(in[(i+1)&inMask]) {
		c[cp&outMask] = '.'
		k[kp&outMask] = 2
		i, cp, kp, zero = number(&in, i+1, &c, cp+1, &k, kp+1)
		if !zero {
			trimmed = kp
		}
	}
	kp = trimmed
	k[kp&outMask] = 1
	preAt := kp + 1
	k[preAt&outMask] = 4 // no pre-release, unless one follows
	kp += 2

	// Pre-release: [sep](alpha|a|beta|b|preview|pre|c|rc)[sep][N]
	j := i
	j += sepAt(&in, j)
	w := load(&in, j) | lower8
	kind, n := byte(0), 0
	switch byte(w) {
	case 'a':
		kind, n = 1, 1
		if w&mask(5) == wAlpha {
			n = 5
		}
	case 'b':
		kind, n = 2, 1
		if w&mask(4) == wBeta {
			n = 4
		}
	case 'c':
		kind, n = 3, 1
	case 'p':
		if w&mask(7) == wPreview {
			kind, n = 3, 7
		} else if w&mask(3) == wPre {
			kind, n = 3, 3
		}
	case 'r':
		if byte(w>>8) == 'c' {
			kind, n = 3, 2
		}
	}
	if n > 0 {
		i = j + n
		i += sepAt(&in, i)
		flags |= flagPre
		k[preAt&outMask] = kind
		// "a", "b" or "rc", written as two bytes: the second is overwritten
		// for the one-letter kinds.
		c[cp&outMask], c[(cp+1)&outMask] = "\x00abr"[kind], 'c'
		cp += 1 + int(kind>>1&kind) // 2 for rc (kind 3), else 1
		i, cp, kp, _ = number(&in, i, &c, cp, &k, kp)
	}
	rel := kp

	// Post-release: -N | [sep](post|rev|r)[sep][N]
	j = i
	n = 0
	if in[j&inMask] == '-' && isDigit(in[(j+1)&inMask]) {
		i = j + 1
		n = 1
	} else {
		j += sepAt(&in, j)
		w := load(&in, j) | lower8
		switch {
		case w&mask(4) == wPost:
			n = 4
		case w&mask(3) == wRev:
			n = 3
		case byte(w) == 'r':
			n = 1
		}
		if n > 0 {
			i = j + n
			i += sepAt(&in, i)
		}
	}
	k[kp&outMask] = 0 // no post-release, unless one follows
	kp++
	if n > 0 {
		flags |= flagPost
		k[(kp-1)&outMask] = 1
		cp += copy(c[cp&outMask:], ".post")
		i, cp, kp, _ = number(&in, i, &c, cp, &k, kp)
	}

	// Dev-release: [sep]dev[sep][N]
	j = i
	j += sepAt(&in, j)
	k[kp&outMask] = 1 // no dev-release, unless one follows
	kp++
	if (load(&in, j)|lower8)&mask(3) == wDev {
		i = j + 3
		i += sepAt(&in, i)
		flags |= flagDev
		k[(kp-1)&outMask] = 0
		cp += copy(c[cp&outMask:], ".dev")
		i, cp, kp, _ = number(&in, i, &c, cp, &k, kp)
	}
	if flags&(flagPre|flagPost|flagDev) == flagDev {
		k[preAt&outMask] = 0 // a dev-only release sorts before every pre-release
	}
	pub := kp

	// Local: +label([sep]label)*
	k[kp&outMask] = 0 // no local segment, unless one follows
	kp++
	if in[i&inMask] == '+' {
		i++
		c[cp&outMask] = '+'
		cp++
		k[(kp-1)&outMask] = 1
		for {
			// The label's length and whether it is all digits, a word
			// at a time: one pass for the labels of up to 7 bytes that
			// nearly all are.
			run, digits, _ := alnumRun(load(&in, i))
			if run == 0 {
				return "", 0, 0, 0, 0, 0, false
			}
			j := i + run
			num := digits == run
			for r := run; r == 8; {
				r, digits, _ = alnumRun(load(&in, j))
				num = num && digits == r
				j += r
			}
			if num {
				k[kp&outMask] = 3
				i, cp, kp, _ = number(&in, i, &c, cp, &k, kp+1)
			} else {
				k[kp&outMask] = 2
				kp++
				for w := 0; w < j-i; w += 8 {
					_, _, lower := alnumRun(load(&in, i+w))
					binary.LittleEndian.PutUint64(c[(cp+w)&outMask:], lower)
					binary.LittleEndian.PutUint64(k[(kp+w)&outMask:], lower)
				}
				cp += j - i
				kp += j - i
				i = j
				k[kp&outMask] = 0
				kp++
			}
			if sepAt(&in, i) == 0 || !isAlnum(in[(i+1)&inMask]) {
				break
			}
			i++
			c[cp&outMask] = '.'
			cp++
		}
		k[kp&outMask] = 1
		kp++
		flags |= flagLocal
	}
	if i != len(s) {
		return "", 0, 0, 0, 0, 0, false
	}

	// The key's first 8 bytes, those past its end cleared (a key has at
	// least 6 bytes).
	pfx := binary.BigEndian.Uint64(k[:8])
	if kp < 8 {
		pfx &^= 1<<(8*uint(8-kp)) - 1
	}
	// The canonical form and the key, one after the other, become the
	// Version's one string: one allocation and one copy. The key is moved
	// as a whole buffer, a fixed-size copy without branches on its length.
	*(*fastOut)(c[cp : cp+fastBuf]) = k
	return string(c[:cp+kp]), uint32(cp), uint32(pub), uint32(rel), pfx, flags, true
}
