package typosquat

import (
	"testing"
)

// benchNames mixes misses, hits and long names, as a resolver sees them.
var benchNames = []string{
	"requests", "reqeusts", "request", "djang0", "python-dateutil", "pythondateutil",
	"my-internal-tool", "opentelemetry-instrumentation-fastapi2", "mypy-boto3-s4",
	"beautifulsuop4x", "acme-billing-client", "zzzz-not-a-name", "numpy", "nunpy",
	"google-cloud-storrage", "sklearn-pandas-helper",
}

// BenchmarkCheck measures one Check against the embedded list, over a
// mix of popular names (a third, answered by the known-name lookup),
// typos of them (a third) and unknown names with a common prefix.
func BenchmarkCheck(b *testing.B) {
	c, err := New(WithProtected("acme-billing", "acme-auth"))
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	for i := 0; i < len(c.targets); i += 15 {
		t := c.targets[i].name
		typo := []byte(t)
		if m := len(typo) / 2; m > 0 {
			typo[m-1], typo[m] = typo[m], typo[m-1]
		}
		names = append(names, t, string(typo), "acme-"+t)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.Check(names[i%len(names)])
		i++
	}
}

// BenchmarkCheckNames measures Check on a handful of hand-picked names,
// long ones included.
func BenchmarkCheckNames(b *testing.B) {
	c, err := New(WithProtected("acme-billing", "acme-auth"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.Check(benchNames[i%len(benchNames)])
		i++
	}
}

// BenchmarkCheckMiss measures a long name that resembles nothing but
// shares a common suffix ("-client") with many popular names.
func BenchmarkCheckMiss(b *testing.B) {
	c, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c.Check("acme-billing-client")
	}
}

// BenchmarkNew measures building a Checker from the embedded list.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}
