package config

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/safeindex/safeindex/policy"
)

// pipIndexes are pip's index options, from pip.conf or a requirements
// file, with where each was written.
type pipIndexes struct {
	index     *pipValue
	extras    []pipValue
	findLinks []pipValue
	noIndex   *pipValue
	trusted   []pipValue
}

type pipValue struct {
	line, col int
	key       string
	val       string
}

// policy builds the ordered sources pip's options describe: the extra
// indexes in order, then the index URL (PyPI by default), as uv reads
// them. pip itself merges them all.
func (pi *pipIndexes) policy(p *problems, what string) *policy.Policy {
	pol := &policy.Policy{}
	var set sourceSet
	for _, f := range pi.findLinks {
		p.note(f.line, f.col, f.key, policy.SeverityHigh, "find-links location %s is not read by safeindex (flat lists of links are not a Simple API); not carried over", showURL(f.val))
	}
	for _, t := range pi.trusted {
		p.note(t.line, t.col, t.key, policy.SeverityMedium, "trusted-host %q is not carried over: safeindex always verifies TLS certificates", t.val)
	}
	if pi.noIndex != nil {
		p.note(pi.noIndex.line, pi.noIndex.col, pi.noIndex.key, policy.SeverityHigh, "no-index: pip uses no index at all; the policy has no source left")
		return pol
	}
	var list []pipValue
	list = append(list, pi.extras...)
	if pi.index != nil {
		list = append(list, *pi.index)
	} else {
		list = append(list, pipValue{val: pypiURL})
		p.note(0, 0, "", policy.SeverityInfo, "no index-url in %s: PyPI (%s) is the index, as in pip", what, pypiURL)
	}
	// PyPI, wherever it was given, comes last: the public index is where
	// a dependency-confusion upload comes from.
	var public []pipValue
	for _, v := range list {
		if isPyPI(v.val) {
			public = append(public, v)
			continue
		}
		pol.Sources = append(pol.Sources, source(set.unique(nameFor(v.val)), v.val, false))
	}
	for _, v := range public {
		pol.Sources = append(pol.Sources, source(set.unique(nameFor(v.val)), v.val, false))
	}
	if len(pol.Sources) > 1 {
		at := pi.extras[0]
		names := make([]string, len(pol.Sources))
		for i, s := range pol.Sources {
			names[i] = fmt.Sprintf("%q", s.Name)
		}
		p.note(at.line, at.col, at.key, policy.SeverityHigh,
			"pip merges every index (index-url and extra-index-url) and installs the highest version any of them offers, so anyone who can publish an internal name on the public index wins: the dependency-confusion attack. safeindex searches them in order instead (%s: the extra indexes, then index-url, as uv reads them, and PyPI last wherever it was given) and uses the first that has the project; pin or claim internal names to make sure",
			strings.Join(names, ", "))
	}
	return pol
}

// readPipConf reads the [global] and [install] sections of pip.conf or
// pip.ini (Python configparser syntax; [install] overrides [global]).
func readPipConf(p *problems, data []byte) *policy.Policy {
	if !utf8.Valid(data) {
		p.fail(0, 0, "", ErrSyntax, "not valid UTF-8")
		return &policy.Policy{}
	}
	type entry struct {
		pipValue
		parts []pipValue // each line of the value, for positions
	}
	sections := map[string]map[string]*entry{}
	var section string
	var last *entry
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		line = strings.TrimSuffix(line, "\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';':
			continue
		case line[0] == ' ' || line[0] == '\t':
			if last == nil {
				p.fail(n, 1, "", ErrSyntax, "indented line outside a value")
				continue
			}
			last.val += "\n" + trimmed
			last.parts = append(last.parts, pipValue{line: n, col: len(line) - len(strings.TrimLeft(line, " \t")) + 1, key: last.key, val: trimmed})
			continue
		case line[0] == '[':
			end := strings.IndexByte(line, ']')
			if end < 0 {
				p.fail(n, 1, "", ErrSyntax, "section header without ']'")
				continue
			}
			section = line[1:end]
			if sections[section] != nil {
				p.fail(n, 1, "", ErrSyntax, "section [%s] appears twice", section)
			}
			sections[section] = map[string]*entry{}
			last = nil
			continue
		}
		if section == "" {
			p.fail(n, 1, "", ErrSyntax, "option outside a section (pip reads [global] and [install])")
			continue
		}
		sep := strings.IndexAny(line, "=:")
		if sep <= 0 {
			p.fail(n, 1, "", ErrSyntax, "want \"key = value\", got %q", trimmed)
			continue
		}
		key := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(line[:sep])), "_", "-")
		val := strings.TrimSpace(line[sep+1:])
		col := sep + 2 + len(line[sep+1:]) - len(strings.TrimLeft(line[sep+1:], " \t"))
		if sections[section][key] != nil {
			p.fail(n, 1, section+"."+key, ErrSyntax, "option set twice in [%s]", section)
			continue
		}
		v := pipValue{line: n, col: col, key: section + "." + key, val: val}
		last = &entry{pipValue: v, parts: []pipValue{v}}
		sections[section][key] = last
	}
	get := func(k string) *entry {
		if e := sections["install"][k]; e != nil {
			return e
		}
		return sections["global"][k]
	}
	var pi pipIndexes
	if e := get("index-url"); e != nil {
		v := e.pipValue
		v.val = strings.TrimSpace(v.val)
		pi.index = &v
	}
	split := func(e *entry) []pipValue {
		if e == nil {
			return nil
		}
		var out []pipValue
		for _, part := range e.parts {
			rest, col := part.val, part.col
			for _, f := range strings.Fields(part.val) {
				i := strings.Index(rest, f)
				col += i
				v := part
				v.val, v.col = f, col
				out = append(out, v)
				rest, col = rest[i+len(f):], col+len(f)
			}
		}
		return out
	}
	pi.extras = split(get("extra-index-url"))
	pi.findLinks = split(get("find-links"))
	pi.trusted = split(get("trusted-host"))
	if e := get("no-index"); e != nil {
		switch strings.ToLower(e.val) {
		case "1", "yes", "true", "on":
			v := e.pipValue
			pi.noIndex = &v
		case "0", "no", "false", "off":
		default:
			p.fail(e.line, e.col, e.key, ErrInvalidValue, "%q is not a boolean (true, false, yes, no, on, off, 1, 0)", e.val)
		}
	}
	for name, s := range sections {
		if name == "global" || name == "install" {
			continue
		}
		for _, k := range []string{"index-url", "extra-index-url", "find-links", "no-index"} {
			if e := s[k]; e != nil {
				p.note(e.line, e.col, e.key, policy.SeverityLow, "only [global] and [install] apply to installs; not carried over")
			}
		}
	}
	return pi.policy(p, "pip's configuration")
}

// reqOptions are the options pip takes in a requirements file, for
// optparse's unambiguous-prefix matching of long options.
var reqOptions = []string{
	"--index-url", "--extra-index-url", "--no-index", "--find-links", "--trusted-host",
	"--requirement", "--constraint", "--editable", "--pre", "--prefer-binary",
	"--require-hashes", "--only-binary", "--no-binary", "--use-feature", "--hash",
	"--global-option", "--config-settings", "--dry-run",
}

// optionTakesValue lists the options above that take a value.
func optionTakesValue(o string) bool {
	switch o {
	case "--index-url", "--extra-index-url", "--find-links", "--trusted-host", "--requirement",
		"--constraint", "--editable", "--only-binary", "--no-binary", "--use-feature", "--hash",
		"--global-option", "--config-settings":
		return true
	}
	return false
}

var shortOptions = map[byte]string{'i': "--index-url", 'f': "--find-links", 'r': "--requirement", 'c': "--constraint", 'e': "--editable"}

// longOption resolves a long option or an unambiguous prefix of one.
func longOption(s string) string {
	found := ""
	for _, o := range reqOptions {
		if o == s {
			return o
		}
		if strings.HasPrefix(o, s) {
			if found != "" {
				return ""
			}
			found = o
		}
	}
	return found
}

// reqOptionLine reports whether a line is one of the index options of a
// requirements file, for DetectFormat.
func reqOptionLine(line string) bool {
	f := strings.Fields(line)
	if len(f) == 0 {
		return false
	}
	o := f[0]
	if i := strings.IndexByte(o, '='); i > 0 {
		o = o[:i]
	}
	switch {
	case strings.HasPrefix(o, "--"):
		switch longOption(o) {
		case "--index-url", "--extra-index-url", "--no-index", "--find-links":
			return true
		}
	case strings.HasPrefix(o, "-i") || strings.HasPrefix(o, "-f"):
		return true
	}
	return false
}

// readRequirements reads the index options of a pip requirements file,
// with pip's line handling: a trailing backslash joins lines, "#" after
// whitespace starts a comment, and ${NAME} references are expanded.
// Requirement lines are skipped: the full reader is resolve/lockfile.
func readRequirements(p *problems, data []byte, o *options) *policy.Policy {
	if !utf8.Valid(data) {
		p.fail(0, 0, "", ErrSyntax, "not valid UTF-8")
		return &policy.Policy{}
	}
	var pi pipIndexes
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		n := i + 1
		line := strings.TrimSuffix(lines[i], "\r")
		for strings.HasSuffix(line, `\`) && i+1 < len(lines) {
			i++
			line = line[:len(line)-1] + strings.TrimSuffix(lines[i], "\r")
		}
		line = stripComment(line)
		trimmed := strings.TrimLeft(line, " \t")
		if !strings.HasPrefix(trimmed, "-") {
			continue
		}
		indent := len(line) - len(trimmed)
		toks := splitArgs(trimmed)
		for j := 0; j < len(toks); j++ {
			t := toks[j]
			var opt, val string
			hasVal := false
			col := indent + t.col
			if strings.HasPrefix(t.s, "--") {
				name := t.s
				if k := strings.IndexByte(name, '='); k > 0 {
					name, val, hasVal = name[:k], name[k+1:], true
					col += k + 1
				}
				opt = longOption(name)
				if opt == "" {
					p.note(n, indent+t.col, t.s, policy.SeverityInfo, "option not read")
					continue
				}
			} else if len(t.s) >= 2 && t.s[0] == '-' {
				opt = shortOptions[t.s[1]]
				if len(t.s) > 2 {
					val, hasVal = strings.TrimPrefix(t.s[2:], "="), true
					col += len(t.s) - len(val)
				}
				if opt == "" {
					continue
				}
			} else {
				break // a requirement after the options
			}
			if optionTakesValue(opt) && !hasVal {
				if j+1 >= len(toks) {
					p.fail(n, col, opt, ErrSyntax, "option needs a value")
					break
				}
				j++
				val, col = toks[j].s, indent+toks[j].col
			}
			v := pipValue{line: n, col: col, key: opt, val: val}
			switch opt {
			case "--index-url", "--extra-index-url", "--find-links":
				u, missing, ok := expand(val, false, o.lookup)
				if !ok {
					if o.lookup == nil {
						p.fail(n, col, opt, ErrUndefinedVariable, "refers to environment variable %s, but no environment was given (WithEnv)", missing)
					} else {
						p.fail(n, col, opt, ErrUndefinedVariable, "environment variable %s is not set", missing)
					}
					continue
				}
				v.val = u
				switch opt {
				case "--index-url":
					if pi.index != nil {
						p.note(n, col, opt, policy.SeverityLow, "index-url given again; as in pip, the last one (line %d) replaces the one on line %d", n, pi.index.line)
					}
					pi.index = &v
				case "--extra-index-url":
					pi.extras = append(pi.extras, v)
				default:
					pi.findLinks = append(pi.findLinks, v)
				}
			case "--no-index":
				pi.noIndex = &v
			case "--trusted-host":
				pi.trusted = append(pi.trusted, v)
			case "--requirement", "--constraint":
				p.note(n, col, opt, policy.SeverityLow, "%s is not followed: load it too if it has index options", showURL(val))
			}
		}
	}
	return pi.policy(p, "the requirements file")
}

// stripComment removes a comment: "#" at the start or after whitespace.
func stripComment(line string) string {
	for i := 0; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return strings.TrimRight(line[:i], " \t")
		}
	}
	return line
}

type arg struct {
	s   string
	col int // 1-based byte column in the line
}

// splitArgs splits an option line as a shell would, for quotes.
func splitArgs(s string) []arg {
	var out []arg
	var b strings.Builder
	start, in := -1, false
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				b.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote = c
			if !in {
				start, in = i, true
			}
		case c == ' ' || c == '\t':
			if in {
				out = append(out, arg{b.String(), start + 1})
				b.Reset()
				in = false
			}
		default:
			if !in {
				start, in = i, true
			}
			b.WriteByte(c)
		}
	}
	if in {
		out = append(out, arg{b.String(), start + 1})
	}
	return out
}
