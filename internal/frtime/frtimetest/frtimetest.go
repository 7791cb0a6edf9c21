// Package frtimetest gives tests a clock they move themselves and Paris
// times written as they read.
package frtimetest

import (
	"sync"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime"
)

// Clock is a time source safe for concurrent use that moves only when told.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// Paris reads "2006-01-02 15:04" in Paris time; a malformed value is a bug
// in the test and panics.
func Paris(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, frtime.Paris)
	if err != nil {
		panic(err)
	}
	return t
}
