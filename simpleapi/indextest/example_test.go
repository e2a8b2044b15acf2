package indextest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// A build helper's rule, tested in a few lines: the attacker's higher
// version on the public index is never chosen, and it is reported.
func Example() {
	internal := indextest.NewIndex("internal",
		indextest.Project("acme-billing", indextest.Release("1.2.0"), indextest.Release("1.3.0")))
	pypi := indextest.NewIndex("pypi", indextest.Attacker("acme-billing", "99.0.0"))

	r := &resolve.Resolver{
		Policy: &policy.Policy{Sources: indextest.Sources(internal, pypi)},
		Index:  indextest.NewMemory(internal, pypi),
	}
	res, err := r.Resolve(context.Background(), []resolve.Requirement{{Name: "acme-billing"}})
	if err != nil {
		panic(err)
	}
	d := res.Decisions[0]
	fmt.Println(d.Version, d.Sources, d.Findings[0].Severity, d.Findings[0].Code)

	// Under the strict strategy the name is refused outright.
	r.Policy.Strategy = policy.Strict
	res, _ = r.Resolve(context.Background(), []resolve.Requirement{{Name: "acme-billing"}})
	var shadow *policy.ShadowError
	fmt.Println(errors.As(res.Decisions[0].Err, &shadow), shadow.HigherElsewhere)
	// Output:
	// 1.3.0 [internal] critical shadow-higher
	// true true
}

// A private index that is down must not let the public index answer for
// it.
func ExampleHTTPStatus() {
	internal := indextest.NewIndex("internal", indextest.HTTPStatus(503))
	pypi := indextest.NewIndex("pypi", indextest.Attacker("acme-billing", "99.0.0"))
	r := &resolve.Resolver{
		Policy: &policy.Policy{Sources: indextest.Sources(internal, pypi)},
		Index:  indextest.NewMemory(internal, pypi),
	}
	res, _ := r.Resolve(context.Background(), []resolve.Requirement{{Name: "acme-billing"}})
	err := res.Decisions[0].Err
	fmt.Println(errors.Is(err, policy.ErrSourceFailed), errors.Is(err, simpleapi.ErrBadResponse), res.Decisions[0].HasVersion)
	// Output:
	// true true false
}

// A lock pins the hash; the index now serves other bytes under it.
func ExampleTampered() {
	idx := indextest.NewIndex("pypi", indextest.Project("requests", indextest.Release("2.32.3", indextest.Tampered())))
	srv := indextest.NewServer(idx)
	defer srv.Close()

	c, _ := simpleapi.NewClient(simpleapi.WithNetrc(nil))
	ctx := context.Background()
	page, err := c.ProjectPage(ctx, srv.IndexURL(), "requests")
	if err != nil {
		panic(err)
	}
	f := page.Files[0]
	fmt.Println(f.Filename, f.Hashes["sha256"] == idx.File(f.Filename).SHA256)
	rc, err := c.Open(ctx, srv.IndexURL(), &f)
	if err != nil {
		panic(err)
	}
	defer rc.Close()
	buf := make([]byte, 1<<10)
	for err == nil {
		_, err = rc.Read(buf)
	}
	fmt.Println(errors.Is(err, simpleapi.ErrHashMismatch))
	// Output:
	// requests-2.32.3-py3-none-any.whl true
	// true
}

// A minimum release age against an index that gives no upload times.
func ExampleNoUploadTimes() {
	idx := indextest.NewIndex("artifactory", indextest.NoUploadTimes(),
		indextest.Project("six", indextest.Release("1.17.0")))
	r := &resolve.Resolver{
		Policy: &policy.Policy{Sources: indextest.Sources(idx), Rules: policy.Rules{MinReleaseAge: 7 * 24 * time.Hour}},
		Index:  idx,
	}
	res, _ := r.Resolve(context.Background(), []resolve.Requirement{{Name: "six"}})
	d := res.Decisions[0]
	fmt.Println(errors.Is(d.Err, resolve.ErrNoCandidate), d.Candidates[0].Reasons[0].Code)
	// Output:
	// true no-upload-time
}
