package tags

import (
	"strings"
	"testing"
)

func FuzzParseTag(f *testing.F) {
	for _, s := range []string{
		"py3-none-any", "py2.py3-none-any", "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
		"PY3-NONE-Any", "py3.py3-none-any", "py3--any", "3py-none-any", "pé3-none-any", "", "-", "..-..-..",
		"a.b.c.d-a.b.c.d-a.b.c.d", "py3-none-any-x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := ParseTag(s)
		if err != nil {
			if len(ts) != 0 {
				t.Fatalf("tags with an error: %v", ts)
			}
			return
		}
		if len(ts) == 0 || len(ts) > MaxExpandedTags {
			t.Fatalf("%d tags", len(ts))
		}
		seen := map[Tag]bool{}
		for _, tag := range ts {
			if seen[tag] {
				t.Fatalf("duplicate %v", tag)
			}
			seen[tag] = true
			// parse, format, parse again.
			again, err := ParseTag(tag.String())
			if err != nil || len(again) != 1 || again[0] != tag {
				t.Fatalf("%q: round trip of %q gave %v, %v", s, tag, again, err)
			}
			if strings.ContainsAny(tag.Interpreter+tag.ABI+tag.Platform, "-.") {
				t.Fatalf("separator left in %q", tag)
			}
		}
	})
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{
		"cp312-manylinux_2_28_x86_64", "cp312-macosx_14_0_arm64", "cp312-win_amd64", "cp312-win32",
		"cp313t-musllinux_1_2_aarch64", "pp310-manylinux_2_17_x86_64", "cp27-cp27mu-manylinux1_x86_64",
		"cp313-ios_17_2_arm64_iphoneos", "cp313-android_24_arm64_v8a", "cp312-linux_armv8l",
		"graalpy311-graalpy242_311_native-linux_x86_64", "cp314td-manylinux_9_199_armv8l", "cp3-", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		target, err := ParseTarget(s)
		if err != nil {
			return
		}
		// A parsed target is valid, and its text reads back the same.
		ts, err := target.Tags()
		if err != nil || len(ts) == 0 {
			t.Fatalf("%q: parsed but %d tags, %v", s, len(ts), err)
		}
		text := target.String()
		again, err := ParseTarget(text)
		if err != nil {
			t.Fatalf("%q: canonical %q does not parse: %v", s, text, err)
		}
		if again.String() != text {
			t.Fatalf("%q: %q then %q", s, text, again.String())
		}
	})
}

func FuzzParseWheelFilename(f *testing.F) {
	for _, s := range []string{
		"foo-1.0-py3-none-any.whl", "foo-1.0-1-py3-none-any.whl", "foo-1.0-abc-py3-none-any.whl", ".whl", "a-b-c-d-e-f.whl",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWheelFilename(s)
		if err == nil && len(w.Tags) == 0 {
			t.Fatal("wheel without tags")
		}
		if err == nil && w.Build.Number == "" && w.Build.Suffix != "" {
			t.Fatal("suffix without number")
		}
	})
}
