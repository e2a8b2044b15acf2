// Command embed is the shortest useful program that embeds safeindex's
// resolver, as a model for tool authors: a policy with an internal index
// that claims the company's names and the public one, the requirements
// from the command line, and what was chosen or refused, and why.
//
//	SAFEINDEX_INTERNAL=https://pypi.corp.example/simple/ go run ./examples/embed 'acme-billing>=1.2' six
//
// The indexes are SAFEINDEX_INTERNAL (required) and SAFEINDEX_PUBLIC
// (default https://pypi.org/simple/). Exit status 1 when something was
// refused. It is illustrative, not a stable tool: see examples/safe-resolve.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
)

func main() {
	public := os.Getenv("SAFEINDEX_PUBLIC")
	if public == "" {
		public = "https://pypi.org/simple/"
	}
	p := &policy.Policy{Sources: []policy.Source{
		{Name: "internal", URL: os.Getenv("SAFEINDEX_INTERNAL"), Claims: []string{"acme-*"}},
		{Name: "public", URL: public, FileHosts: []string{"files.pythonhosted.org"}},
	}}
	if err := run(context.Background(), os.Stdout, p, resolve.ClientIndex{}, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "embed:", err)
		os.Exit(1)
	}
}

// run resolves the requirements args under p, reading the indexes
// through idx, and prints each decision with its findings.
func run(ctx context.Context, w io.Writer, p *policy.Policy, idx resolve.Index, args []string) error {
	var reqs []resolve.Requirement
	for _, a := range args {
		r, err := resolve.ParseRequirement(a)
		if err != nil {
			return err
		}
		reqs = append(reqs, r)
	}
	target, err := resolve.NewTarget("cp312-manylinux_2_28_x86_64")
	if err != nil {
		return err
	}
	r := &resolve.Resolver{Policy: p, Index: idx, Target: target} // Resolve validates p
	res, err := r.Resolve(ctx, reqs)
	if err != nil {
		return err
	}
	for _, d := range res.Decisions {
		if d.Err != nil {
			fmt.Fprintf(w, "refused %s: %v\n", d.Requirement.String(), d.Err)
		} else if f := d.Wheel; f != nil || d.Sdist != nil {
			if f == nil {
				f = d.Sdist
			}
			fmt.Fprintf(w, "%s %s from %s: %s\n", d.Package, d.Version, f.Source, f.Filename)
		}
		for _, f := range d.Findings {
			fmt.Fprintf(w, "  %s\n", f)
		}
	}
	return res.Err()
}
