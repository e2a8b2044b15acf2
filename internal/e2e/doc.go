// Package e2e holds end-to-end tests that run the real pip against
// package indexes served on 127.0.0.1 by package indextest, with real
// wheels and sdists, to show that what safeindex says about pip is true:
//
//   - pip with --index-url INTERNAL --extra-index-url PUBLIC merges the two
//     indexes and installs an attacker's higher version of an internal name
//     (dependency confusion is not hypothetical);
//   - `pip install --require-hashes --no-deps -r` of the requirements file
//     resolve.WriteRequirements writes installs exactly the files the
//     policy chose, even with both indexes configured, and fails when a
//     file was swapped upstream, whether the index's page was updated to
//     match the new bytes or not.
//
// The tests need `python3 -m pip` (pip 23.2 or later) and skip, saying so,
// when it is missing. They use no network besides 127.0.0.1: each pip runs
// with --no-cache-dir, --disable-pip-version-check and --no-input, with
// PIP_CONFIG_FILE=/dev/null and every other PIP_* and proxy variable
// cleared, so that a developer's pip configuration cannot change what is
// tested, and under a deadline. Installs go to --target folders (and
// downloads to --dest folders) in the test's temporary directory.
//
// The package holds tests only.
package e2e
