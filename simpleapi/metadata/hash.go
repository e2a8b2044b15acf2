package metadata

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"hash"
	"slices"
	"strings"

	"github.com/safeindex/safeindex/simpleapi"
)

// hashAlgorithms are the algorithms checked, strongest first; the first
// three are the secure ones, one of which must be given.
var hashAlgorithms = [...]struct {
	name string
	new  func() hash.Hash
}{
	{"sha512", sha512.New},
	{"sha384", sha512.New384},
	{"sha256", sha256.New},
	{"sha224", sha256.New224},
	{"sha1", sha1.New},
	{"md5", md5.New},
}

const secureHashes = 3

// checkHashes fails unless hashes holds a secure algorithm.
func (p *Parser) checkHashes(hashes map[string]string) error {
	for _, a := range hashAlgorithms[:secureHashes] {
		if _, ok := lookupHash(hashes, a.name); ok {
			return nil
		}
	}
	algs := make([]string, 0, len(hashes))
	for k := range hashes {
		algs = append(algs, k)
	}
	slices.Sort(algs)
	msg := "the index gave no hash for the file"
	if len(algs) > 0 {
		msg = "the index gave only " + strings.Join(algs, ", ")
	}
	return &HashError{Source: p.source(), Msg: msg, Err: simpleapi.ErrNoSecureHash}
}

// verify checks data against every hash of a known algorithm.
func (p *Parser) verify(data []byte, hashes map[string]string) error {
	var bad []string
	for _, a := range hashAlgorithms {
		want, ok := lookupHash(hashes, a.name)
		if !ok {
			continue
		}
		h := a.new()
		h.Write(data)
		got := h.Sum(nil)
		wantBytes, err := hex.DecodeString(want)
		if err != nil || len(wantBytes) != len(got) {
			bad = append(bad, fmt.Sprintf("the index's %s digest %s is not %d hex bytes", a.name, quoteLine([]byte(want)), len(got)))
			continue
		}
		if subtle.ConstantTimeCompare(got, wantBytes) != 1 {
			bad = append(bad, fmt.Sprintf("%s is %x, the index says %s", a.name, got, strings.ToLower(want)))
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
