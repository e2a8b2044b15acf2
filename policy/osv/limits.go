package osv

// All the caps this package puts on untrusted input live here.
const (
	// DefaultMaxRecordSize is the largest record file or zip entry read, in
	// bytes, unless WithMaxRecordSize says otherwise. The largest PyPI records
	// in the OSV export (long versions lists) are a few hundred KiB.
	DefaultMaxRecordSize = 4 << 20

	// DefaultMaxRecords is the most records one Loader reads, over all its
	// sources, unless WithMaxRecords says otherwise. The PyPI export holds
	// about 20,000; GitHub's whole advisory-database about 300,000.
	DefaultMaxRecords = 1_000_000

	// maxIDLen bounds an ID or alias. Real IDs are under 40 bytes.
	maxIDLen = 128

	// maxSummaryLen bounds the summary kept per record (in bytes, cut at a
	// rune boundary); the details text is not kept.
	maxSummaryLen = 512

	// maxYAMLDepth bounds the nesting of a YAML document. The nodes a
	// document may expand to, aliases followed, are bounded by its size in
	// bytes (at least minYAMLNodes): a document without aliases has fewer
	// nodes than bytes, and one with aliases cannot grow past that
	// ("billion laughs").
	maxYAMLDepth = 64
	minYAMLNodes = 1 << 10

	// maxQuoted bounds a value quoted in an error message.
	maxQuoted = 80
)
