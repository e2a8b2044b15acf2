package license

import "testing"

// BenchmarkParseEvaluate measures parsing a typical expression and
// deciding it.
func BenchmarkParseEvaluate(b *testing.B) {
	p := &Policy{Allow: []string{"MIT", "Apache-2.0", "BSD-3-Clause"}, Deny: []string{"GPL-3.0-only"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.EvaluateString("(MIT AND BSD-3-Clause) OR GPL-2.0-or-later WITH Classpath-exception-2.0"); err != nil {
			b.Fatal(err)
		}
	}
}
