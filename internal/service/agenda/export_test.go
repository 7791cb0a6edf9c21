package agenda

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
)

// FreeSlotsOnline computes a motive's free slots for residents over any
// range, without the limit a request has (benchmarks).
func (s *Service) FreeSlotsOnline(ctx context.Context, m agenda.Motive, from, to time.Time) (Slots, error) {
	return s.freeSlots(ctx, m, 0, from, to, byResident)
}
