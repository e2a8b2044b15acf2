package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/policy/typosquat"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// demoRequirements is the requirements file the demonstration resolves.
const demoRequirements = `# what the build asks for
acme-billing>=1.0     # internal; an attacker published 99.0.0 on the public index
acme-biling           # a typo; the attacker registered it publicly too
reqeusts              # a typo of a popular project, registered by the attacker
requests>=2.31        # public; 2.32.0 was yanked
six==1.16.0
`

// runDemo serves two indexes on 127.0.0.1, an internal one and a public
// one under attack, resolves demoRequirements through real HTTP, and shows
// every decision. It exits 0: refusals are what it demonstrates.
func runDemo(ctx context.Context, io stdio) error {
	internal := indextest.NewIndex("internal",
		indextest.Project("acme-billing",
			indextest.Release("1.2.0", indextest.Wheel(), indextest.Sdist()),
			indextest.Release("1.3.0", indextest.Wheel(), indextest.Sdist())),
		indextest.Project("acme-auth", indextest.Release("2.0.0")))
	public := indextest.NewIndex("pypi",
		indextest.Attacker("acme-billing", "99.0.0"),
		indextest.Attacker("acme-biling", "1.0.0"),
		indextest.Attacker("reqeusts", "2.32.4"),
		indextest.Project("requests",
			indextest.Release("2.31.0", indextest.Wheel(), indextest.Sdist()),
			indextest.Release("2.32.0", indextest.Wheel(), indextest.Yanked("regression in 2.32.0"))),
		indextest.Project("six", indextest.Release("1.16.0", indextest.Wheel(indextest.Tag("py2.py3-none-any")))))
	isrv, psrv := indextest.NewServer(internal), indextest.NewServer(public)
	defer isrv.Close()
	defer psrv.Close()

	p := &policy.Policy{
		Sources: []policy.Source{
			{Name: "internal", URL: isrv.URL + "/simple/", Claims: []string{"acme-*"}},
			{Name: "pypi", URL: psrv.URL + "/simple/", Public: true},
		},
	}
	// The name rule: typos of the 15,000 most downloaded projects and of
	// the internal names.
	names, patterns := p.ProtectedNames()
	checker, err := typosquat.New(typosquat.WithProtected(append(names, internal.Projects()...)...), typosquat.WithInternalPatterns(patterns...))
	if err != nil {
		return err
	}
	p.Rules.Typosquats.Checker = checker
	client, err := simpleapi.NewClient()
	if err != nil {
		return err
	}
	target, err := resolve.NewTarget("cp312-manylinux_2_28_x86_64")
	if err != nil {
		return err
	}
	var reqs []resolve.Requirement
	for i, line := range strings.Split(demoRequirements, "\n") {
		line, _, _ = strings.Cut(line, "#")
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		r, err := resolve.ParseRequirement(line)
		if err != nil {
			return err
		}
		r.Origin = fmt.Sprintf("requirements.txt:%d", i+1)
		reqs = append(reqs, r)
	}

	b := func(s string) string { return paint(io.tty, "bold", s) }
	fmt.Fprintf(io.out, "%s\n\n", b("safeindex demonstration: two indexes served on 127.0.0.1"))
	fmt.Fprintf(io.out, "  internal  %s   claims acme-*\n", p.Sources[0].URL)
	fmt.Fprintf(io.out, "  pypi      %s   (an attacker published acme-billing 99.0.0, acme-biling and reqeusts here)\n\n", p.Sources[1].URL)
	fmt.Fprintf(io.out, "%s\n%s\n", b("requirements.txt:"), indent(demoRequirements, "  "))

	r := &resolve.Resolver{Policy: p, Index: resolve.ClientIndex{Client: client}, Target: target}
	res, err := r.Resolve(ctx, reqs)
	if err != nil {
		return err
	}
	fmt.Fprintf(io.out, "%s\n\n", b("decisions (target cp312-manylinux_2_28_x86_64, policy: first-index, internal claims acme-*, typosquat rule on):"))
	for _, d := range res.Decisions {
		status := paint(io.tty, "green", "CHOSEN ")
		if d.Err != nil {
			status = paint(io.tty, "red", "REFUSED")
		}
		fmt.Fprintf(io.out, "%s %s\n", status, d.Requirement.String())
		switch {
		case d.Err != nil:
			fmt.Fprintf(io.out, "        why: %v\n", d.Err)
		default:
			fmt.Fprintf(io.out, "        %s %s from %q", d.Package, d.Version, d.Sources[0])
			if d.Wheel != nil {
				fmt.Fprintf(io.out, ", wheel %s", d.Wheel.Filename)
			}
			fmt.Fprintln(io.out)
		}
		for _, f := range d.Findings {
			if d.Err != nil && strings.Contains(d.Err.Error(), f.Message) {
				continue // already the "why"
			}
			fmt.Fprintf(io.out, "        %s %s\n", paint(io.tty, severityColor(f.Severity), f.Severity.String()+":"), f.Message)
		}
		for _, c := range d.Candidates {
			if c.OK || len(c.Reasons) == 0 {
				continue
			}
			fmt.Fprintf(io.out, "        left out %s: %s\n", c.Filename, strings.TrimPrefix(c.Reasons[0].Message, c.Filename+": "))
		}
		fmt.Fprintln(io.out)
	}

	// The lock of what could be resolved, in pip's hash-checking form.
	ok := &resolve.Result{}
	for _, d := range res.Decisions {
		if d.Err == nil {
			ok.Decisions = append(ok.Decisions, d)
		}
	}
	var lock bytes.Buffer
	if err := resolve.WriteRequirements(&lock, ok); err != nil {
		return err
	}
	fmt.Fprintf(io.out, "%s\n%s\n", b("lock of the accepted requirements (safe-resolve resolve -format requirements):"), indent(lock.String(), "  "))
	fmt.Fprintf(io.out, "Try: safe-resolve resolve -h, safe-resolve explain -h\n")
	return nil
}
