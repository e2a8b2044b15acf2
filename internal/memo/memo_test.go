package memo

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDoRunsOncePerKey(t *testing.T) {
	var m Map[string, int]
	var runs atomic.Int32
	release, started := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	results := make([]int, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _ = m.Do(context.Background(), "k", func() (int, error) {
				runs.Add(1)
				once.Do(func() { close(started) })
				<-release
				return 42, nil
			})
		}()
	}
	<-started
	assert.True(t, m.Has("k"))
	close(release)
	wg.Wait()
	assert.Equal(t, int32(1), runs.Load())
	for _, r := range results {
		assert.Equal(t, 42, r)
	}
	v, err := m.Do(context.Background(), "other", func() (int, error) { return 7, nil })
	require.NoError(t, err)
	assert.Equal(t, 7, v)
	assert.Equal(t, int32(1), runs.Load())
}

func TestDoKeepsErrors(t *testing.T) {
	var m Map[int, string]
	boom := errors.New("boom")
	_, err := m.Do(context.Background(), 1, func() (string, error) { return "", boom })
	require.ErrorIs(t, err, boom)
	_, err = m.Do(context.Background(), 1, func() (string, error) {
		t.Fatal("ran twice")
		return "", nil
	})
	require.ErrorIs(t, err, boom)
	_, gotErr, ok := m.Done(1)
	assert.True(t, ok)
	assert.ErrorIs(t, gotErr, boom)
}

func TestWaiterLeavesWhenItsContextEnds(t *testing.T) {
	var m Map[string, int]
	release := make(chan struct{})
	started := make(chan struct{})
	go m.Do(context.Background(), "k", func() (int, error) {
		close(started)
		<-release
		return 1, nil
	})
	<-started
	_, _, ok := m.Done("k")
	assert.False(t, ok, "a running call is not done")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := m.Do(ctx, "k", func() (int, error) { return 2, nil })
	require.ErrorIs(t, err, context.Canceled)
	close(release)
	v, err := m.Do(context.Background(), "k", func() (int, error) { return 3, nil })
	require.NoError(t, err)
	assert.Equal(t, 1, v)
}

func TestZeroValue(t *testing.T) {
	var m Map[string, int]
	assert.False(t, m.Has("k"))
	_, _, ok := m.Done("k")
	assert.False(t, ok)
}

// TestPanic: a call whose fn panics passes the panic to its caller and
// leaves an error, not a zero value that looks like success, for later
// callers.
func TestPanic(t *testing.T) {
	var m Map[string, int]
	assert.Panics(t, func() {
		_, _ = m.Do(context.Background(), "k", func() (int, error) { panic("boom") })
	})
	v, err := m.Do(context.Background(), "k", func() (int, error) { return 1, nil })
	assert.Zero(t, v)
	assert.ErrorIs(t, err, errPanicked)
}
