package indextest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/simpleapi"
)

// archiveTime is the modification time of every member of the archives,
// so that the same description always builds the same bytes.
func archiveTime() time.Time { return time.Date(2020, 2, 2, 0, 0, 0, 0, time.UTC) }

func hexDigest(alg string, b []byte) string {
	h := simpleapi.NewHash(alg)
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// distName is the name part of wheel and sdist filenames: the normalized
// name with '-' as '_' (binary distribution format, PEP 625).
func distName(name string) string {
	return strings.ReplaceAll(simpleapi.NormalizeName(name), "-", "_")
}

// fileVersion is the version as written in a filename: canonical when it
// is PEP 440, and never with a '-'.
func fileVersion(v string) string {
	if pv, err := pep440.Parse(v); err == nil {
		v = pv.String()
	}
	return strings.ReplaceAll(v, "-", "_")
}

// build makes every file of the index.
func (idx *Index) build() {
	idx.files = map[string]*Artifact{}
	idx.byFile = map[string]*Artifact{}
	for _, p := range idx.projects {
		pa := p.attrs.over(idx.attrs)
		seen := map[string]bool{}
		add := func(a *Artifact) {
			if seen[a.Filename] {
				panic(fmt.Sprintf("indextest: project %s has two files named %s", p.normalized, a.Filename))
			}
			seen[a.Filename] = true
			p.built = append(p.built, a)
		}
		for _, r := range p.releases {
			ra := r.attrs.over(pa)
			for _, f := range r.files {
				add(buildFile(p, r.version, f, f.attrs.over(ra)))
			}
		}
		for _, f := range p.files {
			add(buildFile(p, "", f, f.attrs.over(pa)))
		}
		slices.SortStableFunc(p.built, func(a, b *Artifact) int {
			switch {
			case a.sortable && b.sortable:
				if c := pep440.Compare(a.sortKey, b.sortKey); c != 0 {
					return c
				}
			case a.sortable:
				return -1
			case b.sortable:
				return 1
			}
			return strings.Compare(a.Filename, b.Filename)
		})
		for _, a := range p.built {
			idx.files[p.normalized+"/"+a.Filename] = a
			if idx.byFile[a.Filename] == nil {
				idx.byFile[a.Filename] = a
			}
		}
	}
}

func buildFile(p *project, version string, f *fileSpec, at attrs) *Artifact {
	variant := ""
	if at.variant != nil {
		variant = *at.variant
	}
	a := &Artifact{Project: p.normalized, Version: version}
	if at.requiresPython != nil {
		a.RequiresPython = *at.requiresPython
	}
	var build func(variant string, tampered bool) []byte
	switch f.kind {
	case kindWheel, kindSdist:
		d := dist{name: p.name, version: fileVersion(version), requiresPython: a.RequiresPython}
		a.Version = d.version
		if f.kind == kindWheel {
			d.tag = at.tag
			if d.tag == "" {
				d.tag = "py3-none-any"
			}
			a.Filename = distName(p.name) + "-" + d.version + "-" + d.tag + ".whl"
			build = d.wheel
			if !at.noMetadata {
				a.Metadata = d.metadata(variant)
				a.MetadataSHA256 = hexDigest("sha256", a.Metadata)
			}
		} else {
			a.Filename = distName(p.name) + "-" + d.version + ".tar.gz"
			build = d.sdist
		}
	default:
		a.Filename = f.filename
		if version == "" {
			if d, err := simpleapi.ParseFilename(f.filename, p.normalized); d.RawVersion != "" || err == nil {
				a.Version = d.RawVersion
			}
		}
		build = func(variant string, tampered bool) []byte {
			s := "indextest file " + f.filename + "\nbuild " + buildID(variant, tampered) + "\n"
			if variant != "" {
				s += "variant " + variant + "\n"
			}
			return []byte(s)
		}
	}
	if v, err := pep440.Parse(a.Version); err == nil {
		a.sortKey, a.sortable = v, true
	}
	listed := build(variant, false)
	a.Content = listed
	if at.tampered {
		a.Tampered = true
		a.Content = build(variant, true)
	}
	a.Size = int64(len(listed))
	a.SHA256 = hexDigest("sha256", listed)
	algs := []string{"sha256"}
	if at.hashesSet {
		algs = at.hashes
	}
	a.Hashes = map[string]string{}
	for _, alg := range algs {
		a.Hashes[alg] = hexDigest(alg, listed)
	}
	a.UploadTime = DefaultUploadTime()
	if at.upload != nil {
		a.UploadTime = *at.upload
	}
	if at.yanked != nil {
		a.Yanked, a.YankedReason = at.yanked.on, at.yanked.reason
	}
	a.Provenance = at.provenance
	return a
}

// dist builds the archives of one release.
type dist struct {
	name, version, tag, requiresPython string
}

// metadata returns the core metadata (METADATA, PKG-INFO, the PEP 658
// file).
func (d dist) metadata(variant string) []byte {
	var b strings.Builder
	b.WriteString("Metadata-Version: 2.1\n")
	b.WriteString("Name: " + d.name + "\n")
	b.WriteString("Version: " + d.version + "\n")
	summary := "A test distribution made by safeindex's indextest."
	if variant != "" {
		summary += " Variant: " + variant + "."
	}
	b.WriteString("Summary: " + summary + "\n")
	if d.requiresPython != "" {
		b.WriteString("Requires-Python: " + d.requiresPython + "\n")
	}
	return []byte(b.String())
}

// buildID is a fixed-width mark of a build in the package's code, so
// that a tampered file has other bytes but the same size as the original.
func buildID(variant string, tampered bool) string {
	return hexDigest("sha256", fmt.Appendf(nil, "indextest %q %t", variant, tampered))[:16]
}

func (d dist) module(variant string, tampered bool) []byte {
	s := fmt.Sprintf("\"\"\"%s %s, a test distribution made by safeindex's indextest.\"\"\"\n\n__version__ = %q\nBUILD = %q\n", d.name, d.version, d.version, buildID(variant, tampered))
	if variant != "" {
		s += fmt.Sprintf("VARIANT = %q\n", variant)
	}
	return []byte(s)
}

// wheel builds a wheel: the package, then the .dist-info with METADATA,
// WHEEL and RECORD, stored uncompressed with fixed times so that the
// bytes depend on the description only.
func (d dist) wheel(variant string, tampered bool) []byte {
	pkg := distName(d.name)
	info := pkg + "-" + d.version + ".dist-info/"
	wheelFile := "Wheel-Version: 1.0\nGenerator: safeindex-indextest\n"
	purelib := strings.HasSuffix(d.tag, "-none-any")
	wheelFile += fmt.Sprintf("Root-Is-Purelib: %t\n", purelib)
	parts := strings.SplitN(d.tag, "-", 3)
	for _, py := range strings.Split(parts[0], ".") {
		for _, abi := range strings.Split(parts[1], ".") {
			for _, plat := range strings.Split(parts[2], ".") {
				wheelFile += "Tag: " + py + "-" + abi + "-" + plat + "\n"
			}
		}
	}
	members := []struct {
		name string
		data []byte
	}{
		{pkg + "/__init__.py", d.module(variant, tampered)},
		{info + "METADATA", d.metadata(variant)},
		{info + "WHEEL", []byte(wheelFile)},
	}
	var record strings.Builder
	for _, m := range members {
		sum := sha256.Sum256(m.data)
		fmt.Fprintf(&record, "%s,sha256=%s,%d\n", m.name, base64.RawURLEncoding.EncodeToString(sum[:]), len(m.data))
	}
	record.WriteString(info + "RECORD,,\n")
	members = append(members, struct {
		name string
		data []byte
	}{info + "RECORD", []byte(record.String())})

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		h := &zip.FileHeader{Name: m.name, Method: zip.Store, Modified: archiveTime()}
		h.SetMode(0o644)
		w, err := zw.CreateHeader(h)
		if err != nil {
			panic(err) // writing to memory
		}
		w.Write(m.data)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// sdist builds a PEP 625 source distribution: {name}-{version}/ with
// PKG-INFO, pyproject.toml and the package, gzip-compressed without
// compression or timestamp so that the bytes depend on the description
// only.
func (d dist) sdist(variant string, tampered bool) []byte {
	pkg := distName(d.name)
	root := pkg + "-" + d.version + "/"
	pyproject := fmt.Sprintf("[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n\n[project]\nname = %q\nversion = %q\n", d.name, d.version)
	if d.requiresPython != "" {
		pyproject += fmt.Sprintf("requires-python = %q\n", d.requiresPython)
	}
	members := []struct {
		name string
		data []byte
	}{
		{root + "PKG-INFO", d.metadata(variant)},
		{root + "pyproject.toml", []byte(pyproject)},
		{root + pkg + "/__init__.py", d.module(variant, tampered)},
	}
	var buf bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&buf, gzip.NoCompression)
	tw := tar.NewWriter(gz)
	for _, m := range members {
		h := &tar.Header{Name: m.name, Mode: 0o644, Size: int64(len(m.data)), ModTime: archiveTime(), Typeflag: tar.TypeReg, Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(h); err != nil {
			panic(fmt.Sprintf("indextest: sdist member %s: %v", m.name, err))
		}
		tw.Write(m.data)
	}
	if err := tw.Close(); err != nil {
		panic(err)
	}
	if err := gz.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
