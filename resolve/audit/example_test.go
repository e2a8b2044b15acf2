package audit_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve/audit"
	"github.com/safeindex/safeindex/resolve/lockfile"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// A requirements file made by a pip that merged the internal and public
// indexes: it pins the attacker's acme-billing 99.0.0. The audit places
// the pinned file on the public index, where the policy does not allow
// the name to come from.
func ExampleAuditor_Verify() {
	internal := indextest.NewIndex("internal",
		indextest.Project("acme-billing", indextest.Release("1.2.0")))
	pypi := indextest.NewIndex("pypi", indextest.Attacker("acme-billing", "99.0.0"))

	wheel := pypi.File("acme_billing-99.0.0-py3-none-any.whl")
	lock, err := lockfile.Read("requirements.txt", strings.NewReader(
		"acme-billing==99.0.0 --hash=sha256:"+wheel.SHA256+"\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	a := &audit.Auditor{
		Policy: &policy.Policy{Sources: indextest.Sources(internal, pypi)},
		Index:  indextest.NewMemory(internal, pypi),
		Now:    func() time.Time { return time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC) },
	}
	rep, err := a.Verify(context.Background(), lock)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range rep.Findings {
		fmt.Printf("%s: %s %s\n", f.Pos, f.Severity, f.Code)
	}
	fmt.Println("fail on high:", rep.Failed(policy.SeverityHigh))
	// Output:
	// requirements.txt:1:1: critical hash-elsewhere
	// requirements.txt:1:1: critical shadow-higher
	// requirements.txt:1:1: high version-not-served
	// fail on high: true
}

// The exposure audit of an internal index: acme-billing is taken on the
// public index (with a higher version), acme-ledger is still free.
func ExampleExposureAuditor_Exposure() {
	internal := indextest.NewIndex("internal",
		indextest.Project("acme-billing", indextest.Release("1.2.0")),
		indextest.Project("acme-ledger", indextest.Release("0.3.0")))
	pypi := indextest.NewIndex("pypi", indextest.Attacker("acme-billing", "99.0.0"))

	e := &audit.ExposureAuditor{
		Lister: audit.ListerFunc(func(context.Context, *policy.Source) ([]string, error) { return internal.Projects(), nil }),
		Index:  indextest.NewMemory(internal, pypi),
	}
	rep, err := e.Exposure(context.Background(), internal.Source(), []policy.Source{pypi.Source()})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = audit.WriteExposureText(os.Stdout, rep)
	// Output:
	// exposure of "internal" on "pypi": 2 names, 1 on a public source, 1 unregistered, 0 failed
	//
	// on a public source (a live confusion risk):
	//   critical: acme-billing on "pypi" (internal: 1.2.0), HIGHER PUBLIC VERSION
	//       99.0.0  2024-01-02T03:04:05Z
	//
	// unregistered on every public source (register a placeholder or claim a PEP 752 namespace):
	//   acme-ledger
}
