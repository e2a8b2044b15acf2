package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/safeindex/safeindex/simpleapi"
)

// rootView is the root page served: the projects that some source lists
// and that the policy's route lets that source serve.
type rootView struct {
	roots []*simpleapi.RootPage
	made  time.Time
	names []string // normalized, sorted

	htmlOnce, jsonOnce sync.Once
	html, json         rendered
}

// serveRoot serves the root page, the union of the sources' root pages
// as the routes allow (see README.md: best effort, since a name listed
// there may still be refused on its own page, for example as shadowed).
func (s *server) serveRoot(w http.ResponseWriter, r *http.Request) {
	ctype, ok := negotiateRequest(r)
	if !ok {
		s.fail(w, http.StatusNotAcceptable, "format= names no Simple API media type")
		return
	}
	rv, err := s.rootView(r.Context())
	if err != nil {
		s.log.Warn("upstream failure", "page", "root", "error", err.Error())
		if r.Context().Err() == nil {
			s.fail(w, http.StatusBadGateway, err.Error())
		}
		return
	}
	body, err := rv.render(ctype)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	h := w.Header()
	h.Set("Vary", "Accept")
	h.Set("Cache-Control", fmt.Sprintf("max-age=%d", pageMaxAge))
	h.Set("Content-Type", contentType(ctype))
	h.Set("Content-Length", fmt.Sprint(len(body)))
	_, _ = w.Write(body)
}

func (s *server) rootView(ctx context.Context) (*rootView, error) {
	srcs := s.pol.Sources
	roots := make([]*simpleapi.RootPage, len(srcs))
	errs := make([]error, len(srcs))
	var wg sync.WaitGroup
	for i := range srcs {
		src := &srcs[i]
		wg.Go(func() {
			roots[i], errs[i] = s.roots.do(ctx, src.Name, func(ctx context.Context) (*simpleapi.RootPage, error) {
				ctx, cancel := context.WithTimeout(ctx, s.opt.PageTimeout)
				defer cancel()
				select {
				case s.pageSem <- struct{}{}:
					defer func() { <-s.pageSem }()
				case <-ctx.Done():
					return nil, fmt.Errorf("source %s: root page: %w", src, ctx.Err())
				}
				rp, err := s.client.RootPage(ctx, src.URL)
				if errors.Is(err, simpleapi.ErrNotFound) {
					// An index without a root page lists nothing.
					s.log.Debug("no root page", "source", src.String())
					return s.emptyRoot, nil
				}
				return rp, err
			})
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	now := time.Now()
	s.mu.Lock()
	old := s.root
	s.mu.Unlock()
	if old != nil && slices.Equal(old.roots, roots) && now.Sub(old.made) < s.opt.ViewTTL {
		return old, nil
	}
	rv := &rootView{roots: roots, made: now}
	seen := map[string]bool{}
	for i, rp := range roots {
		for _, p := range rp.Projects {
			n := p.NormalizedName
			if seen[n] || simpleapi.ValidateName(n) != nil {
				continue
			}
			if slices.Contains(s.pol.Route(n).Serve, srcs[i].Name) {
				seen[n] = true
				rv.names = append(rv.names, n)
			}
		}
	}
	slices.Sort(rv.names)
	s.mu.Lock()
	s.root = rv
	s.mu.Unlock()
	return rv, nil
}

// render returns the root page in the media type, made once per view,
// by simpleapi.WriteRootPage: one link per project, relative to /simple/.
func (rv *rootView) render(mt string) ([]byte, error) {
	r, once := &rv.html, &rv.htmlOnce
	if mt == simpleapi.MediaTypeJSON {
		r, once = &rv.json, &rv.jsonOnce
	}
	once.Do(func() {
		page := &simpleapi.RootPage{APIVersion: apiVersion, Projects: make([]simpleapi.Project, 0, len(rv.names))}
		for _, n := range rv.names {
			page.Projects = append(page.Projects, simpleapi.Project{Name: n, NormalizedName: n, URL: n + "/"})
		}
		var b bytes.Buffer
		r.err = simpleapi.WriteRootPage(&b, page, mt)
		r.body = b.Bytes()
	})
	return r.body, r.err
}
