package resolve_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/resolve"
	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

// The metadata of a served wheel is fetched, verified and parsed; a
// metadata file that no longer matches its hash is refused before parsing.
func TestClientIndexMetadata(t *testing.T) {
	idx := indextest.NewIndex("pypi", indextest.Project("widget", indextest.Release("1.0")))
	srv := indextest.NewServer(idx)
	t.Cleanup(srv.Close)
	src := srv.Source()
	client, err := simpleapi.NewClient()
	require.NoError(t, err)
	ci := resolve.ClientIndex{Client: client}
	ctx := context.Background()

	page, err := ci.ProjectPage(ctx, &src, "widget")
	require.NoError(t, err)
	md, err := ci.Metadata(ctx, &src, &page.Files[0])
	require.NoError(t, err)
	assert.Equal(t, "widget", md.Name)
	assert.Equal(t, "1.0", md.Version)

	// The page lists another hash for the metadata file than its bytes have.
	f := page.Files[0]
	f.CoreMetadata.Hashes = map[string]string{"sha256": "00" + f.CoreMetadata.Hashes["sha256"][2:]}
	_, err = ci.Metadata(ctx, &src, &f)
	assert.ErrorIs(t, err, simpleapi.ErrHashMismatch)
	f.CoreMetadata = simpleapi.CoreMetadata{}
	_, err = ci.Metadata(ctx, &src, &f)
	assert.ErrorContains(t, err, "serves no core metadata")
}
