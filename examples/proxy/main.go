// Command proxy is a safe unified index: one Simple API URL that serves
// internal packages in front of public ones, merged by a safeindex
// policy, so that pip, uv and every other installer get the protection
// without any change but their index URL.
//
// Usage:
//
//	proxy -config safeindex.toml [-listen 127.0.0.1:8080] [-cache DIR] [flags]
//
// It serves
//
//	/simple/          the root page (best effort: see README.md)
//	/simple/<name>/   a project page, PEP 503 HTML or PEP 691 JSON by
//	                  content negotiation, merged by the policy
//	/files/<source>/<name>/<filename>[.metadata]
//	                  a file, streamed from its source and checked
//	                  against the index's hash as it passes
//	/healthz          200 while the process serves
//
// Exit status: 0 after a clean shutdown (SIGINT or SIGTERM), 1 when
// serving failed, 2 for usage and configuration errors.
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
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/safeindex/safeindex/examples/internal/exampleutil"
	"github.com/safeindex/safeindex/policy/config"
	"github.com/safeindex/safeindex/simpleapi"
)

// usageError marks a usage or configuration error: exit status 2
// (exampleutil.ExitUsage).
func usageError(err error) error {
	return &exampleutil.ExitError{Code: exampleutil.ExitUsage, Err: err}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stderr, nil)
	code := exampleutil.ExitCode(err) // 0, 1, or 2 for usage
	if code != exampleutil.ExitOK {
		fmt.Fprintln(os.Stderr, "proxy:", err)
	}
	os.Exit(code)
}

// run parses args, serves until ctx is done, then shuts down gracefully.
// Logs go to logw. When ready is not nil, it receives the listening
// address once the server accepts connections (for tests).
func run(ctx context.Context, args []string, logw io.Writer, ready chan<- string) error {
	fs := flag.NewFlagSet("proxy", flag.ContinueOnError)
	fs.SetOutput(logw)
	var (
		configFile      = fs.String("config", "", "policy file: safeindex.toml, pyproject.toml (uv or Poetry), uv.toml, Pipfile or pip.conf (required)")
		listen          = fs.String("listen", "127.0.0.1:8080", "address to serve on")
		cacheDir        = fs.String("cache", defaultCacheDir(), `cache folder for pages and verified files, shareable by replicas ("" for none)`)
		noFileCache     = fs.Bool("no-file-cache", false, "cache pages only, and stream every file from its source")
		maxPageFetches  = fs.Int("max-page-fetches", defaultMaxPageFetches, "upstream page requests in flight")
		maxFileStreams  = fs.Int("max-file-streams", defaultMaxFileStreams, "upstream file transfers in flight")
		pageTimeout     = fs.Duration("page-timeout", defaultPageTimeout, "time allowed for one upstream page, retries included")
		viewTTL         = fs.Duration("view-ttl", defaultViewTTL, "how long a merged page is served from memory before the sources are asked again (through the page cache)")
		shutdownTimeout = fs.Duration("shutdown-timeout", 30*time.Second, "time allowed for requests in flight after SIGINT or SIGTERM")
		logFormat       = fs.String("log-format", "text", "log format: text or json")
		verbose         = fs.Bool("v", false, "log upstream requests too (debug level)")
	)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "usage: proxy -config FILE [-listen ADDR] [-cache DIR] [flags]\n\nServes a Simple API index merged from the policy's sources.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := exampleutil.ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if *configFile == "" {
		fs.Usage()
		return usageError(errors.New("-config is required"))
	}

	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	var handler slog.Handler
	switch *logFormat {
	case "text":
		handler = slog.NewTextHandler(logw, &slog.HandlerOptions{Level: level})
	case "json":
		handler = slog.NewJSONHandler(logw, &slog.HandlerOptions{Level: level})
	default:
		return usageError(fmt.Errorf("-log-format: %q is neither text nor json", *logFormat))
	}
	log := slog.New(handler)

	pol, notes, err := config.LoadFile(os.DirFS(filepath.Dir(*configFile)), filepath.Base(*configFile), config.WithEnv(os.LookupEnv))
	if err != nil {
		return usageError(err)
	}
	for _, n := range notes {
		log.Warn("config note", "note", n.String())
	}

	clientOpts := []simpleapi.ClientOption{simpleapi.WithLogger(log)}
	fileCache := ""
	if *cacheDir != "" {
		cache, err := simpleapi.OpenCache(filepath.Join(*cacheDir, "pages"), simpleapi.CacheSharedPages())
		if err != nil {
			return usageError(fmt.Errorf("-cache: %w", err))
		}
		clientOpts = append(clientOpts, simpleapi.WithCache(cache))
		if !*noFileCache {
			fileCache = filepath.Join(*cacheDir, "files")
		}
	}
	client, err := simpleapi.NewClient(clientOpts...)
	if err != nil {
		return usageError(err)
	}
	srv, err := newServer(options{
		Policy:         pol,
		Client:         client,
		FileCache:      fileCache,
		Logger:         log,
		MaxPageFetches: *maxPageFetches,
		MaxFileStreams: *maxFileStreams,
		PageTimeout:    *pageTimeout,
		ViewTTL:        *viewTTL,
	})
	if err != nil {
		return usageError(err)
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return usageError(fmt.Errorf("-listen: %w", err))
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(handler, slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	var sources []string
	for i := range pol.Sources {
		sources = append(sources, pol.Sources[i].String())
	}
	log.Info("serving", "addr", "http://"+ln.Addr().String()+"/simple/", "sources", sources, "strategy", string(pol.Strategy), "cache", *cacheDir)
	if ready != nil {
		ready <- ln.Addr().String()
	}

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "deadline", shutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), *shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		log.Warn("requests still in flight at the deadline; closing them", "error", err.Error())
		_ = hs.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

func defaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "safeindex-proxy")
}
