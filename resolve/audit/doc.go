// Package audit answers two questions a security team asks about Python
// dependencies under a safeindex policy: is this lock file safe to install
// (Auditor.Verify), and which internal project names could an attacker
// still take on a public index (ExposureAuditor.Exposure).
//
// # Lock audit
//
// Verify reads nothing but the lock it is given (package resolve/lockfile:
// requirements.txt, Pipfile.lock, pylock.toml) and the project pages of the
// policy's sources, through the same resolve.Index a Resolver uses. Each
// entry becomes a requirement (resolve.FromLock: the pinned version and every
// hash the lock holds for it), and a resolve.Resolver decides it: the route
// (policy.Route), the lookups on every source of the route, the source
// choice with its shadowing findings (policy.Choose: strategy, declared
// relations, the PEP 708 reading of shared/spec section 7.4), project
// status (PEP 792), and the candidate rules on each file (policy.CheckFile:
// hash algorithms, file hosts, upload-time cutoff and minimum age, deny and
// allow lists, known vulnerabilities). The rules live there; this package
// adds what only a lock has:
//
//   - Hashes. Every file a lock records (a pylock.toml [[packages.wheels]] or
//     [packages.sdist] table, or each --hash of a requirements line and each
//     entry of a Pipfile.lock "hashes" list) must be a file the allowed source
//     lists for the pinned version, compared on the hashes the page lists
//     (any algorithm both give). A hash that only a lower-priority source
//     serves means the confusion already happened when the lock was made
//     (hash-elsewhere, critical); a hash no source serves is an unknown file
//     (hash-unknown, high); a pylock file whose name the allowed source lists
//     with other hashes was rebuilt or tampered with (hash-mismatch, high).
//     The audit compares the lock with the pages; it downloads nothing. The
//     bytes are checked by the installer (pip --require-hashes; PEP 751's
//     installer procedure, shared/spec section 11.4 step 6), against the
//     hashes this audit vouched for.
//   - Versions. The pinned version must be one the allowed source serves
//     (version-not-served, high).
//   - Where the lock says it comes from. PEP 751's index key and file URLs,
//     Pipfile.lock's per-package index, and a requirements file's
//     --index-url and --extra-index-url are only metadata (shared/spec
//     section 11.7), but an installer follows them: an index or file host
//     that belongs to another policy source than the one allowed for the
//     name is index-mismatch (high: the package moved from one index to
//     another, or the lock was edited); one that belongs to no policy source
//     is index-unknown (medium). A requirements file's --extra-index-url is
//     pip's merge of indexes (extra-index: medium, high without hash-checking
//     mode).
//   - Pins. An entry without hashes (unhashed, medium), without an exact
//     version (not-pinned, medium), or from a direct URL, path, VCS or
//     directory that no index serves (not-from-index, medium).
//   - Yanks. A pinned file that is yanked (PEP 592) is a high finding; with
//     the policy's allow_yanked, medium.
//
// The resolver's own verdicts become findings as they are: shadow-higher
// (critical) and shadowed from policy.Choose, even where the policy defeats
// the shadow; a *policy.ShadowError (strict), *policy.SourceError (an index
// failed: nothing could be verified, so the entry fails closed) and
// *policy.MissingError; project-status, too-new, denied, not-allowed,
// file-host, no-hash and vulnerable from the candidate rules.
//
// Every Finding carries its place in the lock file (the pylock file table,
// else the package entry, else the option line) and a help text. A Report
// is OK when no finding is high or critical; Report.Failed gates a CI job on
// any threshold.
//
// # Output
//
// WriteText prints a report for people, grouped by package, one
// "file:line:column: severity: [code] message" line per finding. WriteJSON
// prints it for tools (the schema is on Report). WriteSARIF prints SARIF
// 2.1.0 for code-scanning services, which then show each finding on its
// line of the lock file: critical and high findings are level "error",
// medium "warning", low and info "note", and each rule carries GitHub's
// properties.security-severity ("9.5" critical, "8.0" high, "5.5" medium,
// "2.0" low, "0.0" info: GitHub counts above 9.0 as critical, 7.0 to 8.9 as
// high, 4.0 to 6.9 as medium, 0.1 to 3.9 as low).
//
// # Exposure audit
//
// ExposureAuditor.Exposure lists every project an internal source serves
// (its root page, through a RootLister: ClientLister for a
// simpleapi.Client) and looks each name up on the public sources, at most
// Concurrency at a time, reporting progress. A name every public source
// answers 404 or 410 for is unregistered: anyone can publish it, so the
// report advises registering a placeholder or claiming a PEP 752 namespace.
// A name a public source has is a live confusion risk, listed with its
// public versions and upload times, highest first; critical when the public
// side has a version higher than any internal one. A lookup that fails is
// reported as failed, never as unregistered: the audit fails closed.
//
// # Concurrency
//
// An Auditor and an ExposureAuditor are safe for concurrent use; their
// zero fields have working defaults, as documented on each field.
package audit
