package resolve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/safeindex/safeindex/internal/memo"
	"github.com/safeindex/safeindex/internal/redact"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/metadata"
)

// Index is how the resolver reads sources: one project page of one
// source. An implementation must return an error matching
// simpleapi.ErrNotFound when, and only when, the source does not have the
// project (HTTP 404 or 410); any other error is a failure of the source.
//
// *simpleapi.Client satisfies it through ClientIndex; MemoryIndex serves
// pages from memory for tests. Implementations must be safe for concurrent
// use.
type Index interface {
	ProjectPage(ctx context.Context, src *policy.Source, name string) (*simpleapi.ProjectPage, error)
}

// MetadataReader is implemented by indexes that can serve a file's core
// metadata (PEP 658/714), checked against the hash the page gives for it.
// The resolver uses it when a rule needs metadata (the licence rule).
type MetadataReader interface {
	Metadata(ctx context.Context, src *policy.Source, f *simpleapi.File) (*metadata.Metadata, error)
}

// ClientIndex reads sources over HTTP (or file://) with a simpleapi
// Client. The zero value uses simpleapi.DefaultClient, shared with every
// other reader given no Client, so that connections are reused.
type ClientIndex struct {
	Client *simpleapi.Client
}

// client returns c.Client, or the shared default.
func (c ClientIndex) client() (*simpleapi.Client, error) {
	if c.Client != nil {
		return c.Client, nil
	}
	return simpleapi.DefaultClient()
}

// ProjectPage implements Index.
func (c ClientIndex) ProjectPage(ctx context.Context, src *policy.Source, name string) (*simpleapi.ProjectPage, error) {
	cl, err := c.client()
	if err != nil {
		return nil, err
	}
	return cl.ProjectPage(ctx, src.URL, name)
}

// Metadata implements MetadataReader: it fetches the file's PEP 658
// metadata file with the client, which verifies it against the hash the
// page lists for it while it streams, and parses it only once verified.
// A file whose page offers no metadata, or no secure hash for it, is an
// error.
func (c ClientIndex) Metadata(ctx context.Context, src *policy.Source, f *simpleapi.File) (*metadata.Metadata, error) {
	if !f.CoreMetadata.Available {
		return nil, fmt.Errorf("%s: the index serves no core metadata for it (PEP 658)", f.Filename)
	}
	cl, err := c.client()
	if err != nil {
		return nil, err
	}
	mf := &simpleapi.File{Filename: f.Filename + ".metadata", URL: f.MetadataURL(), Hashes: f.CoreMetadata.Hashes}
	rc, err := cl.Open(ctx, src.URL, mf)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, metadata.DefaultMaxSize+1))
	if err != nil {
		return nil, err // a hash mismatch surfaces here, before anything is parsed
	}
	return metadata.ParseVerified(bytes.NewReader(data), f.CoreMetadata.Hashes)
}

// MemoryIndex is an Index held in memory: pages by source name and
// normalized project name. A missing page is not found; Errors make a
// source, or one project on it, fail. The zero value is an empty index.
// It is safe for concurrent use once filled.
type MemoryIndex struct {
	mu     sync.Mutex
	pages  map[string]map[string]*simpleapi.ProjectPage
	errs   map[string]error
	counts map[string]int
}

// Add puts a page for a project on a source.
func (m *MemoryIndex) Add(source, name string, page *simpleapi.ProjectPage) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pages == nil {
		m.pages = map[string]map[string]*simpleapi.ProjectPage{}
	}
	if m.pages[source] == nil {
		m.pages[source] = map[string]*simpleapi.ProjectPage{}
	}
	m.pages[source][simpleapi.NormalizeName(name)] = page
}

// Fail makes every lookup of name on source fail with err; an empty name
// makes the whole source fail.
func (m *MemoryIndex) Fail(source, name string, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.errs == nil {
		m.errs = map[string]error{}
	}
	m.errs[source+"\x00"+simpleapi.NormalizeName(name)] = err
}

// Requests returns how many lookups of name were made on source.
func (m *MemoryIndex) Requests(source, name string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.counts[source+"\x00"+simpleapi.NormalizeName(name)]
}

// ProjectPage implements Index.
func (m *MemoryIndex) ProjectPage(ctx context.Context, src *policy.Source, name string) (*simpleapi.ProjectPage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n := simpleapi.NormalizeName(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.counts == nil {
		m.counts = map[string]int{}
	}
	m.counts[src.Name+"\x00"+n]++
	if err := m.errs[src.Name+"\x00"+n]; err != nil {
		return nil, err
	}
	if err := m.errs[src.Name+"\x00"]; err != nil {
		return nil, err
	}
	if p := m.pages[src.Name][n]; p != nil {
		return p, nil
	}
	return nil, &simpleapi.IndexError{Index: redact.String(src.URL), Project: n, Msg: "not in the memory index", Kind: simpleapi.ErrNotFound}
}

// fetcher makes lookups for one Resolve call: at most limit at a time,
// and each (source, name) once.
type fetcher struct {
	index Index
	sem   chan struct{}
	pages memo.Map[fetchKey, *simpleapi.ProjectPage]
}

type fetchKey struct{ source, name string }

func newFetcher(index Index, limit int) *fetcher {
	return &fetcher{index: index, sem: make(chan struct{}, limit)}
}

// lookup returns what src says about name, making the request only once
// per Resolve however many requirements ask.
func (f *fetcher) lookup(ctx context.Context, src *policy.Source, name string) policy.Lookup {
	page, err := f.pages.Do(ctx, fetchKey{src.Name, name}, func() (*simpleapi.ProjectPage, error) {
		select {
		case f.sem <- struct{}{}:
			defer func() { <-f.sem }()
			return f.fetch(ctx, src, name)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	})
	switch {
	case err == nil && page != nil:
		return policy.Lookup{Source: src.Name, State: policy.Found, Page: page}
	case errors.Is(err, simpleapi.ErrNotFound):
		return policy.Lookup{Source: src.Name, State: policy.NotFound}
	case err == nil:
		return policy.Lookup{Source: src.Name, State: policy.Failed, Err: fmt.Errorf("index returned no page and no error")}
	}
	return policy.Lookup{Source: src.Name, State: policy.Failed, Err: err}
}

func (f *fetcher) fetch(ctx context.Context, src *policy.Source, name string) (page *simpleapi.ProjectPage, err error) {
	defer func() {
		if r := recover(); r != nil {
			page, err = nil, fmt.Errorf("index %q panicked: %v", src.Name, r)
		}
	}()
	return f.index.ProjectPage(ctx, src, name)
}
