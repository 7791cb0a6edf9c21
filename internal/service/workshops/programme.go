package workshops

import (
	"context"
	"sort"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/vocab"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// ProgrammeFilter narrows the public programme; values outside their
// vocabulary are ignored.
type ProgrammeFilter struct {
	StructureID int64
	Level       string
	Theme       string
	Audience    string
	PlaceID     int64
}

// Programme lists the published workshops with a session to come.
func (s *Service) Programme(ctx context.Context, f ProgrammeFilter) ([]workshop.Workshop, error) {
	pf := workshopstore.PublishedFilter{StructureID: f.StructureID, WorkshopFilter: workshopstore.WorkshopFilter{EndsAfter: s.now(), PlaceID: f.PlaceID}}
	if vocab.List(activity.Levels).Has(f.Level) {
		pf.Level = f.Level
	}
	if vocab.List(activity.Themes).Has(f.Theme) {
		pf.Theme = f.Theme
	}
	if workshop.Audiences.Has(f.Audience) {
		pf.Audience = f.Audience
	}
	return s.st.PublishedWorkshops(ctx, pf)
}

// Publisher is a structure that publishes workshops.
type Publisher struct {
	ID   int64
	Name string
}

// Publishers lists the structures with published workshops to come, by name.
func (s *Service) Publishers(ctx context.Context) ([]Publisher, error) {
	all, err := s.st.PublishedWorkshops(ctx, workshopstore.PublishedFilter{WorkshopFilter: workshopstore.WorkshopFilter{EndsAfter: s.now()}})
	seen := map[int64]bool{}
	var out []Publisher
	for _, w := range all {
		if !seen[w.StructureID] {
			seen[w.StructureID] = true
			out = append(out, Publisher{ID: w.StructureID, Name: w.StructureName})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// Published returns a workshop of the public programme.
func (s *Service) Published(ctx context.Context, id int64) (workshop.Workshop, error) {
	return s.st.PublishedWorkshop(ctx, id)
}

// Dated is one session of the monthly programme.
type Dated struct {
	Workshop workshop.Workshop
	Session  workshop.Session
	Number   int // in its cycle, from 1
}

// Month is the printable programme of a month: its published sessions by
// start, of one structure or of every one.
type Month struct {
	Start         time.Time // the first day, midnight in Paris
	StructureName string
	Sessions      []Dated
}

// MonthProgramme gathers the published sessions of the month holding day.
func (s *Service) MonthProgramme(ctx context.Context, day time.Time, structureID int64) (Month, error) {
	p := day.In(frtime.Paris)
	m := Month{Start: time.Date(p.Year(), p.Month(), 1, 0, 0, 0, 0, frtime.Paris)}
	end := m.Start.AddDate(0, 1, 0)
	list, err := s.st.PublishedWorkshops(ctx, workshopstore.PublishedFilter{StructureID: structureID, WorkshopFilter: workshopstore.WorkshopFilter{EndsAfter: m.Start, StartsBefore: end}})
	if err != nil {
		return m, err
	}
	if structureID != 0 {
		st, err := s.st.Structure(ctx, structureID)
		if err != nil {
			return m, err
		}
		m.StructureName = st.Name
	}
	for _, w := range list {
		for i, se := range w.Sessions {
			if !se.Start.Before(m.Start) && se.Start.Before(end) {
				m.Sessions = append(m.Sessions, Dated{Workshop: w, Session: se, Number: i + 1})
			}
		}
	}
	sort.SliceStable(m.Sessions, func(i, j int) bool { return m.Sessions[i].Session.Start.Before(m.Sessions[j].Session.Start) })
	return m, nil
}

// Suggestion is a workshop offered to a person after an evaluation: the
// actor's structure's own, or one published in its territory.
type Suggestion struct {
	Workshop workshop.Workshop
	Own      bool
	Next     time.Time // its next session
}

// Suggest lists up to limit workshops of a level with a session to come,
// the structure's first, then the published ones of its territory.
func (s *Service) Suggest(ctx context.Context, a *account.Actor, level string, limit int) ([]Suggestion, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return nil, err
	}
	return s.SuggestFor(ctx, a.Scope(), a.Membership.StructureTerritoryID, level, limit)
}

// SuggestFor is Suggest for another service that has checked the actor's
// rights itself (the evaluation suggests workshops to the reception): the
// structure's own workshops first, then those published in its territory.
func (s *Service) SuggestFor(ctx context.Context, sc scope.Structure, territoryID int64, level string, limit int) ([]Suggestion, error) {
	now := s.now()
	own, err := s.st.ListWorkshops(ctx, sc, workshopstore.WorkshopFilter{Level: level, EndsAfter: now})
	if err != nil {
		return nil, err
	}
	var out []Suggestion
	seen := map[int64]bool{}
	add := func(list []workshop.Workshop, isOwn bool) {
		for _, w := range list {
			if up := w.Upcoming(now); len(out) < limit && !seen[w.ID] && len(up) > 0 {
				seen[w.ID] = true
				out = append(out, Suggestion{Workshop: w, Own: isOwn, Next: up[0].Start})
			}
		}
	}
	add(own, true)
	if territoryID != 0 && len(out) < limit {
		others, err := s.st.PublishedWorkshops(ctx, workshopstore.PublishedFilter{TerritoryID: territoryID, WorkshopFilter: workshopstore.WorkshopFilter{Level: level, EndsAfter: now}})
		if err != nil {
			return nil, err
		}
		add(others, false)
	}
	return out, nil
}
