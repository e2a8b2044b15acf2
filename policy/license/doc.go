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
// AND, and AND tighter than OR. It departs from SPDX in two ways, both
// as pypa/packaging does: operators are matched without regard to case,
// and identifiers are not looked up in the SPDX license list (the list
// changes every quarter; a policy names the identifiers it knows).
// Identifiers are compared without regard to case, as SPDX specifies, and
// the deprecated GNU identifiers ("GPL-2.0", "GPL-2.0+") are read as their
// current spelling ("GPL-2.0-only", "GPL-2.0-or-later"; see [Normalize]).
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
