// Package simpleapi reads Python package indexes through the Simple
// Repository API: project names, distribution filenames, project and root
// pages in both wire formats, and (in client.go) a hardened HTTP client.
//
// Everything an index sends is untrusted. The parsers never panic on any
// input, refuse pages that exceed the caps in [Limits] rather than
// truncating them, never drop a file or link silently, and report every
// problem with the page URL (secrets redacted), the line and what was
// wrong. The specifications are cited by PEP number; the living versions
// are on packaging.python.org under "Simple repository API" and "Name
// normalization".
//
// # Names
//
// A project name is valid when it matches, case-insensitively,
// ^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$ ([ValidateName]). The check
// runs on the raw bytes, before any case folding: under Unicode rules
// U+212A KELVIN SIGN lower-cases to "k", and a look-alike name must never
// normalize onto a real one. [NormalizeName] applies PEP 503: runs of
// '-', '_' and '.' become one '-', and ASCII letters are lower-cased.
// Unlike pypa/packaging's canonicalize_name, non-ASCII letters are left
// alone, for the same reason.
//
// # Distribution filenames
//
// [ParseFilename] reads wheel names (PEP 427 and the binary distribution
// format specification: name, version, optional build tag, compressed tag
// sets expanded into [Tag]s) with the algorithm of pypa/packaging 26.x
// parse_wheel_filename, and sdist names: {name}-{version}.tar.gz per PEP
// 625, .zip, and the legacy archives pip unpacks (.tar.bz2, .tbz, .tar.xz,
// .txz, .tar.lzma, .tar.lz, .tlz, .tgz, .tar). Legacy sdist names are
// ambiguous when the name or version holds a hyphen, so they are split
// against the project name the page was fetched for, as pip does (the
// shortest hyphen-delimited prefix that normalizes to it; a trailing
// "-pyX.Y" is cut off); without a project name the split is at the last
// hyphen, as in packaging's parse_sdist_filename. Eggs are recognized and
// parsed; bdist_wininst installers (.exe) are recognized only. A filename
// whose version is not PEP 440 gives its parts with an error matching
// pep440.ErrInvalidVersion, so that a caller can keep or report it.
// testdata/filename_vectors.jsonl holds packaging's answers for the
// differential test.
//
// # Pages
//
// A project page becomes a [ProjectPage] with its [File]s whatever the
// wire format; [ParseProjectPage] picks the parser from the Content-Type
// ([FormatOf]): application/vnd.pypi.simple.v1+json and .latest+json are
// JSON (PEP 691); application/vnd.pypi.simple.v1+html, .latest+html and
// text/html are HTML (PEP 503). Anything else is refused with
// [ErrUnsupportedContentType] (a login page, a captive portal), another
// Simple API major version with [ErrUnsupportedAPIVersion]. Root pages
// become a [RootPage] ([ParseRootPage]).
//
// Relative URLs resolve against the page URL the caller passes, which must
// be the URL after redirects. File URLs lose their fragment; hashes move
// to [File.Hashes], keyed by lower-case algorithm with lower-case hex
// values.
//
// # HTML (PEP 503, 592, 629, 658, 714, 740, 792, 708)
//
// Pages are read with golang.org/x/net/html's tokenizer, not a tree
// builder, as a stream. Every <a href> whose URL names a file (a non-empty
// last path segment) over http, https or file becomes a File named by
// that segment, percent-decoded; other anchors (autoindex "../" and sort
// links like "?C=N;O=D", directories, mailto: links) are listed in
// [ProjectPage.Ignored]. Unclosed <a> tags end at the next <a>. Attribute
// values are unescaped exactly once, and a repeated attribute keeps its
// first value, as HTML says. The first <base href> is resolved against the
// page URL and applies to every link on the page. The URL fragment gives
// hashes: every '&'-separated md5, sha1, sha224, sha256, sha384 or sha512
// parameter. The attributes read are data-requires-python, data-yanked
// (its presence alone is a yank, PEP 592; its value is the reason),
// data-core-metadata, or data-dist-info-metadata when it is absent ("true"
// or "<hashname>=<hexdigest>", PEP 658/714), data-provenance (PEP 740) and
// data-gpg-sig. <meta> tags give pypi:repository-version (PEP 629),
// pypi:project-status and pypi:project-status-reason (PEP 792), and the
// repeated pypi:tracks and pypi:alternate-locations (also spelled
// pypi-alternate-locations) of PEP 708; PyPI's trailing <!--SERIAL n-->
// gives the serial, and the <title> "Links for NAME" the name. The input
// must be UTF-8.
//
// # JSON (PEP 691, 700, 714, 740, 792, 752)
//
// JSON is read by a strict scanner of this package (RFC 8259: no
// comments, no trailing commas, valid UTF-8, no lone surrogates) that also
// refuses duplicate object keys, which encoding/json would resolve
// silently in favour of the last one. Unknown keys are ignored and null
// counts as an absent key, as PEP 691 asks. A file needs "filename" and
// "url"; "hashes" may be missing (PEP 691 says it must be present, even
// empty). "yanked" is a boolean or a reason, and "" is not a yank (PEP
// 592). Core metadata comes from "core-metadata", or when that key is
// absent "dist-info-metadata", or PyPI's "data-dist-info-metadata";
// "core-metadata": false is final. "size" must be a non-negative integer
// that fits an int64, "upload-time" an RFC 3339 time. The status is read
// from "project-status".status, then .state (PEP 792 uses both), then the
// older meta.project-status. PEP 708 tracks live in meta.tracks (a single
// string is accepted, as in an early draft), alternate-locations at the
// top level; PEP 752 namespaces at the top level.
//
// # API versions (PEP 629)
//
// A page without a version is 1.0. A version must be MAJOR.MINOR; major 1
// is the only one supported, and anything else fails the whole page with
// [ErrUnsupportedAPIVersion]. A newer minor version than
// [SupportedAPIVersion] (1.5) is read, and
// [ProjectPage.NewerAPIVersion] reports it so that callers can warn.
// HTML is frozen at 1.4 (PEP 833): features of 1.5 and later exist only
// in JSON.
//
// # Trust
//
// Nothing on a page is verified here. PEP 708 was rejected in 2026 and
// almost no index serves its fields; Tracks and AlternateLocations are
// claims by the index, for a policy to weigh as permissions that relax a
// default deny, never as reasons to trust. Provenance URLs are kept as
// served and must be checked (absolute https, PEP 740) before use.
//
// # Differences from pip
//
// The parsers agree with pip 23.2.1's link parser on the corpus in
// testdata/pages and on generated PyPI-shaped pages (TestPipDifferential),
// except where pip departs from the specifications:
//   - a bare data-yanked attribute (no value) is a yank (PEP 592: presence
//     means yanked); pip reads it as not yanked;
//   - a relative <base href> is resolved against the page URL (HTML); pip
//     joins links against it as is and gets relative URLs;
//   - spaces around an href are stripped (HTML); pip keeps trailing ones;
//   - a repeated attribute keeps its first value (HTML); pip keeps the last;
//   - every hash in the URL fragment is kept; pip keeps the first;
//   - in JSON, the "filename" key names the file; pip uses the URL's last
//     segment, and when "url" carries a hash fragment pip lets it override
//     "hashes", while here "hashes" wins and the fragment only adds
//     algorithms it lacks;
//   - JSON with duplicate keys or lone surrogate escapes is refused;
//     Python's json module accepts both (keeping the last duplicate);
//     values of the wrong type are errors with a position, where pip
//     fails or guesses;
//   - URLs are not re-quoted: pip re-encodes paths (a '+' becomes %2B).
//
// # Writing pages
//
// WriteProjectPage and WriteRootPage write the model back as PEP 503 HTML
// or PEP 691 JSON in PyPI's shape, deterministically, so that a proxy or a
// test server serves what ParseProjectPage reads back; Negotiate chooses
// the format from a request's Accept header as PyPI does (q-values,
// latest+ types as v1). A page the format cannot carry is refused with
// ErrUnwritable rather than written wrong.
//
// # Client
//
// [Client] reads indexes over HTTP(S), from file:// URLs and from plain
// directories. An index is named by its base URL ("https://pypi.org/simple/");
// a project page is requested at <base><normalized-name>/ (PEP 503: never
// relying on a server redirect to normalize) with the PEP 691 Accept header
// [Accept], and the response must carry a Simple API content type: anything
// else (a login page, a captive portal) is an error. Relative links resolve
// against the URL after redirects.
//
// The client fails closed. Only 404 and 410, or a missing project directory,
// mean "this index does not have the project" ([ErrNotFound], which also
// matches [fs.ErrNotExist]); every other failure, including 401/403
// ([ErrUnauthorized]), 5xx, timeouts ([ErrTimeout]), refused redirects
// ([ErrRedirect]), oversized pages ([ErrLimitExceeded]) and pages that do not
// parse ([ErrInvalidPage]), is an [*IndexError] naming the index, the project
// and the cause, so a resolver cannot mistake a broken or locked private
// index for an absent project.
//
// Credentials come from the index URL's userinfo and from netrc ($NETRC or
// ~/.netrc, see [Netrc]). Redirects are followed by the client itself, hop by
// hop: userinfo goes only to the index's own scheme, host and port, a netrc
// entry only to its host, nothing follows a redirect to another host, and
// https→http is refused. No credential appears in an error, a log line
// (URLs are redacted) or the cache.
//
// Limits (all configurable): pages up to 64 MiB after decompression, 30 s for
// response headers, 30 s without body progress, 2 min per attempt, 10
// redirects, 4 attempts with jittered exponential backoff for connection
// errors, 5xx and 429 (Retry-After honoured up to 60 s).
//
// A directory index uses the static layout <dir>/<name>/index.html (or
// index.json). [Cache] adds an on-disk HTTP cache shared safely by several
// processes: Cache-Control, ETag and Last-Modified revalidation, checksummed
// entries, and an offline mode ([WithOffline]).
//
// [Client.Open] streams a distribution file, verifying its sha256/384/512
// (and any other listed) hash and size before reporting EOF.
package simpleapi
