package resolve_test

import (
	"context"
	"fmt"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// An index proxy publishes, for each name, the files NewView accepts:
// here the internal project's files, and nothing of the attacker's copy.
func ExampleNewView() {
	internal := indextest.NewIndex("internal", indextest.Project("acme-billing",
		indextest.Release("1.0.0"), indextest.Release("1.1.0", indextest.Yanked("broken"))))
	pypi := indextest.NewIndex("pypi", indextest.Attacker("acme-billing", "99.0.0"))
	p := &policy.Policy{Sources: indextest.Sources(internal, pypi)}
	index := indextest.NewMemory(internal, pypi)

	ctx := context.Background()
	route := p.Route("acme-billing")
	var lookups []policy.Lookup
	pages := map[string]*simpleapi.ProjectPage{}
	for _, name := range route.Lookup {
		page, err := index.ProjectPage(ctx, p.Source(name), route.Package)
		if err != nil {
			lookups = append(lookups, policy.Lookup{Source: name, State: policy.NotFound})
			continue
		}
		lookups = append(lookups, policy.Lookup{Source: name, State: policy.Found, Page: page})
		pages[name] = page
	}
	choice, err := p.Choose(route.Package, lookups)
	if err != nil {
		panic(err)
	}
	view := resolve.NewView(p, choice, pages, resolve.ViewOptions{Now: indextest.DefaultUploadTime()})
	for _, f := range view.Files {
		fmt.Println(f.Source, f.File.Filename, "ok:", f.OK, "yanked:", f.Yanked)
	}
	fmt.Println(choice.Findings[0].Code)
	// Output:
	// internal acme_billing-1.0.0-py3-none-any.whl ok: true yanked: false
	// internal acme_billing-1.1.0-py3-none-any.whl ok: true yanked: true
	// shadow-higher
}
