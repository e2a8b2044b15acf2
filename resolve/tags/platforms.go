package tags

// platformList validates t's OS fields and sets r.platforms, best first.
// It returns the field and reason when t is invalid.
func (r *resolved) platformList(t Target) (field, reason string) {
	arch := normalize(t.Arch)
	if t.OS != OSOther && !isName(arch) {
		return "arch", "must be letters, digits and '_' (at most " + itoa(MaxNameLen) + ")"
	}
	switch t.OS {
	case OSLinux:
		if t.OSMajor != 0 || t.OSMinor != 0 {
			return "os version", "not used on Linux (set Libc)"
		}
		switch t.Libc.Name {
		case "", "glibc", "musl":
		default:
			return "libc", "unknown C library " + quote(t.Libc.Name) + " (want glibc or musl)"
		}
		if t.Libc.Name == "" && (t.Libc.Major != 0 || t.Libc.Minor != 0) {
			return "libc", "a version without a library name"
		}
		if t.Libc.Name != "" && (t.Libc.Major < 1 || t.Libc.Major > MaxLibcMajor ||
			t.Libc.Minor < 0 || t.Libc.Minor > MaxLibcMinor ||
			t.Libc.Name == "glibc" && t.Libc.Major < 2) {
			return t.Libc.Name, "version " + itoa(t.Libc.Major) + "." + itoa(t.Libc.Minor) + " out of range"
		}
		r.platforms = linuxPlatforms(arch, t.Libc)
	case OSMacOS:
		if t.OSMajor < 10 || t.OSMajor > MaxAppleMajor || t.OSMinor < 0 || t.OSMinor > MaxAppleMinor {
			return "os version", "macOS " + itoa(t.OSMajor) + "." + itoa(t.OSMinor) + " out of range (10.0 to " + itoa(MaxAppleMajor) + ".x)"
		}
		r.platforms = macPlatforms(t.OSMajor, t.OSMinor, arch)
	case OSWindows:
		a, ok := windowsArch(arch)
		if !ok {
			return "arch", "unknown Windows architecture " + quote(arch) + " (want x86, amd64 or arm64)"
		}
		if a == "x86" {
			r.platforms = []string{"win32"}
		} else {
			r.platforms = []string{"win_" + a}
		}
	case OSIOS:
		if t.OSMajor < 12 || t.OSMajor > MaxAppleMajor || t.OSMinor < 0 || t.OSMinor > MaxAppleMinor {
			return "os version", "iOS " + itoa(t.OSMajor) + "." + itoa(t.OSMinor) + " out of range (12.0 to " + itoa(MaxAppleMajor) + ".x)"
		}
		r.platforms = iosPlatforms(t.OSMajor, t.OSMinor, arch)
	case OSAndroid:
		if t.OSMajor < 16 || t.OSMajor > MaxAndroidAPI || t.OSMinor != 0 {
			return "os version", "Android API level " + itoa(t.OSMajor) + " out of range (16 to " + itoa(MaxAndroidAPI) + ", OSMinor 0)"
		}
		r.platforms = androidPlatforms(t.OSMajor, arch)
	case OSOther:
		p := normalize(t.PlatformTag)
		if !isName(p) {
			return "platform", "PlatformTag must be letters, digits and '_' (at most " + itoa(MaxNameLen) + ")"
		}
		r.platforms = []string{p}
	case "":
		return "os", "missing"
	default:
		return "os", "unknown OS " + quote(string(t.OS))
	}
	if t.OS != OSLinux && t.Libc != (Libc{}) {
		return "libc", "only used on Linux"
	}
	return "", ""
}

// manylinuxArchs are the architectures PEP 600 manylinux wheels exist for
// without an ELF check (packaging _manylinux._ALLOWED_ARCHS).
func manylinuxArch(a string) bool {
	switch a {
	case "x86_64", "aarch64", "ppc64", "ppc64le", "s390x", "loongarch64", "riscv64":
		return true
	}
	return false
}

// lastGlibcMinor is the last minor version assumed for an earlier glibc
// major when the target's glibc major is above 2 (packaging's
// _LAST_GLIBC_MINOR guess).
const lastGlibcMinor = 50

// linuxPlatforms lists the Linux platform tags, in the order of packaging
// 26.3+ _linux_platforms: linux_{arch} for each compatible arch, then the
// manylinux tags (PEP 600) for glibc, or the musllinux tags (PEP 656) for
// musl.
//
// armv8l (a 32-bit ARM interpreter on a 64-bit kernel) also runs armv7l
// code. manylinux tags exist only for the architectures of manylinuxArch,
// plus i686 and armv7l, whose interpreter packaging checks to be a 32-bit
// x86 ELF or a hard-float EABI5 ELF: a target with those architectures is
// taken to pass that check.
func linuxPlatforms(arch string, libc Libc) []string {
	archs := []string{arch}
	if arch == "armv8l" {
		archs = append(archs, "armv7l")
	}
	var out []string
	for _, a := range archs {
		out = append(out, "linux_"+a)
	}
	switch libc.Name {
	case "glibc":
		compatible := false
		oldestMinor := 17 // the oldest manylinux, for glibc 2
		for _, a := range archs {
			switch a {
			case "armv7l", "i686":
				compatible = true
			}
			if a == "x86_64" || a == "i686" {
				oldestMinor = 5
			}
		}
		if !compatible {
			for _, a := range archs {
				compatible = compatible || manylinuxArch(a)
			}
		}
		if !compatible {
			break
		}
		for _, a := range archs {
			// From the target's glibc down: every minor of its major,
			// then minors lastGlibcMinor down to 0 of each earlier major
			// above 2, then glibc 2 down to the oldest manylinux.
			for major := libc.Major; major >= 2; major-- {
				top, bottom := lastGlibcMinor, 0
				if major == libc.Major {
					top = libc.Minor
				}
				if major == 2 {
					bottom = oldestMinor
				}
				for minor := top; minor >= bottom; minor-- {
					out = append(out, "manylinux_"+itoa(major)+"_"+itoa(minor)+"_"+a)
					if major == 2 {
						switch minor {
						case 17:
							out = append(out, "manylinux2014_"+a) // PEP 599
						case 12:
							out = append(out, "manylinux2010_"+a) // PEP 571
						case 5:
							out = append(out, "manylinux1_"+a) // PEP 513
						}
					}
				}
			}
		}
	case "musl":
		for _, a := range archs {
			for minor := libc.Minor; minor >= 0; minor-- {
				out = append(out, "musllinux_"+itoa(libc.Major)+"_"+itoa(minor)+"_"+a)
			}
		}
	}
	return out
}

// macBinaryFormats lists the binary formats a macOS major.minor on arch
// runs, best first (packaging's _mac_binary_formats).
func macBinaryFormats(major, minor int, arch string) []string {
	before := func(M, m int) bool { return major < M || major == M && minor < m }
	after := func(M, m int) bool { return major > M || major == M && minor > m }
	formats := []string{arch}
	switch arch {
	case "x86_64":
		if before(10, 4) {
			return nil
		}
		formats = append(formats, "intel", "fat64", "fat3")
	case "i386":
		if before(10, 4) {
			return nil
		}
		formats = append(formats, "intel", "fat3", "fat")
	case "ppc64":
		if after(10, 5) || before(10, 4) {
			return nil
		}
		formats = append(formats, "fat64")
	case "ppc":
		if after(10, 6) {
			return nil
		}
		formats = append(formats, "fat3", "fat")
	}
	switch arch {
	case "arm64", "x86_64":
		formats = append(formats, "universal2")
	}
	switch arch {
	case "x86_64", "i386", "ppc64", "ppc", "intel":
		formats = append(formats, "universal")
	}
	return formats
}

// macPlatforms lists the macOS platform tags for major.minor on arch, as
// packaging's mac_platforms(version, arch): for 10.x, every minor from
// the current one down to 10.0; for 11 and later, N_0 for N from the
// current major down to 11 (minors are never listed), then 10.16 down to
// 10.4 (every format on x86_64, universal2 only elsewhere).
func macPlatforms(major, minor int, arch string) []string {
	var out []string
	emit := func(M, m int, formats []string) {
		for _, f := range formats {
			out = append(out, "macosx_"+itoa(M)+"_"+itoa(m)+"_"+f)
		}
	}
	if major == 10 {
		for m := minor; m >= 0; m-- {
			emit(10, m, macBinaryFormats(10, m, arch))
		}
		return out
	}
	for M := major; M > 10; M-- {
		emit(M, 0, macBinaryFormats(M, 0, arch))
	}
	for m := 16; m > 3; m-- {
		if arch == "x86_64" {
			emit(10, m, macBinaryFormats(10, m, arch))
		} else {
			emit(10, m, []string{"universal2"})
		}
	}
	return out
}

// iosPlatforms lists the iOS platform tags for major.minor (packaging's
// ios_platforms): the current X.Y down to X.0, then minors 9 down to 0 of
// each earlier major down to 12.
func iosPlatforms(major, minor int, multiarch string) []string {
	var out []string
	for m := minor; m >= 0; m-- {
		out = append(out, "ios_"+itoa(major)+"_"+itoa(m)+"_"+multiarch)
	}
	for M := major - 1; M >= 12; M-- {
		for m := 9; m >= 0; m-- {
			out = append(out, "ios_"+itoa(M)+"_"+itoa(m)+"_"+multiarch)
		}
	}
	return out
}

// androidPlatforms lists android_{api}_{abi} from the target's API level
// down to 16 (packaging's android_platforms).
func androidPlatforms(api int, abi string) []string {
	out := make([]string, 0, api-15)
	for v := api; v >= 16; v-- {
		out = append(out, "android_"+itoa(v)+"_"+abi)
	}
	return out
}
