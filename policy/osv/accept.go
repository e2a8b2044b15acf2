package osv

import (
	"fmt"
	"strings"
	"time"
)

// Accept is a decision to accept the risk of one advisory: while it has not
// expired, the advisory does not exclude a version (see DB.Highest and
// Allowlist.Match).
type Accept struct {
	// ID is the advisory's ID or any of its aliases (PYSEC, GHSA, CVE...),
	// compared without regard to case.
	ID string
	// Reason says why the risk is accepted; it is required, for the audit.
	Reason string
	// Expires is when the acceptance stops applying; it is required. From
	// that instant on, the advisory counts again.
	Expires time.Time
}

// Allowlist is a checked set of Accept entries with a clock. A nil
// *Allowlist accepts nothing. It is safe for concurrent use.
type Allowlist struct {
	accepts []Accept
	byID    map[string]int // upper-cased ID -> index in accepts
	now     func() time.Time
}

// NewAllowlist checks accepts and returns an Allowlist that reads the time
// from now (time.Now when nil). Every entry needs an ID, a Reason and an
// Expires time; one ID given twice is refused as ambiguous. Errors are
// *AcceptErrors matching ErrInvalidAccept.
func NewAllowlist(accepts []Accept, now func() time.Time) (*Allowlist, error) {
	if now == nil {
		now = time.Now
	}
	l := &Allowlist{accepts: make([]Accept, len(accepts)), byID: make(map[string]int, len(accepts)), now: now}
	for i, a := range accepts {
		a.ID, a.Reason = strings.TrimSpace(a.ID), strings.TrimSpace(a.Reason)
		bad := func(reason string) error { return &AcceptError{Index: i, ID: a.ID, Reason: reason} }
		switch {
		case checkID(a.ID) != "":
			return nil, bad(checkID(a.ID))
		case a.Reason == "":
			return nil, bad("no reason given")
		case a.Expires.IsZero():
			return nil, bad("no expiry date given")
		}
		k := strings.ToUpper(a.ID)
		if j, dup := l.byID[k]; dup {
			return nil, bad(fmt.Sprintf("the same ID is accepted by entry %d", j))
		}
		l.byID[k] = i
		l.accepts[i] = a
	}
	return l, nil
}

// Match returns the entry that accepts a, matching any of a's IDs, if one
// does and has not expired. When several entries match (one per alias), the
// one expiring last is returned.
func (l *Allowlist) Match(a Advisory) (Accept, bool) {
	if l == nil || a.AdvisoryInfo == nil {
		return Accept{}, false
	}
	now := l.now()
	var best Accept
	found := false
	for _, id := range a.IDs {
		i, ok := l.byID[strings.ToUpper(id)]
		if !ok {
			continue
		}
		e := l.accepts[i]
		if !now.Before(e.Expires) {
			continue
		}
		if !found || e.Expires.After(best.Expires) {
			best, found = e, true
		}
	}
	return best, found
}

// Expired returns the entries whose expiry time has passed, in the order
// given, so that a tool can remind its user to review them.
func (l *Allowlist) Expired() []Accept {
	if l == nil {
		return nil
	}
	now := l.now()
	var out []Accept
	for _, a := range l.accepts {
		if !now.Before(a.Expires) {
			out = append(out, a)
		}
	}
	return out
}
