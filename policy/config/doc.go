// Package config reads a policy.Policy from configuration files: this
// package's own safeindex.toml, and the index configuration users already
// have for uv, Poetry, Pipenv and pip.
//
// Load (or LoadFile) recognises the format (DetectFormat), reads the file,
// and validates the policy with policy.Policy.Validate. Every problem is
// an *Error that says where: "safeindex.toml:12:3: rules.min-release-age:
// "7 dayz" is not a duration: unknown unit "dayz" (use s, m, h, d or w)",
// matching a sentinel (ErrSyntax, ErrUnknownKey, ErrInvalidValue,
// ErrMissingKey, ErrUnknownSource, ErrUndefinedVariable...) with
// errors.Is. Key paths join keys with dots and index arrays from 0
// ("source[1].url"). Positions are 1-based lines and columns (in
// characters); a bad value is reported where the value starts, an
// unknown key where the key does. Importers also return Notes: what
// could not be carried over, and what changed meaning.
//
// # safeindex.toml
//
// The format maps one to one onto policy.Policy; testdata/safeindex.toml
// is a commented example. Keys are kebab-case. Unknown keys, values of
// the wrong type and values that do not parse are errors. Every key is
// optional unless marked required; the defaults are the zero values of
// the policy, which are its strict choices.
//
// Top level:
//
//	strategy       string  "first-index" (default) or "strict" (policy.Strategy).
//	merge          array of strings: packages (names or patterns) whose
//	               candidates are merged across every source, as pip's
//	               --extra-index-url does. UNSAFE; each use is reported.
//	trust-pep708   boolean, default false (policy.Policy.TrustPEP708).
//
// [[source]], one table per package index, in priority order (most
// trusted first); at least one is required:
//
//	name                        string, required, unique.
//	url                         string, required: the Simple API base URL,
//	                            or a file:// URL. ${NAME} references are
//	                            expanded from the environment given with
//	                            WithEnv (for credentials); an undefined
//	                            variable is an error.
//	explicit                    boolean, default false: used only for the
//	                            packages pinned to it or claimed by it.
//	public                      boolean, default false: anyone can
//	                            publish on this source; the name rule
//	                            refuses internal-looking names it serves.
//	                            Sources on pypi.org and test.pypi.org are
//	                            public anyway.
//	claims                      array of strings: names and patterns
//	                            ("acme-*") reserved for this source.
//	file-hosts                  array of strings: hosts besides the
//	                            source's own that may serve its files
//	                            (PyPI needs "files.pythonhosted.org"; "*"
//	                            allows any). Default none.
//	allow-missing-upload-time   boolean, default false: accept files
//	                            without a PEP 700 upload time when an age
//	                            rule is on.
//
// Pins tie packages to sources, as [[pin]] tables (package, source: both
// required strings) or as a [pins] table of package = "source" entries.
// The first pin that matches a name wins, in file order.
//
// [[relation]] declares that one source mirrors or extends another:
//
//	source   string, required: a source name.
//	kind     string, required: "mirrors" or "extends".
//	of       string, required: another source name.
//
// [[namespace]], PEP 752 rules (policy.NamespaceRule):
//
//	pattern     string, required: a name or pattern.
//	source      string, required: a source name.
//	namespace   string, required: the namespace that must be owned.
//
// [rules], the candidate rules (policy.Rules):
//
//	hash-algorithms          array of strings from md5, sha1, sha224,
//	                         sha256, sha384, sha512; default sha256,
//	                         sha384 and sha512.
//	allow-missing-hashes     boolean, default false.
//	allow-yanked             boolean, default false: accept yanked files
//	                         for any requirement (PEP 592 allows them for
//	                         exact pins only).
//	refuse-yanked            boolean, default false: refuse them even for
//	                         exact pins. Not with allow-yanked.
//	ignore-requires-python   boolean, default false.
//	upload-cutoff            date-time with an offset, or a date (midnight
//	                         UTC), as a TOML value or an RFC 3339 string:
//	                         files uploaded after it are refused. Default
//	                         off. A date-time without an offset is refused.
//	min-release-age          string, a duration (see ParseDuration): "7d",
//	                         "12h", "7 days", "P7D", "1h30m". Default off.
//	allow-quarantined        boolean, default false (PEP 792).
//	allow-any-file-host      boolean, default false.
//
// [[rules.age-bypass]] exempts a package from the age rules for a while:
// package (name or pattern), reason and expires (a date or date-time as
// for upload-cutoff; a date means the start of that day, UTC), all
// required. [[rules.allow]] and [[rules.deny]] take package (required,
// name or pattern), specifier (a PEP 440 specifier set; default any
// version) and reason.
//
// Names and patterns are project names, or names with "*" wildcards
// standing for any run of characters ("acme-*", "*-internal"), compared
// after PEP 503 normalization. Only ASCII letters, digits, '.', '_', '-'
// and '*' are allowed, and a pattern starts and ends with a letter, a
// digit or '*', as a name does. Two sources may not claim names that one
// name can match ("acme-*" and "*-tools" both match "acme-tools"), and a
// package may not be both pinned and merged; either is reported at the
// later entry.
//
// # Importers
//
// Each importer maps the other tool's index order onto ordered sources
// and its per-package index choices onto pins, and reports in Notes what
// it could not carry over. Two rules hold for all of them:
//
//   - Behaviour that exposes a project to dependency confusion is never
//     imported silently: pip's merging of every index, uv's
//     unsafe-best-match and unsafe-first-match, Poetry's merging of
//     primary sources all become the first-index strategy, with a Note of
//     severity high that says what the other tool would have done.
//   - A package the other tool takes from somewhere safeindex does not
//     read (a flat index or find-links page, a Git repository, a local
//     path, a workspace member) gets a deny rule, with a Note: resolved
//     from the remaining indexes it could be an attacker's upload.
//
// Credentials: ${NAME} references in Pipfile and requirements file URLs
// are expanded as in safeindex.toml (Pipfile also takes $NAME, as
// Pipenv does). With WithEnv, uv's UV_INDEX_<NAME>_USERNAME and
// _PASSWORD and Poetry's POETRY_HTTP_BASIC_<NAME>_USERNAME and _PASSWORD
// (NAME upper-cased, other characters than letters and digits made '_')
// are put in the URL of a source that has no credentials of its own.
//
// # uv
//
// [tool.uv] in pyproject.toml, or the top level of uv.toml. The sources
// are the [[index]] entries in order, then extra-index-url, then the
// default index: the first [[index]] with default = true, else
// index-url, else PyPI (https://pypi.org/simple/, named "pypi"), as uv
// orders them. explicit = true makes an explicit source. format = "flat"
// indexes are left out (see above). authenticate, ignore-error-codes
// (safeindex never ignores an index's errors: only 404 and 410 mean a
// project is absent), cache-control and per-index exclude-newer are
// noted, not carried over. [tool.uv.sources] entries with index = "name"
// become pins; a name that no index defines is an error, as in uv.
// Markers are not evaluated: a package with a list of entries is pinned
// to the first entry's index on every platform, with a Note (the pin
// fails loudly where it is wrong, instead of falling through). Git, path,
// URL and workspace sources become deny rules. index-strategy maps
// first-index to policy.FirstIndex; unsafe-first-match and
// unsafe-best-match also become FirstIndex, with a high Note suggesting
// safeindex.toml's merge list for the few packages that need it.
// exclude-newer becomes the upload cutoff (a date-time or date; uv may
// read a date in the local time zone, safeindex reads it as UTC) or the
// minimum release age (a duration). exclude-newer-package is noted, not
// carried over: a per-package exemption without an end date is what
// expiring age bypasses replace. find-links and no-index are noted.
//
// # Poetry
//
// [[tool.poetry.source]] in pyproject.toml, as Poetry 2 reads it:
// primary sources (the default priority) first in file order, then
// supplemental, then explicit ones. PyPI is an implicit primary source
// unless a primary source is configured or PyPI is configured by name
// (a source named "PyPI", without a URL). Poetry merges what every
// primary source offers; several primary sources get a high Note. The
// priorities removed in Poetry 2.0 are read as Poetry 1.x meant them,
// with a Note: default as the first primary source, secondary as
// supplemental. A source whose URL ends in .html or .htm, or with links =
// true, is a single page of links and is left out. source = "name" on a
// dependency in [tool.poetry.dependencies], [tool.poetry.dev-dependencies]
// or any [tool.poetry.group.<group>.dependencies] becomes a pin (source
// names are matched case-insensitively, as Poetry does); git, path, url
// and file dependencies become deny rules.
//
// # Pipenv
//
// Pipfile [[source]] tables (name, url, verify_ssl) in order. Pipenv
// takes every package without index = "name" from the first source
// only, so the other sources are explicit: they serve the packages
// pinned to them by index = "name" in [packages], [dev-packages] or any
// other package category. Without [[source]], PyPI is the source.
// verify_ssl = false and install_search_all_sources are noted, not
// carried over.
//
// # pip
//
// pip.conf and pip.ini ([global], overridden key by key by [install];
// keys as pip writes them, with '-' or '_') and the option lines of
// requirements files (-i/--index-url, --extra-index-url, -f/--find-links,
// --no-index, --trusted-host; long options may be abbreviated, as pip's
// parser allows; other lines are skipped, nested -r and -c files are not
// followed). pip merges every index and takes the highest version, which
// is how dependency confusion works; safeindex reads the indexes as
// ordered sources, the extra indexes first and index-url (PyPI by
// default) last as uv reads pip's options, and says so in a high Note.
// find-links locations and trusted-host are noted, not carried over;
// --no-index leaves no source, which Validate refuses.
//
// # pyproject.toml with both uv and Poetry
//
// A pyproject.toml whose [tool.uv] configures indexes (index, sources,
// index-url, extra-index-url, find-links, no-index, index-strategy) and
// whose [tool.poetry] has sources is refused with ErrAmbiguous: the two
// tools may disagree about where a package comes from, and merging their
// views could drop a pin. WithFormat(FormatUV) or WithFormat(FormatPoetry)
// chooses. When only one of them configures indexes it is used; when
// neither does, [tool.uv] wins over [tool.poetry].
//
// # Limits
//
// Files larger than DefaultMaxSize (WithMaxSize) are refused before they
// are parsed, TOML arrays and inline tables may nest 32 levels deep, and
// at most twenty errors are reported per file. No input makes Load
// panic.
package config
