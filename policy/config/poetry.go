package config

import (
	"fmt"
	"strings"

	"github.com/safeindex/safeindex/policy"
)

// readPoetry imports Poetry's sources and per-dependency source pins from
// [tool.poetry] of a pyproject.toml.
func readPoetry(d *tdoc, o *options) *policy.Policy {
	pol := &policy.Policy{}
	root, ok := d.top().get("tool")
	if ok {
		root, ok = root.get("poetry")
	}
	if !ok || !root.isTable() {
		d.fail(0, 0, "", ErrUnknownFormat, "no [tool.poetry] table")
		return pol
	}

	var set sourceSet
	unreadable := map[string]string{}
	byName := map[string]string{} // lower-case name -> name
	var primary, supplemental, explicit []policy.Source
	hasPyPI := false
	if v, ok := root.get("source"); ok {
		for _, t := range v.tables() {
			f, ok := t.table(false, "name", "url", "priority", "default", "secondary", "links", "indexed")
			if !ok {
				continue
			}
			name, ok := required(t, f, "name")
			if !ok {
				continue
			}
			if byName[strings.ToLower(name)] != "" {
				f["name"].bad(ErrInvalidValue, "two sources are named %q", name)
				continue
			}
			byName[strings.ToLower(name)] = name
			set.unique(name)
			priority := "primary"
			if x, ok := f["default"]; ok {
				if b, _ := x.boolean(); b {
					priority = "default"
				}
			}
			if x, ok := f["secondary"]; ok {
				if b, _ := x.boolean(); b {
					priority = "secondary"
				}
			}
			if x, ok := f["priority"]; ok {
				if priority, ok = x.str(); !ok {
					continue
				}
			}
			var s policy.Source
			if strings.EqualFold(name, "pypi") {
				if x, ok := f["url"]; ok {
					x.bad(ErrInvalidValue, "the PyPI source cannot have a URL in Poetry")
					continue
				}
				hasPyPI = true
				s = source(name, pypiURL, false)
			} else {
				raw, ok := required(t, f, "url")
				if !ok {
					continue
				}
				links := false
				if x, ok := f["links"]; ok {
					links, _ = x.boolean()
				}
				if lower := strings.ToLower(raw); links || strings.HasSuffix(lower, ".html") || strings.HasSuffix(lower, ".htm") {
					f["url"].note(policy.SeverityHigh, "source %q is a single page of links, which safeindex does not read; it is left out, and packages pinned to it are denied", name)
					unreadable[name] = fmt.Sprintf("the single-page link source %q", name)
					continue
				}
				s = source(name, raw, false)
				if u, ok := withCredentials(s.URL, "POETRY_HTTP_BASIC_"+envName(name)+"_", o.lookup); ok {
					s.URL = u
				}
			}
			switch priority {
			case "primary":
				primary = append(primary, s)
			case "supplemental":
				supplemental = append(supplemental, s)
			case "explicit":
				s.Explicit = true
				explicit = append(explicit, s)
			case "default":
				t.note(policy.SeverityMedium, "the default priority was removed in Poetry 2.0; %q is read as the first primary source", name)
				primary = append([]policy.Source{s}, primary...)
			case "secondary":
				t.note(policy.SeverityMedium, "the secondary priority was removed in Poetry 2.0; %q is read as a supplemental source, used only for projects no earlier source has", name)
				supplemental = append(supplemental, s)
			default:
				f["priority"].bad(ErrInvalidValue, "unknown priority %q (want primary, supplemental or explicit)", priority)
			}
		}
	}
	// Poetry 2: PyPI is implicit, as a primary source, unless a primary
	// source is configured or PyPI is configured explicitly.
	if len(primary) == 0 && !hasPyPI {
		name := set.unique("pypi")
		byName["pypi"] = name
		primary = append(primary, source(name, pypiURL, false))
		d.note(0, 0, "", policy.SeverityInfo, "PyPI (%s) is the implicit primary source, as in Poetry: no primary source is configured", pypiURL)
	}
	if len(primary) > 1 {
		names := make([]string, len(primary))
		for i, s := range primary {
			names[i] = fmt.Sprintf("%q", s.Name)
		}
		v, _ := root.get("source")
		v.note(policy.SeverityHigh, "Poetry searches every primary source (%s) and merges what they offer, so a name published on a later one can win with a higher version; safeindex uses the first of them, in file order, that has the project", strings.Join(names, ", "))
	}
	if len(supplemental) > 0 {
		v, _ := root.get("source")
		v.note(policy.SeverityLow, "Poetry falls back to a supplemental source when the primary sources offer no compatible file; safeindex uses it only when no earlier source has the project at all")
	}
	pol.Sources = append(append(append(pol.Sources, primary...), supplemental...), explicit...)

	// Per-dependency source pins, from the main dependencies and every
	// group.
	pinned := map[string]string{}
	readDeps := func(v tv) {
		if !v.isTable() {
			v.typeErr("a table")
			return
		}
		for _, e := range v.fields() {
			if e.name() == "python" {
				continue
			}
			if _, isString := e.v.(string); isString {
				continue
			}
			pkg, ok := checkName(e.keyed(), e.name())
			if !ok {
				continue
			}
			readPinEntry(e, pkg, "Poetry", pol, pinned, func(x tv, name string) (string, bool) {
				if canon := byName[strings.ToLower(name)]; canon != "" {
					if unreadable[canon] != "" {
						return unreadable[canon], false
					}
					return canon, true
				}
				x.bad(ErrUnknownSource, "no [[tool.poetry.source]] is named %q", name)
				return "", false
			}, "source")
		}
	}
	if v, ok := root.get("dependencies"); ok {
		readDeps(v)
	}
	if v, ok := root.get("dev-dependencies"); ok {
		readDeps(v)
	}
	if groups, ok := root.get("group"); ok && groups.isTable() {
		for _, g := range groups.fields() {
			if deps, ok := g.get("dependencies"); ok {
				readDeps(deps)
			}
		}
	}
	return pol
}

// readPinEntry reads one dependency of Poetry or Pipenv: a table, or (in
// Poetry) an array of tables with markers. key is the key that names
// the source ("source" or "index"); resolve maps a source name to the
// policy's, or, with false, to a description of an unreadable place (or
// "" after reporting an unknown name).
func readPinEntry(e tv, pkg, tool string, pol *policy.Policy, pinned map[string]string, resolve func(tv, string) (string, bool), key string) {
	entries := e.tables()
	var srcs []string
	var at []tv
	var other []string
	for _, t := range entries {
		if x, ok := t.get(key); ok {
			if s, ok := x.str(); ok {
				srcs = append(srcs, s)
				at = append(at, x)
			}
			continue
		}
		m, _ := t.v.(map[string]any)
		for _, k := range []string{"git", "path", "url", "file"} {
			if _, ok := m[k]; ok {
				other = append(other, k)
				break
			}
		}
	}
	if len(srcs) == 0 {
		if len(other) > 0 {
			where := strings.Join(other, " or ")
			pol.Rules.Deny = append(pol.Rules.Deny, denyUnreadable(pkg, where))
			e.note(policy.SeverityMedium, "%s comes from %s in %s, not from an index: denied, so that it cannot come from an index an attacker publishes to", pkg, where, tool)
		}
		return
	}
	name, ok := resolve(at[0], srcs[0])
	switch {
	case !ok && name != "":
		pol.Rules.Deny = append(pol.Rules.Deny, denyUnreadable(pkg, name))
		return
	case !ok:
		return
	}
	for i, s := range srcs[1:] {
		resolve(at[i+1], s)
	}
	if prev, dup := pinned[pkg]; dup {
		if prev != name {
			e.note(policy.SeverityMedium, "%s is also pinned to %q elsewhere in the file; the first pin, to %q, wins", pkg, name, prev)
		}
		return
	}
	pinned[pkg] = name
	pol.Pins = append(pol.Pins, policy.Pin{Package: pkg, Source: name})
	if len(entries) > 1 {
		e.note(policy.SeverityMedium, "markers are not evaluated: %s is pinned to %q, the source of its first entry, on every platform; write one safeindex.toml per target to pin it elsewhere", pkg, name)
	}
}
