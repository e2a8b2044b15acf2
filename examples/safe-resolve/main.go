// Command safe-resolve resolves Python requirements from package indexes
// under a safeindex policy, and shows what it chose, what it refused and
// why. Run with no arguments, it runs a demonstration against two indexes
// it serves itself on 127.0.0.1: an internal one, and a public one where an
// attacker has published an internal name with a higher version.
//
// Usage:
//
//	safe-resolve                          the demonstration
//	safe-resolve resolve [-config FILE] [-format requirements|pylock|json] [-o FILE] [-target TARGET] REQUIREMENTS
//	safe-resolve explain [-config FILE] [-target TARGET] NAME[SPECIFIER]
//	safe-resolve audit [-config FILE] [-format text|json|sarif] [-fail-on SEVERITY] LOCK
//	safe-resolve exposure -config FILE [-format text|json]
//
// Exit status: 0 when everything resolved, 1 when the policy refused
// something, 2 for usage and configuration errors, 3 when an index failed.
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
	"strings"
	"syscall"

	"github.com/safeindex/safeindex/examples/internal/exampleutil"
	"github.com/safeindex/safeindex/policy"
)

// Exit statuses: see package exampleutil.
const (
	exitOK       = exampleutil.ExitOK
	exitRefused  = exampleutil.ExitRefused
	exitUsage    = exampleutil.ExitUsage
	exitIndexErr = exampleutil.ExitIndexErr
)

// exitError carries an exit status with its message.
type exitError = exampleutil.ExitError

func usageErr(format string, args ...any) error { return exampleutil.UsageErr(format, args...) }

// stdio are the streams a run uses, injectable for tests.
type stdio struct {
	in       io.Reader
	out, err io.Writer
	tty      bool // err is a terminal: progress and colour allowed
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	io := stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr, tty: isTerminal(os.Stderr)}
	err := run(ctx, os.Args[1:], io)
	if err != nil && !errors.Is(err, errQuiet) && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "safe-resolve:", err)
	}
	os.Exit(exitCode(err))
}

// errQuiet marks an exit status whose reason was already printed.
var errQuiet = errors.New("already reported")

func exitCode(err error) int { return exampleutil.ExitCode(err) }

const usage = `usage:
  safe-resolve                 run the demonstration (two indexes served on 127.0.0.1)
  safe-resolve resolve [flags] REQUIREMENTS
                               resolve a requirements file or lock; write a lock
  safe-resolve explain [flags] NAME[SPECIFIER]
                               every source and candidate for one name, with reasons
  safe-resolve audit [flags] LOCK
                               is a lock safe to install under the policy? (text, json, sarif)
  safe-resolve exposure -config FILE
                               internal names unregistered or already present on public indexes

Run "safe-resolve COMMAND -h" for a command's flags.
Exit status: 0 resolved, 1 refused by the policy, 2 usage or configuration error,
3 an index failed.
`

func run(ctx context.Context, args []string, io stdio) error {
	if len(args) == 0 {
		return runDemo(ctx, io)
	}
	switch args[0] {
	case "resolve":
		return runResolve(ctx, args[1:], io)
	case "explain":
		return runExplain(ctx, args[1:], io)
	case "audit":
		return runAudit(ctx, args[1:], io)
	case "exposure":
		return runExposure(ctx, args[1:], io)
	case "demo":
		return runDemo(ctx, io)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(io.out, usage)
		return nil
	}
	fmt.Fprint(io.err, usage)
	return usageErr("unknown command %q", args[0])
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb"
}

// paint wraps s in an ANSI colour when colour is on.
func paint(on bool, color, s string) string {
	if !on || os.Getenv("NO_COLOR") != "" {
		return s
	}
	codes := map[string]string{"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2"}
	return "\x1b[" + codes[color] + "m" + s + "\x1b[0m"
}

func severityColor(s policy.Severity) string {
	switch {
	case s >= policy.SeverityHigh:
		return "red"
	case s >= policy.SeverityMedium:
		return "yellow"
	}
	return "dim"
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix) + "\n"
}
