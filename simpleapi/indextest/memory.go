package indextest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/safeindex/safeindex/internal/redact"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/simpleapi"
)

// ProjectPage implements the resolver's Index interface (package
// resolve) for this one index, whatever src's name: it answers what a
// simpleapi.Client reading a Server of the index would, without a
// socket. The page is rendered as the Server renders it, in JSON (HTML
// with HTMLOnly), for a page URL of src.URL plus the normalized name,
// and parsed by package simpleapi, so file URLs are on src's host.
//
// Errors are *simpleapi.IndexError values of the kinds a Client gives:
// simpleapi.ErrNotFound when the index does not have the project (or a
// fault answers 404 or 410), and only then; simpleapi.ErrUnauthorized
// for 401 and 403 (and missing credentials with RequireAuth);
// simpleapi.ErrBadResponse for other statuses; simpleapi.ErrTimeout for
// Timeout, at once; simpleapi.ErrNetwork for Truncated;
// simpleapi.ErrInvalidName for an invalid name. A canceled ctx gives
// ctx.Err().
func (idx *Index) ProjectPage(ctx context.Context, src *policy.Source, name string) (*simpleapi.ProjectPage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	base, err := url.Parse(src.URL)
	if err != nil {
		return nil, &simpleapi.IndexError{Index: redact.String(src.URL), Project: name, Kind: simpleapi.ErrInvalidIndex, Msg: "index URL does not parse", Err: err}
	}
	creds := base.User
	base.User = nil
	if base.Path == "" || base.Path[len(base.Path)-1] != '/' {
		base.Path += "/"
	}
	fail := func(kind error, status int, msg string, err error) error {
		return &simpleapi.IndexError{Index: redact.URL(base), Project: simpleapi.NormalizeName(name), Status: status, Kind: kind, Msg: msg + " (indextest " + idx.name + ")", Err: err}
	}
	if err := simpleapi.ValidateName(name); err != nil {
		return nil, fail(nil, 0, "invalid project name", err)
	}
	norm := simpleapi.NormalizeName(name)
	idx.count(norm)
	pageURL := base.JoinPath(norm + "/")
	if idx.user != nil {
		p, _ := creds.Password()
		want, _ := idx.user.Password()
		if creds == nil || creds.Username() != idx.user.Username() || p != want {
			return nil, fail(simpleapi.ErrUnauthorized, http.StatusUnauthorized, "HTTP 401: access refused", nil)
		}
	}
	p := idx.byName[norm]
	var body []byte
	ctype := simpleapi.MediaTypeJSON
	if idx.htmlOnly {
		ctype = simpleapi.MediaTypeHTML
	}
	if rp := idx.renderable(p, norm); rp != nil {
		if body, err = idx.renderProject(rp, memoryLinks(base), ctype); err != nil {
			return nil, fail(nil, http.StatusInternalServerError, "project page cannot be rendered", err)
		}
	}
	for _, f := range []*faults{&idx.fault, nil} {
		if f == nil {
			if p == nil {
				return nil, fail(simpleapi.ErrNotFound, http.StatusNotFound, "HTTP 404: project not found", nil)
			}
			f = &p.fault
		}
		if err := f.memory(ctx, body, fail); err != nil {
			return nil, err
		}
	}
	page, err := simpleapi.ParseProjectPage(bytes.NewReader(body), ctype, pageURL)
	if err != nil {
		return nil, fail(nil, http.StatusOK, "project page does not parse", err)
	}
	return page, nil
}

// renderable returns the project whose page is rendered for a request
// of norm: p, or, when the whole index is Truncated, an empty page for a
// project the index does not have, since a cut connection fails whatever
// the index would have said.
func (idx *Index) renderable(p *project, norm string) *project {
	if p == nil && idx.fault.truncated {
		return &project{name: norm, normalized: norm}
	}
	return p
}

// memory returns the error a Client would report for the faults, after
// any Slow delay.
func (f *faults) memory(ctx context.Context, body []byte, fail func(kind error, status int, msg string, err error) error) error {
	if f.slow > 0 {
		t := time.NewTimer(f.slow)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	switch {
	case f.timeout:
		return fail(simpleapi.ErrTimeout, 0, "no response headers before the timeout", nil)
	case f.status == http.StatusNotFound || f.status == http.StatusGone:
		return fail(simpleapi.ErrNotFound, f.status, fmt.Sprintf("HTTP %d: project not found", f.status), nil)
	case f.status == http.StatusUnauthorized || f.status == http.StatusForbidden:
		return fail(simpleapi.ErrUnauthorized, f.status, fmt.Sprintf("HTTP %d: access refused", f.status), nil)
	case f.status != 0:
		return fail(simpleapi.ErrBadResponse, f.status, fmt.Sprintf("HTTP %d: %s", f.status, http.StatusText(f.status)), nil)
	case f.truncated && body != nil:
		return fail(simpleapi.ErrNetwork, http.StatusOK, fmt.Sprintf("connection closed after %d of %d bytes of the body", len(body)/2, len(body)), nil)
	}
	return nil
}

// memoryLinks puts files where a Server would, on the host of the index
// URL: <scheme>://<host>/files/<name>/<filename>.
func memoryLinks(base *url.URL) links {
	root := &url.URL{Scheme: base.Scheme, Host: base.Host}
	return links{
		file: func(project string, a *Artifact) string {
			return root.String() + "/files/" + project + "/" + url.PathEscape(a.Filename)
		},
		provenance: func(project string, a *Artifact) string {
			if !a.Provenance {
				return ""
			}
			return root.String() + provenancePath(project, a)
		},
	}
}

// Memory serves several indexes from memory, each under its name: the
// in-memory implementation of the resolver's Index interface for a
// policy whose sources are named after the indexes (see Sources).
// A source with no index of that name fails, as a misconfigured test
// should; it never looks empty. A Memory is safe for concurrent use.
type Memory struct {
	byName map[string]*Index
}

// NewMemory returns a Memory serving indexes. Two indexes with the same
// name are a mistake in the test, and panic.
func NewMemory(indexes ...*Index) *Memory {
	m := &Memory{byName: map[string]*Index{}}
	for _, idx := range indexes {
		if m.byName[idx.name] != nil {
			panic("indextest: NewMemory: two indexes named " + idx.name)
		}
		m.byName[idx.name] = idx
	}
	return m
}

// ProjectPage implements the resolver's Index interface: the page of
// name on the index called src.Name (see Index.ProjectPage).
func (m *Memory) ProjectPage(ctx context.Context, src *policy.Source, name string) (*simpleapi.ProjectPage, error) {
	idx := m.byName[src.Name]
	if idx == nil {
		return nil, &simpleapi.IndexError{Index: redact.String(src.URL), Project: simpleapi.NormalizeName(name), Kind: simpleapi.ErrInvalidIndex,
			Msg: fmt.Sprintf("indextest: no index named %q in this Memory", src.Name)}
	}
	return idx.ProjectPage(ctx, src, name)
}

// Requests returns how many times the page of project was asked for on
// the index called source.
func (m *Memory) Requests(source, project string) int {
	if idx := m.byName[source]; idx != nil {
		return idx.Requests(project)
	}
	return 0
}
