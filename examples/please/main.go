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
	"syscall"

	"github.com/safeindex/safeindex/examples/internal/exampleutil"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "please:", err)
	}
	os.Exit(exampleutil.ExitCode(err))
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
	if err := exampleutil.ParseFlags(fs, args); err != nil {
		return err
	}
	res, err := exampleutil.ResolveArgs(ctx, fs, *configFile, *target, stderr)
	if err != nil {
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
