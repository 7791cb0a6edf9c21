// Package retention applies the retention durations in force: once a day
// inside the server (one instance at a time) and on demand from the command
// line, with a dry run that changes nothing.
package retention

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/retention"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/mandatestore"
)

// Every is how often the server applies the retention.
const Every = 24 * time.Hour

// Service applies a retention policy.
type Service struct {
	st     *store.Store
	policy retention.Policy
	now    func() time.Time
	holder string

	mu   sync.Mutex
	last time.Time

	afterErase func(context.Context) (int, error)
}

// AfterErase sets what runs once a real run is committed: the document
// safe removes the erased persons' files from disk (what fails there is
// retried by the safe's periodic work).
func (s *Service) AfterErase(fn func(context.Context) (int, error)) { s.afterErase = fn }

// New returns the service applying policy (the zero policy: the defaults).
func New(st *store.Store, policy retention.Policy, now func() time.Time) *Service {
	if policy == (retention.Policy{}) {
		policy = retention.Default()
	}
	if now == nil {
		now = time.Now
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &Service{st: st, policy: policy, now: now, holder: "retention-" + hex.EncodeToString(b)}
}

// Policy is the retention in force.
func (s *Service) Policy() retention.Policy { return s.policy }

// Run applies the retention now to every structure (a platform operation);
// dry says what it would do and changes nothing.
func (s *Service) Run(ctx context.Context, a *account.Actor, dry bool) (retention.Report, error) {
	if err := a.Require(account.PermManagePlatform); err != nil {
		return retention.Report{}, err
	}
	return s.run(ctx, dry)
}

func (s *Service) run(ctx context.Context, dry bool) (retention.Report, error) {
	now := s.now()
	c := s.policy.At(now)
	lines, err := s.st.ApplyRetention(ctx, c, dry, now)
	if err != nil {
		return retention.Report{DryRun: dry, At: now, Lines: lines}, err
	}
	more, err := mandatestore.New(s.st).ApplyRetention(ctx, c, dry, now)
	if err == nil && !dry && s.afterErase != nil {
		_, _ = s.afterErase(ctx)
	}
	return retention.Report{DryRun: dry, At: now, Lines: append(lines, more...)}, err
}

// RunDaily applies the retention if this instance has not in the last day
// and no other instance holds the day's lease; it reports whether it ran.
func (s *Service) RunDaily(ctx context.Context) (retention.Report, bool, error) {
	now := s.now()
	s.mu.Lock()
	due := s.last.IsZero() || now.Sub(s.last) >= Every
	s.mu.Unlock()
	if !due {
		return retention.Report{}, false, nil
	}
	// The lease is kept for the day: another instance starting meanwhile
	// does not run it again.
	got, err := s.st.TakeLease(ctx, "retention", s.holder, now.Add(Every-time.Minute), now)
	if err != nil || !got {
		return retention.Report{}, false, err
	}
	rep, err := s.run(ctx, false)
	if err == nil {
		s.mu.Lock()
		s.last = now
		s.mu.Unlock()
	}
	return rep, err == nil, err
}
