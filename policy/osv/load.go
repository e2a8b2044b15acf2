package osv

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"path"
	"strings"
)

// Option configures a Loader. Options are applied in order; an invalid one
// makes NewLoader fail.
type Option func(*config) error

type config struct {
	maxRecordSize int64
	maxRecords    int
	skipInvalid   bool
	logger        *slog.Logger
}

// WithMaxRecordSize sets the largest record, in bytes, that is read (default
// DefaultMaxRecordSize). A larger one is an error matching ErrRecordTooLarge.
// n must be between 1 KiB and 1 GiB.
func WithMaxRecordSize(n int64) Option {
	return func(c *config) error {
		if n < 1<<10 || n > 1<<30 {
			return fmt.Errorf("osv: WithMaxRecordSize(%d): want 1 KiB to 1 GiB", n)
		}
		c.maxRecordSize = n
		return nil
	}
}

// WithMaxRecords sets the most records one Loader reads over all its sources
// (default DefaultMaxRecords). Reading more fails with ErrTooManyRecords.
// n must be positive.
func WithMaxRecords(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("osv: WithMaxRecords(%d): want a positive number", n)
		}
		c.maxRecords = n
		return nil
	}
}

// WithInvalidRecordsSkippedUnsafe makes a record that cannot be used (not
// JSON or YAML, no id, too large, unreadable zip entry) a warning (see
// DB.Warnings) instead of an error that fails the load. It is unsafe because
// the advisories in such records are lost: versions they affect will look
// clean. By default the load fails.
func WithInvalidRecordsSkippedUnsafe() Option {
	return func(c *config) error {
		c.skipInvalid = true
		return nil
	}
}

// WithLogger sets the logger that receives one Info line per source loaded
// and one Debug line per warning (default: no logging).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("osv: WithLogger(nil)")
		}
		c.logger = l
		return nil
	}
}

// Loader reads OSV records from several sources and builds a DB. It is not
// safe for concurrent use.
//
// A record whose id was already read replaces the earlier one only when its
// modified time is later (the same advisory in two sources counts once); the
// other is reported as a warning matching ErrIgnored.
type Loader struct {
	cfg      config
	recs     map[string]*record // upper-cased id -> record
	order    []string           // ids in the order first read
	warnings []error
	count    int // records read, including withdrawn and skipped ones
	versions versionCache
	buf      bytes.Buffer // reused for each record
}

// NewLoader returns a Loader with the given options.
func NewLoader(opts ...Option) (*Loader, error) {
	l := &Loader{
		cfg: config{
			maxRecordSize: DefaultMaxRecordSize,
			maxRecords:    DefaultMaxRecords,
			logger:        slog.New(slog.DiscardHandler),
		},
		recs:     map[string]*record{},
		versions: versionCache{},
	}
	for _, o := range opts {
		if err := o(&l.cfg); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// LoadFS reads the records in fsys (see Loader.AddFS) and builds a DB.
func LoadFS(ctx context.Context, name string, fsys fs.FS, opts ...Option) (*DB, error) {
	l, err := NewLoader(opts...)
	if err != nil {
		return nil, err
	}
	if err := l.AddFS(ctx, name, fsys); err != nil {
		return nil, err
	}
	return l.DB(), nil
}

// LoadZip reads the records in a zip archive (see Loader.AddZip) and builds
// a DB.
func LoadZip(ctx context.Context, name string, r io.ReaderAt, size int64, opts ...Option) (*DB, error) {
	l, err := NewLoader(opts...)
	if err != nil {
		return nil, err
	}
	if err := l.AddZip(ctx, name, r, size); err != nil {
		return nil, err
	}
	return l.DB(), nil
}

// formatOf returns the format of a record file by its extension: ".json",
// or ".yaml" and ".yml" (any case). ok is false for other files.
func formatOf(name string) (f format, ok bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".json":
		return formatJSON, true
	case ".yaml", ".yml":
		return formatYAML, true
	}
	return 0, false
}

// AddFS reads every ".json", ".yaml" and ".yml" file under fsys, at any depth
// and in lexical order: an OSV export unpacked into a folder, a clone of
// GitHub's advisory-database (advisories/github-reviewed/...), or of PyPA's
// (vulns/<project>/PYSEC-....yaml). Other files are skipped, and so are
// entries that are not regular files (symbolic links are not followed). name
// is used in messages, joined to each file's path.
func (l *Loader) AddFS(ctx context.Context, name string, fsys fs.FS) error {
	before := l.count
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("osv: reading %s: %w", clean(path.Join(name, p)), err)
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		f, ok := formatOf(p)
		if !ok || !d.Type().IsRegular() {
			return nil
		}
		source := path.Join(name, p)
		file, err := fsys.Open(p)
		if err != nil {
			return fmt.Errorf("osv: reading %s: %w", clean(source), err)
		}
		defer file.Close()
		if fi, err := file.Stat(); err != nil || !fi.Mode().IsRegular() {
			return nil
		}
		return l.add(source, file, f)
	})
	l.logLoaded(name, before)
	return err
}

// AddZip reads every ".json", ".yaml" and ".yml" entry of a zip archive, such
// as OSV's per-ecosystem export (PyPI/all.zip), in the archive's order. Each
// entry is decompressed on its own into a buffer of at most the record size
// limit, parsed, and dropped: the archive is never unpacked, and never held
// in memory beyond its central directory. name is used in messages, as
// "name!entry".
func (l *Loader) AddZip(ctx context.Context, name string, r io.ReaderAt, size int64) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("osv: reading zip %s: %w", clean(name), err)
	}
	before := l.count
	defer l.logLoaded(name, before)
	for _, zf := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, ok := formatOf(zf.Name)
		if !ok || zf.FileInfo().IsDir() {
			continue
		}
		source := name + "!" + zf.Name
		if zf.UncompressedSize64 > uint64(l.cfg.maxRecordSize) {
			if err := l.countRecord(); err != nil {
				return err
			}
			if err := l.invalid(l.tooLarge(source)); err != nil {
				return err
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			if err := l.countRecord(); err != nil {
				return err
			}
			if err := l.invalid(&RecordError{Source: source, Reason: "unreadable zip entry: " + err.Error(), Err: errors.Join(ErrInvalidRecord, err)}); err != nil {
				return err
			}
			continue
		}
		err = l.add(source, rc, f)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// AddJSON reads one record in JSON from r. source names it in messages.
func (l *Loader) AddJSON(source string, r io.Reader) error {
	return l.add(source, r, formatJSON)
}

// AddYAML reads one record in YAML from r, as PyPA's advisory-database
// writes them. source names it in messages.
func (l *Loader) AddYAML(source string, r io.Reader) error {
	return l.add(source, r, formatYAML)
}

func (l *Loader) countRecord() error {
	l.count++
	if l.count > l.cfg.maxRecords {
		return fmt.Errorf("osv: %w: more than %d", ErrTooManyRecords, l.cfg.maxRecords)
	}
	return nil
}

func (l *Loader) tooLarge(source string) error {
	return &RecordError{Source: source, Reason: fmt.Sprintf("larger than %d bytes", l.cfg.maxRecordSize), Err: ErrRecordTooLarge}
}

// invalid returns err, or records it as a warning when invalid records are
// skipped.
func (l *Loader) invalid(err error) error {
	if !l.cfg.skipInvalid {
		return err
	}
	l.warn(err)
	return nil
}

func (l *Loader) warn(err error) {
	l.warnings = append(l.warnings, err)
	l.cfg.logger.Debug("osv: record problem", "err", err)
}

// add reads, parses and keeps one record.
func (l *Loader) add(source string, r io.Reader, f format) error {
	if err := l.countRecord(); err != nil {
		return err
	}
	buf := &l.buf
	buf.Reset()
	n, err := io.Copy(buf, io.LimitReader(r, l.cfg.maxRecordSize+1))
	if err != nil {
		return l.invalid(&RecordError{Source: source, Reason: "read failed: " + err.Error(), Err: errors.Join(ErrInvalidRecord, err)})
	}
	if n > l.cfg.maxRecordSize {
		return l.invalid(l.tooLarge(source))
	}
	rec, warnings, err := parseRecord(source, buf.Bytes(), f, l.versions)
	if err != nil {
		return l.invalid(err)
	}
	for _, w := range warnings {
		l.warn(w)
	}
	if rec == nil {
		return nil
	}
	key := strings.ToUpper(rec.id)
	if old, ok := l.recs[key]; ok {
		keep, drop := old, rec
		if rec.modified.After(old.modified) {
			keep, drop = rec, old
		}
		l.recs[key] = keep
		l.warn(&RecordError{Source: drop.source, ID: drop.id, Reason: "the same id is in " + clean(keep.source) + ", modified later or read first; this copy ignored", Err: ErrIgnored})
		return nil
	}
	l.recs[key] = rec
	l.order = append(l.order, key)
	return nil
}

func (l *Loader) logLoaded(name string, before int) {
	l.cfg.logger.Info("osv: loaded records", "source", name, "records", l.count-before, "warnings", len(l.warnings))
}

// DB builds a DB from the records read so far. The Loader may read more
// sources and build again.
func (l *Loader) DB() *DB {
	recs := make([]*record, 0, len(l.order))
	for _, k := range l.order {
		recs = append(recs, l.recs[k])
	}
	return build(recs, append([]error(nil), l.warnings...))
}
