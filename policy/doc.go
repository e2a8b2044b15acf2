// Package policy decides, without any I/O, which package index may serve
// a Python project name and which of its files may be used.
//
// # Sources and routes
//
// A Policy lists Sources in priority order. Route says, before any lookup,
// where a name may come from:
//
//   - a Pin ties a package (a name or a pattern such as "acme-*") to one
//     source;
//   - a source's Claims reserve names for it;
//   - otherwise the Strategy searches the non-explicit sources in order;
//   - Merge opts a package into pip's --extra-index-url behaviour (every
//     source, highest version wins), which is unsafe and always reported.
//
// A pinned or claimed name is looked up on its source only, and its absence
// there is an error, never a fall-through to another index.
//
// # Choosing the source
//
// Choose takes what each source said about a name (found, not found, or
// failed) and applies the strategy:
//
//   - first-index (the default, as uv does it): the first source in order
//     that has the project is the only one used;
//   - strict: as first-index, and a name found on more than one remote
//     source is refused with a *ShadowError naming every source and its
//     versions, unless the name is pinned or claimed, or the sources are
//     declared related.
//
// A source "has" a project when it answers with a page, even one without
// files: an emptied or quarantined internal project never falls through to
// the public index. Only 404 and 410 mean absent. A source that fails
// before the one that serves the name stops the resolution of that name
// with a *SourceError: a broken private index must not look empty.
//
// Relations declare that one source mirrors or extends another (a PyPI
// mirror, a platform wheel index). Related sources are merged into one
// candidate pool, and a filename found on both must carry the same hashes.
// PEP 708 tracks and alternate-locations metadata (the PEP was rejected in
// 2026) may relax strict only when TrustPEP708 is set, with the
// conservative reading of the project's spec digest (section 7.4). PEP 752
// namespaces (Simple API 1.5) feed NamespaceRules.
//
// # Candidate rules
//
// CheckFile applies the candidate rules to one file: hash algorithms and
// pinned hashes, the file's host, Requires-Python against the target, an
// upload-time cutoff and a minimum release age (with expiring bypasses),
// deny and allow lists, and PEP 592 yanks. The zero Rules is the strict
// set; every weakening option is named Allow... or Ignore....
//
// # Findings
//
// Every decision comes with Findings: a Code for tools, a Severity, the
// package, source, version and file concerned, and one sentence for people.
// Shadowing by a lower-priority source with higher versions, the signature
// of a dependency confusion attack, is reported as critical even when the
// policy defeated it.
//
// A Policy is read-only once built and safe for concurrent use.
package policy
