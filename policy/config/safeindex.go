package config

import (
	"slices"
	"sort"
	"strings"

	"github.com/safeindex/safeindex/internal/namepat"
	"github.com/safeindex/safeindex/pep440"
	"github.com/safeindex/safeindex/policy"
)

// readSafeindex decodes a safeindex.toml document.
func readSafeindex(d *tdoc, o *options) *policy.Policy {
	pol := &policy.Policy{}
	top, ok := d.top().table(true, "strategy", "source", "pin", "pins", "merge", "relation", "trust-pep708", "namespace", "rules")
	if !ok {
		return pol
	}
	if v, ok := top["strategy"]; ok {
		if s, ok := v.str(); ok {
			switch policy.Strategy(s) {
			case policy.FirstIndex, policy.Strict:
				pol.Strategy = policy.Strategy(s)
			default:
				v.bad(ErrInvalidValue, "unknown strategy %q (want %q or %q)", s, policy.FirstIndex, policy.Strict)
			}
		}
	}

	// Sources, with the position of each name for references.
	names := map[string]bool{}
	var claimed namepat.Claims // the claims of the sources read so far
	if v, ok := top["source"]; ok {
		for _, t := range v.tables() {
			s, ok := readSource(t, o, &claimed)
			if s.Name != "" {
				if names[s.Name] {
					n, _ := t.get("name")
					n.bad(ErrInvalidValue, "two sources are named %q", s.Name)
				}
				names[s.Name] = true
			}
			if ok {
				pol.Sources = append(pol.Sources, s)
				for _, c := range s.Claims {
					claimed.Add(s.Name, c)
				}
			}
		}
	}
	known := func(v tv, name string) bool {
		if names[name] {
			return true
		}
		list := slices.Sorted(func(yield func(string) bool) {
			for n := range names {
				if !yield(n) {
					return
				}
			}
		})
		if len(list) == 0 {
			v.bad(ErrUnknownSource, "no source is named %q: there is no [[source]]", name)
		} else {
			v.bad(ErrUnknownSource, "no source is named %q (sources: %s)", name, strings.Join(list, ", "))
		}
		return false
	}

	// Pins, from [[pin]] and [pins], in file order: the first match wins.
	type orderedPin struct {
		order int
		pin   policy.Pin
	}
	var pins []orderedPin
	if v, ok := top["pin"]; ok {
		for _, t := range v.tables() {
			f, ok := t.table(true, "package", "source")
			if !ok {
				continue
			}
			pkg, ok1 := required(t, f, "package")
			src, ok2 := required(t, f, "source")
			if ok1 && ok2 && checkPattern(f["package"], pkg) && known(f["source"], src) {
				pins = append(pins, orderedPin{t.order(), policy.Pin{Package: pkg, Source: src}})
			}
		}
	}
	if v, ok := top["pins"]; ok {
		if !v.isTable() {
			v.typeErr(`a table of package = "source"`)
		}
		for _, e := range v.fields() {
			src, ok := e.str()
			if ok && checkPattern(e.keyed(), e.name()) && known(e, src) {
				pins = append(pins, orderedPin{e.order(), policy.Pin{Package: e.name(), Source: src}})
			}
		}
	}
	sort.SliceStable(pins, func(i, j int) bool { return pins[i].order < pins[j].order })
	for _, p := range pins {
		pol.Pins = append(pol.Pins, p.pin)
	}

	if v, ok := top["merge"]; ok {
		v.eachString(func(e tv, m string) {
			if !checkPattern(e, m) {
				return
			}
			for _, pin := range pol.Pins {
				if namepat.Overlap(namepat.Normalize(m), namepat.Normalize(pin.Package)) {
					e.bad(ErrInvalidValue, "%q is both pinned to %q and merged across sources", pin.Package, pin.Source)
					return
				}
			}
			pol.Merge = append(pol.Merge, m)
		})
	}
	if v, ok := top["relation"]; ok {
		for _, t := range v.tables() {
			f, ok := t.table(true, "source", "kind", "of")
			if !ok {
				continue
			}
			src, ok1 := required(t, f, "source")
			kind, ok2 := required(t, f, "kind")
			of, ok3 := required(t, f, "of")
			if !ok1 || !ok2 || !ok3 {
				continue
			}
			ok1 = known(f["source"], src)
			ok3 = known(f["of"], of)
			switch policy.RelationKind(kind) {
			case policy.Mirrors, policy.Extends:
			default:
				f["kind"].bad(ErrInvalidValue, "unknown relation %q (want %q or %q)", kind, policy.Mirrors, policy.Extends)
				ok2 = false
			}
			if ok1 && src == of {
				f["of"].bad(ErrInvalidValue, "source %q cannot relate to itself", src)
				ok3 = false
			}
			if ok1 && ok2 && ok3 {
				pol.Relations = append(pol.Relations, policy.Relation{Source: src, Kind: policy.RelationKind(kind), Of: of})
			}
		}
	}
	if v, ok := top["trust-pep708"]; ok {
		pol.TrustPEP708, _ = v.boolean()
	}
	if v, ok := top["namespace"]; ok {
		for _, t := range v.tables() {
			f, ok := t.table(true, "pattern", "source", "namespace")
			if !ok {
				continue
			}
			pat, ok1 := required(t, f, "pattern")
			src, ok2 := required(t, f, "source")
			ns, ok3 := required(t, f, "namespace")
			if ok1 && ok2 && ok3 && checkPattern(f["pattern"], pat) && known(f["source"], src) {
				pol.Namespaces = append(pol.Namespaces, policy.NamespaceRule{Pattern: pat, Source: src, Namespace: ns})
			}
		}
	}
	if v, ok := top["rules"]; ok {
		readRules(v, &pol.Rules)
	}
	return pol
}

// required returns the string at key k of table t, reporting its absence.
func required(t tv, f map[string]tv, k string) (string, bool) {
	v, ok := f[k]
	if !ok {
		l, c := t.at(true)
		t.d.fail(l, c, t.key(), ErrMissingKey, "missing required key %q", k)
		return "", false
	}
	s, ok := v.str()
	if ok && s == "" {
		v.bad(ErrInvalidValue, "must not be empty")
		return "", false
	}
	return s, ok
}

// readSource reads one [[source]]. claimed holds the claims of the
// sources before it; a claim that can match a name one of them claims is
// an error, at the claim.
func readSource(t tv, o *options, claimed *namepat.Claims) (policy.Source, bool) {
	var s policy.Source
	f, ok := t.table(true, "name", "url", "explicit", "public", "claims", "file-hosts", "allow-missing-upload-time")
	if !ok {
		return s, false
	}
	name, ok1 := required(t, f, "name")
	raw, ok2 := required(t, f, "url")
	s.Name = name
	if ok2 {
		s.URL, ok2 = expandURL(f["url"], raw, false, o)
	}
	if v, ok := f["explicit"]; ok {
		s.Explicit, _ = v.boolean()
	}
	if v, ok := f["public"]; ok {
		s.Public, _ = v.boolean()
	}
	if v, ok := f["claims"]; ok {
		v.eachString(func(e tv, c string) {
			if !checkPattern(e, c) {
				return
			}
			if namepat.MatchesAll(c) {
				e.bad(ErrInvalidValue, "claim %q claims every name; make the source the only one instead", c)
				return
			}
			if other, ok := claimed.Conflict(name, c); ok {
				e.bad(ErrInvalidValue, "%s", other.Describe(c, name))
				return
			}
			s.Claims = append(s.Claims, c)
		})
	}
	if v, ok := f["file-hosts"]; ok {
		v.eachString(func(e tv, h string) {
			switch {
			case h == "":
				e.bad(ErrInvalidValue, "empty host")
			case strings.ContainsAny(h, "/@:"):
				e.bad(ErrInvalidValue, "%q is not a host name (write the host alone, without scheme, port or path)", h)
			default:
				s.FileHosts = append(s.FileHosts, h)
			}
		})
	}
	if v, ok := f["allow-missing-upload-time"]; ok {
		s.AllowMissingUploadTime, _ = v.boolean()
	}
	return s, ok1 && ok2
}

// expandURL expands environment references in a URL value, reporting an
// undefined variable by name (never a value).
func expandURL(v tv, raw string, bare bool, o *options) (string, bool) {
	out, missing, ok := expand(raw, bare, o.lookup)
	if ok {
		return out, true
	}
	if o.lookup == nil {
		v.bad(ErrUndefinedVariable, "refers to environment variable %s, but no environment was given (WithEnv)", missing)
	} else {
		v.bad(ErrUndefinedVariable, "environment variable %s is not set", missing)
	}
	return "", false
}

func readRules(v tv, r *policy.Rules) {
	f, ok := v.table(true, "hash-algorithms", "allow-missing-hashes", "allow-yanked", "refuse-yanked",
		"ignore-requires-python", "upload-cutoff", "min-release-age", "age-bypass", "allow-quarantined",
		"allow", "deny", "allow-any-file-host")
	if !ok {
		return
	}
	flag := func(k string, dst *bool) {
		if x, ok := f[k]; ok {
			*dst, _ = x.boolean()
		}
	}
	if x, ok := f["hash-algorithms"]; ok {
		all := x.eachString(func(e tv, a string) {
			switch a {
			case "md5", "sha1", "sha224", "sha256", "sha384", "sha512":
				r.HashAlgorithms = append(r.HashAlgorithms, a)
			default:
				e.bad(ErrInvalidValue, "unknown hash algorithm %q (want md5, sha1, sha224, sha256, sha384 or sha512)", a)
			}
		})
		if all && len(x.elems()) == 0 {
			x.bad(ErrInvalidValue, "empty list: no file could be accepted; remove the key for the default (sha256, sha384, sha512)")
		}
	}
	flag("allow-missing-hashes", &r.AllowMissingHashes)
	flag("allow-yanked", &r.AllowYanked)
	flag("refuse-yanked", &r.RefuseYanked)
	if r.AllowYanked && r.RefuseYanked {
		f["refuse-yanked"].bad(ErrInvalidValue, "cannot be true together with allow-yanked")
	}
	flag("ignore-requires-python", &r.IgnoreRequiresPython)
	if x, ok := f["upload-cutoff"]; ok {
		r.UploadCutoff, _ = x.timeValue()
	}
	if x, ok := f["min-release-age"]; ok {
		if s, ok := x.v.(string); ok {
			d, err := ParseDuration(s)
			if err != nil {
				x.bad(ErrInvalidValue, "%q is not a duration: %v", s, err)
			}
			r.MinReleaseAge = d
		} else {
			x.typeErr(`a duration string such as "7d" or "P7D"`)
		}
	}
	if x, ok := f["age-bypass"]; ok {
		for _, t := range x.tables() {
			g, ok := t.table(true, "package", "reason", "expires")
			if !ok {
				continue
			}
			pkg, ok1 := required(t, g, "package")
			reason, ok2 := required(t, g, "reason")
			var b policy.Bypass
			ok3 := false
			if e, has := g["expires"]; has {
				b.Expires, ok3 = e.timeValue()
			} else {
				l, c := t.at(true)
				t.d.fail(l, c, t.key(), ErrMissingKey, `missing required key "expires": a bypass must end`)
			}
			if ok1 && ok2 && ok3 && checkPattern(g["package"], pkg) {
				b.Package, b.Reason = pkg, reason
				r.AgeBypasses = append(r.AgeBypasses, b)
			}
		}
	}
	flag("allow-quarantined", &r.AllowQuarantined)
	r.Allow = readPackageRules(f, "allow")
	r.Deny = readPackageRules(f, "deny")
	flag("allow-any-file-host", &r.AllowAnyFileHost)
}

func readPackageRules(f map[string]tv, k string) []policy.PackageRule {
	x, ok := f[k]
	if !ok {
		return nil
	}
	var out []policy.PackageRule
	for _, t := range x.tables() {
		g, ok := t.table(true, "package", "specifier", "reason")
		if !ok {
			continue
		}
		pkg, ok := required(t, g, "package")
		if !ok || !checkPattern(g["package"], pkg) {
			continue
		}
		rule := policy.PackageRule{Package: pkg}
		if s, has := g["specifier"]; has {
			spec, ok := s.str()
			if !ok {
				continue
			}
			set, err := pep440.ParseSpecifierSet(spec)
			if err != nil {
				s.bad(ErrInvalidValue, "%q is not a version specifier: %v", spec, err)
				continue
			}
			rule.Specifier = set
		}
		if r, has := g["reason"]; has {
			rule.Reason, _ = r.str()
		}
		out = append(out, rule)
	}
	return out
}
