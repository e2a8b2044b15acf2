// Command bazel turns a safeindex resolution into what Bazel consumes:
// a deps.bzl holding one http_file repository rule per pinned file (URL,
// sha256 and file name) and a module extension that declares them, a
// BUILD.bazel with one alias per package pointing at the best wheel for
// the target, and the MODULE.bazel lines that bring the repositories in.
//
//	go run ./examples/bazel                          the demonstration (offline)
//	go run ./examples/bazel [flags] REQUIREMENTS     a requirements file or lock
//
// REQUIREMENTS is a requirements file (pinned, ideally with --hash), a
// Pipfile.lock or a pylock.toml; each entry is resolved under the policy
// of -config (the formats safe-resolve reads), or else under the indexes
// the file names, searched in order (never merged), or else PyPI. With no
// REQUIREMENTS it resolves a built-in requirements list against two
// in-memory test indexes, an internal one and a public one where an
// attacker published an internal name with a higher version, and writes
// what testdata/ holds.
//
// Every file of the chosen version gets a repository, so that other
// platforms' wheels are pinned too (Bazel fetches only what a build
// uses); the aliases point at the wheel chosen for -target, or at the
// sdist when no wheel fits. Credentials in index URLs are never written:
// Bazel reads them from ~/.netrc or a credential helper.
//
// Exit status: 0 when everything resolved, 1 when the policy refused
// something (nothing is written then), 2 for usage and configuration
// errors, 3 when an index failed.
//
// It is an example of embedding safeindex, and a tool that can be used as
// it is; its interface may still change.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/safeindex/safeindex/examples/internal/exampleutil"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "bazel:", err)
	}
	os.Exit(exampleutil.ExitCode(err))
}

// demoTarget is the target of the demonstration and of testdata/.
const demoTarget = "cp312-manylinux_2_28_x86_64"

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bazel", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configFile := fs.String("config", "", "policy file: safeindex.toml, pyproject.toml (uv or Poetry), uv.toml, Pipfile, pip.conf")
	target := fs.String("target", demoTarget, "interpreter and platform the aliases choose wheels for")
	out := fs.String("o", "", "folder to write deps.bzl, BUILD.bazel and MODULE.bazel.snippet to (default: standard output)")
	opts := bzlOptions{}
	fs.StringVar(&opts.Package, "package", "//third_party/python", "Bazel package that will hold deps.bzl and BUILD.bazel")
	fs.StringVar(&opts.Prefix, "prefix", "pypi", "prefix of the repository names")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: bazel [flags] [REQUIREMENTS]\n\n"+
			"Resolves REQUIREMENTS (a requirements file, Pipfile.lock or pylock.toml) under the policy\n"+
			"and writes Bazel http_file rules with the sha256 of every file. Without REQUIREMENTS, runs\n"+
			"the offline demonstration.\n\n")
		fs.PrintDefaults()
	}
	if err := exampleutil.ParseFlags(fs, args); err != nil {
		return err
	}
	if !validPrefix(opts.Prefix) {
		return exampleutil.UsageErr("-prefix %q must start with a letter and hold only letters, digits and _", opts.Prefix)
	}
	res, err := exampleutil.ResolveArgs(ctx, fs, *configFile, *target, stderr)
	if err != nil {
		return err
	}
	opts.Target = *target
	files, err := generate(res, opts)
	if err != nil {
		return err
	}
	if *out == "" {
		for _, f := range files {
			fmt.Fprintf(stdout, "### %s\n%s\n", f.Name, f.Data)
		}
		return nil
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(*out, f.Name), f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// outFile is one generated file.
type outFile struct {
	Name string
	Data []byte
}

// trimNL makes a buffer end with exactly one newline.
func trimNL(b *bytes.Buffer) []byte {
	return append(bytes.TrimRight(b.Bytes(), "\n"), '\n')
}
