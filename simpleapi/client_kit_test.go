package simpleapi_test

// Client tests over indexes described with the indextest kit.

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/safeindex/safeindex/simpleapi"
	"github.com/safeindex/safeindex/simpleapi/indextest"
)

func TestKitClientCredentialsFromURL(t *testing.T) {
	srv := indextest.NewServer(indextest.NewIndex("private", indextest.RequireAuth("ci", "s3cret-token"),
		indextest.Project("acme-billing", indextest.Release("1.0"))))
	defer srv.Close()
	c := newClient(t, nil)
	ctx := context.Background()
	withCreds := srv.Source().URL
	page, err := c.ProjectPage(ctx, withCreds, "acme-billing")
	require.NoError(t, err)
	rc, err := c.Open(ctx, withCreds, &page.Files[0])
	require.NoError(t, err, "the file is on the index's origin: the credentials go with it")
	_, err = io.ReadAll(rc)
	rc.Close()
	require.NoError(t, err)

	wrong := strings.Replace(withCreds, "s3cret-token", "wrong-token", 1)
	_, err = c.ProjectPage(ctx, wrong, "acme-billing")
	assert.ErrorIs(t, err, simpleapi.ErrUnauthorized)
	assert.NotErrorIs(t, err, simpleapi.ErrNotFound, "a locked index must not look empty")
	assert.NotContains(t, err.Error(), "wrong-token")
}

func TestKitClientSlowIndex(t *testing.T) {
	srv := indextest.NewServer(indextest.NewIndex("slow", indextest.Slow(time.Minute), indextest.Project("six", indextest.Release("1.17.0"))))
	defer srv.Close()
	c := newClient(t, nil, simpleapi.WithRetries(1, 0, 0, 0), simpleapi.WithTimeouts(0, 100*time.Millisecond, 0))
	start := time.Now()
	_, err := c.ProjectPage(context.Background(), srv.IndexURL(), "six")
	assert.ErrorIs(t, err, simpleapi.ErrTimeout)
	assert.Less(t, time.Since(start), 10*time.Second)
}
