package pep508

import "testing"

func BenchmarkParseRequirement(b *testing.B) {
	const s = `requests[security,socks] >= 2.8.1, == 2.8.* ; python_version < "3.12" and sys_platform != "win32"`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseRequirement(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseRequirementName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseRequirement("requests"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarkerEvaluate(b *testing.B) {
	m, err := ParseMarker(`python_version >= "3.8" and (sys_platform == "linux" or platform_machine == "arm64") and extra == "socks"`)
	if err != nil {
		b.Fatal(err)
	}
	env, err := NewEnvironment("3.12.4", "linux_x86_64")
	if err != nil {
		b.Fatal(err)
	}
	env.Extra = "socks"
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := m.Evaluate(env); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkMarkerEvaluateStrings(b *testing.B) {
	m, err := ParseMarker(`sys_platform == "linux" and platform_machine == "x86_64" and os_name == "posix"`)
	if err != nil {
		b.Fatal(err)
	}
	env, err := NewEnvironment("3.12.4", "linux_x86_64")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := m.Evaluate(env); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}
