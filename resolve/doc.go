// Package resolve turns requirements into decisions: for each one, the
// source that may serve it, the highest version the policy allows, the
// files (the best wheel for the target and the sdist, and every acceptable
// file's hashes), the findings, and an explanation.
//
// # Input
//
// The requirement list is taken as flat and complete, as the build systems
// safeindex serves hand it over (a lock, or a fully pinned requirements
// file); following dependencies is not done here. A requirement that
// carries hashes accepts only files with one of them.
//
// # Sources
//
// The resolver reads indexes through the Index interface, never through
// HTTP directly: ClientIndex reads real indexes with a simpleapi.Client,
// MemoryIndex serves pages from memory for tests. For each name, every
// source of the policy's route is looked up at once, so the sources checked
// for shadowing cost no extra latency; at most Resolver.Concurrency lookups
// are in flight, and a (source, name) pair is fetched once per Resolve.
// Package policy then decides which sources' files are candidates.
//
// # Choosing
//
// Each file of the chosen sources is parsed (a file whose name or version
// does not parse is skipped with a finding), checked by the policy's
// candidate rules, and matched against the target: Requires-Python, and the
// wheel's tags through a WheelRanker. The versions with an acceptable,
// installable file go through the requirement's specifier with PEP 440's
// pre-release preference (pep440.SpecifierSet.Filter), and the highest is
// chosen. Yanked files count only for an exact pin with nothing else
// matching (PEP 592, as pip does it). Files with the same name on related
// sources must carry the same hashes.
//
// # Errors
//
// A requirement that cannot be resolved has Decision.Err set to a typed
// error: *policy.ShadowError (the name is on several sources; both version
// lists, and whether the shadow offers higher versions, the attack's
// signature), *policy.SourceError (an index failed where it could have
// served the name), *policy.MissingError, or *NoCandidateError (with each
// candidate's reasons).
package resolve
