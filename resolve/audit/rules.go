package audit

import "github.com/safeindex/safeindex/policy"

// Codes of the findings only an audit makes. The other findings of a
// report carry the codes of package policy.
const (
	// CodeHashElsewhere: a locked file is served only by a source the
	// policy does not allow for the name. From a lower-priority source, it
	// is the trace of a dependency confusion that already happened.
	CodeHashElsewhere policy.Code = "hash-elsewhere"
	// CodeHashUnknown: no source lists a file with the locked hash.
	CodeHashUnknown policy.Code = "hash-unknown"
	// CodeHashMismatch: the allowed source lists a file of the locked
	// name with other hashes: a rebuilt file, an edited lock, or a
	// tampered index.
	CodeHashMismatch policy.Code = "hash-mismatch"
	// CodeHashVersion: a locked hash belongs to a file of another version
	// than the one pinned.
	CodeHashVersion policy.Code = "hash-version"
	// CodeVersionNotServed: the allowed source does not serve the pinned
	// version.
	CodeVersionNotServed policy.Code = "version-not-served"
	// CodeIndexMismatch: the lock names an index, or a file host, that
	// belongs to another policy source than the one allowed for the name.
	CodeIndexMismatch policy.Code = "index-mismatch"
	// CodeIndexUnknown: the lock names an index or a file host that
	// belongs to no policy source.
	CodeIndexUnknown policy.Code = "index-unknown"
	// CodeExtraIndex: a requirements file uses --extra-index-url, pip's
	// merge of indexes.
	CodeExtraIndex policy.Code = "extra-index"
	// CodeUnhashed: an entry carries no hash.
	CodeUnhashed policy.Code = "unhashed"
	// CodeNotPinned: an entry pins no exact version.
	CodeNotPinned policy.Code = "not-pinned"
	// CodeNotFromIndex: an entry is a direct URL, path, VCS or directory
	// reference, which no index, and so no policy source, serves.
	CodeNotFromIndex policy.Code = "not-from-index"
	// CodeNotOnSource: the name is not on the source it must come from
	// (a *policy.MissingError).
	CodeNotOnSource policy.Code = "not-on-source"
	// CodeSourceFailed: a source that could serve the name failed, so the
	// entry could not be verified (a *policy.SourceError).
	CodeSourceFailed policy.Code = "source-failed"
	// CodeInvalidEntry: an entry the audit cannot read as a requirement
	// (an invalid name, version or marker).
	CodeInvalidEntry policy.Code = "invalid-entry"

	// Exposure audit.

	// CodeUnregistered: an internal name no public source has.
	CodeUnregistered policy.Code = "unregistered"
	// CodeExposed: an internal name a public source also has.
	CodeExposed policy.Code = "exposed"
	// CodeExposedHigher: ... with a version higher than any internal one.
	CodeExposedHigher policy.Code = "exposed-higher"
	// CodeLookupFailed: a public lookup failed, so the name's exposure is
	// unknown.
	CodeLookupFailed policy.Code = "lookup-failed"
)

// Rule describes a finding code for people and for SARIF: a short and a
// full description, what to do about it, and the severity it usually has
// (a finding's own severity may differ).
type Rule struct {
	Code             policy.Code     `json:"code"`
	ShortDescription string          `json:"short_description"`
	FullDescription  string          `json:"full_description"`
	Help             string          `json:"help"`
	Severity         policy.Severity `json:"severity"`
}

// RuleFor returns the description of a finding code, this package's and
// package policy's alike. An unknown code gets a generic description with
// severity medium.
func RuleFor(code policy.Code) Rule {
	r := Rule{Code: code, Severity: policy.SeverityMedium,
		ShortDescription: "Policy finding " + string(code),
		FullDescription:  "A safeindex policy rule reported " + string(code) + ".",
		Help:             "Read the finding's message and the safeindex policy documentation for the rule.",
	}
	set := func(sev policy.Severity, short, full, help string) {
		r.Severity, r.ShortDescription, r.FullDescription, r.Help = sev, short, full, help
	}
	switch code {
	case CodeHashElsewhere:
		set(policy.SeverityCritical, "Locked file comes from a source the policy does not allow",
			"A hash in the lock belongs to a file that only a source the policy does not allow for this name serves. When that source has lower priority (typically the public index), the lock was made while the name resolved to an attacker's or a stranger's package: dependency confusion already happened.",
			"Do not install this lock. Find out how the file got in (who ran the lock, with which index settings), check the machines that installed it, then re-lock against the allowed source only.")
	case CodeHashUnknown:
		set(policy.SeverityHigh, "Locked hash matches no file on any source",
			"No source of the policy lists a file with this hash for the name. The file was deleted or replaced on its index, the lock was edited, or it was made against an index the policy does not know.",
			"Re-lock the package from the allowed source, and find out where the recorded file came from before installing it.")
	case CodeHashMismatch:
		set(policy.SeverityHigh, "Locked file differs from the file the allowed source lists",
			"The allowed source lists a file of this name with other hashes than the lock records: the file was rebuilt and replaced on the index, the lock was edited, or the index was tampered with.",
			"Compare the file on the index with the one recorded; re-lock only once you know why they differ.")
	case CodeHashVersion:
		set(policy.SeverityHigh, "Locked hash belongs to another version",
			"A hash recorded for the pinned version belongs to a file of another version of the project on the allowed source.",
			"Re-lock the package: a lock whose hashes and versions disagree was edited by hand or by a faulty tool.")
	case CodeVersionNotServed:
		set(policy.SeverityHigh, "Pinned version is not on the allowed source",
			"The source the policy allows for this name does not serve the pinned version: the lock was made against another index, or the version was removed.",
			"Re-lock against the allowed source, or publish the version there if it is yours.")
	case CodeIndexMismatch:
		set(policy.SeverityHigh, "Lock names another index than the one the policy allows",
			"The lock's index information (a pylock.toml index or file URL, a Pipfile.lock index, a requirements file's index options) points at a policy source other than the one allowed for this name. An installer following the lock fetches from there: the package moved from one index to another since the lock was made, or the lock was edited.",
			"Re-lock the package from the allowed source, and find out why it moved.")
	case CodeIndexUnknown:
		set(policy.SeverityMedium, "Lock names an index the policy does not know",
			"The lock's index information points at an index or file host that is no source of the policy, so the policy cannot vouch for what an installer fetches there.",
			"Add the index to the policy if it is trusted (a mirror, with its relation declared), or re-lock against a policy source.")
	case CodeExtraIndex:
		set(policy.SeverityMedium, "Requirements file merges indexes with --extra-index-url",
			"pip treats --extra-index-url as equal to --index-url and installs the highest version any of them offers: anyone who can publish an internal name on the public index decides what is installed. Hash-checking mode protects an install only while every entry keeps its hashes.",
			"Use a single --index-url (an internal index that mirrors the public packages you need), or a tool with per-name index routing; keep --require-hashes.")
	case CodeUnhashed:
		set(policy.SeverityMedium, "Locked entry has no hashes",
			"Without hashes neither the installer nor this audit can tie the entry to a file: whatever the index serves on the day is installed.",
			"Lock with hashes (pip-compile --generate-hashes, or safeindex's writer) and install with --require-hashes.")
	case CodeNotPinned:
		set(policy.SeverityMedium, "Locked entry pins no exact version",
			"The entry allows a range of versions, so what is installed depends on the day and on which index answers.",
			"Pin an exact version with == and its hashes.")
	case CodeNotFromIndex:
		set(policy.SeverityMedium, "Locked entry does not come from an index",
			"A direct URL, local path, VCS or directory entry is installed from where it points; no policy source serves it, so the policy cannot vouch for it.",
			"Review the reference by hand: pin VCS entries to a commit, archives to their hashes, and prefer a published release on the allowed index.")
	case CodeNotOnSource:
		set(policy.SeverityHigh, "Name is not on the source it must come from",
			"The name is pinned or claimed to a source that does not have it, or no source has it; the policy never falls through to another index for it.",
			"Publish the project on its source, or correct the policy's pins and claims.")
	case CodeSourceFailed:
		set(policy.SeverityHigh, "A source failed, so the entry could not be verified",
			"An index that could serve the name failed (network error, 5xx, authentication). The audit fails closed: a broken private index must not look empty.",
			"Fix access to the index (credentials, network) and run the audit again.")
	case CodeInvalidEntry:
		set(policy.SeverityHigh, "Locked entry cannot be read as a requirement",
			"The entry's name, version or marker is not valid, so the audit cannot check it.",
			"Correct or re-generate the lock.")
	case CodeUnregistered:
		set(policy.SeverityMedium, "Internal name is free on the public index",
			"No public source has this internal project name: anyone can register it there, and installers that consult the public index for it would take the attacker's package.",
			"Register a placeholder project under the name on the public index, or claim a PEP 752 namespace covering your names, and pin or claim the name to the internal source in the policy.")
	case CodeExposed:
		set(policy.SeverityHigh, "Internal name also exists on the public index",
			"A public source has a project of the same name as an internal one. Its owner can publish a higher version at any time: a live dependency confusion risk for any installer that merges indexes.",
			"Pin or claim the name to the internal source in every policy and installer configuration; find out who owns the public project.")
	case CodeExposedHigher:
		set(policy.SeverityCritical, "Internal name exists publicly with a higher version",
			"A public source offers a version of an internal project name that is higher than any internal version: the signature of a dependency confusion attack in progress.",
			"Treat it as an incident: pin or claim the name to the internal source now, check which machines installed the public package, and report the project to the public index.")
	case CodeLookupFailed:
		set(policy.SeverityHigh, "Public lookup failed",
			"A public source could not be asked about the name, so whether it is taken is unknown; it is not counted as unregistered.",
			"Run the exposure audit again once the source answers.")

	case policy.CodeShadowHigher:
		set(policy.SeverityCritical, "Name shadowed by a higher version on a lower-priority source",
			"Another source offers the name with higher versions than the source that serves it: the signature of a dependency confusion attack, reported even when the policy defeats it.",
			"Keep the name pinned or claimed to its source; find out who published it on the other source.")
	case policy.CodeShadowed:
		set(policy.SeverityMedium, "Name also exists on another source",
			"The name exists on a source other than the one that serves it. Under the strict strategy this refuses the name; otherwise it is used from the first source only.",
			"Pin or claim the name to its source, or declare the sources related if they mirror each other.")
	case policy.CodeMergeRisk:
		set(policy.SeverityHigh, "Candidates merged across sources",
			"The policy merges this name across sources and the highest version wins, as pip --extra-index-url does.",
			"Remove the name from the policy's merge list and pin it to one source.")
	case policy.CodeRelatedMismatch:
		set(policy.SeverityHigh, "Related sources disagree about a file",
			"A file of the same name has different hashes on two sources declared related (mirror or extension).",
			"Find out which copy is right; a mirror serving other bytes than its origin is compromised or broken.")
	case policy.CodeShadowUnchecked:
		set(policy.SeverityLow, "Shadowing not checked",
			"A lower-priority source failed, so whether it also serves the name was not checked.",
			"Run the audit again once the source answers.")
	case policy.CodeProjectStatus:
		set(policy.SeverityHigh, "Project status (PEP 792)",
			"The index marks the project quarantined (suspected malware), archived or deprecated.",
			"Do not install a quarantined project; plan a replacement for an archived or deprecated one.")
	case policy.CodeEmptyProject:
		set(policy.SeverityHigh, "Project has no files on its source",
			"The source that serves the name has the project but no files; other sources are not used for it.",
			"Find out why the project was emptied on its source.")
	case policy.CodeNoHash:
		set(policy.SeverityHigh, "Index gives no acceptable hash",
			"The index lists the file without a hash in an algorithm the policy accepts, so a download cannot be verified.",
			"Use an index that serves sha256 hashes.")
	case policy.CodeYanked:
		set(policy.SeverityHigh, "Pinned file is yanked (PEP 592)",
			"The pinned file has been yanked from its index, usually because it is broken or insecure.",
			"Upgrade to a release that is not yanked, or record why this one is still needed.")
	case policy.CodeTooNew:
		set(policy.SeverityHigh, "Pinned file is newer than the policy allows",
			"The file was uploaded after the policy's cutoff, or is younger than its minimum release age: a cool-down against brand-new malicious uploads.",
			"Wait until the release is old enough, or add a documented, expiring age bypass.")
	case policy.CodeNoUploadTime:
		set(policy.SeverityHigh, "Upload time unknown",
			"The index gives no upload time, so the age rules cannot be checked.",
			"Use an index that serves PEP 700 upload times, or allow missing upload times for this source.")
	case policy.CodeDenied:
		set(policy.SeverityHigh, "Pinned package is denied",
			"A deny rule of the policy matches the package and version.",
			"Replace the package or version.")
	case policy.CodeNotAllowed:
		set(policy.SeverityHigh, "Pinned package is not on the allow list",
			"The policy has an allow list and no rule on it matches the package and version.",
			"Have the package reviewed and added to the allow list, or replace it.")
	case policy.CodeFileHost:
		set(policy.SeverityHigh, "File served from a host the source does not own",
			"The index serves the file from a host that is neither the source's own nor one of its declared file hosts.",
			"Declare the host as a file host of the source if it is the index's CDN; otherwise find out why the index links there.")
	case policy.CodeRequiresPython:
		set(policy.SeverityHigh, "Target Python excluded",
			"The file's Requires-Python excludes the target interpreter.",
			"Lock for the interpreter you install with.")
	case policy.CodeVulnerable:
		set(policy.SeverityHigh, "Known vulnerability",
			"A known vulnerability (OSV advisory) affects the pinned version.",
			"Upgrade to a fixed version, or accept the risk with a documented, expiring exception.")
	case policy.CodeAgeBypass, policy.CodeVulnAccepted:
		set(policy.SeverityLow, "Rule bypassed by the policy",
			"A policy exception (an age bypass or an accepted vulnerability) applies to the package.",
			"Review the exception before it expires.")
	case policy.CodePEP708Merge, policy.CodeRelatedMerge, policy.CodeNamespace:
		set(policy.SeverityInfo, "Sources merged or chosen by declared metadata",
			"The name is served from several sources because the policy declares them related, trusts their PEP 708 metadata, or a PEP 752 namespace rule decided.",
			"Nothing to do if the declaration is intended.")
	}
	return r
}
