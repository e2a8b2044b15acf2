package license

import (
	"strings"
)

// Declared is what a distribution's metadata says about its license, as
// an expression.
type Declared struct {
	// Expression is the license expression.
	Expression *Expression
	// Inferred reports that the expression was not declared as such but
	// mapped from classifiers or the License field; a policy may treat
	// it with less trust.
	Inferred bool
	// From names the field it came from: "License-Expression",
	// "Classifier" or "License".
	From string
}

// FromMetadata returns the license a distribution declares, from its core
// metadata fields. License-Expression (metadata 2.4, PEP 639) wins and is
// parsed (an invalid one is an error, as PEP 639 asks). Otherwise the
// license classifiers are mapped with [FromClassifier] and, when they all
// map, joined with AND (several license classifiers may mean a choice or
// a combination; AND is the reading a policy can trust). Otherwise the
// License field is mapped with [FromText]. Without any of these, or when
// any license classifier or the License text is ambiguous, it returns
// nil: the license is unknown.
func FromMetadata(licenseExpression, licenseText string, classifiers []string) (*Declared, error) {
	if strings.TrimSpace(licenseExpression) != "" {
		e, err := Parse(licenseExpression)
		if err != nil {
			return nil, err
		}
		return &Declared{Expression: e, From: "License-Expression"}, nil
	}
	var ids []string
	ambiguous := false
	for _, c := range classifiers {
		if !strings.HasPrefix(c, "License ::") {
			continue
		}
		id, ok := FromClassifier(c)
		if !ok {
			ambiguous = true
			break
		}
		if !containsFold(ids, id) {
			ids = append(ids, id)
		}
	}
	if !ambiguous && len(ids) > 0 {
		e := &Expression{Op: OpAnd}
		for _, id := range ids {
			e.Args = append(e.Args, &Expression{Op: OpLicense, License: License{ID: id}})
		}
		if len(e.Args) == 1 {
			e = e.Args[0]
		}
		return &Declared{Expression: e, Inferred: true, From: "Classifier"}, nil
	}
	if ambiguous {
		return nil, nil
	}
	if id, ok := FromText(licenseText); ok {
		return &Declared{Expression: &Expression{Op: OpLicense, License: License{ID: id}}, Inferred: true, From: "License"}, nil
	}
	return nil, nil
}

func containsFold(ss []string, s string) bool {
	for _, x := range ss {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// FromClassifier maps a Trove license classifier to an SPDX id, when it
// names exactly one license version. Classifiers that name a family
// ("License :: OSI Approved :: BSD License", "... GNU General Public
// License (GPL)") are ambiguous and return false, as do unknown ones.
func FromClassifier(classifier string) (string, bool) {
	c := strings.Join(strings.Fields(classifier), " ")
	c = strings.TrimPrefix(c, "License :: ")
	c = strings.TrimPrefix(c, "OSI Approved :: ")
	switch c {
	case "MIT License":
		return "MIT", true
	case "MIT No Attribution License (MIT-0)":
		return "MIT-0", true
	case "Apache Software License 2.0 (Apache-2.0)":
		return "Apache-2.0", true
	case "ISC License (ISCL)":
		return "ISC", true
	case "Mozilla Public License 2.0 (MPL 2.0)":
		return "MPL-2.0", true
	case "Mozilla Public License 1.1 (MPL 1.1)":
		return "MPL-1.1", true
	case "GNU General Public License v2 (GPLv2)":
		return "GPL-2.0-only", true
	case "GNU General Public License v2 or later (GPLv2+)":
		return "GPL-2.0-or-later", true
	case "GNU General Public License v3 (GPLv3)":
		return "GPL-3.0-only", true
	case "GNU General Public License v3 or later (GPLv3+)":
		return "GPL-3.0-or-later", true
	case "GNU Lesser General Public License v3 (LGPLv3)":
		return "LGPL-3.0-only", true
	case "GNU Lesser General Public License v3 or later (LGPLv3+)":
		return "LGPL-3.0-or-later", true
	case "GNU Affero General Public License v3":
		return "AGPL-3.0-only", true
	case "GNU Affero General Public License v3 or later (AGPLv3+)":
		return "AGPL-3.0-or-later", true
	case "Python Software Foundation License":
		return "PSF-2.0", true
	case "The Unlicense (Unlicense)":
		return "Unlicense", true
	case "zlib/libpng License":
		return "Zlib", true
	case "Boost Software License 1.0 (BSL-1.0)":
		return "BSL-1.0", true
	case "Eclipse Public License 2.0 (EPL-2.0)":
		return "EPL-2.0", true
	case "European Union Public Licence 1.2 (EUPL 1.2)":
		return "EUPL-1.2", true
	case "Universal Permissive License (UPL)":
		return "UPL-1.0", true
	case "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication":
		return "CC0-1.0", true
	case "Artistic License":
		return "", false // which version is not said
	}
	return "", false
}

// FromText maps a free-text License field to an SPDX id when it is one of
// the common unambiguous spellings ("MIT", "MIT License", "Apache 2.0",
// "BSD-3-Clause", "GPLv3+"...), compared without regard to case and runs
// of white space. Anything else returns false: a full license text, a
// family name ("BSD", "GPL"), and a version without "only" or "or later"
// ("GPLv3", which authors use for both).
func FromText(text string) (string, bool) {
	t := strings.ToLower(strings.Join(strings.Fields(text), " "))
	switch t {
	case "mit", "mit license", "the mit license", "mit licence", "expat":
		return "MIT", true
	case "apache-2.0", "apache 2.0", "apache 2", "apache license 2.0", "apache license, version 2.0",
		"apache license version 2.0", "apache software license 2.0", "apache2", "asl 2.0":
		return "Apache-2.0", true
	case "bsd-3-clause", "bsd 3-clause", "bsd 3-clause license", "3-clause bsd", "new bsd", "new bsd license", "modified bsd":
		return "BSD-3-Clause", true
	case "bsd-2-clause", "bsd 2-clause", "bsd 2-clause license", "2-clause bsd", "simplified bsd":
		return "BSD-2-Clause", true
	case "isc", "isc license":
		return "ISC", true
	case "mpl-2.0", "mpl 2.0", "mozilla public license 2.0":
		return "MPL-2.0", true
	case "gpl-2.0-only", "gpl-2.0":
		return "GPL-2.0-only", true
	case "gpl-2.0-or-later", "gplv2+", "gpl v2+", "gpl-2.0+":
		return "GPL-2.0-or-later", true
	case "gpl-3.0-only", "gpl-3.0":
		return "GPL-3.0-only", true
	case "gpl-3.0-or-later", "gplv3+", "gpl v3+", "gpl-3.0+":
		return "GPL-3.0-or-later", true
	case "lgpl-3.0-only", "lgpl-3.0":
		return "LGPL-3.0-only", true
	case "lgpl-3.0-or-later", "lgplv3+", "lgpl-3.0+":
		return "LGPL-3.0-or-later", true
	case "lgpl-2.1-only", "lgpl-2.1":
		return "LGPL-2.1-only", true
	case "lgpl-2.1-or-later", "lgplv2.1+", "lgpl-2.1+":
		return "LGPL-2.1-or-later", true
	case "agpl-3.0-only", "agpl-3.0":
		return "AGPL-3.0-only", true
	case "agpl-3.0-or-later", "agplv3+", "agpl-3.0+":
		return "AGPL-3.0-or-later", true
	case "psf", "psf-2.0", "psf license", "python software foundation license":
		return "PSF-2.0", true
	case "unlicense", "the unlicense":
		return "Unlicense", true
	case "cc0", "cc0-1.0", "cc0 1.0":
		return "CC0-1.0", true
	case "zlib":
		return "Zlib", true
	}
	return "", false
}
