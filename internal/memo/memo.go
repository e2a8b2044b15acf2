// Package memo runs a function once per key and keeps the result: the
// per-(source, name) page fetches of one resolution or one audit, where
// every requirement that names a project must see the same answer and the
// index must be asked once.
package memo

import (
	"context"
	"errors"
	"sync"
)

// Map holds one call per key. The zero value is ready; a Map must not be
// copied after first use.
type Map[K comparable, V any] struct {
	mu    sync.Mutex
	calls map[K]*call[V]
}

type call[V any] struct {
	done chan struct{}
	val  V
	err  error
}

// Do returns the result of fn for key. The first caller for key runs fn;
// the others wait for its result, or return ctx's error when their ctx
// ends first. The result, error included, is kept for every later call.
// If fn panics, the panic reaches the first caller, and every other
// caller gets an error.
func (m *Map[K, V]) Do(ctx context.Context, key K, fn func() (V, error)) (V, error) {
	m.mu.Lock()
	c, ok := m.calls[key]
	if !ok {
		if m.calls == nil {
			m.calls = map[K]*call[V]{}
		}
		c = &call[V]{done: make(chan struct{})}
		m.calls[key] = c
	}
	m.mu.Unlock()
	if !ok {
		returned := false
		defer func() {
			if !returned {
				// fn panicked: the panic goes on up this caller's stack,
				// and the waiters and later callers get an error, not a
				// zero value that looks like success.
				c.err = errPanicked
			}
			close(c.done)
		}()
		c.val, c.err = fn()
		returned = true
		return c.val, c.err
	}
	select {
	case <-c.done:
		return c.val, c.err
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}

// errPanicked is the result of a call whose fn panicked.
var errPanicked = errors.New("memo: the call for this key panicked")

// Done returns the result for key when a call for key has finished; ok is
// false when there was none or it is still running.
func (m *Map[K, V]) Done(key K) (val V, err error, ok bool) {
	m.mu.Lock()
	c := m.calls[key]
	m.mu.Unlock()
	if c == nil {
		return val, nil, false
	}
	select {
	case <-c.done:
		return c.val, c.err, true
	default:
		return val, nil, false
	}
}

// Has reports whether a call for key was made or is under way.
func (m *Map[K, V]) Has(key K) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls[key] != nil
}
