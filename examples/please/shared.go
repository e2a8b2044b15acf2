package main

import (
	"github.com/safeindex/safeindex/examples/internal/exampleutil"
)

// Exit statuses: see package exampleutil.
const (
	exitOK       = exampleutil.ExitOK
	exitRefused  = exampleutil.ExitRefused
	exitUsage    = exampleutil.ExitUsage
	exitIndexErr = exampleutil.ExitIndexErr
)

func exitCode(err error) int { return exampleutil.ExitCode(err) }
