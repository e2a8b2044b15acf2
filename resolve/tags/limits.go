package tags

// All of the package's caps live here. They bound the work and memory
// that one tag, filename or target can cost; every one of them is far above
// anything real.
const (
	// MaxTagLen caps the length in bytes of a tag given to [ParseTag]
	// (real tags are under 200 bytes; wheel filenames live in URL path
	// segments).
	MaxTagLen = 4096

	// MaxExpandedTags caps the number of tags one compressed tag set may
	// expand to (the product of the member counts, before duplicates are
	// removed, as packaging's limit= counts them). The largest sets on
	// PyPI expand to a few dozen.
	MaxExpandedTags = 1024

	// MaxPythonMinor caps the minor Python version of a [Target].
	MaxPythonMinor = 99

	// MaxLibcMajor and MaxLibcMinor cap glibc and musl versions.
	MaxLibcMajor = 9
	// MaxLibcMinor: see MaxLibcMajor.
	MaxLibcMinor = 199

	// MaxAppleMajor caps macOS and iOS major versions, MaxAppleMinor their
	// minors.
	MaxAppleMajor = 99
	// MaxAppleMinor: see MaxAppleMajor.
	MaxAppleMinor = 99

	// MaxAndroidAPI caps the Android API level.
	MaxAndroidAPI = 199

	// MaxNameLen caps the length of a target's implementation, ABI,
	// architecture and platform strings.
	MaxNameLen = 64
)
