package tags

import "testing"

func BenchmarkSupported(b *testing.B) {
	for _, text := range []string{"cp312-manylinux_2_28_x86_64", "cp313-macosx_14_0_arm64", "cp312-win_amd64"} {
		target, err := ParseTarget(text)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(text, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := target.Supported(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRank(b *testing.B) {
	s, err := Manylinux("3.12", 2, 28, "x86_64").Supported()
	if err != nil {
		b.Fatal(err)
	}
	wheel, err := ParseTag("cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := s.Rank(wheel); !ok {
			b.Fatal("not supported")
		}
	}
}

func BenchmarkBestFilename(b *testing.B) {
	s, err := Manylinux("3.12", 2, 28, "x86_64").Supported()
	if err != nil {
		b.Fatal(err)
	}
	files := []string{
		"numpy-2.1.3-cp312-cp312-macosx_10_13_x86_64.whl",
		"numpy-2.1.3-cp312-cp312-macosx_11_0_arm64.whl",
		"numpy-2.1.3-cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
		"numpy-2.1.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
		"numpy-2.1.3-cp312-cp312-musllinux_1_1_x86_64.whl",
		"numpy-2.1.3-cp312-cp312-win_amd64.whl",
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := s.BestFilename(files); !ok {
			b.Fatal("none")
		}
	}
}

func BenchmarkParseTag(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseTag("cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64"); err != nil {
			b.Fatal(err)
		}
	}
}
