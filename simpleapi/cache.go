package simpleapi

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrCacheCorrupt is matched by the error a [Cache] reports, in logs, for
// an entry that fails its checksum or does not decode. Such an entry is
// ignored and the page fetched again; it never reaches a caller.
var ErrCacheCorrupt = errors.New("corrupt cache entry")

// Cache is an on-disk HTTP cache of Simple API pages for a [Client] (see
// [WithCache]). It stores each page already parsed, in a compact binary
// encoding, together with the response's validators and freshness.
//
// # Keys
//
// An entry is keyed by the request URL (without userinfo), the Accept
// header (PEP 691 asks caches to vary on it), the kind of page, and a hash
// of the credentials sent with the request, so a page fetched with one
// set of credentials is never served to a request with other (or no)
// credentials. The file name is the SHA-256 of that key: no URL, user name
// or secret appears in the cache folder, and no credential is stored in
// it. Page content is stored as served, including any tokens the index
// itself put in file URLs.
//
// # Freshness (RFC 9111, as used by the Client)
//
// A stored page is fresh while its age (time since it was stored plus the
// Age header) is below Cache-Control max-age (PyPI sends max-age=600), or,
// without max-age, below Expires minus Date. A fresh page is answered
// without a request. A stale page, or any page stored with no-cache, is
// revalidated with If-None-Match and If-Modified-Since; 304 Not Modified
// renews it. A response with Cache-Control no-store or Vary: * is not
// stored (and an existing entry for the key is deleted). 404 and 410
// answers are stored the same way, so offline mode can answer them.
//
// # Integrity and sharing
//
// Each entry carries a CRC-32C checksum and the layout version of the
// page model; an entry that fails either is ignored and refetched. Entries
// are written to a temporary file in the cache folder and renamed into
// place, so concurrent readers, in this process or others, see either the
// old or the new entry, never a partial one. Several processes may share
// one folder. The folder and files are created readable by the owner only.
//
// A Cache is safe for concurrent use. The zero value is not usable; call
// [OpenCache].
type Cache struct {
	dir       string
	memoLimit int64 // bytes of entry files whose decoded form is kept
	shared    bool  // hand out kept pages without copying their slices

	fpOnce sync.Once
	fp     [8]byte

	mu        sync.Mutex
	memo      map[cacheKey]*memoItem
	memoBytes int64
	tick      uint64
}

// memoItem is a decoded entry kept in memory, valid while the entry file
// is the same file (same inode, size and modification time) as the one
// it was decoded from. Entry files are only ever replaced by rename,
// never written in place, so a new entry is always a new file.
type memoItem struct {
	fi   os.FileInfo
	e    *cacheEntry
	used uint64
}

// DefaultCacheMemory is the default for [CacheMemory].
const DefaultCacheMemory = 32 << 20

// CacheSharedPages makes pages answered from memory (see [CacheMemory])
// shared by every caller instead of copied: nothing at all may be
// modified in them, slices included, by any caller. It saves copying the
// File slice on each answer (about 1 MB for a page of 6,000 files), for
// programs that read many cached pages and never change them.
func CacheSharedPages() CacheOption {
	return func(c *Cache) error { c.shared = true; return nil }
}

// A CacheOption configures [OpenCache].
type CacheOption func(*Cache) error

// CacheMemory keeps the decoded form of recently used entries in memory,
// up to n bytes of entry files (default [DefaultCacheMemory]; a decoded
// page takes about six times its entry file on the heap; 0 turns this
// off). A kept entry is used only while its file on disk is unchanged, so
// other processes' updates are always seen; it saves decoding the entry
// again, which for a page of thousands of files costs milliseconds, mostly
// in allocating its hash maps.
//
// Pages answered from memory share their hash maps (File.Hashes,
// CoreMetadata.Hashes) and strings with the kept copy; their slices are
// the caller's own. Callers must not modify the maps of a page.
func CacheMemory(n int64) CacheOption {
	return func(c *Cache) error {
		if n < 0 {
			return fmt.Errorf("CacheMemory: negative size %d", n)
		}
		c.memoLimit = n
		return nil
	}
}

// cacheLayout is the version of the entry format; bump it on any change to
// the encoding. Changes to the page model are caught by the fingerprint.
const cacheLayout = 1

// cacheMagic starts every entry file.
const cacheMagic = "SAFEIDXC"

// cacheHeaderLen is magic, layout byte, fingerprint, payload length,
// checksum.
const cacheHeaderLen = len(cacheMagic) + 1 + 8 + 8 + 4

// maxCacheEntry caps the size of an entry file the cache reads.
const maxCacheEntry = 1 << 30

// OpenCache returns a Cache that stores its entries under dir, creating
// the folder (mode 0700) if needed.
func OpenCache(dir string, opts ...CacheOption) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("simpleapi: OpenCache: empty directory name")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("simpleapi: OpenCache: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(abs, "pages-v"+strconv.Itoa(cacheLayout)), 0o700); err != nil {
		return nil, fmt.Errorf("simpleapi: OpenCache: %w", err)
	}
	c := &Cache{dir: abs, memoLimit: DefaultCacheMemory}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, fmt.Errorf("simpleapi: OpenCache: %w", err)
		}
	}
	return c, nil
}

// Dir returns the cache folder.
func (c *Cache) Dir() string { return c.dir }

// cacheKey is the SHA-256 of an entry's key text.
type cacheKey [32]byte

// makeCacheKey builds the key of a request: kind, URL (no userinfo),
// Accept and a hash of the credentials, if any.
func makeCacheKey(kind pageKind, u string, cr *creds) cacheKey {
	h := sha256.New()
	fmt.Fprintf(h, "safeindex-cache-v%d\x00kind=%d\x00GET %s\x00accept=%s\x00", cacheLayout, kind, u, Accept)
	if cr != nil {
		ch := sha256.Sum256([]byte(cr.user + "\x00" + cr.pass))
		h.Write(ch[:])
	}
	var k cacheKey
	h.Sum(k[:0])
	return k
}

func (c *Cache) path(k cacheKey) string {
	name := hex.EncodeToString(k[:])
	return filepath.Join(c.dir, "pages-v"+strconv.Itoa(cacheLayout), name[:2], name[2:])
}

// cacheEntry is one stored response.
type cacheEntry struct {
	kind         pageKind
	status       int    // 200, 404 or 410
	url          string // redacted request URL, for diagnostics
	contentType  string
	etag         string
	lastModified string
	stored       time.Time     // when the response (or its 304) arrived
	age          time.Duration // Age header at that time
	lifetime     time.Duration // freshness lifetime, if hasLifetime
	hasLifetime  bool
	noCache      bool // always revalidate
	project      *ProjectPage
	root         *RootPage
}

// fresh reports whether e may be used without revalidation at now.
func (e *cacheEntry) fresh(now time.Time) bool {
	if e.noCache || !e.hasLifetime {
		return false
	}
	age := now.Sub(e.stored) + e.age
	return age >= 0 && age < e.lifetime
}

// cachePolicy reads the caching headers of a response.
type cachePolicy struct {
	store       bool
	noCache     bool
	lifetime    time.Duration
	hasLifetime bool
	age         time.Duration
}

func readCachePolicy(h http.Header) cachePolicy {
	p := cachePolicy{store: true}
	cc := h.Values("Cache-Control")
	maxAge := -1
	for _, line := range cc {
		for _, d := range strings.Split(line, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(d), "=")
			val = strings.Trim(strings.TrimSpace(val), `"`)
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "no-store":
				p.store = false
			case "no-cache":
				p.noCache = true
			case "max-age":
				n, err := strconv.Atoi(val)
				if err != nil || n < 0 {
					p.noCache = true // unparseable: treat as stale
				} else if maxAge < 0 || n < maxAge {
					maxAge = n
				}
			}
		}
	}
	if len(cc) == 0 && strings.Contains(strings.ToLower(h.Get("Pragma")), "no-cache") {
		p.noCache = true
	}
	for _, v := range h.Values("Vary") {
		if strings.TrimSpace(v) == "*" {
			p.store = false
		}
	}
	if maxAge >= 0 {
		p.lifetime, p.hasLifetime = time.Duration(maxAge)*time.Second, true
	} else if exp := h.Get("Expires"); exp != "" {
		et, err1 := http.ParseTime(exp)
		dt, err2 := http.ParseTime(h.Get("Date"))
		if err1 == nil && err2 == nil && et.After(dt) {
			p.lifetime, p.hasLifetime = et.Sub(dt), true
		}
	}
	if a, err := strconv.Atoi(strings.TrimSpace(h.Get("Age"))); err == nil && a > 0 {
		p.age = time.Duration(a) * time.Second
	}
	return p
}

// load reads the entry for k. A missing entry is (nil, nil); a corrupt
// one is (nil, error matching ErrCacheCorrupt). The entry returned is the
// caller's own (see clone).
func (c *Cache) load(k cacheKey) (*cacheEntry, error) {
	p := c.path(k)
	if c.memoLimit > 0 {
		fi, err := os.Stat(p)
		if err != nil {
			c.forget(k)
			if errors.Is(err, fs.ErrNotExist) {
				return nil, nil
			}
			return nil, fmt.Errorf("%w %s: %v", ErrCacheCorrupt, p, err)
		}
		if e := c.recall(k, fi); e != nil {
			return e, nil
		}
	}
	data, fi, err := readFileCapped(p, maxCacheEntry)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("%w %s: %v", ErrCacheCorrupt, p, err)
	}
	e, err := c.decodeEntry(data, k)
	if err != nil {
		c.forget(k)
		return nil, fmt.Errorf("%w %s: %v", ErrCacheCorrupt, p, err)
	}
	c.remember(k, fi, e)
	return e.clone(), nil
}

// recall returns a copy of the kept entry for k if fi is still its file.
func (c *Cache) recall(k cacheKey, fi os.FileInfo) *cacheEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	it := c.memo[k]
	if it == nil {
		return nil
	}
	if !os.SameFile(it.fi, fi) || it.fi.Size() != fi.Size() || !it.fi.ModTime().Equal(fi.ModTime()) {
		c.dropLocked(k, it)
		return nil
	}
	c.tick++
	it.used = c.tick
	if c.shared {
		e := *it.e
		return &e
	}
	return it.e.clone()
}

// remember keeps e, decoded from (or written to) the file described by
// fi, evicting the least recently used entries beyond the limit.
func (c *Cache) remember(k cacheKey, fi os.FileInfo, e *cacheEntry) {
	if c.memoLimit <= 0 || fi == nil || fi.Size() > c.memoLimit {
		c.forget(k)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.memo == nil {
		c.memo = map[cacheKey]*memoItem{}
	}
	if old := c.memo[k]; old != nil {
		c.dropLocked(k, old)
	}
	c.tick++
	c.memo[k] = &memoItem{fi: fi, e: e, used: c.tick}
	c.memoBytes += fi.Size()
	for c.memoBytes > c.memoLimit {
		var lk cacheKey
		var lru *memoItem
		for mk, it := range c.memo {
			if lru == nil || it.used < lru.used {
				lk, lru = mk, it
			}
		}
		c.dropLocked(lk, lru)
	}
}

func (c *Cache) forget(k cacheKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if it := c.memo[k]; it != nil {
		c.dropLocked(k, it)
	}
}

func (c *Cache) dropLocked(k cacheKey, it *memoItem) {
	delete(c.memo, k)
	c.memoBytes -= it.fi.Size()
}

// readFileCapped reads a file of at most limit bytes, and returns the
// FileInfo of the very file it read.
func readFileCapped(p string, limit int64) ([]byte, os.FileInfo, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if st.Size() > limit {
		return nil, nil, fmt.Errorf("entry of %d bytes is too large", st.Size())
	}
	buf := make([]byte, st.Size())
	if _, err := io.ReadFull(f, buf); err != nil {
		return nil, nil, err
	}
	return buf, st, nil
}

// store writes e as the entry for k, atomically.
func (c *Cache) store(k cacheKey, e *cacheEntry) error {
	data := c.encodeEntry(e, k)
	p := c.path(k)
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	var fi os.FileInfo
	if werr == nil {
		fi, werr = tmp.Stat()
	}
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), p)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		c.forget(k)
		return werr
	}
	// The renamed file is the same file: keep what was written.
	c.remember(k, fi, e.clone())
	return nil
}

// remove deletes the entry for k, if any.
func (c *Cache) remove(k cacheKey) {
	c.forget(k)
	_ = os.Remove(c.path(k))
}

// clone returns a copy of e whose pages the caller may modify, except for
// their maps, which are shared.
func (e *cacheEntry) clone() *cacheEntry {
	c := *e
	if e.project != nil {
		p := *e.project
		p.Files = slices.Clone(p.Files)
		p.Versions = slices.Clone(p.Versions)
		p.Tracks = slices.Clone(p.Tracks)
		p.AlternateLocations = slices.Clone(p.AlternateLocations)
		p.Namespaces = slices.Clone(p.Namespaces)
		p.Ignored = slices.Clone(p.Ignored)
		c.project = &p
	}
	if e.root != nil {
		r := *e.root
		r.Projects = slices.Clone(r.Projects)
		r.Ignored = slices.Clone(r.Ignored)
		c.root = &r
	}
	return &c
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// encodeEntry lays out an entry file: magic, layout, model fingerprint,
// payload length, CRC-32C of the payload, payload.
func (c *Cache) encodeEntry(e *cacheEntry, k cacheKey) []byte {
	var en encoder
	en.b = make([]byte, cacheHeaderLen, cacheHeaderLen+4096)
	copy(en.b, cacheMagic)
	en.b[len(cacheMagic)] = cacheLayout
	fp := c.fingerprint()
	copy(en.b[len(cacheMagic)+1:], fp[:])
	en.b = append(en.b, k[:]...)
	en.u(uint64(e.kind))
	en.u(uint64(e.status))
	en.s(e.url)
	en.s(e.contentType)
	en.s(e.etag)
	en.s(e.lastModified)
	en.i(e.stored.UnixNano())
	en.i(int64(e.age))
	en.i(int64(e.lifetime))
	en.bools(e.hasLifetime, e.noCache, e.project != nil, e.root != nil)
	if e.project != nil {
		en.projectPage(e.project)
	}
	if e.root != nil {
		en.rootPage(e.root)
	}
	payload := en.b[cacheHeaderLen:]
	binary.LittleEndian.PutUint64(en.b[len(cacheMagic)+9:], uint64(len(payload)))
	binary.LittleEndian.PutUint32(en.b[len(cacheMagic)+17:], crc32.Checksum(payload, castagnoli))
	return en.b
}

func (c *Cache) decodeEntry(data []byte, k cacheKey) (*cacheEntry, error) {
	if len(data) < cacheHeaderLen || string(data[:len(cacheMagic)]) != cacheMagic {
		return nil, errors.New("not a cache entry")
	}
	if data[len(cacheMagic)] != cacheLayout {
		return nil, fmt.Errorf("layout %d, want %d", data[len(cacheMagic)], cacheLayout)
	}
	fp := c.fingerprint()
	if string(data[len(cacheMagic)+1:len(cacheMagic)+9]) != string(fp[:]) {
		return nil, errors.New("written for another version of the page model")
	}
	n := binary.LittleEndian.Uint64(data[len(cacheMagic)+9:])
	sum := binary.LittleEndian.Uint32(data[len(cacheMagic)+17:])
	payload := data[cacheHeaderLen:]
	if uint64(len(payload)) != n {
		return nil, fmt.Errorf("payload is %d bytes, header says %d", len(payload), n)
	}
	if crc32.Checksum(payload, castagnoli) != sum {
		return nil, errors.New("checksum mismatch")
	}
	if len(payload) < len(k) || string(payload[:len(k)]) != string(k[:]) {
		return nil, errors.New("entry belongs to another key")
	}
	// One string holds every string of the entry; the decoder slices it.
	d := decoder{s: string(payload[len(k):])}
	e := &cacheEntry{}
	e.kind = pageKind(d.u())
	e.status = int(d.u())
	e.url = d.str()
	e.contentType = d.str()
	e.etag = d.str()
	e.lastModified = d.str()
	e.stored = time.Unix(0, d.i())
	e.age = time.Duration(d.i())
	e.lifetime = time.Duration(d.i())
	flags := d.byte()
	e.hasLifetime, e.noCache = flags&1 != 0, flags&2 != 0
	if flags&4 != 0 {
		e.project = d.projectPage()
	}
	if flags&8 != 0 {
		e.root = d.rootPage()
	}
	if d.err != nil {
		return nil, d.err
	}
	if d.off != len(d.s) {
		return nil, errors.New("trailing bytes")
	}
	switch {
	case e.status != http.StatusOK && e.status != http.StatusNotFound && e.status != http.StatusGone:
		return nil, fmt.Errorf("bad status %d", e.status)
	case e.status == http.StatusOK && e.kind == kindProject && e.project == nil,
		e.status == http.StatusOK && e.kind == kindRoot && e.root == nil:
		return nil, errors.New("missing page")
	}
	return e, nil
}
