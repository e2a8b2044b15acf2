package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/safeindex/safeindex/examples/internal/exampleutil"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/policy/osv"
	"github.com/safeindex/safeindex/policy/typosquat"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/resolve/lockfile"
	"github.com/safeindex/safeindex/simpleapi"
)

// common are the flags resolve and explain share.
type common struct {
	configFile string
	target     string
	cacheDir   string
	offline    bool
	osvPath    string
	osvRefuse  string
	typosquats bool

	client *simpleapi.Client // set by resolver
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.configFile, "config", "", "policy file: safeindex.toml, pyproject.toml (uv or Poetry), uv.toml, Pipfile, pip.conf (by name and content)")
	fs.StringVar(&c.target, "target", defaultTarget(), "interpreter and platform to resolve for, e.g. cp312-manylinux_2_28_x86_64, cp313-macosx_14_0_arm64, cp312-win_amd64")
	fs.StringVar(&c.cacheDir, "cache", defaultCacheDir(), `HTTP cache folder ("" for none)`)
	fs.BoolVar(&c.offline, "offline", false, "answer from the cache only")
	fs.StringVar(&c.osvPath, "osv", "", "OSV advisories for PyPI: a folder of .json/.yaml records or an all.zip export; versions they affect are refused")
	fs.StringVar(&c.osvRefuse, "osv-refuse-at", "low", "lowest advisory severity that refuses a version (low, medium, high, critical); lower ones are reported")
	fs.BoolVar(&c.typosquats, "typosquats", true, "refuse names that imitate popular projects or the names the policy claims")
}

// addRules turns on the rules the flags ask for.
func (c *common) addRules(ctx context.Context, p *policy.Policy) error {
	if c.typosquats {
		names, patterns := p.ProtectedNames()
		checker, err := typosquat.New(typosquat.WithProtected(names...), typosquat.WithInternalPatterns(patterns...))
		if err != nil {
			return &exitError{Code: exitUsage, Err: err}
		}
		p.Rules.Typosquats.Checker = checker
	}
	if c.osvPath != "" {
		level, err := osv.ParseLevel(c.osvRefuse)
		if err != nil {
			return usageErr("-osv-refuse-at: %v", err)
		}
		db, err := loadOSV(ctx, c.osvPath)
		if err != nil {
			return &exitError{Code: exitUsage, Err: fmt.Errorf("-osv: %w", err)}
		}
		p.Rules.Vulnerabilities.DB = db
		p.Rules.Vulnerabilities.RefuseAt = level
	}
	return nil
}

func loadOSV(ctx context.Context, path string) (*osv.DB, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return osv.LoadFS(ctx, path, os.DirFS(path))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return osv.LoadZip(ctx, path, f, fi.Size())
}

// defaultTarget is CPython 3.12 on this machine's OS and architecture.
func defaultTarget() string {
	arch := map[string]string{"amd64": "x86_64", "arm64": "aarch64", "386": "i686"}[runtime.GOARCH]
	switch runtime.GOOS {
	case "darwin":
		if runtime.GOARCH == "arm64" {
			return "cp312-macosx_14_0_arm64"
		}
		return "cp312-macosx_14_0_x86_64"
	case "windows":
		if runtime.GOARCH == "arm64" {
			return "cp312-win_arm64"
		}
		return "cp312-win_amd64"
	}
	if arch == "" {
		arch = "x86_64"
	}
	return "cp312-manylinux_2_28_" + arch
}

func defaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "safeindex")
}

// loadPolicy reads the -config file, or builds a policy from the lock's
// own index options (as pip would read them, but searched in order), or
// falls back to PyPI alone.
func (c *common) loadPolicy(lock *lockfile.Lock, io stdio) (*policy.Policy, error) {
	return exampleutil.LoadPolicy(c.configFile, lock, io.err)
}

func (c *common) resolver(ctx context.Context, p *policy.Policy, io stdio) (*resolve.Resolver, error) {
	if err := c.addRules(ctx, p); err != nil {
		return nil, err
	}
	target, err := resolve.NewTarget(c.target)
	if err != nil {
		return nil, usageErr("-target: %v", err)
	}
	var opts []simpleapi.ClientOption
	if c.cacheDir != "" {
		// The resolver never modifies a page, so it can share the cache's.
		cache, err := simpleapi.OpenCache(c.cacheDir, simpleapi.CacheSharedPages())
		if err != nil {
			return nil, usageErr("-cache: %v", err)
		}
		opts = append(opts, simpleapi.WithCache(cache))
	}
	if c.offline {
		opts = append(opts, simpleapi.WithOffline())
	}
	client, err := simpleapi.NewClient(opts...)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	c.client = client
	if err := p.Validate(); err != nil {
		return nil, &exitError{Code: exitUsage, Err: err}
	}
	return &resolve.Resolver{Policy: p, Index: ClientIndexWithProgress(client, io), Target: target}, nil
}

func runResolve(ctx context.Context, args []string, io stdio) error {
	fs := flag.NewFlagSet("resolve", flag.ContinueOnError)
	fs.SetOutput(io.err)
	var c common
	c.register(fs)
	format := fs.String("format", "requirements", "output: requirements (pip hash-checking form), pylock (PEP 751) or json (report with every reason)")
	out := fs.String("o", "", "write the output to this file instead of standard output")
	fs.Usage = func() {
		fmt.Fprintf(io.err, "usage: safe-resolve resolve [flags] REQUIREMENTS\n\n"+
			"Resolves a requirements file, Pipfile.lock or pylock.toml under the policy and writes\n"+
			"a lock with the hash of every file. Index options in a requirements file are honoured,\n"+
			"but the indexes are searched in order instead of merged.\n\n")
		fs.PrintDefaults()
	}
	if err := exampleutil.ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageErr("resolve takes one requirements or lock file")
	}
	switch *format {
	case "requirements", "json", "pylock":
	default:
		return usageErr("-format must be requirements, pylock or json, not %q", *format)
	}
	path := fs.Arg(0)
	lock, err := exampleutil.ReadLock(path)
	if err != nil {
		return err
	}
	reqs, err := resolve.FromLock(lock)
	if err != nil {
		return &exitError{Code: exitUsage, Err: err}
	}
	p, err := c.loadPolicy(lock, io)
	if err != nil {
		return err
	}
	r, err := c.resolver(ctx, p, io)
	if err != nil {
		return err
	}
	res, err := r.Resolve(ctx, reqs)
	if err != nil {
		return err
	}
	summarize(res, io)
	var buf bytes.Buffer
	switch *format {
	case "json":
		err = resolve.WriteJSON(&buf, res, time.Time{})
	case "pylock":
		if res.Err() == nil {
			err = resolve.WritePylock(&buf, res, p.Sources, resolve.PylockOptions{CreatedBy: "safe-resolve"})
		}
	default:
		if res.Err() == nil {
			err = resolve.WriteRequirements(&buf, res)
		}
	}
	if err != nil {
		return err
	}
	if buf.Len() > 0 {
		if *out != "" {
			if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
				return err
			}
		} else if _, err := io.out.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	return resultErr(res)
}

// resultErr turns a result into the run's exit status: index failures
// first (3), then refusals (1).
func resultErr(res *resolve.Result) error {
	err := res.Err()
	if err == nil {
		return nil
	}
	if errors.Is(err, policy.ErrSourceFailed) {
		return &exitError{Code: exitIndexErr, Err: fmt.Errorf("%w: an index failed", errQuiet)}
	}
	return &exitError{Code: exitRefused, Err: fmt.Errorf("%w: the policy refused something", errQuiet)}
}

// summarize prints one line per decision and its findings to stderr.
func summarize(res *resolve.Result, io stdio) {
	if io.tty {
		fmt.Fprint(io.err, "\r\x1b[K") // clear the progress line
	}
	for _, d := range res.Decisions {
		switch {
		case d.Skipped:
			fmt.Fprintf(io.err, "%s %s (marker does not hold for the target)\n", paint(io.tty, "dim", "skip"), d.Requirement.String())
		case d.Err != nil:
			fmt.Fprintf(io.err, "%s %s: %v\n", paint(io.tty, "red", "REFUSED"), d.Requirement.String(), d.Err)
		default:
			fmt.Fprintf(io.err, "%s %s %s from %s\n", paint(io.tty, "green", "ok"), d.Package, d.Version, strings.Join(d.Sources, ", "))
		}
		for _, f := range d.Findings {
			if f.Severity >= policy.SeverityMedium {
				fmt.Fprintf(io.err, "    %s %s\n", paint(io.tty, severityColor(f.Severity), f.Severity.String()+":"), f.Message)
			}
		}
	}
}

func runExplain(ctx context.Context, args []string, io stdio) error {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(io.err)
	var c common
	c.register(fs)
	fs.Usage = func() {
		fmt.Fprintf(io.err, "usage: safe-resolve explain [flags] NAME[SPECIFIER]\n\nShows every source and candidate for one name, with the reason for each.\n\n")
		fs.PrintDefaults()
	}
	if err := exampleutil.ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageErr("explain takes one requirement, like 'requests>=2'")
	}
	req, err := resolve.ParseRequirement(fs.Arg(0))
	if err != nil {
		return usageErr("%v", err)
	}
	p, err := c.loadPolicy(nil, io)
	if err != nil {
		return err
	}
	r, err := c.resolver(ctx, p, io)
	if err != nil {
		return err
	}
	res, err := r.Resolve(ctx, []resolve.Requirement{req})
	if err != nil {
		return err
	}
	explain(res.Decisions[0], io)
	return resultErr(res)
}

// explain prints a decision with every candidate and its reasons.
func explain(d *resolve.Decision, io stdio) {
	fmt.Fprint(io.out, d.Explain())
	if len(d.Candidates) > 0 {
		fmt.Fprintf(io.out, "  candidates:\n")
	}
	for _, c := range d.Candidates {
		mark := "-"
		switch {
		case c.Chosen:
			mark = paint(io.tty, "green", "*")
		case c.OK:
			mark = "+"
		}
		fmt.Fprintf(io.out, "    %s %s [%s]\n", mark, c.Filename, c.Source)
		for _, r := range c.Reasons {
			fmt.Fprintf(io.out, "        %s: %s\n", r.Code, strings.TrimPrefix(r.Message, c.Filename+": "))
		}
	}
}

// progressIndex wraps an Index to count lookups for a progress line on
// terminals.
type progressIndex struct {
	resolve.Index
	io   stdio
	done atomic.Int64
}

// ClientIndexWithProgress returns the client as a resolve.Index that
// shows a progress line on a terminal once work takes more than a moment.
func ClientIndexWithProgress(c *simpleapi.Client, io stdio) resolve.Index {
	idx := resolve.ClientIndex{Client: c}
	if !io.tty {
		return idx
	}
	return &progressIndex{Index: idx, io: io}
}

func (p *progressIndex) ProjectPage(ctx context.Context, src *policy.Source, name string) (*simpleapi.ProjectPage, error) {
	page, err := p.Index.ProjectPage(ctx, src, name)
	if n := p.done.Add(1); n%25 == 0 {
		fmt.Fprintf(p.io.err, "\r\x1b[K%d index pages read...", n)
	}
	return page, err
}
