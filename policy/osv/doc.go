// Package osv reads OSV vulnerability records for the PyPI ecosystem, offline,
// and answers which advisories affect a version of a project.
//
// It implements the parts of the OSV schema 1.7
// (https://ossf.github.io/osv-schema/) that decide whether a version is
// affected; the policy rule that refuses or flags such versions lives in
// package policy.
//
// # Sources
//
// A Loader reads records from any mix of:
//
//   - a folder of ".json" files, as an fs.FS: an OSV export unpacked, or a
//     clone of GitHub's advisory-database (advisories/github-reviewed/...);
//   - PyPA's advisory-database, whose records are YAML
//     (vulns/<project>/PYSEC-....yaml), in the same fs.FS walk;
//   - OSV's per-ecosystem export (PyPI/all.zip), read from an io.ReaderAt
//     entry by entry, never unpacked and never held whole in memory.
//
// Each record is read into a buffer of at most WithMaxRecordSize bytes
// (default 4 MiB), and a Loader reads at most WithMaxRecords records (default
// 1,000,000). Every limit is in limits.go.
//
// A record that cannot be used at all (not JSON or YAML, no id, too large)
// fails the load with a *RecordError matching ErrInvalidRecord, naming the
// file or zip entry: a vulnerability database with holes would make affected
// versions look clean. WithInvalidRecordsSkippedUnsafe turns such records into
// warnings instead. Parts of a record that cannot be evaluated are always
// skipped with a warning matching ErrIgnored (DB.Warnings), and the rest of
// the record is kept: real exports carry legacy version strings and GIT
// ranges.
//
// # Records
//
// Only the fields needed here are read; unknown fields are ignored, as the
// schema asks (https://ossf.github.io/osv-schema/#schema_version-field).
// A record with a withdrawn time is ignored
// (https://ossf.github.io/osv-schema/#withdrawn-field). Of "affected", only
// entries whose package ecosystem is exactly "PyPI" are used
// (https://ossf.github.io/osv-schema/#affectedpackage-field); their names are
// compared PEP 503 normalized, and an entry whose name is not a valid project
// name is skipped with a warning.
//
// # Evaluation
//
// A version is affected by an entry when it is in its versions list or in one
// of its ranges, as the schema's IsVulnerable says
// (https://ossf.github.io/osv-schema/#evaluation), with PEP 440 ordering and
// equality from package pep440:
//
//   - versions (https://ossf.github.io/osv-schema/#affectedversions-field):
//     entries that are PEP 440 versions match equal versions ("1.0" matches
//     "1.0.0"); other entries match only the same string, in
//     DB.AffectedString.
//   - ECOSYSTEM ranges
//     (https://ossf.github.io/osv-schema/#affectedrangesevents-fields): events
//     are sorted by version (stably: equal versions keep the record's order)
//     and walked: introduced (v >= e) sets affected, fixed (v >= e) clears it,
//     last_affected (v > e) clears it. introduced "0" is below every version.
//     With limit events, only versions below the highest limit are affected;
//     a limit containing "*" is no limit. Several ranges are OR-ed.
//   - GIT ranges are ignored silently (commits need the repository; PyPI
//     records that carry them also carry an ECOSYSTEM range or versions).
//     SEMVER and unknown range types are ignored with a warning.
//   - An event whose version is not PEP 440, or that has not exactly one of
//     the four fields, is skipped with a warning. A range left without an
//     introduced event affects nothing, and is reported too.
//
// Local versions and post-releases follow PEP 440 order: with fixed "1.0",
// "1.0+local" and "1.0.post1" are not affected, and "1.0rc1" is.
//
// The DB evaluates every range once, when it is built: per package, the
// versions named by any record cut the version line into regions in which
// every answer is the same, and a query is a binary search for its region.
//
// # Aliases
//
// Records whose IDs and aliases link them (PYSEC-x aliases CVE-z, GHSA-y
// aliases CVE-z) are merged into one Advisory, transitively, so one flaw is
// one finding. Its primary ID is the first PYSEC ID in string order, else
// GHSA, else any other, else CVE. When two records share an id, the one
// modified later is kept.
//
// # Severity
//
// An Advisory's Level is the highest given by its records: GitHub's
// database_specific.severity label (LOW, MODERATE, HIGH, CRITICAL), or the
// qualitative rating of the base score of a CVSS v3.0 or v3.1 vector in a
// severity field (https://ossf.github.io/osv-schema/#severity-field),
// computed by CVSS3BaseScore. CVSS v2 and v4 vectors are kept but not rated.
//
// # Accepting risk
//
// An Allowlist holds Accept entries, each with an ID (any alias matches), a
// reason and an expiry time; DB.Highest does not let an accepted advisory
// exclude a version until the entry expires. The clock is injectable.
package osv
