package config

import (
	"fmt"
	"strings"

	"github.com/safeindex/safeindex/policy"
)

// readUV imports uv's index configuration from [tool.uv] of a
// pyproject.toml or the top level of a uv.toml.
func readUV(d *tdoc, o *options) *policy.Policy {
	pol := &policy.Policy{}
	root := d.top()
	if tool, ok := root.get("tool"); ok && tool.isTable() {
		uv, ok := tool.get("uv")
		if !ok || !uv.isTable() {
			d.fail(0, 0, "", ErrUnknownFormat, "no [tool.uv] table")
			return pol
		}
		root = uv
	}
	if !root.isTable() {
		root.typeErr("a table")
		return pol
	}
	// Keys are looked up one by one: uv has many settings that have
	// nothing to do with indexes.
	get := func(k string) (tv, bool) { return root.get(k) }

	var set sourceSet
	unreadable := map[string]string{} // index name -> what it is
	names := map[string]bool{}        // defined index names
	var normal, defaults []policy.Source
	if v, ok := get("index"); ok {
		for _, t := range v.tables() {
			s, isDefault, ok := readUVIndex(t, o, &set, unreadable)
			if !ok {
				continue
			}
			names[s.Name] = true
			if isDefault {
				defaults = append(defaults, s)
			} else {
				normal = append(normal, s)
			}
		}
	}
	if v, ok := get("extra-index-url"); ok {
		if list, ok := v.strs(); ok {
			for _, u := range list {
				normal = append(normal, source(set.unique(nameFor(u)), u, false))
			}
		}
	}
	var def *policy.Source
	switch {
	case len(defaults) > 0:
		def = &defaults[0]
		for _, s := range defaults[1:] {
			// uv takes the first default index.
			v, _ := get("index")
			v.note(policy.SeverityMedium, "index %q is also marked default = true; uv uses the first default index only, so it is not imported", s.Name)
		}
		if v, ok := get("index-url"); ok {
			v.note(policy.SeverityMedium, "ignored: index %q is the default index (default = true)", def.Name)
		}
	default:
		if v, ok := get("index-url"); ok {
			if u, ok := v.str(); ok {
				s := source(set.unique(nameFor(u)), u, false)
				def = &s
			}
		} else {
			s := source(set.unique("pypi"), pypiURL, false)
			def = &s
			d.note(0, 0, "", policy.SeverityInfo, "PyPI (%s) is the implicit default index, as in uv: it comes last, and no [[tool.uv.index]] has default = true", pypiURL)
		}
	}
	if v, ok := get("find-links"); ok {
		v.note(policy.SeverityHigh, "flat find-links locations are not read by safeindex; not carried over")
	}
	noIndex := false
	if v, ok := get("no-index"); ok {
		noIndex, _ = v.boolean()
		if noIndex {
			v.note(policy.SeverityHigh, "no-index = true: every index is ignored, as in uv; the policy has no source left")
		}
	}
	if !noIndex {
		pol.Sources = append(pol.Sources, normal...)
		if def != nil {
			pol.Sources = append(pol.Sources, *def)
		}
	}

	if v, ok := get("sources"); ok && !noIndex {
		readUVSources(v, pol, names, unreadable)
	}

	if v, ok := get("index-strategy"); ok {
		if s, ok := v.str(); ok {
			switch s {
			case "first-index":
				pol.Strategy = policy.FirstIndex
			case "unsafe-first-match":
				pol.Strategy = policy.FirstIndex
				v.note(policy.SeverityHigh, "unsafe-first-match (search every index for a matching version) is not imported: safeindex uses first-index, the first index that has the project; list packages that really need another index as pins")
			case "unsafe-best-match":
				pol.Strategy = policy.FirstIndex
				v.note(policy.SeverityHigh, "unsafe-best-match merges every index and takes the highest version, as pip does: the dependency-confusion risk; safeindex uses first-index instead. Name the packages that must be merged in safeindex.toml's merge list")
			default:
				v.bad(ErrInvalidValue, "unknown index-strategy %q (want first-index, unsafe-first-match or unsafe-best-match)", s)
			}
		}
	}
	if v, ok := get("exclude-newer"); ok {
		readExcludeNewer(v, &pol.Rules)
	}
	if v, ok := get("exclude-newer-package"); ok {
		if !v.isTable() {
			v.typeErr("a table")
		}
		for _, e := range v.fields() {
			if b, ok := e.v.(bool); ok && !b {
				e.note(policy.SeverityMedium, "%s is exempt from exclude-newer in uv, without an end date; not carried over, so the age rules apply to it: add an expiring [[rules.age-bypass]] in safeindex.toml to exempt it", e.name())
			} else {
				e.note(policy.SeverityMedium, "per-package cutoffs are not carried over; the global age rules apply to %s", e.name())
			}
		}
	}
	if v, ok := get("allow-insecure-host"); ok {
		v.note(policy.SeverityMedium, "not carried over: safeindex always verifies TLS certificates")
	}
	if v, ok := get("keyring-provider"); ok {
		v.note(policy.SeverityLow, "not carried over: credentials come from the URL or, with WithEnv, from UV_INDEX_<NAME>_USERNAME and _PASSWORD")
	}
	if v, ok := get("pip"); ok && v.isTable() {
		for _, k := range []string{"index-url", "extra-index-url", "find-links", "no-index", "index-strategy"} {
			if e, ok := v.get(k); ok {
				e.note(policy.SeverityLow, "[tool.uv.pip] settings apply to the uv pip commands only; not imported")
			}
		}
	}
	return pol
}

// readUVIndex reads one [[tool.uv.index]].
func readUVIndex(t tv, o *options, set *sourceSet, unreadable map[string]string) (s policy.Source, isDefault, ok bool) {
	f, ok := t.table(false, "name", "url", "explicit", "default", "format", "authenticate", "ignore-error-codes", "cache-control", "publish-url", "exclude-newer")
	if !ok {
		return s, false, false
	}
	raw, ok := required(t, f, "url")
	if !ok {
		return s, false, false
	}
	name := ""
	if v, has := f["name"]; has {
		if name, ok = v.str(); !ok {
			return s, false, false
		}
		if set.taken[name] {
			v.bad(ErrInvalidValue, "two indexes are named %q", name)
			return s, false, false
		}
		set.unique(name)
	} else {
		name = set.unique(nameFor(raw))
	}
	explicit := false
	if v, has := f["explicit"]; has {
		explicit, _ = v.boolean()
	}
	if v, has := f["default"]; has {
		isDefault, _ = v.boolean()
	}
	if v, has := f["format"]; has {
		if fm, ok := v.str(); ok {
			switch fm {
			case "simple":
			case "flat":
				v.note(policy.SeverityHigh, "index %q is a flat index (a list of links, not a Simple API), which safeindex does not read; it is left out, and packages pinned to it are denied", name)
				unreadable[name] = fmt.Sprintf("the flat index %q", name)
				return s, false, false
			default:
				v.bad(ErrInvalidValue, "unknown index format %q (want simple or flat)", fm)
				return s, false, false
			}
		}
	}
	s = source(name, raw, explicit)
	if v, has := f["authenticate"]; has {
		if a, ok := v.str(); ok && a != "auto" {
			v.note(policy.SeverityLow, "authenticate = %q is not carried over: safeindex sends the credentials the URL carries, and a source that refuses a lookup (401, 403) fails; it is never skipped", a)
		}
	}
	if v, has := f["ignore-error-codes"]; has {
		v.note(policy.SeverityMedium, "not carried over: safeindex never ignores an index's errors; only 404 and 410 mean a project is absent, and any other failure of %q stops the resolution of the name", name)
	}
	if v, has := f["cache-control"]; has {
		v.note(policy.SeverityInfo, "caching is the client's business; not carried over")
	}
	if v, has := f["exclude-newer"]; has {
		v.note(policy.SeverityMedium, "per-index cutoffs are not carried over; the global age rules apply to %q (set allow-missing-upload-time on the source in safeindex.toml if it serves no upload times)", name)
	}
	if u, ok := withCredentials(s.URL, "UV_INDEX_"+envName(name)+"_", o.lookup); ok {
		s.URL = u
	}
	return s, isDefault, true
}

// readUVSources turns [tool.uv.sources] into pins and deny rules.
func readUVSources(v tv, pol *policy.Policy, names map[string]bool, unreadable map[string]string) {
	if !v.isTable() {
		v.typeErr("a table")
		return
	}
	for _, e := range v.fields() {
		pkg, ok := checkName(e.keyed(), e.name())
		if !ok {
			continue
		}
		entries := e.tables()
		if entries == nil {
			continue
		}
		var indexes []string
		var indexAt []tv
		var other []string
		conditional := false
		for _, t := range entries {
			m, _ := t.v.(map[string]any)
			for _, k := range []string{"marker", "extra", "group"} {
				if _, ok := m[k]; ok {
					conditional = true
				}
			}
			if x, ok := t.get("index"); ok {
				if name, ok := x.str(); ok {
					indexes = append(indexes, name)
					indexAt = append(indexAt, x)
				}
				continue
			}
			kind := "a non-index source"
			for _, k := range []string{"git", "path", "url", "workspace"} {
				if _, ok := m[k]; ok {
					kind = k
					break
				}
			}
			other = append(other, kind)
		}
		if len(indexes) == 0 {
			pol.Rules.Deny = append(pol.Rules.Deny, denyUnreadable(pkg, strings.Join(other, " or ")))
			e.note(policy.SeverityMedium, "%s comes from %s in uv, not from an index: denied, so that it cannot come from an index an attacker publishes to", pkg, strings.Join(other, " or "))
			continue
		}
		idx := indexes[0]
		switch {
		case unreadable[idx] != "":
			pol.Rules.Deny = append(pol.Rules.Deny, denyUnreadable(pkg, unreadable[idx]))
			continue
		case !names[idx]:
			indexAt[0].bad(ErrUnknownSource, "no [[tool.uv.index]] is named %q", idx)
			continue
		}
		pol.Pins = append(pol.Pins, policy.Pin{Package: pkg, Source: idx})
		for i, other := range indexes[1:] {
			if !names[other] && unreadable[other] == "" {
				indexAt[i+1].bad(ErrUnknownSource, "no [[tool.uv.index]] is named %q", other)
			}
		}
		switch {
		case len(entries) > 1:
			e.note(policy.SeverityMedium, "markers are not evaluated: %s is pinned to %q, the first of its %d entries, on every platform; write one safeindex.toml per target to pin it elsewhere", pkg, idx, len(entries))
		case conditional:
			e.note(policy.SeverityMedium, "the marker, extra or group condition is not evaluated: %s is pinned to %q everywhere", pkg, idx)
		}
	}
}

// readExcludeNewer maps uv's exclude-newer: a date-time or date is an
// upload cutoff, a duration a minimum release age.
func readExcludeNewer(v tv, r *policy.Rules) {
	s, isString := v.v.(string)
	if !isString {
		r.UploadCutoff, _ = v.timeValue()
		return
	}
	if t, err := parseTime(s); err == nil {
		r.UploadCutoff = t
		if len(s) == len("2006-01-02") {
			v.note(policy.SeverityLow, "the date %s is read as midnight UTC; uv may read it in the machine's time zone", s)
		}
		return
	}
	d, err := ParseDuration(s)
	if err != nil {
		v.bad(ErrInvalidValue, "%q is neither a date-time, a date nor a duration: %v", s, err)
		return
	}
	r.MinReleaseAge = d
}
