// Command please turns a safeindex resolution into a BUILD file for the
// Please build system: for each package, a python_wheel rule (from the
// python plugin) that downloads the wheel chosen for the target from the
// exact URL the index gave and checks its sha256, and a remote_file rule
// for its sdist, with its sha256 too.
//
//	go run ./examples/please                          the demonstration (offline)
//	go run ./examples/please [flags] REQUIREMENTS     a requirements file or lock
//
// REQUIREMENTS is a requirements file (pinned, ideally with --hash), a
// Pipfile.lock or a pylock.toml; each entry is resolved under the policy
// of -config (the formats safe-resolve reads), or else under the indexes
// the file names, searched in order (never merged), or else PyPI. With no
// REQUIREMENTS it resolves a built-in requirements list against two
// in-memory test indexes, an internal one and a public one where an
// attacker published an internal name with a higher version, and writes
// what testdata/BUILD holds.
//
// Please checks a single-output rule's hashes against the file itself,
// "sha256: " followed by the hex digest, so the hashes are the ones the
// index lists (and a lock pins). Credentials in index URLs are never
// written: give them to Please with remote_file's authentication labels
// or a netrc file.
//
// Exit status: 0 when everything resolved, 1 when the policy refused
// something (nothing is written then), 2 for usage and configuration
// errors, 3 when an index failed.
//
// It is an example of embedding safeindex, and a tool that can be used as
// it is; its interface may still change.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/policy/config"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/resolve/lockfile"
	"github.com/safeindex/safeindex/simpleapi"
)

// Exit statuses.
const (
	exitOK       = 0
	exitRefused  = 1
	exitUsage    = 2
	exitIndexErr = 3
)

// exitError carries an exit status with its message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "please:", err)
	}
	os.Exit(exitCode(err))
}

func exitCode(err error) int {
	var ee *exitError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, policy.ErrSourceFailed):
		return exitIndexErr
	}
	return exitRefused
}

// demoTarget is the target of the demonstration and of testdata/.
const demoTarget = "cp312-manylinux_2_28_x86_64"

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("please", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configFile := fs.String("config", "", "policy file: safeindex.toml, pyproject.toml (uv or Poetry), uv.toml, Pipfile, pip.conf")
	target := fs.String("target", demoTarget, "interpreter and platform the wheels are chosen for")
	out := fs.String("o", "", "file to write the BUILD file to (default: standard output)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: please [flags] [REQUIREMENTS]\n\n"+
			"Resolves REQUIREMENTS (a requirements file, Pipfile.lock or pylock.toml) under the policy\n"+
			"and writes a Please BUILD file of python_wheel and remote_file rules with the sha256 of\n"+
			"every file. Without REQUIREMENTS, runs the offline demonstration.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &exitError{code: exitUsage, err: err}
	}
	var res *resolve.Result
	var err error
	switch fs.NArg() {
	case 0:
		if *configFile != "" {
			return usageErr("-config needs a REQUIREMENTS file")
		}
		res, err = demoResolution(ctx, *target)
	case 1:
		res, err = resolveFile(ctx, fs.Arg(0), *configFile, *target, stderr)
	default:
		fs.Usage()
		return usageErr("one REQUIREMENTS file at most")
	}
	if err != nil {
		return err
	}
	if err := report(res, stderr); err != nil {
		return err
	}
	data, err := generate(res, *target)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = stdout.Write(data)
		return err
	}
	return os.WriteFile(*out, data, 0o644)
}

// report prints each refusal and each finding of medium severity or more
// to stderr, and returns the error that sets the exit status when a
// requirement failed: 3 when an index failed, else 1.
func report(res *resolve.Result, stderr io.Writer) error {
	for _, d := range res.Decisions {
		if d.Err != nil {
			fmt.Fprintf(stderr, "REFUSED %s: %v\n", d.Requirement.String(), d.Err)
		}
		for _, f := range d.Findings {
			if f.Severity >= policy.SeverityMedium {
				fmt.Fprintf(stderr, "%s %s: %s\n", f.Severity, d.Package, f.Message)
			}
		}
	}
	err := res.Err()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, policy.ErrSourceFailed):
		return &exitError{code: exitIndexErr, err: errors.New("an index failed; nothing written")}
	}
	return &exitError{code: exitRefused, err: errors.New("the policy refused a requirement; nothing written")}
}

// resolveFile reads a requirements file or lock and resolves it under the
// policy of configFile, or of the indexes the file names.
func resolveFile(ctx context.Context, path, configFile, target string, stderr io.Writer) (*resolve.Result, error) {
	lock, err := lockfile.ReadFile(os.DirFS(filepath.Dir(path)), filepath.Base(path), lockfile.WithEnv(os.LookupEnv))
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	reqs, err := resolve.FromLock(lock)
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	var p *policy.Policy
	if configFile != "" {
		var notes []config.Note
		p, notes, err = config.LoadFile(os.DirFS(filepath.Dir(configFile)), filepath.Base(configFile), config.WithEnv(os.LookupEnv))
		if err != nil {
			return nil, &exitError{code: exitUsage, err: err}
		}
		for _, n := range notes {
			fmt.Fprintf(stderr, "note: %s\n", n)
		}
	} else {
		p = policyFromLock(lock)
	}
	if err := p.Validate(); err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	t, err := resolve.NewTarget(target)
	if err != nil {
		return nil, usageErr("-target: %v", err)
	}
	client, err := simpleapi.NewClient()
	if err != nil {
		return nil, err
	}
	r := &resolve.Resolver{Policy: p, Index: resolve.ClientIndex{Client: client}, Target: t}
	return r.Resolve(ctx, reqs)
}

// policyFromLock searches the indexes a lock names in order, first one
// that has a project wins; PyPI when it names none.
func policyFromLock(lock *lockfile.Lock) *policy.Policy {
	p := &policy.Policy{}
	for _, s := range lock.Sources {
		if s.Kind != lockfile.SourceIndex {
			continue
		}
		name := s.Name
		if name == "" {
			name = fmt.Sprintf("index-%d", len(p.Sources)+1)
		}
		src := policy.Source{Name: name, URL: s.URL}
		if strings.Contains(s.URL, "://pypi.org/") {
			src.FileHosts = []string{"files.pythonhosted.org"}
		}
		p.Sources = append(p.Sources, src)
	}
	if len(p.Sources) == 0 {
		p.Sources = []policy.Source{{Name: "pypi", URL: "https://pypi.org/simple/", FileHosts: []string{"files.pythonhosted.org"}}}
	}
	return p
}
