// Command versions sorts Python package versions and checks them against a
// PEP 440 specifier set, with pypa/packaging's rules.
//
//	go run ./examples/versions -spec '>=1.0,<2' 1.0 2.0rc1 1.5.post1 1.5a1 banana
//	printf '1.0\n2.0\n' | go run ./examples/versions -spec '~=1.0'
//
// It prints the valid versions in PEP 440 order, each marked "+" when the
// specifier keeps it (with packaging's filter: pre-releases only when no
// final release matches) and "-" when it does not, then says why any input
// is invalid. With no versions on the command line it reads them from
// standard input, separated by white space; lines starting with "#" are
// comments.
//
// Exit status: 0 when the versions were read and printed (invalid ones
// are listed with the reason), 2 for a bad specifier or usage.
//
// This is an example of embedding the pep440 package, not a stable tool.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/safeindex/safeindex/pep440"
)

// maxLine is the longest line read from standard input.
const maxLine = 16 << 20

// errUsage marks errors that exit with status 2.
var errUsage = errors.New("usage")

func main() {
	err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	default:
		fmt.Fprintln(os.Stderr, "versions:", err)
		os.Exit(2)
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("versions", flag.ContinueOnError)
	fs.SetOutput(stderr)
	spec := fs.String("spec", "", "PEP 440 specifier set the versions are checked against, e.g. '>=1.0,<2'")
	pre := fs.String("pre", "default", "pre-release policy: default (PEP 440), allow or exclude")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: versions [-spec SPECIFIERS] [-pre default|allow|exclude] [VERSION ...]\n\n"+
			"Sorts Python versions in PEP 440 order and marks those SPECIFIERS keep (+) or drop (-).\n"+
			"Reads versions from standard input, separated by white space, when none are given.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	set, err := pep440.ParseSpecifierSet(*spec)
	if err != nil {
		return fmt.Errorf("%w: -spec: %v", errUsage, err)
	}
	switch *pre {
	case "default":
	case "allow":
		set = set.WithPrereleases(pep440.PrereleasesAllow)
	case "exclude":
		set = set.WithPrereleases(pep440.PrereleasesExclude)
	default:
		return fmt.Errorf("%w: -pre must be default, allow or exclude, not %q", errUsage, *pre)
	}

	inputs := fs.Args()
	if len(inputs) == 0 {
		sc := bufio.NewScanner(stdin)
		sc.Buffer(nil, maxLine) // versions separated by spaces may all be on one line
		for sc.Scan() {
			if line := strings.TrimSpace(sc.Text()); !strings.HasPrefix(line, "#") {
				inputs = append(inputs, strings.Fields(line)...)
			}
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				return fmt.Errorf("reading standard input: a line is longer than %d MiB; put the versions on several lines", maxLine>>20)
			}
			return fmt.Errorf("reading standard input: %w", err)
		}
	}

	var valid []pep440.Version
	var problems []error
	for _, in := range inputs {
		v, err := pep440.Parse(in)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		valid = append(valid, v)
	}
	slices.SortStableFunc(valid, pep440.Compare)
	// Filter keeps the input order, so kept is a subsequence of valid.
	kept := set.Filter(valid)
	next := 0
	for _, v := range valid {
		mark := "-"
		if next < len(kept) && kept[next] == v {
			mark = "+"
			next++
		}
		note := ""
		if v.IsPrerelease() {
			note = "  (pre-release)"
		}
		fmt.Fprintf(stdout, "%s %s%s\n", mark, v, note)
	}
	if *spec != "" {
		fmt.Fprintf(stdout, "%d of %d valid versions satisfy %q\n", len(kept), len(valid), set.String())
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, "invalid:", p)
	}
	return nil
}
