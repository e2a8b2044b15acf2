package main

import (
	"context"
	"io"

	"github.com/safeindex/safeindex/examples/internal/exampleutil"
	"github.com/safeindex/safeindex/resolve"
)

// Exit statuses: see package exampleutil.
const (
	exitOK       = exampleutil.ExitOK
	exitRefused  = exampleutil.ExitRefused
	exitUsage    = exampleutil.ExitUsage
	exitIndexErr = exampleutil.ExitIndexErr
)

func usageErr(format string, args ...any) error { return exampleutil.UsageErr(format, args...) }

func exitCode(err error) int { return exampleutil.ExitCode(err) }

func report(res *resolve.Result, stderr io.Writer) error { return exampleutil.Report(res, stderr) }

func resolveFile(ctx context.Context, path, configFile, target string, stderr io.Writer) (*resolve.Result, error) {
	return exampleutil.ResolveFile(ctx, path, configFile, target, stderr)
}

func demoResolution(ctx context.Context, target string) (*resolve.Result, error) {
	return exampleutil.DemoResolution(ctx, target)
}
