package config

import (
	"slices"

	"github.com/safeindex/safeindex/policy"
)

// readPipfile imports a Pipfile's [[source]] tables and per-package
// index pins.
func readPipfile(d *tdoc, o *options) *policy.Policy {
	pol := &policy.Policy{}
	top := d.top()
	var set sourceSet
	if v, ok := top.get("source"); ok {
		for i, t := range v.tables() {
			f, ok := t.table(false, "name", "url", "verify_ssl")
			if !ok {
				continue
			}
			name, ok1 := required(t, f, "name")
			raw, ok2 := required(t, f, "url")
			if !ok1 || !ok2 {
				continue
			}
			if set.taken[name] {
				f["name"].bad(ErrInvalidValue, "two sources are named %q", name)
				continue
			}
			set.unique(name)
			u, ok := expandURL(f["url"], raw, true, o)
			if !ok {
				continue
			}
			if x, ok := f["verify_ssl"]; ok {
				if b, ok := x.boolean(); ok && !b {
					x.note(policy.SeverityHigh, "verify_ssl = false is not carried over: safeindex always verifies TLS certificates, so %q must present a valid one", name)
				}
			}
			// Pipenv takes every package without index= from the first
			// source: the others serve only the packages pinned to them.
			pol.Sources = append(pol.Sources, source(name, u, i > 0))
		}
	}
	switch len(pol.Sources) {
	case 0:
		pol.Sources = append(pol.Sources, source(set.unique("pypi"), pypiURL, false))
		d.note(0, 0, "", policy.SeverityInfo, "no [[source]]: PyPI (%s) is the only source, as in Pipenv", pypiURL)
	case 1:
	default:
		v, _ := top.get("source")
		v.note(policy.SeverityInfo, "as in Pipenv, packages without index= come from the first source, %q, only; the other sources are explicit and serve only the packages pinned to them", pol.Sources[0].Name)
	}
	if v, ok := top.get("pipenv"); ok && v.isTable() {
		if x, ok := v.get("install_search_all_sources"); ok {
			if b, ok := x.boolean(); ok && b {
				x.note(policy.SeverityHigh, "install_search_all_sources lets Pipenv install a package from any source; not carried over: each package comes from its own source only")
			}
		}
	}
	resolve := func(x tv, name string) (string, bool) {
		if set.taken[name] && slices.ContainsFunc(pol.Sources, func(s policy.Source) bool { return s.Name == name }) {
			return name, true
		}
		x.bad(ErrUnknownSource, "no [[source]] is named %q", name)
		return "", false
	}
	pinned := map[string]string{}
	for _, cat := range top.fields() {
		switch cat.name() {
		case "source", "requires", "pipenv", "scripts":
			continue
		}
		if !cat.isTable() {
			continue
		}
		for _, e := range cat.fields() {
			if _, isString := e.v.(string); isString {
				continue
			}
			pkg, ok := checkName(e.keyed(), e.name())
			if !ok {
				continue
			}
			readPinEntry(e, pkg, "Pipenv", pol, pinned, resolve, "index")
		}
	}
	return pol
}
