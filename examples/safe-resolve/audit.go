package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/safeindex/safeindex/examples/internal/exampleutil"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/resolve/audit"
)

func runAudit(ctx context.Context, args []string, io stdio) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(io.err)
	var c common
	c.register(fs)
	format := fs.String("format", "text", "output: text (for people), json (for tools) or sarif (SARIF 2.1.0, for code scanning)")
	failOn := fs.String("fail-on", "high", "exit with status 1 when a finding is at or above this severity: info, low, medium, high, critical")
	out := fs.String("o", "", "write the report to this file instead of standard output")
	fs.Usage = func() {
		fmt.Fprintf(io.err, "usage: safe-resolve audit [flags] LOCK\n\n"+
			"Checks that a requirements.txt, Pipfile.lock or pylock.toml is safe to install under the\n"+
			"policy: every pin served by the source allowed for its name, every hash a file that source\n"+
			"lists, nothing shadowed, yanked, quarantined, denied or too new.\n\n")
		fs.PrintDefaults()
	}
	if err := exampleutil.ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageErr("audit takes one lock file")
	}
	threshold, err := policy.ParseSeverity(*failOn)
	if err != nil {
		return usageErr("-fail-on: %v", err)
	}
	if !slices.Contains([]string{"text", "json", "sarif"}, *format) {
		return usageErr("-format must be text, json or sarif, not %q", *format)
	}
	path := fs.Arg(0)
	lock, err := exampleutil.ReadLock(path)
	if err != nil {
		return err
	}
	p, err := c.loadPolicy(lock, io)
	if err != nil {
		return err
	}
	r, err := c.resolver(ctx, p, io)
	if err != nil {
		return err
	}
	a := &audit.Auditor{Policy: p, Index: r.Index, Target: r.Target}
	rep, err := a.Verify(ctx, lock)
	if err != nil {
		return err
	}
	w := io.out
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	switch *format {
	case "json":
		err = audit.WriteJSON(w, rep)
	case "sarif":
		wd, _ := os.Getwd()
		err = audit.WriteSARIF(w, rep, audit.SARIFOptions{ToolName: "safe-resolve", Root: wd})
	default:
		err = audit.WriteText(w, rep)
	}
	if err != nil {
		return err
	}
	for _, f := range rep.Findings {
		if f.Code == "source-failed" {
			return &exitError{Code: exitIndexErr, Err: fmt.Errorf("%w: an index failed", errQuiet)}
		}
	}
	if rep.Failed(threshold) {
		return &exitError{Code: exitRefused, Err: fmt.Errorf("%w: findings at or above %s", errQuiet, threshold)}
	}
	return nil
}

func runExposure(ctx context.Context, args []string, io stdio) error {
	fs := flag.NewFlagSet("exposure", flag.ContinueOnError)
	fs.SetOutput(io.err)
	var c common
	c.register(fs)
	format := fs.String("format", "text", "output: text or json")
	concurrency := fs.Int("concurrency", resolve.DefaultConcurrency, "lookups in flight at once")
	fs.Usage = func() {
		fmt.Fprintf(io.err, "usage: safe-resolve exposure -config FILE\n\n"+
			"For every source that is not public, lists its projects (its root page) and looks each\n"+
			"name up on the public sources: names still unregistered publicly (an attacker can take\n"+
			"them) and names already there (a live dependency confusion risk).\n\n")
		fs.PrintDefaults()
	}
	if err := exampleutil.ParseFlags(fs, args); err != nil {
		return err
	}
	if c.configFile == "" || fs.NArg() != 0 {
		fs.Usage()
		return usageErr("exposure takes -config and no arguments")
	}
	if *format != "text" && *format != "json" {
		return usageErr("-format must be text or json, not %q", *format)
	}
	p, err := c.loadPolicy(nil, io)
	if err != nil {
		return err
	}
	r, err := c.resolver(ctx, p, io)
	if err != nil {
		return err
	}
	var internal, public []policy.Source
	for _, s := range p.Sources {
		if s.IsPublic() {
			public = append(public, s)
		} else {
			internal = append(internal, s)
		}
	}
	if len(public) == 0 {
		public = []policy.Source{{Name: "pypi", URL: "https://pypi.org/simple/"}}
	}
	if len(internal) == 0 {
		return usageErr("the policy has no internal (non-public) source to audit")
	}
	var bad error
	for _, src := range internal {
		e := &audit.ExposureAuditor{Lister: audit.ClientLister{Client: c.client}, Index: r.Index, Concurrency: *concurrency}
		if io.tty {
			e.Progress = func(done, total int) {
				if done%50 == 0 || done == total {
					fmt.Fprintf(io.err, "\r\x1b[K%s: %d of %d names looked up", src.Name, done, total)
				}
			}
		}
		rep, err := e.Exposure(ctx, src, public)
		if io.tty {
			fmt.Fprint(io.err, "\r\x1b[K")
		}
		if err != nil {
			return &exitError{Code: exitIndexErr, Err: err}
		}
		if *format == "json" {
			err = audit.WriteExposureJSON(io.out, rep)
		} else {
			err = audit.WriteExposureText(io.out, rep)
		}
		if err != nil {
			return err
		}
		switch {
		case len(rep.Failed) > 0:
			bad = &exitError{Code: exitIndexErr, Err: fmt.Errorf("%w: %d lookups failed", errQuiet, len(rep.Failed))}
		case !rep.OK && bad == nil:
			bad = &exitError{Code: exitRefused, Err: fmt.Errorf("%w: internal names are exposed: %s", errQuiet, strings.Join(rep.Unregistered, ", "))}
		}
	}
	return bad
}
