// Package metadata reads Python core metadata: the METADATA file of a
// wheel, the PKG-INFO file of an sdist, and the PEP 658 ".metadata" file
// that an index serves beside a distribution (PEP 714 names it
// core-metadata).
//
// # Format
//
// Core metadata (https://packaging.python.org/specifications/core-metadata/)
// is an RFC 822 message as Python's email parser reads it with the compat32
// policy, which is how pip, importlib.metadata and pypa/packaging's
// parse_email read it:
//
//	Metadata-Version: 2.4
//	Name: example
//	Version: 1.0
//	Requires-Dist: requests>=2; extra == "http"
//	Classifier: License :: OSI Approved :: MIT License
//	Description: the description, either here (metadata 1.x)
//	        |with continuation lines, or in the body below
//
//	The body, after the first empty line, is the description (2.1 and later).
//
// Lines end with "\r\n", "\n" or "\r". A field is "Name: value"; the name
// is printable ASCII other than ":" and space, and is matched without
// regard to case. A line starting with a space or a tab continues the
// previous field: as in Python, the value keeps its line breaks and the
// leading white space of each continuation line, and only the white space
// after the colon and the final line break are dropped.
//
// Multiple-use fields (Requires-Dist, Provides-Extra, Classifier,
// Project-URL, License-File, Dynamic and the rest) keep their order.
// Metadata-Version, Name and Version are required; Name must be a valid
// project name (simpleapi.ValidateName) and Version a valid PEP 440
// version (pep440.Parse), kept as written. Requires-Dist values are kept
// as strings (PEP 508 is parsed elsewhere). Every field, known or not,
// stays in [Metadata.Fields] in file order, so nothing is lost.
//
// # Differences from Python's email parser
//
// Python accepts malformed messages and notes "defects"; this package
// refuses them, because what Python silently does with them hides fields:
//
//   - a line in the header block that is neither a field nor a
//     continuation (Python takes it, and every field after it, as the
//     body), a continuation line before the first field, a field with an
//     empty name, and a "From " envelope line are errors;
//   - the file must be UTF-8 (Python maps other bytes to mojibake, which
//     packaging then sets aside as unparsed);
//   - a single-use field given twice (two Names, two Versions...) is an
//     error, where packaging moves both values to its "unparsed" dict;
//   - a Metadata-Version of major version 3 or more is refused with
//     [ErrUnsupportedVersion], as the specification asks;
//   - MIME headers (Content-Type, Content-Transfer-Encoding) are not
//     interpreted: the body is taken as it is.
//
// When Description is given both as a field and as a body, packaging
// treats both as unparsed; here [Metadata.Description] is the field and
// [Metadata.Body] keeps the body.
//
// # Limits and hashes
//
// A file larger than [DefaultMaxSize] (or [Parser.MaxSize]) is refused
// with [ErrTooLarge]; it is never truncated. [ParseVerified] reads the
// whole file, checks it against the hashes the index gave for it (PEP
// 658/714) before parsing a byte, and refuses a file whose index gave no
// sha256, sha384 or sha512 hash (simpleapi.ErrNoSecureHash) or whose
// content does not match (simpleapi.ErrHashMismatch).
package metadata
