package tags_test

import (
	"fmt"

	"github.com/safeindex/safeindex/resolve/tags"
)

// numpy 2.1.3's wheels, in part.
var numpyFiles = []string{
	"numpy-2.1.3-cp312-cp312-macosx_10_13_x86_64.whl",
	"numpy-2.1.3-cp312-cp312-macosx_11_0_arm64.whl",
	"numpy-2.1.3-cp312-cp312-macosx_14_0_arm64.whl",
	"numpy-2.1.3-cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
	"numpy-2.1.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
	"numpy-2.1.3-cp312-cp312-musllinux_1_1_x86_64.whl",
	"numpy-2.1.3-cp312-cp312-musllinux_1_2_aarch64.whl",
	"numpy-2.1.3-cp312-cp312-win_amd64.whl",
	"numpy-2.1.3-cp313-cp313t-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
	"numpy-2.1.3-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
}

// Choose numpy's wheel for several targets, none of them the machine this
// runs on.
func ExampleSupported_BestFilename() {
	for _, text := range []string{
		"cp312-manylinux_2_28_x86_64",
		"cp312-musllinux_1_2_x86_64",
		"cp312-macosx_14_0_arm64",
		"cp312-macosx_13_0_arm64",
		"cp312-win_amd64",
		"cp313t-manylinux_2_35_x86_64",
		"cp312-manylinux_2_12_x86_64",
	} {
		target, err := tags.ParseTarget(text)
		if err != nil {
			fmt.Println(err)
			continue
		}
		supported, err := target.Supported()
		if err != nil {
			fmt.Println(err)
			continue
		}
		if i, ok := supported.BestFilename(numpyFiles); ok {
			fmt.Printf("%s: %s\n", text, numpyFiles[i])
		} else {
			fmt.Printf("%s: no wheel, build the sdist\n", text)
		}
	}
	// Output:
	// cp312-manylinux_2_28_x86_64: numpy-2.1.3-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
	// cp312-musllinux_1_2_x86_64: numpy-2.1.3-cp312-cp312-musllinux_1_1_x86_64.whl
	// cp312-macosx_14_0_arm64: numpy-2.1.3-cp312-cp312-macosx_14_0_arm64.whl
	// cp312-macosx_13_0_arm64: numpy-2.1.3-cp312-cp312-macosx_11_0_arm64.whl
	// cp312-win_amd64: numpy-2.1.3-cp312-cp312-win_amd64.whl
	// cp313t-manylinux_2_35_x86_64: numpy-2.1.3-cp313-cp313t-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
	// cp312-manylinux_2_12_x86_64: no wheel, build the sdist
}

// A target built from a preset, and the first of its supported tags.
func ExampleTarget_Supported() {
	supported, err := tags.Linux("3.12", "x86_64", tags.Glibc(2, 28)).Supported()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(supported.Len())
	for _, t := range supported.Tags()[:4] {
		fmt.Println(t)
	}
	// Output:
	// 771
	// cp312-cp312-linux_x86_64
	// cp312-cp312-manylinux_2_28_x86_64
	// cp312-cp312-manylinux_2_27_x86_64
	// cp312-cp312-manylinux_2_26_x86_64
}

func ExampleSupported_Rank() {
	supported, err := tags.MacOS("3.12", 14, 0, "arm64").Supported()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, tag := range []string{"cp312-cp312-macosx_11_0_arm64", "cp312-abi3-macosx_10_9_universal2", "py3-none-any", "cp312-cp312-macosx_11_0_x86_64"} {
		wheelTags, err := tags.ParseTag(tag)
		if err != nil {
			fmt.Println(err)
			continue
		}
		rank, ok := supported.Rank(wheelTags)
		fmt.Println(tag, rank, ok)
	}
	// Output:
	// cp312-cp312-macosx_11_0_arm64 6 true
	// cp312-abi3-macosx_10_9_universal2 36 true
	// py3-none-any 569 true
	// cp312-cp312-macosx_11_0_x86_64 582 false
}

func ExampleParseTag() {
	ts, err := tags.ParseTag("py2.py3-none-any")
	fmt.Println(ts, err)
	_, err = tags.ParseTag("py3-none")
	fmt.Println(err)
	// Output:
	// [py2-none-any py3-none-any] <nil>
	// tags: invalid tag "py3-none": must have exactly three components
}

func ExampleParseTarget() {
	t, err := tags.ParseTarget("cp313t-musllinux_1_2_aarch64")
	fmt.Printf("%s %s free-threaded=%v %s %s %s %d.%d\n", t.Implementation, t.Python, t.FreeThreaded, t.OS, t.Arch, t.Libc.Name, t.Libc.Major, t.Libc.Minor)
	fmt.Println(t, err)
	// Output:
	// cpython 3.13 free-threaded=true linux aarch64 musl 1.2
	// cp313t-musllinux_1_2_aarch64 <nil>
}
