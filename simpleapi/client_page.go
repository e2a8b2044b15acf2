package simpleapi

import (
	"bytes"
	"context"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/safeindex/safeindex/internal/redact"
)

// fetchPage answers a page request over HTTP, through the cache if there
// is one.
func (c *Client) fetchPage(ctx context.Context, ix *index, project string, u *url.URL, kind pageKind) (*pageResult, error) {
	cache := c.cfg.cache
	redURL := redact.URL(u)
	var (
		key   cacheKey
		entry *cacheEntry
	)
	if cache != nil {
		key = makeCacheKey(kind, u.String(), c.credsFor(ix, u))
		e, err := cache.load(key)
		switch {
		case err != nil:
			c.log.Warn("simpleapi: ignoring cache entry", "url", redURL, "error", err.Error())
		case e != nil && e.kind == kind:
			entry = e
		}
		if c.cfg.offline {
			if entry == nil {
				return nil, &IndexError{Index: ix.redacted, Project: project, URL: redURL, Kind: ErrNotCached, Msg: "no cached copy of the page"}
			}
			c.log.Debug("simpleapi: offline cache hit", "url", redURL)
			return c.fromEntry(ix, project, redURL, entry)
		}
		if entry != nil && entry.fresh(c.cfg.now()) {
			c.log.Debug("simpleapi: fresh cache hit", "url", redURL)
			return c.fromEntry(ix, project, redURL, entry)
		}
	}
	var cond *validators
	if entry != nil && (entry.etag != "" || entry.lastModified != "") {
		cond = &validators{etag: entry.etag, lastModified: entry.lastModified}
	}
	f, err := c.get(ctx, ix, project, u, cond)
	if err != nil {
		return nil, err
	}
	pol := readCachePolicy(f.header)
	save := func(e *cacheEntry) {
		if cache == nil {
			return
		}
		if !pol.store {
			cache.remove(key)
			return
		}
		e.stored, e.age, e.lifetime, e.hasLifetime, e.noCache = f.respTime, pol.age, pol.lifetime, pol.hasLifetime, pol.noCache
		if err := cache.store(key, e); err != nil {
			c.log.Warn("simpleapi: cannot write cache entry", "url", redURL, "error", err.Error())
		}
	}
	switch f.status {
	case http.StatusNotModified:
		c.log.Debug("simpleapi: revalidated cache entry", "url", redURL)
		if v := f.header.Get("ETag"); v != "" {
			entry.etag = v
		}
		if v := f.header.Get("Last-Modified"); v != "" {
			entry.lastModified = v
		}
		save(entry)
		return c.fromEntry(ix, project, redURL, entry)
	case http.StatusNotFound, http.StatusGone:
		save(&cacheEntry{kind: kind, status: f.status, url: redURL,
			etag: f.header.Get("ETag"), lastModified: f.header.Get("Last-Modified")})
		return nil, &IndexError{Index: ix.redacted, Project: project, URL: redact.URL(f.final), Status: f.status, Attempts: f.attempts, Kind: ErrNotFound, Msg: notFoundMsg(kind)}
	}
	res, ie := c.parse(ix, project, kind, f.body, f.ctype, f.final, f.crossed)
	if ie != nil {
		ie.Status, ie.Attempts = f.status, f.attempts
		return nil, ie
	}
	save(&cacheEntry{kind: kind, status: http.StatusOK, url: redURL, contentType: f.ctype,
		etag: f.header.Get("ETag"), lastModified: f.header.Get("Last-Modified"),
		project: res.project, root: res.root})
	return res, nil
}

func notFoundMsg(kind pageKind) string {
	if kind == kindRoot {
		return "the index has no root page"
	}
	return "the index does not have this project"
}

// fromEntry answers from a cache entry.
func (c *Client) fromEntry(ix *index, project, redURL string, e *cacheEntry) (*pageResult, error) {
	if e.status != http.StatusOK {
		return nil, &IndexError{Index: ix.redacted, Project: project, URL: redURL, Status: e.status, Kind: ErrNotFound, Msg: notFoundMsg(e.kind) + " (cached answer)"}
	}
	return &pageResult{project: e.project, root: e.root}, nil
}

// parse parses a page body and checks that it answers the request.
func (c *Client) parse(ix *index, project string, kind pageKind, body []byte, ctype string, final *url.URL, crossed bool) (*pageResult, *IndexError) {
	redFinal := redact.URL(final)
	fail := func(kind error, msg string, err error) *IndexError {
		return &IndexError{Index: ix.redacted, Project: project, URL: redFinal, Kind: kind, Msg: msg, Err: err}
	}
	isTextHTML := false
	if f, err := FormatOf(ctype); err == nil && f == FormatHTML {
		isTextHTML = mediaType(ctype) == MediaTypeTextHTML
	}
	if kind == kindRoot {
		p, err := c.cfg.parser.ParseRootPage(bytes.NewReader(body), ctype, final)
		if err != nil {
			return nil, fail(nil, "root page does not parse", err)
		}
		if crossed && isTextHTML && len(p.Projects) == 0 {
			return nil, fail(ErrBadResponse, "an HTML page without projects after a redirect to another host (a login page or captive portal?)", nil)
		}
		if p.NewerAPIVersion() {
			c.log.Warn("simpleapi: index serves a newer API version", "url", redFinal, "api_version", p.APIVersion)
		}
		return &pageResult{root: p}, nil
	}
	p, err := c.cfg.parser.ParseProjectPage(bytes.NewReader(body), ctype, final)
	if err != nil {
		return nil, fail(nil, "project page does not parse", err)
	}
	if p.Name != "" && NormalizeName(p.Name) != project {
		return nil, fail(ErrBadResponse, "the index answered with the page of another project, "+quoteClean(p.Name), nil)
	}
	if crossed && isTextHTML && len(p.Files) == 0 {
		return nil, fail(ErrBadResponse, "an HTML page without files after a redirect to another host (a login page or captive portal?)", nil)
	}
	if p.NewerAPIVersion() {
		c.log.Warn("simpleapi: index serves a newer API version", "url", redFinal, "api_version", p.APIVersion)
	}
	return &pageResult{project: p}, nil
}

// quoteClean quotes server text for an error, cut short and redacted.
func quoteClean(s string) string {
	if len(s) > 100 {
		s = s[:100] + "…"
	}
	return redact.Text(strconv.Quote(s))
}

// mediaType returns the lower-cased media type of a Content-Type value.
func mediaType(ct string) string {
	mt, _, _ := mime.ParseMediaType(ct)
	return mt
}
