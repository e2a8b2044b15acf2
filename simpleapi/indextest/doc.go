// Package indextest builds Python package indexes from a short Go
// description and serves them in-process, in the spirit of
// net/http/httptest, so that tools embedding safeindex can test their own
// rules and helpers without a network, a Python install or a hand-made
// page, and rehearse attacks.
//
// A complete test of a build helper's rule:
//
//	func TestRefusesTheAttackersVersion(t *testing.T) {
//		internal := indextest.NewIndex("internal",
//			indextest.Project("acme-billing",
//				indextest.Release("1.2.0", indextest.Wheel(), indextest.Sdist()),
//				indextest.Release("1.3.0", indextest.Yanked("broken build")),
//			))
//		pypi := indextest.NewIndex("pypi", indextest.Attacker("acme-billing", "99.0.0"))
//
//		r := &resolve.Resolver{
//			Policy: &policy.Policy{Sources: indextest.Sources(internal, pypi)},
//			Index:  indextest.NewMemory(internal, pypi), // no sockets
//		}
//		res, err := r.Resolve(t.Context(), []resolve.Requirement{{Name: "acme-billing"}})
//		require.NoError(t, err)
//		d := res.Decisions[0]
//		require.NoError(t, d.Err)
//		assert.Equal(t, "1.2.0", d.Version.String()) // 1.3.0 is yanked, 99.0.0 is pypi's
//		assert.Equal(t, policy.CodeShadowHigher, d.Findings[0].Code)
//	}
//
// # Describing an index
//
// NewIndex takes the index's name (the policy source it stands for) and
// Options: Project, which takes Release, which takes Wheel, Sdist and File.
// A Release without files has one py3-none-any wheel. File attributes —
// UploadedAt, NoUploadTimes, RequiresPython, Yanked, NotYanked, Hashes,
// NoMetadata, Provenance, Tampered, Variant — may be given at any level
// and apply to every file below, a lower level overriding a higher one.
// Status (PEP 792), Tracks and AlternateLocations (PEP 708) describe a
// project. Attacker adds an attacker's copy of a name.
//
// Files have real bytes: a wheel is a valid PEP 427 archive with
// {name}/__init__.py and {name}-{version}.dist-info/METADATA, WHEEL and
// RECORD (with its sha256 entries), which pip installs; an sdist is a PEP
// 625 .tar.gz with PKG-INFO, pyproject.toml and the package; a File holds
// a few bytes. Archives are built with fixed times and no compression, so
// the same description gives the same bytes, hashes and sizes on every
// run and every Go version. Pages list each file's real sha256 (or the
// algorithms chosen with Hashes), its size, upload time (DefaultUploadTime
// unless set), Requires-Python, yank, PEP 658 core metadata (every wheel
// has a .metadata file unless NoMetadata) and PEP 740 provenance URL.
// Index.File returns a file's bytes and hashes, to pin them in a lock.
//
// # Serving it
//
// NewServer (NewTLSServer for https) serves an Index on 127.0.0.1 with
// PyPI's URL layout and page
// shapes (API version 1.4): PEP 503 HTML and PEP 691 JSON written by
// simpleapi.Writer and chosen by content negotiation with q-values
// (Negotiate, after simpleapi.NegotiateOffers), project names in other
// spellings redirected to their normalized form, files and their
// .metadata under /files/. Index.ProjectPage, and NewMemory for several
// indexes, implement the interface package resolve reads indexes through,
// answering the pages, and the errors, that a simpleapi.Client reading the
// Server would get: only an absent project (or a 404/410 fault) matches
// simpleapi.ErrNotFound. Index.WriteDir writes the static name/index.html
// layout that pip reads as a file:// index or through any static web
// server.
//
// # Faults and attacks
//
// One option each, for the whole index (given to NewIndex) or one
// project: HTTPStatus (5xx, 401/403, 404/410), Timeout (a Server holds
// the request until the client gives up or the Server is closed, so a test
// never hangs), Truncated (a body cut after half its Content-Length), Slow,
// and for the whole index RequireAuth and HTMLOnly. Attacks: Attacker (an
// attacker's copy of a name, typically with a higher version on the public
// index), Tampered (bytes that no longer match the listed hash, at the same
// size), Variant (same filename, other bytes, as on a rebuilt mirror),
// NoUploadTimes (an index whose age cannot be checked).
//
// # Misuse
//
// A description that cannot be right (an option at the wrong level, an
// invalid project name, two files of the same name) panics with a message
// naming the option: it is a mistake in the test. Everything an Index
// serves is valid unless a fault or attack option says otherwise.
package indextest
