// Command benchupstream is the other half of examples/proxy/bench.sh: it
// writes the indexes the benchmark reads, and serves folders over HTTP
// the way a plain static server (nginx, a CDN) does, with PyPI's
// Cache-Control: max-age=600. It is a test tool, not part of the proxy.
//
// Usage:
//
//	benchupstream -write DIR [-big-size BYTES]   write DIR/internal and DIR/pypi
//	benchupstream -serve DIR -listen ADDR        serve DIR until SIGINT or SIGTERM
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/safeindex/safeindex/simpleapi/indextest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchupstream:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("benchupstream", flag.ContinueOnError)
	write := fs.String("write", "", "write the benchmark's indexes into this folder")
	bigSize := fs.Int("big-size", 4<<20, "size of the large file, in bytes")
	serve := fs.String("serve", "", "serve this folder")
	listen := fs.String("listen", "127.0.0.1:0", "address to serve on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *write != "":
		return writeIndexes(*write, *bigSize)
	case *serve != "":
		return serveDir(ctx, *serve, *listen)
	}
	return errors.New("give -write DIR or -serve DIR")
}

// writeIndexes writes an internal index (acme-billing with 60 releases,
// a wheel and an sdist each: a page of 120 files; acme-big, one large
// file) and a public one where an attacker published acme-billing 99.
func writeIndexes(dir string, bigSize int) error {
	var releases []indextest.Option
	for i := range 60 {
		releases = append(releases, indextest.Release(fmt.Sprintf("1.%d.0", i), indextest.Wheel(), indextest.Sdist()))
	}
	internal := indextest.NewIndex("internal", indextest.Project("acme-billing", releases...))
	pypi := indextest.NewIndex("pypi", indextest.Attacker("acme-billing", "99.0.0"), indextest.Project("six", indextest.Release("1.16.0")))
	if err := internal.WriteDir(filepath.Join(dir, "internal")); err != nil {
		return err
	}
	if err := pypi.WriteDir(filepath.Join(dir, "pypi")); err != nil {
		return err
	}
	// The large file: deterministic bytes, listed with their sha256.
	big := make([]byte, bigSize)
	r := rand.NewChaCha8([32]byte{})
	_, _ = r.Read(big)
	sum := sha256.Sum256(big)
	name := "acme_big-1.0.0-py3-none-any.whl"
	pdir := filepath.Join(dir, "internal", "acme-big")
	if err := os.MkdirAll(pdir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(pdir, name), big, 0o644); err != nil {
		return err
	}
	page := fmt.Sprintf("<!DOCTYPE html>\n<html><head><meta name=\"pypi:repository-version\" content=\"1.0\"><title>Links for acme-big</title></head><body>\n<a href=\"%s#sha256=%s\">%s</a><br />\n</body></html>\n", name, hex.EncodeToString(sum[:]), name)
	return os.WriteFile(filepath.Join(pdir, "index.html"), []byte(page), 0o644)
}

// serveDir serves dir as a static web server does, with max-age=600 on
// every answer, 404s included.
func serveDir(ctx context.Context, dir, listen string) error {
	files := http.FileServer(http.Dir(dir))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=600")
		p := filepath.Join(dir, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
		if _, err := os.Stat(p); err != nil {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		if strings.HasSuffix(p, ".json") {
			w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+json")
		}
		files.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	fmt.Println(ln.Addr().String())
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = hs.Close()
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
