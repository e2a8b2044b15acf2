// Package pep508 reads dependency specifiers (requirements) and environment
// markers as PEP 508 and the "Dependency specifiers" specification on
// packaging.python.org define them, and exactly as pypa/packaging 26.x
// (packaging.requirements.Requirement, packaging.markers.Marker) reads and
// evaluates them: every input, valid or not, gets packaging's answer, except
// for the few differences listed at the end. testdata/vectors.jsonl.gz holds
// packaging's answers for some five thousand inputs, and the tests demand
// agreement on all of them.
//
// # Requirements
//
// ParseRequirement reads, with ws meaning only space and tab:
//
//	requirement = ws* name ws* [extras] ws* ( urlspec | versionspec ) ws*
//	urlspec     = "@" ws* URL [ ws+ [ ";" marker ] ]
//	versionspec = [ "(" ws* clauses ws* ")" | clauses ] ws* [ ";" marker ]
//	extras      = "[" ws* [ name *( ws* "," ws* name ) ] ws* "]"
//	clauses     = clause *( ws* "," ws* clause ) [ ws* "," ]
//	name        = [A-Za-z0-9] [A-Za-z0-9._-]*   ; ending at a word boundary
//
// A name (and an extra) is ASCII; it may end in "_" ("foo_" is accepted, as by
// packaging) but not in "." or "-", and it is compared after PEP 503
// normalization (NormalizedName, and PEP 685 for extras). A clause is an
// operator (===, ==, ~=, !=, <=, >=, <, >) and a version as the PEP 440
// specifier grammar allows it; the clauses are then read by
// pep440.ParseSpecifierSet, so every invalid version is an invalid
// requirement. ".*" is allowed only after == and != and a release-only
// version; a "+local" label only after == and !=. The parentheses form
// `name (>=1.0)` is read and never written. A trailing comma is allowed
// (the specification allows it since June 2024).
//
// A URL is every character up to the next space or tab, taken verbatim and
// not validated (packaging stopped validating in 23.2), so a marker after a URL
// needs whitespace before its ";": in `name @ https://x/a.whl;os_name=="nt"`
// the ";" and the marker are part of the URL. A URL requirement has no
// version clauses.
//
// Only spaces and tabs separate tokens; other whitespace, including a
// trailing newline (rejected since packaging 26.3), makes a requirement
// invalid, except inside a URL, which keeps it, and after a specifier
// operator, where Python's \s (any Unicode white space) is skipped, as
// packaging's specifier pattern does.
//
// # Markers
//
// ParseMarker, and the part of a requirement after ";", read:
//
//	marker     = atom *( ws* ( "and" | "or" ) atom )
//	atom       = ws* ( "(" ws* marker ws* ")" | operand ws* op ws* operand ) ws*
//	operand    = variable | 'single-quoted' | "double-quoted"
//	op         = "===" | "==" | "~=" | "!=" | "<=" | ">=" | "<" | ">" | "in" | "not" ws+ "in"
//
// "and" binds tighter than "or"; keywords and variables must stand between
// word boundaries (`os_name=='a'and os_name=='b'` is valid, `...'a'andos_name`
// is not). Comparisons do not chain. Either operand may be the variable. The
// variables are python_version, python_full_version, os_name, sys_platform,
// platform_release, platform_system, platform_version, platform_machine,
// platform_python_implementation, implementation_name,
// implementation_version, extra, extras and dependency_groups, plus the
// legacy spellings packaging still accepts: os.name, sys.platform,
// platform.version, platform.machine, platform.python_implementation and
// python_implementation, which String writes in their current spelling.
// An unknown variable is a parse error (the specification would rather make
// the requirement ineligible; packaging rejects it, and so do we).
//
// A quoted string cannot contain its own quote character. The specification
// defines no escapes, but packaging reads the text as a Python string
// literal, so "\x41" is "A", a raw line break is an error and `"C:\"` is
// unterminated; we do the same.
//
// The string compared with "extra" is normalized when the marker is parsed
// (PEP 685: `extra == "Foo_Bar"` is `extra == "foo-bar"`), and so is the
// string tested with "in" against extras and dependency_groups.
//
// # Evaluation
//
// Marker.Evaluate follows packaging 26.x, which departs from the
// specification's text in places:
//
//   - For python_version, python_full_version, implementation_version and
//     platform_release (but not platform_version), when the operator followed
//     by the right-hand operand is a valid PEP 440 specifier, the result is
//     whether the left-hand operand, as a version, is in it, pre-releases
//     included; a left operand that is not a version gives false, with no
//     fallback to strings (`platform_release != "5.0"` is false for
//     "5.15.0-1051-azure"). The specifier is always built from the right
//     operand, so `python_full_version < "3.12"` and
//     `python_full_version >= "3.12"` are both false for 3.12.0rc1 while
//     `"3.12" > python_full_version` is true.
//   - Otherwise the operands are strings: == and != compare them, <= and >=
//     mean ==, < and > are false, "in" and "not in" test for a substring,
//     and ~= and === are an error (ErrUndefinedComparison).
//   - extra: the environment's value is normalized too, and "" when evaluating
//     base dependencies. packaging compares one requested extra at a time;
//     evaluate once per extra.
//   - extras and dependency_groups are sets of normalized names (lock files,
//     PEP 751): "in" and "not in" test membership, == and the ordered
//     operators are false, != is true; the set on the left is an error.
//   - A variable the Environment's Context does not define is an error
//     (ErrUndefinedEnvironmentName). When both operands are quoted strings,
//     the right one names the variable to look up, and when both are
//     variables the right one stands for its own name, as in packaging.
//   - Every comparison is evaluated, even when the result is already known,
//     so an error anywhere in the marker is reported.
//
// # Differences from packaging
//
// String writes exactly what packaging's str writes, except for a marker
// value that packaging cannot write so that it reads back (one holding both
// quote characters, where packaging raises, or a line break, a NUL, or a
// backslash that would read back as an escape): there String writes an
// escaped double-quoted literal instead, so that parsing String's output
// always gives the same marker.
//
// Inputs that are not valid UTF-8 are invalid (a Python string cannot hold
// them). \N{NAME} escapes in quoted strings are rejected, for want of the
// Unicode name database, and \u and \U escapes of surrogates, which Python
// keeps as unpaired surrogates, read as U+FFFD. A version number longer
// than 4,300 digits makes a requirement invalid (pep440 refuses to parse it,
// while packaging only stores it). Parentheses may nest 200 deep (packaging
// stops earlier, at Python's recursion limit, with a RecursionError).
// Lower-casing for extra names uses Go's Unicode tables, which may be newer
// than the Python that packaging runs on.
//
// Parsing and evaluation never panic, take time linear in the input, and are
// safe for concurrent use.
package pep508
