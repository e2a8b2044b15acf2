package audit

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi"
)

// recorder is a resolve.Index that fetches each (source, name) once and
// keeps what it got, so that the audit can look at every page the resolver
// read (including the sources that only shadow a name) and at the pages it
// reads itself, without asking the index twice.
type recorder struct {
	index resolve.Index
	mu    sync.Mutex
	calls map[recKey]*recCall
}

type recKey struct{ source, name string }

type recCall struct {
	done chan struct{}
	page *simpleapi.ProjectPage
	err  error
}

func newRecorder(idx resolve.Index) *recorder {
	return &recorder{index: idx, calls: map[recKey]*recCall{}}
}

// ProjectPage implements resolve.Index.
func (r *recorder) ProjectPage(ctx context.Context, src *policy.Source, name string) (*simpleapi.ProjectPage, error) {
	k := recKey{src.Name, simpleapi.NormalizeName(name)}
	r.mu.Lock()
	c, ok := r.calls[k]
	if !ok {
		c = &recCall{done: make(chan struct{})}
		r.calls[k] = c
	}
	r.mu.Unlock()
	if !ok {
		c.page, c.err = r.fetch(ctx, src, name)
		close(c.done)
	} else {
		select {
		case <-c.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return c.page, c.err
}

func (r *recorder) fetch(ctx context.Context, src *policy.Source, name string) (page *simpleapi.ProjectPage, err error) {
	defer func() {
		if v := recover(); v != nil {
			page, err = nil, fmt.Errorf("audit: index for source %q panicked: %v", src.Name, v)
		}
	}()
	page, err = r.index.ProjectPage(ctx, src, name)
	if err == nil && page == nil {
		err = fmt.Errorf("audit: index for source %q returned no page and no error for %s", src.Name, name)
	}
	return page, err
}

// page returns the page of name on source when it was fetched and found.
func (r *recorder) page(source, name string) *simpleapi.ProjectPage {
	r.mu.Lock()
	c := r.calls[recKey{source, name}]
	r.mu.Unlock()
	if c == nil {
		return nil
	}
	select {
	case <-c.done:
		return c.page
	default:
		return nil
	}
}

// fetched reports whether name was looked up on source.
func (r *recorder) fetched(source, name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[recKey{source, name}] != nil
}

// lookupState classifies an Index answer as package policy does.
func lookupState(page *simpleapi.ProjectPage, err error) policy.LookupState {
	switch {
	case err == nil && page != nil:
		return policy.Found
	case errors.Is(err, simpleapi.ErrNotFound):
		return policy.NotFound
	}
	return policy.Failed
}
