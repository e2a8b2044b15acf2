package main

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/policy"
	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// indexes are an internal index and a public one where an attacker
// published the internal name with a higher version, and a typo of it.
func indexes() (internal, public *indextest.Index) {
	internal = indextest.NewIndex("internal",
		indextest.Project("acme-billing", indextest.Release("1.2.0"), indextest.Release("1.3.0")))
	public = indextest.NewIndex("public",
		indextest.Attacker("acme-billing", "99.0.0"),
		indextest.Attacker("acme-biling", "1.0.0"),
		indextest.Project("six", indextest.Release("1.16.0", indextest.Wheel(indextest.Tag("py2.py3-none-any")))))
	return internal, public
}

// Example_run runs the program against in-memory indexes: the claimed
// name comes from the internal index whatever the public one offers.
func Example_run() {
	internal, public := indexes()
	sources := indextest.Sources(internal, public)
	sources[0].Claims = []string{"acme-*"}
	err := run(context.Background(), &stdout{}, &policy.Policy{Sources: sources}, indextest.NewMemory(internal, public),
		[]string{"acme-billing>=1.2", "acme-biling", "six"})
	fmt.Println("error:", err != nil)
	// Output:
	// acme-billing 1.3.0 from internal: acme_billing-1.3.0-py3-none-any.whl
	//   critical shadow-higher: acme-billing is also on "public" with higher versions (version 99.0.0) than on "internal" (2 versions, 1.2.0 to 1.3.0): the signature of a dependency confusion attack; "public" is not used for it
	// refused acme-biling: acme-biling: claimed to source "internal", which does not have it; other sources are not consulted for it
	// six 1.16.0 from public: six-1.16.0-py2.py3-none-any.whl
	// error: true
}

// stdout writes to the example's output.
type stdout struct{}

func (stdout) Write(p []byte) (int, error) { return fmt.Print(string(p)) }

// TestOverHTTP runs the program as main does, with a ClientIndex reading
// indexes served on 127.0.0.1.
func TestOverHTTP(t *testing.T) {
	internal, public := indexes()
	isrv, psrv := indextest.NewServer(internal), indextest.NewServer(public)
	defer isrv.Close()
	defer psrv.Close()
	p := &policy.Policy{Sources: []policy.Source{
		{Name: "internal", URL: isrv.IndexURL(), Claims: []string{"acme-*"}},
		{Name: "public", URL: psrv.IndexURL()},
	}}
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out, p, resolve.ClientIndex{}, []string{"acme-billing==1.2.0", "six"}))
	assert.Equal(t, "acme-billing 1.2.0 from internal: acme_billing-1.2.0-py3-none-any.whl\n"+
		`  critical shadow-higher: acme-billing is also on "public" with higher versions (version 99.0.0) than on "internal" (2 versions, 1.2.0 to 1.3.0): the signature of a dependency confusion attack; "public" is not used for it`+"\n"+
		"six 1.16.0 from public: six-1.16.0-py2.py3-none-any.whl\n", out.String())

	// A bad requirement, and a policy without an internal URL (main's
	// default when SAFEINDEX_INTERNAL is unset), are errors.
	assert.Error(t, run(t.Context(), &out, p, resolve.ClientIndex{}, []string{"six>>1"}))
	p.Sources[0].URL = ""
	assert.ErrorIs(t, run(t.Context(), &out, p, resolve.ClientIndex{}, []string{"six"}), policy.ErrInvalidPolicy)
}
