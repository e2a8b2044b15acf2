// Package typosquat flags requested project names that look like a
// mistake for, or an imitation of, a popular project or an internal one.
//
// A [Checker] holds two kinds of names: popular projects (by default the
// 15,000 most downloaded PyPI projects, embedded in the package, see
// [DefaultPopular]) and protected names, the names internal sources claim
// ([WithProtected]). [Checker.Check] reports every popular or protected
// name a requested name resembles, with the rule that matched. A name that
// is itself popular, protected or declared known ([WithKnown]) is never
// flagged: numpy and numba are both real, so neither is a typo of the
// other.
//
// Names are compared in PEP 503 normalized form
// (simpleapi.NormalizeName: lower case, runs of "-", "_" and "." as one
// "-"), so "Django" and "django" are the same name and never a typo of each
// other. A name that is not valid under the PyPA name specification
// (simpleapi.ValidateName) is not checked.
//
// # Rules
//
// In the order Check reports them; lengths count the bytes of the
// normalized names, and a rule applies only when both names are at least
// as long as its minimum. "Top" targets are protected names and the
// [TopRank] most popular ones, the names attackers aim at; three rules
// reach shorter names for them:
//
//	rule             example            min length, all targets (top targets)
//	separator        pythondateutil     3, without separators
//	look-alike       djang0, s1x        3
//	affix            python-requests    3 left after "python-" and the like,
//	                                    4 after a bare "py" or "python"
//	plural           request            4, the singular
//	transposition    reqeusts           4
//	repeated-letter  reequests, pilow   3, the shorter name
//	missing-letter   reqests            4 and 6 (4 and 5), the shorter and the longer
//	extra-letter     requesrts          4 and 6 (4 and 5), the shorter and the longer
//	substitution     requezts           6 (5)
//	two-edits        beautifulsuop4x    16 (12)
//
// Separator: the names are equal once every separator is removed.
// Look-alike: the names are equal once characters that look alike are
// folded: "0" as "o"; "1", "i" and "l" as "l"; "5" as "s"; "rn" as "m";
// "vv" as "w". Affix: the names are equal once one of the prefixes
// "python-", "python3-", "py-", "py3-", "python", "py" or the suffixes
// "-python", "-python3", "-py", "-py3", "py" is removed from either or
// both. The distance rules use the optimal string alignment distance
// (Damerau–Levenshtein where no substring is edited twice): distance 1 is
// classified as plural (a trailing "s" added or removed), transposition
// (two adjacent letters swapped), repeated-letter (a letter doubled, or a
// double letter written once), missing-letter, extra-letter or
// substitution; distance 2 is reported as two-edits for long names only.
//
// A name may resemble several names; Check reports each resembled name
// once, under its most specific rule, ordered by rule, then protected
// names first, then by popularity.
//
// # False positives
//
// The minimum lengths were tuned on the embedded list by checking every
// popular name against the list without itself: a name flagged that way
// is one that a legitimate but less popular project could be flagged for
// too. With the defaults, 9.1% of the popular names resemble another
// (1,370 of 14,985: affixes such as python-dotenv and dotenv, real
// neighbours such as fastapi and fastai, and families such as
// mypy-boto3-*, whose members differ by a letter or two), and no
// two-letter name does. Short names are where nearly everything resembles
// something: names of two letters are only compared through separators and
// look-alikes, names of three through these, affixes and doubled letters. Of all the other projects
// on PyPI (871,338 names in 2026-11), 2.1% are flagged; many of them are
// typosquats or forks, which is the point.
//
// # Cost
//
// Building a Checker indexes every name once (a symmetric-delete index for
// distance 1, a four-segment pigeonhole index and a letter-multiset index
// for distance 2, and hash keys for separators, affixes and look-alikes);
// a check then costs a few dozen hash lookups and a handful of bounded
// distance computations, never a scan of the list. Distance rules are not
// applied to names longer than [MaxDistanceLen] bytes.
//
// # Internal-looking names
//
// [Checker.LooksInternal] matches a name against the patterns of
// [WithInternalPatterns] ("acme-*"), so that a request for a name that
// looks like an internal one but that no internal source has can be
// refused as a likely dependency-confusion target, before the public index
// has it.
package typosquat
