package resolve

import (
	"fmt"
	"strings"

	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve/lockfile"
	"github.com/safeindex/safeindex/resolve/pep508"
)

// FromLock turns the packages of a lock or requirements file into
// requirements: the version pin (or the specifier as written), the hashes
// (only files carrying one of them will count), the marker and the place
// in the file. Editable, path, VCS and directory entries are refused: no
// index serves them. Constraint (-c) entries are left out. The error
// lists every entry that could not be turned, and matches
// ErrUnsupportedEntry; the requirements returned are the others.
func FromLock(l *lockfile.Lock) ([]Requirement, error) {
	var reqs []Requirement
	var errs []string
	for i := range l.Packages {
		p := &l.Packages[i]
		if p.Constraint {
			continue // -c files constrain, they do not require
		}
		r, err := fromPackage(p)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		reqs = append(reqs, r)
	}
	if len(errs) > 0 {
		return reqs, fmt.Errorf("%w: %s", ErrUnsupportedEntry, strings.Join(errs, "; "))
	}
	return reqs, nil
}

// FromPackage is FromLock for one entry, constraint or not. Its error
// matches ErrUnsupportedEntry.
func FromPackage(p *lockfile.Package) (Requirement, error) {
	r, err := fromPackage(p)
	if err != nil {
		return Requirement{}, fmt.Errorf("%w: %w", ErrUnsupportedEntry, err)
	}
	return r, nil
}

// fromPackage turns one entry, or says why it cannot, with its place,
// wrapping the parse error of a specifier or marker.
func fromPackage(p *lockfile.Package) (Requirement, error) {
	origin := p.Pos.String()
	switch {
	case p.Editable, p.Path != "", p.VCS != nil, p.Directory != nil:
		return Requirement{}, fmt.Errorf("%s: %s is not from an index (editable, path, VCS or directory entry)", origin, p.Name)
	}
	r := Requirement{Name: p.Name, Origin: origin, URL: p.URL}
	spec := p.Specifier
	if spec == "" && p.Version != "" {
		spec = "==" + p.Version
	}
	if spec != "" {
		set, err := pep440.ParseSpecifierSet(spec)
		if err != nil {
			return Requirement{}, fmt.Errorf("%s: %s: %w", origin, p.Name, err)
		}
		r.Specifier = set
	}
	if p.Marker != "" {
		m, err := pep508.ParseMarker(p.Marker)
		if err != nil {
			return Requirement{}, fmt.Errorf("%s: %s: %w", origin, p.Name, err)
		}
		r.Marker = m
	}
	for _, h := range p.Hashes {
		r.Hashes = append(r.Hashes, policy.Hash{Algorithm: strings.ToLower(h.Algorithm), Hex: strings.ToLower(h.Hex)})
	}
	for _, f := range p.Files {
		for _, h := range f.Hashes {
			r.Hashes = append(r.Hashes, policy.Hash{Algorithm: strings.ToLower(h.Algorithm), Hex: strings.ToLower(h.Hex)})
		}
	}
	return r, nil
}
