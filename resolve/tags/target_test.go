package tags

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in        string
		want      Target
		canonical string // "" means in itself
	}{
		{"cp312-manylinux_2_28_x86_64", Target{Implementation: "cpython", Python: "3.12", OS: OSLinux, Arch: "x86_64", Libc: Glibc(2, 28)}, ""},
		{"cp312-manylinux2014_x86_64", Target{Implementation: "cpython", Python: "3.12", OS: OSLinux, Arch: "x86_64", Libc: Glibc(2, 17)}, "cp312-manylinux_2_17_x86_64"},
		{"cp27-cp27mu-manylinux1_x86_64", Target{Implementation: "cpython", Python: "2.7", ABI: "cp27mu", OS: OSLinux, Arch: "x86_64", Libc: Glibc(2, 5)}, "cp27-cp27mu-manylinux_2_5_x86_64"},
		{"cp39-manylinux2010_i686", Target{Implementation: "cpython", Python: "3.9", OS: OSLinux, Arch: "i686", Libc: Glibc(2, 12)}, "cp39-manylinux_2_12_i686"},
		{"cp313t-musllinux_1_2_aarch64", Target{Implementation: "cpython", Python: "3.13", FreeThreaded: true, OS: OSLinux, Arch: "aarch64", Libc: Musl(1, 2)}, ""},
		{"cp312-linux_armv6l", Target{Implementation: "cpython", Python: "3.12", OS: OSLinux, Arch: "armv6l"}, ""},
		{"CP312D-MacOSX_14_0_ARM64", Target{Implementation: "cpython", Python: "3.12", Debug: true, OS: OSMacOS, Arch: "arm64", OSMajor: 14}, "cp312d-macosx_14_0_arm64"},
		{"cp38-macosx_10_9_x86_64", Target{Implementation: "cpython", Python: "3.8", OS: OSMacOS, Arch: "x86_64", OSMajor: 10, OSMinor: 9}, ""},
		{"cp312-win32", Target{Implementation: "cpython", Python: "3.12", OS: OSWindows, Arch: "x86"}, ""},
		{"cp312-win_amd64", Target{Implementation: "cpython", Python: "3.12", OS: OSWindows, Arch: "amd64"}, ""},
		{"cp314-win_arm64", Target{Implementation: "cpython", Python: "3.14", OS: OSWindows, Arch: "arm64"}, ""},
		{"cp313-ios_17_2_arm64_iphoneos", Target{Implementation: "cpython", Python: "3.13", OS: OSIOS, Arch: "arm64_iphoneos", OSMajor: 17, OSMinor: 2}, ""},
		{"cp313-android_24_arm64_v8a", Target{Implementation: "cpython", Python: "3.13", OS: OSAndroid, Arch: "arm64_v8a", OSMajor: 24}, ""},
		{"pp310-manylinux_2_28_x86_64", Target{Implementation: "pypy", Python: "3.10", OS: OSLinux, Arch: "x86_64", Libc: Glibc(2, 28)}, ""},
		{"graalpy311-graalpy242_311_native-linux_x86_64", Target{Implementation: "graalpy", Python: "3.11", ABI: "graalpy242_311_native", OS: OSLinux, Arch: "x86_64"}, ""},
		{"cp3100-win_amd64", Target{Implementation: "cpython", Python: "3.100", OS: OSWindows, Arch: "amd64"}, ""}, // rejected below
	}
	for _, tt := range tests[:len(tests)-1] {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTarget(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			want := tt.canonical
			if want == "" {
				want = tt.in
			}
			assert.Equal(t, want, got.String())
			again, err := ParseTarget(got.String())
			require.NoError(t, err)
			assert.Equal(t, got.String(), again.String())
		})
	}
}

func TestParseTargetErrors(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"", `tags: invalid target "": want python[-abi]-platform, such as cp312-manylinux_2_28_x86_64`},
		{"cp312", `tags: invalid target "cp312": want python[-abi]-platform, such as cp312-manylinux_2_28_x86_64`},
		{"cp3-win_amd64", `tags: invalid target "cp3-win_amd64": python: want an interpreter tag such as cp312, cp313t or pp310`},
		{"cp3100-win_amd64", `tags: invalid target "cp3100-win_amd64": python: want X.Y, such as 3.12 (minor at most 99)`},
		{"cp312x-win_amd64", `tags: invalid target "cp312x-win_amd64": python: unknown ABI flags "x" (want t, d or td)`},
		{"cp312t-win_amd64", `tags: invalid target "cp312t-win_amd64": abi: free-threaded CPython starts at 3.13`},
		{"pp310t-win_amd64", `tags: invalid target "pp310t-win_amd64": abi: debug and free-threaded flags apply to CPython only; set ABI`},
		{"cp313t-cp313t-win_amd64", `tags: invalid target "cp313t-cp313t-win_amd64": abi: an explicit ABI conflicts with the debug and free-threaded flags`},
		{"cp27-manylinux1_x86_64", `tags: invalid target "cp27-manylinux1_x86_64": abi: CPython before 3.3 needs an explicit ABI (cp27mu or cp27m)`},
		{"cp312-manylinx_2_28_x86_64", `tags: invalid target "cp312-manylinx_2_28_x86_64": platform: unknown platform "manylinx_2_28_x86_64" (want manylinux_, musllinux_, linux_, macosx_, win32, win_, ios_ or android_)`},
		{"cp312-manylinux_2_x86_64", `tags: invalid target "cp312-manylinux_2_x86_64": platform: want manylinux_{major}_{minor}_{arch}`},
		{"cp312-manylinux_1_5_x86_64", `tags: invalid target "cp312-manylinux_1_5_x86_64": glibc: version 1.5 out of range`},
		{"cp312-manylinux_2_500_x86_64", `tags: invalid target "cp312-manylinux_2_500_x86_64": platform: want manylinux_{major}_{minor}_{arch}`},
		{"cp312-musllinux_1_2_", `tags: invalid target "cp312-musllinux_1_2_": arch: must be letters, digits and '_' (at most 64)`},
		{"cp312-win_x86_64_v2", `tags: invalid target "cp312-win_x86_64_v2": arch: unknown Windows architecture "x86_64_v2" (want x86, amd64 or arm64)`},
		{"cp312-macosx_9_0_x86_64", `tags: invalid target "cp312-macosx_9_0_x86_64": os version: macOS 9.0 out of range (10.0 to 99.x)`},
		{"cp312-ios_11_0_arm64_iphoneos", `tags: invalid target "cp312-ios_11_0_arm64_iphoneos": os version: iOS 11.0 out of range (12.0 to 99.x)`},
		{"cp312-android_15_x86_64", `tags: invalid target "cp312-android_15_x86_64": os version: Android API level 15 out of range (16 to 199, OSMinor 0)`},
		{"cp312-android_x_x86_64", `tags: invalid target "cp312-android_x_x86_64": platform: want android_{api}_{abi}`},
		{"cp312-manylinux_2_028_x86_64", `tags: invalid target "cp312-manylinux_2_028_x86_64": platform: want manylinux_{major}_{minor}_{arch}`},
		{"cp312-manylinux_+2_28_x86_64", `tags: invalid target "cp312-manylinux_+2_28_x86_64": platform: want manylinux_{major}_{minor}_{arch}`},
	}
	for _, tt := range tests {
		_, err := ParseTarget(tt.in)
		require.Error(t, err, tt.in)
		assert.ErrorIs(t, err, ErrInvalidTarget)
		var te *TargetError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, tt.msg, err.Error())
	}
}

func TestPresets(t *testing.T) {
	tests := []struct {
		preset Target
		text   string
	}{
		{Linux("3.12", "x86_64", Glibc(2, 28)), "cp312-manylinux_2_28_x86_64"},
		{Manylinux("3.12", 2, 28, "x86_64"), "cp312-manylinux_2_28_x86_64"},
		{Linux("3.12", "aarch64", Musl(1, 2)), "cp312-musllinux_1_2_aarch64"},
		{Musllinux("3.12", 1, 2, "aarch64"), "cp312-musllinux_1_2_aarch64"},
		{Linux("3.12", "x86_64", Libc{}), "cp312-linux_x86_64"},
		{MacOS("3.12", 14, 0, "arm64"), "cp312-macosx_14_0_arm64"},
		{Windows("3.12", "amd64"), "cp312-win_amd64"},
		{Windows("3.12", "x86_64"), "cp312-win_amd64"},
		{Windows("3.12", "win32"), "cp312-win32"},
		{IOS("3.13", 17, 2, "arm64-iphoneos"), "cp313-ios_17_2_arm64_iphoneos"},
		{Android("3.13", 24, "arm64-v8a"), "cp313-android_24_arm64_v8a"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			assert.Equal(t, tt.text, tt.preset.String())
			parsed, err := ParseTarget(tt.text)
			require.NoError(t, err)
			a, err := tt.preset.Tags()
			require.NoError(t, err)
			b, err := parsed.Tags()
			require.NoError(t, err)
			assert.Equal(t, b, a, "a preset and its text list the same tags")
		})
	}
}

func TestTargetLiteralErrors(t *testing.T) {
	tests := []struct {
		target Target
		msg    string
	}{
		{Target{}, `tags: invalid target "cp-_": python: want X.Y, such as 3.12 (minor at most 99)`},
		{Target{Python: "3.12"}, `tags: invalid target "cp312-_": arch: must be letters, digits and '_' (at most 64)`},
		{Target{Python: "3.12", Arch: "x86_64"}, `tags: invalid target "cp312-_x86_64": os: missing`},
		{Target{Python: "3.12", Arch: "x86_64", OS: "plan9"}, `tags: invalid target "cp312-plan9_x86_64": os: unknown OS "plan9"`},
		{Target{Python: "3.12", Implementation: "c python", OS: OSWindows, Arch: "amd64"}, `tags: invalid target "c python312-win_amd64": implementation: must be letters, such as cpython or pypy`},
		{Target{Python: "3.12", OS: OSLinux, Arch: "x86_64", Libc: Libc{Name: "uclibc", Major: 1}}, `tags: invalid target "cp312-linux_x86_64": libc: unknown C library "uclibc" (want glibc or musl)`},
		{Target{Python: "3.12", OS: OSLinux, Arch: "x86_64", Libc: Libc{Major: 2, Minor: 28}}, `tags: invalid target "cp312-linux_x86_64": libc: a version without a library name`},
		{Target{Python: "3.12", OS: OSLinux, Arch: "x86_64", OSMajor: 6}, `tags: invalid target "cp312-linux_x86_64": os version: not used on Linux (set Libc)`},
		{Target{Python: "3.12", OS: OSWindows, Arch: "amd64", Libc: Glibc(2, 28)}, `tags: invalid target "cp312-win_amd64": libc: only used on Linux`},
		{Target{Python: "3.12", OS: OSOther}, `tags: invalid target "cp312-": platform: PlatformTag must be letters, digits and '_' (at most 64)`},
		{Target{Python: "3.12", OS: OSWindows, Arch: "amd64", ABI: "cp312-x"}, `tags: invalid target "cp312-cp312-x-win_amd64": abi: must be letters, digits and '_'`},
	}
	for _, tt := range tests {
		_, err := tt.target.Supported()
		require.Error(t, err)
		assert.ErrorIs(t, err, ErrInvalidTarget)
		assert.Equal(t, tt.msg, err.Error())
	}
}

func TestOtherOS(t *testing.T) {
	s, err := Target{Python: "3.12", OS: OSOther, PlatformTag: "FreeBSD-14.1-RELEASE-amd64"}.Supported()
	require.NoError(t, err)
	assert.Equal(t, Tag{"cp312", "cp312", "freebsd_14_1_release_amd64"}, s.Tags()[0])
}
