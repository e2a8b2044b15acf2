// Package license reads SPDX license expressions and decides them against
// allow and deny lists, for the curated-repository use case: refuse or
// flag the distributions whose license a company does not accept.
//
// # Expressions
//
// Core metadata 2.4 (PEP 639) declares a distribution's license in its
// License-Expression field as an SPDX license expression (SPDX
// specification 2.3, annex D):
//
//	MIT
//	Apache-2.0 OR MIT
//	GPL-2.0-or-later WITH Classpath-exception-2.0
//	(MIT AND BSD-2-Clause) OR LicenseRef-acme-eula
//
// [Parse] reads the grammar given on it, with WITH binding tighter than
// AND, and AND tighter than OR, and behaves as pypa/packaging's
// canonicalize_license_expression: operators are matched without regard
// to case (SPDX asks for upper case), and identifiers must be on the SPDX
// license list or be LicenseRef- references, and come back spelt as the
// list spells them ("mit" is "MIT"). The list is the one packaging
// carries (version [SPDXListVersion]); an identifier added to SPDX since
// is refused until the table is regenerated (testdata/gen_spdx.py), as
// packaging refuses it until it is updated. [Policy] compares identifiers
// without regard to case, and reads the deprecated GNU identifiers
// ("GPL-2.0", "GPL-2.0+") as their current spelling ("GPL-2.0-only",
// "GPL-2.0-or-later"; see [Normalize]). [Policy.Validate] holds a
// policy's own lists to the same SPDX list, so that a misspelt denied
// license is an error rather than a rule that never matches.
//
// # Policy
//
// [Policy.Evaluate] allows an expression when some choice among its OR
// alternatives uses only licenses that the allow list admits and the deny
// list does not name, and otherwise reports which terms refused each
// alternative. "MIT OR GPL-3.0-only" is allowed by a policy that allows
// MIT and denies GPL-3.0-only, since the user may take it under MIT;
// "MIT AND GPL-3.0-only" is not.
//
// # Older metadata
//
// Distributions older than PEP 639 name their license with Trove
// classifiers and a free-text License field. [FromMetadata] maps the
// common unambiguous ones to SPDX identifiers with a small table and marks
// the result Inferred; anything ambiguous ("BSD License", a license's full
// text) leaves the license unknown, for the policy to decide.
//
// All functions are pure and safe for concurrent use.
package license
