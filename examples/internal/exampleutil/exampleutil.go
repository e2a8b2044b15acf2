// Package exampleutil holds what the example programs share: exit
// statuses, reading a requirements file or lock and its policy, resolving
// it, reporting refusals, and the offline demonstration indexes. It is
// part of the examples, not of the library.
package exampleutil

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/policy/config"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/resolve/lockfile"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// Exit statuses of the example programs.
const (
	ExitOK       = 0
	ExitRefused  = 1
	ExitUsage    = 2
	ExitIndexErr = 3
)

// ExitError carries an exit status with its message.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *ExitError) Unwrap() error { return e.Err }

// UsageErr is an error that exits with ExitUsage.
func UsageErr(format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...)}
}

// ExitCode maps a run's error to its exit status: an *ExitError's code,
// ExitIndexErr for a failing source, ExitRefused otherwise, ExitOK for nil
// and for -h.
func ExitCode(err error) int {
	var ee *ExitError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ee):
		return ee.Code
	case errors.Is(err, policy.ErrSourceFailed):
		return ExitIndexErr
	}
	return ExitRefused
}

// Report prints each refusal and each finding of medium severity or more
// to stderr, and returns the error that sets the exit status when a
// requirement failed: ExitIndexErr when an index failed, else ExitRefused.
func Report(res *resolve.Result, stderr io.Writer) error {
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
		return &ExitError{Code: ExitIndexErr, Err: errors.New("an index failed; nothing written")}
	}
	return &ExitError{Code: ExitRefused, Err: errors.New("the policy refused a requirement; nothing written")}
}

// ParseFlags parses args with fs. It returns flag.ErrHelp as it is when
// -h asked for the usage (which fs has printed: ExitCode maps it to
// ExitOK), and any other parse error as a usage error.
func ParseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &ExitError{Code: ExitUsage, Err: err}
	}
	return nil
}

// ReadLock reads a requirements file, Pipfile.lock or pylock.toml from
// disk, ${VAR} expanded from the environment.
func ReadLock(path string) (*lockfile.Lock, error) {
	lock, err := lockfile.ReadFile(os.DirFS(filepath.Dir(path)), filepath.Base(path), lockfile.WithEnv(os.LookupEnv))
	if err != nil {
		return nil, &ExitError{Code: ExitUsage, Err: err}
	}
	lock.Path = path // as given, so that notes and findings name the file the user named
	return lock, nil
}

// LoadPolicy reads configFile (see package policy/config), printing its
// notes to stderr; without one, it searches the indexes the lock names in
// order (pip would merge them); without those, PyPI alone.
func LoadPolicy(configFile string, lock *lockfile.Lock, stderr io.Writer) (*policy.Policy, error) {
	if configFile != "" {
		p, notes, err := config.LoadFile(os.DirFS(filepath.Dir(configFile)), filepath.Base(configFile), config.WithEnv(os.LookupEnv))
		if err != nil {
			return nil, &ExitError{Code: ExitUsage, Err: err}
		}
		for _, n := range notes {
			fmt.Fprintf(stderr, "note: %s\n", n)
		}
		return p, nil
	}
	p := PolicyFromLock(lock)
	if lock != nil && len(p.Sources) > 1 {
		fmt.Fprintf(stderr, "note: %s names %d indexes; pip would merge them and take the highest version (the dependency confusion risk); they are searched in order instead, the first that has a project serving it\n", lock.Path, len(p.Sources))
	}
	return p, nil
}

// PolicyFromLock searches the indexes a lock names in order, the first
// that has a project serving it; PyPI alone when it names none.
func PolicyFromLock(lock *lockfile.Lock) *policy.Policy {
	p := &policy.Policy{}
	if lock != nil {
		for _, s := range lock.Sources {
			if s.Kind != lockfile.SourceIndex {
				continue
			}
			name := s.Name
			if name == "" {
				name = fmt.Sprintf("index-%d", len(p.Sources)+1)
			}
			src := policy.Source{Name: name, URL: s.URL} // ${NAME} expanded by ReadLock
			if strings.Contains(s.URL, "://pypi.org/") {
				src.FileHosts = []string{"files.pythonhosted.org"}
			}
			p.Sources = append(p.Sources, src)
		}
	}
	if len(p.Sources) == 0 {
		p.Sources = []policy.Source{{Name: "pypi", URL: "https://pypi.org/simple/", FileHosts: []string{"files.pythonhosted.org"}}}
	}
	return p
}

// ResolveFile reads a requirements file or lock and resolves it for
// target under the policy of configFile, or of the indexes the file names.
func ResolveFile(ctx context.Context, path, configFile, target string, stderr io.Writer) (*resolve.Result, error) {
	lock, err := ReadLock(path)
	if err != nil {
		return nil, err
	}
	reqs, err := resolve.FromLock(lock)
	if err != nil {
		return nil, &ExitError{Code: ExitUsage, Err: err}
	}
	p, err := LoadPolicy(configFile, lock, stderr)
	if err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, &ExitError{Code: ExitUsage, Err: err}
	}
	t, err := resolve.NewTarget(target)
	if err != nil {
		return nil, UsageErr("-target: %v", err)
	}
	client, err := simpleapi.NewClient()
	if err != nil {
		return nil, err
	}
	r := &resolve.Resolver{Policy: p, Index: resolve.ClientIndex{Client: client}, Target: t}
	return r.Resolve(ctx, reqs)
}

// DemoRequirements is what the build-system demonstrations resolve.
var DemoRequirements = []string{
	"acme-billing>=1.0", // internal; an attacker published 99.0.0 on the public index
	"six==1.16.0",       // public, pure Python
	"fastjson==2.0.0",   // public, with platform wheels: the alias takes the one for the target
}

// DemoResolution resolves DemoRequirements against two in-memory indexes,
// without a socket: an internal one that claims acme-*, and a public one
// where an attacker published acme-billing 99.0.0. The file URLs are on
// the indexes' reserved .invalid hosts, so the output is the same on
// every run.
func DemoResolution(ctx context.Context, target string) (*resolve.Result, error) {
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
		return nil, UsageErr("-target: %v", err)
	}
	var reqs []resolve.Requirement
	for _, s := range DemoRequirements {
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

// ResolveArgs resolves what a build-system command was given: with no
// argument the offline demonstration (DemoResolution), with one the
// requirements file or lock it names (ResolveFile). Refusals are reported
// on stderr, as Report does; a result with refusals is an error.
func ResolveArgs(ctx context.Context, fs *flag.FlagSet, configFile, target string, stderr io.Writer) (*resolve.Result, error) {
	var res *resolve.Result
	var err error
	switch fs.NArg() {
	case 0:
		if configFile != "" {
			return nil, UsageErr("-config needs a REQUIREMENTS file")
		}
		res, err = DemoResolution(ctx, target)
	case 1:
		res, err = ResolveFile(ctx, fs.Arg(0), configFile, target, stderr)
	default:
		fs.Usage()
		return nil, UsageErr("one REQUIREMENTS file at most")
	}
	if err != nil {
		return nil, err
	}
	if err := Report(res, stderr); err != nil {
		return nil, err
	}
	return res, nil
}
