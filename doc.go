// Package safeindex resolves Python packages from package indexes safely.
// It is a library, meant to be embedded in build tools, Bazel and Please
// rule helpers, CI checks and index proxies.
//
// # The threat
//
// Builds pull Python packages from more than one index: a private one that
// holds a company's internal packages, and the public one. Classic clients
// (pip with --extra-index-url) merge every index and take the highest
// version. An attacker who publishes an internal package's name on the
// public index, with a higher version, gets their code run inside the
// company: dependency confusion. Typosquatted names, files altered after
// they were locked, known-vulnerable versions and brand-new malicious
// uploads are the other ways in. PEP 708, the one standard meant to let
// indexes say how they relate, was rejected in 2026, so the defence is the
// client's policy.
//
// # What safeindex decides
//
// For each requirement, safeindex decides which index may serve the name,
// which version may be used and which exact files (with their hashes) are
// allowed, and it explains every refusal, as data for tools and as a
// sentence for people. Its defaults are strict: an internal name is looked
// up on its own index only, a failing index stops resolution instead of
// falling through to the public one, an emptied internal project does not
// fall through either, and every file must carry a strong hash.
//
// # Packages
//
//   - pep440: versions and specifiers, exactly as pypa/packaging 26.x
//     reads and orders them.
//   - simpleapi: project names, distribution filenames, the Simple
//     Repository API (PEP 503 HTML and PEP 691 JSON) and a hardened HTTP
//     client with an on-disk cache; simpleapi/metadata reads verified core
//     metadata; simpleapi/indextest builds and serves test indexes.
//   - policy: sources, routes, strategies, candidate rules and findings,
//     as pure decisions without I/O; policy/config reads safeindex.toml and
//     imports uv, Poetry, Pipfile and pip configuration; policy/osv,
//     policy/typosquat and policy/license hold the vulnerability, name and
//     licence data the rules use.
//   - resolve: requirements in, decisions and locks (requirements.txt with
//     hashes, pylock.toml, a JSON report) out; resolve/lockfile reads
//     requirements files, Pipfile.lock and pylock.toml; resolve/audit checks
//     a lock under a policy and finds exposed internal names; resolve/pep508
//     and resolve/tags implement requirements, markers and wheel tags.
//
// The examples directory holds runnable programs that show how tools embed
// the library: the safe-resolve command-line tool, a safe index proxy, and
// generators for Bazel and Please.
package safeindex
