package config

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/safeindex/safeindex/policy"
)

// DefaultMaxSize is the largest configuration file Load reads unless
// WithMaxSize says otherwise: 4 MiB, far above any real file (a
// requirements file with hashes for a thousand packages is under 1 MiB).
const DefaultMaxSize = 4 << 20

// Format names a configuration format Load reads.
type Format string

// The formats.
const (
	// FormatSafeindex is safeindex.toml, this package's own format.
	FormatSafeindex Format = "safeindex"
	// FormatUV is uv's configuration: [tool.uv] in pyproject.toml, or
	// the top level of uv.toml.
	FormatUV Format = "uv"
	// FormatPoetry is Poetry's [tool.poetry] in pyproject.toml.
	FormatPoetry Format = "poetry"
	// FormatPipfile is Pipenv's Pipfile.
	FormatPipfile Format = "pipfile"
	// FormatPipConf is pip's configuration file, pip.conf or pip.ini.
	FormatPipConf Format = "pip-conf"
	// FormatRequirements is a pip requirements file, of which only the
	// index options are read.
	FormatRequirements Format = "requirements"
)

// Option configures Load and LoadFile.
type Option func(*options)

type options struct {
	lookup  func(string) (string, bool)
	format  Format
	maxSize int
}

// WithEnv gives the environment that ${NAME} references in URLs are
// expanded from, and that uv's UV_INDEX_<NAME>_USERNAME/_PASSWORD and
// Poetry's POETRY_HTTP_BASIC_<NAME>_USERNAME/_PASSWORD credentials are
// read from. Pass os.LookupEnv for the process environment. By default
// there is none, and a URL with a reference is an error
// (ErrUndefinedVariable). Values are never logged nor put in errors or
// notes; they end up only in the policy's source URLs, which redact them
// wherever they are shown.
func WithEnv(lookup func(name string) (value string, ok bool)) Option {
	return func(o *options) { o.lookup = lookup }
}

// WithFormat reads the file in format f whatever its name, and settles
// a pyproject.toml that configures both uv and Poetry (FormatUV or
// FormatPoetry). By default the format comes from DetectFormat.
func WithFormat(f Format) Option {
	return func(o *options) { o.format = f }
}

// WithMaxSize sets the largest file Load accepts, in bytes (default
// DefaultMaxSize). A larger file is an error matching ErrTooLarge.
func WithMaxSize(n int) Option {
	return func(o *options) { o.maxSize = n }
}

// Load reads a configuration file and returns the policy it describes,
// validated, and the notes of what could not be carried over from
// another tool's format. name is the file's name, used to recognise the
// format (see DetectFormat) and in every error and note; data is its
// content.
//
// The error is an *Error (or several joined with errors.Join, up to
// twenty) matching one of the Err... sentinels, or, when the file reads
// well but the policy is incomplete or ambiguous, an *Error wrapping the
// error of policy.Policy.Validate. On error the policy is nil; the notes
// gathered so far are returned all the same.
func Load(name string, data []byte, opts ...Option) (*policy.Policy, []Note, error) {
	o := options{maxSize: DefaultMaxSize}
	for _, opt := range opts {
		opt(&o)
	}
	if len(data) > o.maxSize {
		return nil, nil, &Error{File: name, Msg: fmt.Sprintf("larger than %d bytes", o.maxSize), Err: ErrTooLarge}
	}
	p := &problems{file: name}
	f := o.format
	var doc *tdoc
	if f == "" {
		var err error
		f, doc, err = detect(name, data, p)
		if err != nil {
			return nil, nil, err
		}
	}
	var pol *policy.Policy
	switch f {
	case FormatSafeindex, FormatUV, FormatPoetry, FormatPipfile:
		if doc == nil {
			doc = parseTOML(p, data)
		}
		if doc == nil {
			return nil, p.notes, p.err()
		}
		switch f {
		case FormatSafeindex:
			pol = readSafeindex(doc, &o)
		case FormatUV:
			pol = readUV(doc, &o)
		case FormatPoetry:
			pol = readPoetry(doc, &o)
		case FormatPipfile:
			pol = readPipfile(doc, &o)
		}
	case FormatPipConf:
		pol = readPipConf(p, data)
	case FormatRequirements:
		pol = readRequirements(p, data, &o)
	default:
		return nil, nil, &Error{File: name, Msg: fmt.Sprintf("format %q is not one of safeindex, uv, poetry, pipfile, pip-conf, requirements", f), Err: ErrUnknownFormat}
	}
	slices.SortStableFunc(p.notes, func(a, b Note) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	if err := p.err(); err != nil {
		return nil, p.notes, err
	}
	if err := pol.Validate(); err != nil {
		return nil, p.notes, &Error{File: name, Msg: err.Error(), Err: err}
	}
	return pol, p.notes, nil
}

// LoadFile reads the file name in fsys (at most the size limit, see
// WithMaxSize) and calls Load with name as the file's name. An error
// opening it is returned as is (fs.ErrNotExist for a missing file).
func LoadFile(fsys fs.FS, name string, opts ...Option) (*policy.Policy, []Note, error) {
	o := options{maxSize: DefaultMaxSize}
	for _, opt := range opts {
		opt(&o)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(o.maxSize)+1))
	if err != nil {
		return nil, nil, &Error{File: name, Msg: err.Error(), Err: err}
	}
	return Load(name, data, opts...)
}

// DetectFormat says which format a file is in: first by its base name
// (safeindex.toml or *.safeindex.toml; pyproject.toml, then by which of
// [tool.uv] and [tool.poetry] configures indexes; uv.toml; Pipfile;
// pip.conf and pip.ini; *.txt and *.in requirements files), then by
// content (the tables and keys only one format has, an INI [global] or
// [install] section, requirements index options). A pyproject.toml that
// configures indexes for both uv and Poetry is ErrAmbiguous: importing
// one tool's view silently, or mixing both, could lose a pin; WithFormat
// settles it.
func DetectFormat(name string, data []byte) (Format, error) {
	f, _, err := detect(name, data, &problems{file: name})
	return f, err
}

func detect(name string, data []byte, p *problems) (Format, *tdoc, error) {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	unknown := func(why string) (Format, *tdoc, error) {
		return "", nil, &Error{File: name, Msg: why, Err: ErrUnknownFormat}
	}
	switch {
	case base == "safeindex.toml" || strings.HasSuffix(base, ".safeindex.toml"):
		return FormatSafeindex, nil, nil
	case base == "uv.toml":
		return FormatUV, nil, nil
	case base == "Pipfile":
		return FormatPipfile, nil, nil
	case base == "pip.conf" || base == "pip.ini":
		return FormatPipConf, nil, nil
	case strings.HasSuffix(base, ".txt") || strings.HasSuffix(base, ".in"):
		return FormatRequirements, nil, nil
	case base == "pyproject.toml":
		doc := parseTOML(p, data)
		if doc == nil {
			return "", nil, p.err()
		}
		f, err := pyprojectFormat(doc)
		return f, doc, err
	}
	// By content.
	var root map[string]any
	if looksTOML(data) {
		doc := parseTOML(&problems{file: name}, data)
		if doc != nil {
			root = doc.root
			has := func(keys ...string) bool {
				for _, k := range keys {
					if _, ok := root[k]; ok {
						return true
					}
				}
				return false
			}
			tool, _ := root["tool"].(map[string]any)
			switch {
			case tool != nil && (tool["uv"] != nil || tool["poetry"] != nil):
				f, err := pyprojectFormat(doc)
				if err == nil {
					doc.problems = p
				}
				return f, doc, err
			case has("packages", "dev-packages", "requires", "pipenv") || pipfileSources(root):
				doc.problems = p
				return FormatPipfile, doc, nil
			case has("source", "pin", "pins", "strategy", "rules", "relation", "namespace", "merge", "trust-pep708"):
				doc.problems = p
				return FormatSafeindex, doc, nil
			case has("index", "index-url", "extra-index-url", "index-strategy", "sources", "find-links", "exclude-newer"):
				doc.problems = p
				return FormatUV, doc, nil
			}
			return unknown("a TOML file without index configuration that any known format has")
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.EqualFold(line, "[global]") || strings.EqualFold(line, "[install]"):
			return FormatPipConf, nil, nil
		case reqOptionLine(line):
			return FormatRequirements, nil, nil
		}
	}
	return unknown("cannot tell the format from the name or the content; name the file safeindex.toml, pyproject.toml, uv.toml, Pipfile, pip.conf or *.txt, or use WithFormat")
}

// looksTOML is a cheap test before a TOML parse: pip.conf and
// requirements files rarely parse, and their errors are not wanted.
func looksTOML(data []byte) bool {
	return !bytes.HasPrefix(bytes.TrimSpace(data), []byte("-"))
}

func pipfileSources(root map[string]any) bool {
	list, _ := root["source"].([]any)
	for _, s := range list {
		if m, ok := s.(map[string]any); ok {
			if _, ok := m["verify_ssl"]; ok {
				return true
			}
		}
	}
	return false
}

// pyprojectFormat decides between uv and Poetry in a pyproject.toml.
func pyprojectFormat(doc *tdoc) (Format, error) {
	tool, _ := doc.root["tool"].(map[string]any)
	uv, hasUV := tool["uv"].(map[string]any)
	poetry, hasPoetry := tool["poetry"].(map[string]any)
	uvIndexes := false
	for _, k := range []string{"index", "sources", "index-url", "extra-index-url", "find-links", "no-index", "index-strategy"} {
		if _, ok := uv[k]; ok {
			uvIndexes = true
		}
	}
	_, poetryIndexes := poetry["source"]
	switch {
	case uvIndexes && poetryIndexes:
		return "", &Error{File: doc.file, Msg: "configures indexes for both uv ([tool.uv]) and Poetry ([[tool.poetry.source]]); choose one with WithFormat", Err: ErrAmbiguous}
	case uvIndexes:
		return FormatUV, nil
	case poetryIndexes:
		return FormatPoetry, nil
	case hasUV:
		return FormatUV, nil
	case hasPoetry:
		return FormatPoetry, nil
	}
	return "", &Error{File: doc.file, Msg: "no [tool.uv] or [tool.poetry] section: nothing to import", Err: ErrUnknownFormat}
}
