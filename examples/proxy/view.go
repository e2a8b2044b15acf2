package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi"
)

// A view is what the proxy serves for one project: the policy's choice
// of sources, and the files of those sources that pass the candidate
// rules, or the error that stops the name.
type view struct {
	name string
	// err is a *policy.ShadowError, *policy.MissingError or
	// *policy.SourceError, or nil.
	err error

	// status and statusReason are the PEP 792 status passed on.
	status, statusReason string
	// files are served in source priority order, then page order.
	files []*servedFile
	// byKey finds a served file by source + "/" + filename.
	byKey map[string]*servedFile
	// refused says why a file of a chosen source is not served, by the
	// same key.
	refused map[string]string
	// versions are the PEP 700 versions of the files served, ascending.
	versions []string
	findings []policy.Finding

	// pages, made and reusable say what the view was made from and when,
	// and whether it may be reused.
	pages    []*simpleapi.ProjectPage
	made     time.Time
	reusable bool

	htmlOnce, jsonOnce sync.Once
	html, json         rendered
}

// servedFile is one file a view serves.
type servedFile struct {
	source  *policy.Source
	file    *simpleapi.File
	version pep440.Version
	// metadata: the PEP 658 file is advertised, since the index gives a
	// hash the proxy can check it against.
	metadata bool
}

func fileKey(source, filename string) string { return source + "/" + filename }

// view returns the view of name (normalized): the one made less than
// ViewTTL ago, or a new one from what the sources (through the page
// cache) say now.
func (s *server) view(ctx context.Context, name string) *view {
	now := s.opt.Now()
	s.mu.Lock()
	old := s.views[name]
	s.mu.Unlock()
	if old != nil && old.reusable && now.Sub(old.made) < s.opt.ViewTTL && !now.Before(old.made) {
		return old
	}

	route := s.pol.Route(name)
	lookups := make([]policy.Lookup, len(route.Lookup))
	var wg sync.WaitGroup
	for i, src := range route.Lookup {
		wg.Go(func() { lookups[i] = s.lookup(ctx, s.pol.Source(src), name) })
	}
	wg.Wait()

	// A view made while a source failed is not kept: the next request
	// asks again.
	pages := make([]*simpleapi.ProjectPage, len(lookups))
	reusable := s.opt.ViewTTL > 0
	for i, l := range lookups {
		switch l.State {
		case policy.Found:
			pages[i] = l.Page
		case policy.NotFound:
		default:
			reusable = false
		}
	}
	v := s.makeView(name, lookups, now)
	v.pages, v.made, v.reusable = pages, now, reusable
	// Pages answered from the cache are the same values while the cache
	// entry is unchanged: the findings are logged once per change.
	if old == nil || !slices.Equal(old.pages, pages) {
		s.report(v)
	}
	s.mu.Lock()
	if len(s.views) >= maxViews {
		for k := range s.views { // evict one, any
			delete(s.views, k)
			break
		}
	}
	s.views[name] = v
	s.mu.Unlock()
	return v
}

// report logs what the policy observed, once per change of the upstream
// pages: dependency confusion's signature is worth an operator's look.
func (s *server) report(v *view) {
	for _, f := range v.findings {
		if f.Severity >= policy.SeverityHigh {
			s.log.Warn("policy finding", "package", v.name, "severity", f.Severity.String(), "code", string(f.Code), "message", f.Message)
		}
	}
}

// lookup asks one source about name, once for all the requests that ask
// at the same moment. The fetch runs to its own deadline even when the
// request that started it goes away.
func (s *server) lookup(ctx context.Context, src *policy.Source, name string) policy.Lookup {
	l, err := s.lookups.do(ctx, src.Name+"\x00"+name, func(ctx context.Context) (policy.Lookup, error) {
		ctx, cancel := context.WithTimeout(ctx, s.opt.PageTimeout)
		defer cancel()
		l := policy.Lookup{Source: src.Name}
		select {
		case s.pageSem <- struct{}{}:
			defer func() { <-s.pageSem }()
		case <-ctx.Done():
			l.State, l.Err = policy.Failed, fmt.Errorf("source %s: %d upstream page requests in flight for %v: %w", src, s.opt.MaxPageFetches, s.opt.PageTimeout, ctx.Err())
			return l, nil
		}
		page, err := s.client.ProjectPage(ctx, src.URL, name)
		switch {
		case err == nil:
			l.State, l.Page = policy.Found, page
		case errors.Is(err, simpleapi.ErrNotFound):
			l.State = policy.NotFound
		case errors.Is(err, context.DeadlineExceeded):
			l.State, l.Err = policy.Failed, fmt.Errorf("no answer within %v (-page-timeout): %w", s.opt.PageTimeout, err)
		default:
			l.State, l.Err = policy.Failed, err
		}
		return l, nil
	})
	if err != nil { // the request went away first
		return policy.Lookup{Source: src.Name, State: policy.Failed, Err: err}
	}
	return l
}

// makeView applies the policy to what the sources said.
func (s *server) makeView(name string, lookups []policy.Lookup, now time.Time) *view {
	v := &view{name: name, byKey: map[string]*servedFile{}, refused: map[string]string{}}
	choice, err := s.pol.Choose(name, lookups)
	if err != nil {
		v.err = err
		return v
	}
	pages := map[string]*simpleapi.ProjectPage{}
	for _, l := range lookups {
		if l.State == policy.Found {
			pages[l.Source] = l.Page
		}
	}
	// The resolver's own file-by-file decision; yanks pass through, as
	// installers apply PEP 592 themselves, and Requires-Python too.
	rv := resolve.NewView(s.pol, choice, pages, resolve.ViewOptions{Now: now})
	v.findings = append(choice.Findings, rv.Findings...)
	v.status, v.statusReason = rv.Status, rv.StatusReason
	for _, vf := range rv.Files {
		key := fileKey(vf.Source, vf.File.Filename)
		var why []string
		for _, r := range vf.Reasons {
			if r.Severity >= policy.SeverityHigh || !vf.Checked {
				why = append(why, r.Message)
			}
		}
		if vf.OK && simpleapi.BestHash(vf.File.Hashes) == "" {
			why = append(why, vf.File.Filename+": no sha256, sha384 or sha512 hash, and the proxy verifies every file it serves")
		}
		if !vf.OK || len(why) > 0 {
			if len(why) == 0 {
				why = append(why, vf.File.Filename+": refused by the policy")
			}
			v.refused[key] = strings.Join(why, "; ")
			continue
		}
		sf := &servedFile{source: s.pol.Source(vf.Source), file: vf.File, version: vf.Dist.Version,
			metadata: vf.File.CoreMetadata.Available && simpleapi.BestHash(vf.File.CoreMetadata.Hashes) != ""}
		v.files = append(v.files, sf)
		v.byKey[key] = sf
	}
	var vs []pep440.Version
	for _, sf := range v.files {
		vs = append(vs, sf.version)
	}
	slices.SortFunc(vs, pep440.Compare)
	vs = slices.CompactFunc(vs, pep440.Version.Equal)
	for _, ver := range vs {
		v.versions = append(v.versions, ver.String())
	}
	return v
}

// flight runs one call per key at a time: callers asking for a key while
// its call runs wait for that call's result (a per-key once, as in x/mod's
// sumdb cache, but forgotten when done). The zero value is ready.
type flight[T any] struct {
	mu    sync.Mutex
	calls map[string]*flightCall[T]
}

type flightCall[T any] struct {
	done chan struct{}
	val  T
	err  error
}

// do returns the result of fn for key, running it unless a call for key
// is under way. fn gets a context that keeps ctx's values but not its
// cancellation, so that one caller going away does not fail the others;
// do itself returns ctx's error when ctx ends first.
func (g *flight[T]) do(ctx context.Context, key string, fn func(context.Context) (T, error)) (T, error) {
	g.mu.Lock()
	c, ok := g.calls[key]
	if !ok {
		if g.calls == nil {
			g.calls = map[string]*flightCall[T]{}
		}
		c = &flightCall[T]{done: make(chan struct{})}
		g.calls[key] = c
		go func() {
			c.val, c.err = fn(context.WithoutCancel(ctx))
			g.mu.Lock()
			delete(g.calls, key)
			g.mu.Unlock()
			close(c.done)
		}()
	}
	g.mu.Unlock()
	select {
	case <-c.done:
		return c.val, c.err
	case <-ctx.Done():
		var zero T
		return zero, context.Cause(ctx)
	}
}
