package simpleapi

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// The cache stores pages in a hand-rolled binary encoding: varints,
// length-prefixed strings, and for nil-able slices and maps a count plus
// one (0 meaning nil). Decoding converts the payload to one string and
// slices every string out of it, so that a page of thousands of files
// costs a handful of allocations plus one map per hash set. A retained
// string of a decoded page keeps the whole payload alive; pages are
// read-mostly and small next to that cost.
//
// The encoding follows the page model field by field. fingerprint guards
// it: a change to the model's types changes the fingerprint and so
// invalidates every stored entry, and TestCacheCodecRoundTrip fills every
// field by reflection, so a field the encoder forgets fails the test.

type encoder struct{ b []byte }

func (e *encoder) u(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) i(v int64)  { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) s(v string) { e.u(uint64(len(v))); e.b = append(e.b, v...) }

// bools packs up to 8 booleans into one byte, the first in the low bit.
func (e *encoder) bools(bs ...bool) {
	var f byte
	for i, b := range bs {
		if b {
			f |= 1 << i
		}
	}
	e.b = append(e.b, f)
}

// count writes the length of a nil-able slice or map.
func (e *encoder) count(n int, isNil bool) {
	if isNil {
		e.u(0)
		return
	}
	e.u(uint64(n) + 1)
}

func (e *encoder) strings(ss []string) {
	e.count(len(ss), ss == nil)
	for _, s := range ss {
		e.s(s)
	}
}

func (e *encoder) hashes(m map[string]string) {
	e.count(len(m), m == nil)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		e.s(k)
		e.s(m[k])
	}
}

func (e *encoder) time(t time.Time) {
	if t.IsZero() {
		e.bools(false)
		return
	}
	e.bools(true)
	e.i(t.Unix())
	e.u(uint64(t.Nanosecond()))
}

func (e *encoder) projectPage(p *ProjectPage) {
	e.s(p.Name)
	e.u(uint64(p.Format))
	e.s(p.APIVersion)
	e.count(len(p.Files), p.Files == nil)
	for i := range p.Files {
		f := &p.Files[i]
		e.s(f.Filename)
		e.s(f.URL)
		e.hashes(f.Hashes)
		e.s(f.RequiresPython)
		e.bools(f.Yanked, f.CoreMetadata.Available, f.HasSize, f.GPGSig, f.HasGPGSig)
		e.s(f.YankedReason)
		e.hashes(f.CoreMetadata.Hashes)
		e.i(f.Size)
		e.time(f.UploadTime)
		e.s(f.Provenance)
	}
	e.strings(p.Versions)
	e.strings(p.Tracks)
	e.strings(p.AlternateLocations)
	e.s(p.Status)
	e.s(p.StatusReason)
	e.i(p.LastSerial)
	e.bools(p.HasLastSerial)
	e.count(len(p.Namespaces), p.Namespaces == nil)
	for _, ns := range p.Namespaces {
		e.s(ns.Name)
		e.bools(ns.Owned)
	}
	e.ignored(p.Ignored)
}

func (e *encoder) ignored(links []IgnoredLink) {
	e.count(len(links), links == nil)
	for _, l := range links {
		e.s(l.Href)
		e.i(int64(l.Line))
		e.s(l.Reason)
	}
}

func (e *encoder) rootPage(p *RootPage) {
	e.u(uint64(p.Format))
	e.s(p.APIVersion)
	e.count(len(p.Projects), p.Projects == nil)
	for _, pr := range p.Projects {
		e.s(pr.Name)
		e.s(pr.NormalizedName)
		e.s(pr.URL)
	}
	e.i(p.LastSerial)
	e.bools(p.HasLastSerial)
	e.ignored(p.Ignored)
}

// decoder reads what encoder wrote. After the first error every read
// returns a zero value; check err at the end.
type decoder struct {
	s   string
	off int
	err error
}

var errTruncated = errors.New("truncated entry")

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.off = len(d.s)
}

func (d *decoder) u() uint64 {
	var x uint64
	var shift uint
	for i := 0; i < binary.MaxVarintLen64; i++ {
		if d.off >= len(d.s) {
			d.fail(errTruncated)
			return 0
		}
		b := d.s[d.off]
		d.off++
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				d.fail(errors.New("varint overflow"))
				return 0
			}
			return x | uint64(b)<<shift
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	d.fail(errors.New("varint overflow"))
	return 0
}

func (d *decoder) i() int64 {
	ux := d.u()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (d *decoder) byte() byte {
	if d.off >= len(d.s) {
		d.fail(errTruncated)
		return 0
	}
	b := d.s[d.off]
	d.off++
	return b
}

func (d *decoder) str() string {
	n := d.u()
	if n > uint64(len(d.s)-d.off) {
		d.fail(errTruncated)
		return ""
	}
	s := d.s[d.off : d.off+int(n)]
	d.off += int(n)
	return s
}

// count reads a nil-able length; each element takes at least minSize
// bytes, which bounds the allocation by the bytes left.
func (d *decoder) count(minSize int) (n int, isNil bool) {
	c := d.u()
	if c == 0 {
		return 0, true
	}
	c--
	if c > uint64(len(d.s)-d.off)/uint64(minSize) {
		d.fail(fmt.Errorf("count %d exceeds the entry", c))
		return 0, true
	}
	return int(c), false
}

func (d *decoder) strings() []string {
	n, isNil := d.count(1)
	if isNil {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.str()
	}
	return ss
}

func (d *decoder) hashes() map[string]string {
	n, isNil := d.count(2)
	if isNil {
		return nil
	}
	m := make(map[string]string, n)
	for range n {
		k := d.str()
		m[k] = d.str()
	}
	return m
}

func (d *decoder) time() time.Time {
	if d.byte() == 0 {
		return time.Time{}
	}
	sec := d.i()
	nsec := d.u()
	if nsec >= 1e9 {
		d.fail(errors.New("bad nanoseconds"))
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}

func (d *decoder) projectPage() *ProjectPage {
	p := &ProjectPage{}
	p.Name = d.str()
	p.Format = Format(d.u())
	p.APIVersion = d.str()
	n, isNil := d.count(10) // ten fields of at least one byte
	if !isNil {
		p.Files = make([]File, n)
	}
	for i := range p.Files {
		f := &p.Files[i]
		f.Filename = d.str()
		f.URL = d.str()
		f.Hashes = d.hashes()
		f.RequiresPython = d.str()
		fl := d.byte()
		f.Yanked, f.CoreMetadata.Available, f.HasSize, f.GPGSig, f.HasGPGSig =
			fl&1 != 0, fl&2 != 0, fl&4 != 0, fl&8 != 0, fl&16 != 0
		f.YankedReason = d.str()
		f.CoreMetadata.Hashes = d.hashes()
		f.Size = d.i()
		f.UploadTime = d.time()
		f.Provenance = d.str()
		if d.err != nil {
			return nil
		}
	}
	p.Versions = d.strings()
	p.Tracks = d.strings()
	p.AlternateLocations = d.strings()
	p.Status = d.str()
	p.StatusReason = d.str()
	p.LastSerial = d.i()
	p.HasLastSerial = d.byte()&1 != 0
	n, isNil = d.count(2)
	if !isNil {
		p.Namespaces = make([]Namespace, n)
	}
	for i := range p.Namespaces {
		p.Namespaces[i].Name = d.str()
		p.Namespaces[i].Owned = d.byte()&1 != 0
	}
	p.Ignored = d.ignored()
	if d.err != nil {
		return nil
	}
	return p
}

func (d *decoder) rootPage() *RootPage {
	p := &RootPage{}
	p.Format = Format(d.u())
	p.APIVersion = d.str()
	n, isNil := d.count(3)
	if !isNil {
		p.Projects = make([]Project, n)
	}
	for i := range p.Projects {
		p.Projects[i].Name = d.str()
		p.Projects[i].NormalizedName = d.str()
		p.Projects[i].URL = d.str()
	}
	p.LastSerial = d.i()
	p.HasLastSerial = d.byte()&1 != 0
	p.Ignored = d.ignored()
	if d.err != nil {
		return nil
	}
	return p
}

func (d *decoder) ignored() []IgnoredLink {
	n, isNil := d.count(3)
	if isNil {
		return nil
	}
	links := make([]IgnoredLink, n)
	for i := range links {
		links[i].Href = d.str()
		links[i].Line = int(d.i())
		links[i].Reason = d.str()
	}
	return links
}

// fingerprint returns a digest of the page model's types (field names,
// types and order), computed once per Cache.
func (c *Cache) fingerprint() [8]byte {
	c.fpOnce.Do(func() {
		var b strings.Builder
		seen := map[reflect.Type]bool{}
		describeType(&b, reflect.TypeFor[ProjectPage](), seen)
		describeType(&b, reflect.TypeFor[RootPage](), seen)
		sum := sha256.Sum256([]byte(b.String()))
		copy(c.fp[:], sum[:])
	})
	return c.fp
}

// describeType writes a description of t and the types it contains.
func describeType(b *strings.Builder, t reflect.Type, seen map[reflect.Type]bool) {
	fmt.Fprintf(b, "%s:%s;", t.String(), t.Kind())
	if seen[t] {
		return
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			return
		}
		for i := range t.NumField() {
			f := t.Field(i)
			fmt.Fprintf(b, "{%s ", f.Name)
			describeType(b, f.Type, seen)
			b.WriteString("}")
		}
	case reflect.Slice, reflect.Array, reflect.Pointer:
		describeType(b, t.Elem(), seen)
	case reflect.Map:
		describeType(b, t.Key(), seen)
		describeType(b, t.Elem(), seen)
	}
}
