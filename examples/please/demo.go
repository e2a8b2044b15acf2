package main

import (
	"context"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// demoRequirements is what the demonstration resolves.
var demoRequirements = []string{
	"acme-billing>=1.0", // internal; an attacker published 99.0.0 on the public index
	"six==1.16.0",       // public, pure Python
	"fastjson==2.0.0",   // public, with platform wheels: the alias takes the one for the target
}

// demoResolution resolves demoRequirements against two in-memory indexes,
// without a socket: an internal one that claims acme-*, and a public one
// where an attacker published acme-billing 99.0.0. The file URLs are on
// the indexes' reserved .invalid hosts, so the output is the same on
// every run.
func demoResolution(ctx context.Context, target string) (*resolve.Result, error) {
	internal := indextest.NewIndex("internal",
		indextest.Project("acme-billing",
			indextest.Release("1.2.0", indextest.Wheel(), indextest.Sdist()),
			indextest.Release("1.3.0", indextest.Wheel(), indextest.Sdist())))
	public := indextest.NewIndex("pypi",
		indextest.Attacker("acme-billing", "99.0.0"),
		indextest.Project("six", indextest.Release("1.16.0",
			indextest.Wheel(indextest.Tag("py2.py3-none-any")), indextest.Sdist())),
		indextest.Project("fastjson", indextest.Release("2.0.0",
			indextest.Wheel(indextest.Tag("cp312-cp312-manylinux_2_17_x86_64")),
			indextest.Wheel(indextest.Tag("cp312-cp312-macosx_11_0_arm64")),
			indextest.Wheel(indextest.Tag("cp312-cp312-win_amd64")),
			indextest.Sdist())))
	sources := indextest.Sources(internal, public)
	sources[0].Claims = []string{"acme-*"}
	t, err := resolve.NewTarget(target)
	if err != nil {
		return nil, usageErr("-target: %v", err)
	}
	var reqs []resolve.Requirement
	for _, s := range demoRequirements {
		r, err := resolve.ParseRequirement(s)
		if err != nil {
			return nil, err
		}
		reqs = append(reqs, r)
	}
	r := &resolve.Resolver{
		Policy: &policy.Policy{Sources: sources},
		Index:  indextest.NewMemory(internal, public),
		Target: t,
	}
	return r.Resolve(ctx, reqs)
}
