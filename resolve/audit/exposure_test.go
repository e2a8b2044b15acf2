package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// indexLister lists an indextest index's projects, as its root page would.
func indexLister(idx *indextest.Index) RootLister {
	return ListerFunc(func(ctx context.Context, src *policy.Source) ([]string, error) { return idx.Projects(), nil })
}

func TestExposure(t *testing.T) {
	I, P := indextest.Project, indextest.Release
	internal := indextest.NewIndex("internal",
		I("acme-billing", P("1.2.0")),
		I("acme-utils", P("3.0.0")),
		I("acme-free", P("1.0.0")),
		I("acme-flaky", P("1.0.0")),
	)
	pypi := indextest.NewIndex("pypi",
		indextest.Attacker("acme-billing", "99.0.0"),
		I("acme-utils", P("0.1.0", indextest.UploadedAt(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC))), P("0.2.0")),
		I("acme-flaky", indextest.HTTPStatus(503)),
	)
	var calls []int
	e := &ExposureAuditor{Lister: indexLister(internal), Index: indextest.NewMemory(internal, pypi), Concurrency: 2,
		Progress: func(done, total int) { calls = append(calls, done); assert.Equal(t, 4, total) }}
	rep, err := e.Exposure(t.Context(), internal.Source(), []policy.Source{pypi.Source()})
	require.NoError(t, err)

	assert.Equal(t, 4, rep.Total)
	assert.Equal(t, []int{1, 2, 3, 4}, calls)
	assert.Equal(t, []string{"acme-free"}, rep.Unregistered)
	require.Len(t, rep.Registered, 2)
	b := rep.Registered[0]
	assert.Equal(t, "acme-billing", b.Name)
	assert.Equal(t, policy.SeverityCritical, b.Severity)
	assert.True(t, b.Higher)
	assert.Equal(t, "1.2.0", b.InternalHighest)
	assert.Equal(t, []PublicVersion{{Version: "99.0.0", UploadTime: indextest.DefaultUploadTime()}}, b.Versions)
	u := rep.Registered[1]
	assert.Equal(t, "acme-utils", u.Name)
	assert.Equal(t, policy.SeverityHigh, u.Severity)
	assert.False(t, u.Higher)
	assert.Equal(t, []PublicVersion{
		{Version: "0.2.0", UploadTime: indextest.DefaultUploadTime()},
		{Version: "0.1.0", UploadTime: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)},
	}, u.Versions)
	// The failed lookup is never counted as unregistered.
	require.Len(t, rep.Failed, 1)
	assert.Equal(t, "acme-flaky", rep.Failed[0].Name)
	assert.Equal(t, "pypi", rep.Failed[0].Source)
	assert.False(t, rep.OK)

	var got []string
	for _, f := range rep.Findings {
		got = append(got, string(f.Code)+"/"+f.Package+"/"+f.Severity.String())
	}
	assert.Equal(t, []string{"exposed-higher/acme-billing/critical", "exposed/acme-utils/high", "lookup-failed/acme-flaky/high", "unregistered/acme-free/medium"}, got)

	var text, js bytes.Buffer
	require.NoError(t, WriteExposureText(&text, rep))
	require.NoError(t, WriteExposureJSON(&js, rep))
	golden(t, "exposure.txt", text.Bytes())
	golden(t, "exposure.json", js.Bytes())
}

func TestExposureListFails(t *testing.T) {
	pypi := indextest.NewIndex("pypi")
	e := &ExposureAuditor{Index: indextest.NewMemory(pypi),
		Lister: ListerFunc(func(ctx context.Context, src *policy.Source) ([]string, error) { return nil, errors.New("HTTP 401") })}
	src := policy.Source{Name: "internal", URL: "https://user:s3cret@internal.example/simple/"}
	_, err := e.Exposure(t.Context(), src, []policy.Source{pypi.Source()})
	require.ErrorIs(t, err, ErrListFailed)
	assert.NotContains(t, err.Error(), "s3cret")
	_, err = (&ExposureAuditor{}).Exposure(t.Context(), src, nil)
	assert.Error(t, err)
}

// TestExposureThousands lists 5,000 names from a generated root page over
// HTTP and looks them up on an indextest server, within the bound.
func TestExposureThousands(t *testing.T) {
	const n = 5000
	var root strings.Builder
	root.WriteString("<!DOCTYPE html><html><body>\n")
	for i := range n {
		fmt.Fprintf(&root, "<a href=\"/simple/corp-pkg-%d/\">Corp_Pkg.%d</a>\n", i, i)
	}
	root.WriteString("</body></html>\n")
	internalSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path == "/simple/" {
			_, _ = w.Write([]byte(root.String()))
			return
		}
		// Every project page: one sdist, version 1.0.0.
		name := strings.Trim(strings.TrimPrefix(r.URL.Path, "/simple/"), "/")
		file := strings.ReplaceAll(name, "-", "_") + "-1.0.0.tar.gz"
		fmt.Fprintf(w, "<!DOCTYPE html><html><body><a href=\"/files/%s#sha256=%s\">%s</a></body></html>\n", file, strings.Repeat("a", 64), file)
	}))
	defer internalSrv.Close()

	pypiIdx := indextest.NewIndex("pypi",
		indextest.Project("corp-pkg-17", indextest.Release("5.0.0")),
		indextest.Project("corp-pkg-4242", indextest.Release("0.0.1")),
	)
	pypi := indextest.NewServer(pypiIdx)
	defer pypi.Close()

	client, err := simpleapi.NewClient(simpleapi.WithHTTPClient(pypi.Client()))
	require.NoError(t, err)
	var inFlight, peak atomic.Int32
	counting := indexFunc(func(ctx context.Context, src *policy.Source, name string) (*simpleapi.ProjectPage, error) {
		cur := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if cur <= p || peak.CompareAndSwap(p, cur) {
				break
			}
		}
		return resolve.ClientIndex{Client: client}.ProjectPage(ctx, src, name)
	})
	var last atomic.Int64
	e := &ExposureAuditor{Lister: ClientLister{Client: client}, Index: counting, Concurrency: 8,
		Progress: func(done, total int) { last.Store(int64(done)) }}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	rep, err := e.Exposure(ctx, policy.Source{Name: "internal", URL: internalSrv.URL + "/simple/"}, []policy.Source{pypi.Source()})
	require.NoError(t, err)
	assert.Equal(t, n, rep.Total)
	assert.Equal(t, int64(n), last.Load())
	assert.LessOrEqual(t, peak.Load(), int32(8))
	assert.Len(t, rep.Unregistered, n-2)
	assert.Empty(t, rep.Failed)
	require.Len(t, rep.Registered, 2)
	// Internally every name is at 1.0.0.
	assert.Equal(t, "corp-pkg-17", rep.Registered[0].Name)
	assert.Equal(t, policy.SeverityCritical, rep.Registered[0].Severity)
	assert.Equal(t, "corp-pkg-4242", rep.Registered[1].Name)
	assert.Equal(t, policy.SeverityHigh, rep.Registered[1].Severity)
	assert.Equal(t, "1.0.0", rep.Registered[1].InternalHighest)
}

// indexFunc adapts a function to resolve.Index.
type indexFunc func(ctx context.Context, src *policy.Source, name string) (*simpleapi.ProjectPage, error)

func (f indexFunc) ProjectPage(ctx context.Context, src *policy.Source, name string) (*simpleapi.ProjectPage, error) {
	return f(ctx, src, name)
}
