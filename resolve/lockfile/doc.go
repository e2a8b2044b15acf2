// Package lockfile reads the three lock formats Python projects use to pin
// what gets installed: pip requirements files in hash-checking mode,
// pipenv's Pipfile.lock and PEP 751's pylock.toml. Each becomes one
// format-neutral [Lock]: its [Source]s (indexes and link pages), its
// [Package]s with their pinned versions, hashes, files, markers and the
// place each is written, so that an audit can check every pin against the
// index it must come from, and point at the line when it cannot.
//
// [Read] and [ReadFile] recognize the format from the file name (see
// [Detect]) and read it completely: they return a whole Lock or an
// [*Error], never part of one. Errors say "file:line:column: what was
// wrong", with URL credentials masked, and match [ErrInvalidLock] (or a
// more specific sentinel) with errors.Is. Problems that do not stop the
// reading are in Lock.Warnings. Inputs are capped by [Limits]. Readers are
// safe for concurrent use; a Lock is plain data.
//
// # requirements.txt
//
// Read as pip 23.2 to 25.x reads it (pip/_internal/req/req_file.py, checked
// against pip 23.2.1 by running it): the encoding from a BOM or a coding
// comment, else UTF-8; Python's line boundaries; a trailing "\" joins the
// next line (a comment line ends the join); "#" at the start of a line or
// after whitespace starts a comment; ${NAME} (upper-case letters, digits,
// "_") is expanded from the lookup given with [WithEnv], and left as written
// when the variable is unset or empty. A line is a requirement up to the
// first space-separated word starting with "-"; the rest is shell-split and
// parsed with pip's options, long ones abbreviable to a unique prefix.
//
//   - Per requirement: --hash=ALG:HEX (ALG one of sha256, sha384, sha512,
//     as pip's STRONG_HASHES; several per line), --config-settings (-C),
//     --global-option.
//   - Global: -i/--index-url (also --pypi-url), --extra-index-url,
//     -f/--find-links (the first of a line only, as pip), --no-index,
//     --require-hashes, --pre, --trusted-host, --no-binary, --only-binary,
//     --prefer-binary, --use-feature (any value: the choices change from
//     one pip release to the next).
//   - -r and -c include a file relative to the including one, opened in
//     the fs.FS given to ReadFile or [WithFS]; the included lines take the
//     place of the include line. Remote (http, https, file:) and absolute
//     includes are refused with [ErrInclude]; a cycle is an error matching
//     [ErrIncludeCycle] that names the chain (pip recurses until Python
//     gives up). Entries from -c files have Package.Constraint set.
//   - -e/--editable records an editable entry, never pinned.
//   - Requirements are PEP 508 (package resolve/pep508), with the marker
//     split off at the first ";" ("; " for URLs) as pip does; URLs and
//     paths are direct references, named by a wheel filename or #egg=.
//     A path that is neither an archive nor a requirement is taken for a
//     local directory, as pip does when the directory exists.
//
// Hash-checking mode (Lock.HashMode) is on when any requirement has a
// --hash or a --require-hashes line is read. An unknown option is an error,
// as in pip; so is --hash with another algorithm, or without ":".
//
// # Pipfile.lock
//
// JSON, as pipenv (pipfile-spec 6) writes it. _meta must hold hash.sha256,
// pipfile-spec (6, else [ErrUnsupportedVersion]), requires and sources
// (name, url, verify_ssl; the first is the default source). Every other
// top-level key is a package category ("default", "develop", custom ones)
// mapping names to entries with version ("==1.2.3"), hashes
// (["sha256:HEX"]), index (the name of a source; an unknown name is an
// error, as in pipenv's install), markers, extras, editable, a git, hg,
// svn or bzr URL with ref and subdirectory, path and file. Unknown keys
// are kept out of the model with a warning. Duplicate JSON keys are an
// error (Python keeps the last one silently; a lock should not hide one).
// [WithPipfile] or [CheckPipfileHash] checks _meta.hash against the Pipfile
// (the algorithm is described in pipfilehash.go).
//
// # pylock.toml
//
// PEP 751 (lock-version 1.0), validated as pypa/packaging 26.x's
// Pylock.from_dict validates it: lock-version must parse and be at least 1
// and below 2 ([ErrUnsupportedVersion] otherwise; a newer 1.x is read with a
// warning); created-by and packages are required; environments and
// markers are PEP 508 markers; requires-python is a specifier set; extras
// and package names must be normalized; each package has exactly one of
// vcs, directory and archive, or else sdist and/or wheels, never both
// kinds; vcs needs type and commit-id, and url or path; archive, sdist and
// wheels need url or path and a non-empty hashes table of strings; a
// wheel's and an sdist's filename (name, else the last part of path or
// url) must parse and agree with the package's name and version;
// attestation identities need a kind; upload-time is a TOML date-time
// (an offset-less one is read as UTC with a warning; a string is refused
// unless [AllowStringUploadTimes]). Unknown keys are read past with a
// warning. TOML is read with github.com/pelletier/go-toml/v2 v2.3.1, which
// implements TOML 1.0, the version Python's tomllib reads: its parser's
// syntax tree is turned into values in one pass that also applies TOML's
// rules on defining keys and tables (tomltree.go); a document that pass
// refuses is handed to go-toml's decoder, whose error is the one returned.
// A fuzz test holds the two to the same answers.
//
// # Differences from pip, pipenv and packaging
//
//   - Names in wheel and sdist filenames are normalized with ASCII case
//     folding only (simpleapi.NormalizeName): packaging lower-cases with
//     Unicode rules, under which "\u212a" (KELVIN SIGN) matches "k"; here a
//     look-alike filename never matches a package.
//   - Requirements files: no file system is probed. pip decides between a
//     local directory and a requirement by looking at the disk; this
//     reader by the text (see above). Includes never leave the given
//     fs.FS and are never fetched over the network. A coding comment other
//     than UTF-8, ASCII or Latin-1 is an error; pip would decode with any
//     codec Python has. Without a BOM or coding comment the text is UTF-8,
//     where pip would use the locale's encoding.
//   - Pipfile.lock: duplicate keys and invalid UTF-8 are errors.
//   - pylock.toml: TOML integers beyond 64 bits and floats that overflow
//     are refused, as TOML 1.0 asks (tomllib reads them as big integers
//     and infinity); everything else tomllib accepts is accepted and
//     everything it refuses is refused, including the TOML 1.1 escape \e
//     that go-toml alone would let through.
//   - requirements.txt: --hash with another algorithm than pip's strong
//     ones and unknown options fail as in pip; requirements follow
//     packaging 26.x (pip 24.1 and later), so a pip 23 legacy version such
//     as "foo==$X" is an error.
package lockfile
