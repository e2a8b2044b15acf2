package audit

import (
	"context"
	"errors"

	"github.com/safeindex/safeindex/internal/memo"
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
	pages memo.Map[recKey, *simpleapi.ProjectPage]
}

type recKey struct{ source, name string }

func newRecorder(idx resolve.Index) *recorder {
	return &recorder{index: idx}
}

// ProjectPage implements resolve.Index.
func (r *recorder) ProjectPage(ctx context.Context, src *policy.Source, name string) (*simpleapi.ProjectPage, error) {
	k := recKey{src.Name, simpleapi.NormalizeName(name)}
	return r.pages.Do(ctx, k, func() (*simpleapi.ProjectPage, error) { return safePage(ctx, r.index, src, name) })
}

// page returns the page of name on source when it was fetched and found.
func (r *recorder) page(source, name string) *simpleapi.ProjectPage {
	page, _, _ := r.pages.Done(recKey{source, name})
	return page
}

// fetched reports whether name was looked up on source.
func (r *recorder) fetched(source, name string) bool {
	return r.pages.Has(recKey{source, name})
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
