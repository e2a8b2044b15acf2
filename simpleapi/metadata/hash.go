package metadata

import (
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/safeindex/safeindex/simpleapi"
)

// hashAlgorithms are the algorithms checked, strongest first (see
// simpleapi.NewHash).
func hashAlgorithms() [6]string {
	return [...]string{"sha512", "sha384", "sha256", "sha224", "sha1", "md5"}
}

// checkHashes fails unless hashes holds one of simpleapi.SecureHashes.
func (p *Parser) checkHashes(hashes map[string]string) error {
	for _, a := range simpleapi.SecureHashes() {
		if _, ok := lookupHash(hashes, a); ok {
			return nil
		}
	}
	given := make([]string, 0, len(hashes))
	for k := range hashes {
		given = append(given, k)
	}
	slices.Sort(given)
	msg := "the index gave no hash for the file"
	if len(given) > 0 {
		msg = "the index gave only " + strings.Join(given, ", ")
	}
	return &HashError{Source: p.source(), Msg: msg, Err: simpleapi.ErrNoSecureHash}
}

// verify checks data against every hash of a known algorithm.
func (p *Parser) verify(data []byte, hashes map[string]string) error {
	var bad []string
	for _, a := range hashAlgorithms() {
		want, ok := lookupHash(hashes, a)
		if !ok {
			continue
		}
		h := simpleapi.NewHash(a)
		h.Write(data)
		got := h.Sum(nil)
		wantBytes, err := hex.DecodeString(want)
		if err != nil || len(wantBytes) != len(got) {
			bad = append(bad, fmt.Sprintf("the index's %s digest %s is not %d hex bytes", a, quoteLine([]byte(want)), len(got)))
			continue
		}
		if subtle.ConstantTimeCompare(got, wantBytes) != 1 {
			bad = append(bad, fmt.Sprintf("%s is %x, the index says %s", a, got, strings.ToLower(want)))
		}
	}
	if bad != nil {
		return &HashError{Source: p.source(), Msg: strings.Join(bad, "; "), Err: simpleapi.ErrHashMismatch}
	}
	return nil
}

// lookupHash finds an algorithm's digest, the key compared without regard
// to case.
func lookupHash(hashes map[string]string, alg string) (string, bool) {
	if v, ok := hashes[alg]; ok {
		return v, true
	}
	for k, v := range hashes {
		if strings.EqualFold(k, alg) {
			return v, true
		}
	}
	return "", false
}
