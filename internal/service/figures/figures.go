// Package figures holds the use cases of the activity figures: the
// dashboard of a structure or of the territory, the bilans of a period, and
// the territory's public statistics, each small-cell protected when it
// leaves a structure.
package figures

import (
	"context"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/activitystats"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/coordinationstore"
	"github.com/parcours-numerique/parcours/internal/store/figurestore"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// PassesAndEquipment gives the passes and equipment handed out in a period,
// once Parcours records them; nil until then. The bilans show its counts.
type PassesAndEquipment func(ctx context.Context, structures []int64, from, to string) ([]activitystats.Count, error)

// Service is the figures' use cases.
type Service struct {
	st         *store.Store
	activities *activitystore.Store // the activities it reads or records
	coord      *coordinationstore.Store
	figs       *figurestore.Store // orientations, evaluations, workshops, appointments
	now        func() time.Time
	// Handouts, when set, adds the passes and equipment handed out.
	Handouts PassesAndEquipment
	// ActionPlan, when set, adds the progress of the territory's action
	// plan to the bilans: the territory's actions, or when structureID is
	// not 0 those the structure leads or co-leads.
	ActionPlan func(ctx context.Context, t scope.Territory, structureID int64) (*activitystats.ActionPlan, error)
}

// New returns the service.
func New(st *store.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, activities: activitystore.New(st), coord: coordinationstore.New(st), figs: figurestore.New(st), now: now}
}

// Filter chooses the activities counted.
type Filter struct {
	From, To    string // YYYY-MM-DD, inclusive; fields du and au
	StructureID int64  // structure
	AuthorID    int64  // conseiller
	CommuneCode string // commune
}

// View is what a reader gets: the figures, whose they are, and whether the
// small-cell protection applies.
type View struct {
	activitystats.Figures
	Territory   bool                  // the territory's figures (coordination)
	Protected   int                   // the threshold applied, 0 for a structure's own figures
	Structures  []structure.Structure // the territory's, for the filter
	Conseillers []account.User        // those whose activities may be chosen
	Filter      Filter
	Title       string
	// Plan is the progress of the territory's action plan (its actions,
	// or those the structure leads or co-leads), nil without a plan service.
	Plan *activitystats.ActionPlan
}

func (f *Filter) check(now time.Time) error {
	var v apperr.Validation
	if f.To == "" {
		f.To = now.Format(activity.DateLayout)
	}
	if f.From == "" {
		t, _ := time.Parse(activity.DateLayout, f.To)
		f.From = t.AddDate(0, 0, 1).AddDate(-1, 0, 0).Format(activity.DateLayout)
	}
	from, e1 := time.Parse(activity.DateLayout, f.From)
	to, e2 := time.Parse(activity.DateLayout, f.To)
	if e1 != nil {
		v.Add("du", "Date au format AAAA-MM-JJ.")
	}
	if e2 != nil {
		v.Add("au", "Date au format AAAA-MM-JJ.")
	}
	if e1 == nil && e2 == nil && to.Before(from) {
		v.Add("au", "La fin de la période doit suivre son début.")
	}
	return v.Err()
}

// Dashboard returns the figures the actor reads: its structure's (a
// conseiller), or the territory's, small-cell protected (coordination and
// administration), and journals the read.
func (s *Service) Dashboard(ctx context.Context, a *account.Actor, f Filter) (View, error) {
	if err := a.Require(account.PermReadActivities); err != nil {
		return View{}, err
	}
	if err := f.check(s.now().In(frtime.Paris)); err != nil {
		return View{}, err
	}
	sf := activitystore.FigureFilter{From: f.From, To: f.To, AuthorID: f.AuthorID, CommuneCode: f.CommuneCode}
	var v View
	var counts []activitystore.FigureSum
	names := map[int64]string{}
	var coord []activity.Coordination
	within := figurestore.OfStructure(a.Scope())
	cf := coordinationstore.Filter{From: f.From, To: f.To, AuthorID: f.AuthorID}
	var err error
	if a.Can(account.PermActivities) {
		if f.StructureID != 0 && f.StructureID != a.StructureID() {
			return View{}, apperr.NotFoundError()
		}
		counts, err = s.structureSums(ctx, a.Scope(), sf)
		if err == nil && f.CommuneCode == "" {
			coord, err = s.coord.List(ctx, a.Scope(), cf)
		}
		v.Title = "Tableau de bord de la structure"
		members, merr := s.st.StructureMembers(ctx, a.Scope())
		if merr != nil {
			return View{}, merr
		}
		for _, m := range members {
			if m.Role.Can(account.PermActivities) {
				v.Conseillers = append(v.Conseillers, m.User)
			}
		}
	} else {
		t, ok := territoryOf(a)
		if !ok {
			return View{}, apperr.New(apperr.Forbidden, "Votre rôle ne permet pas cette action.")
		}
		v.Territory, v.Protected, v.Title = true, activitystats.MinCellShared, "Tableau de bord du territoire"
		if v.Structures, err = s.st.ListStructuresInTerritory(ctx, t, ""); err != nil {
			return View{}, err
		}
		for _, st := range v.Structures {
			names[st.ID] = st.Name
		}
		if _, ok := names[f.StructureID]; f.StructureID != 0 && !ok {
			return View{}, apperr.NotFoundError()
		}
		users, uerr := s.st.ListUsersInTerritory(ctx, t)
		if uerr != nil {
			return View{}, uerr
		}
		for _, u := range users {
			for _, m := range u.Memberships {
				if m.Role.Can(account.PermActivities) {
					v.Conseillers = append(v.Conseillers, u.User)
					break
				}
			}
		}
		sf.StructureID = f.StructureID
		within = figurestore.OfTerritory(t)
		if f.StructureID != 0 {
			within = figurestore.OfStructure(scope.OfStructure(f.StructureID)) // a structure of the territory, checked above
		}
		counts, err = s.territorySums(ctx, t, sf)
		if err == nil && f.CommuneCode == "" {
			cf.StructureID = f.StructureID
			coord, err = s.coord.ListInTerritory(ctx, t, cf)
		}
	}
	if err != nil {
		return View{}, err
	}
	v.Figures, v.Filter = figuresOf(sumsOf(counts), f.From, f.To, names), f
	// The coordination's own activity has no commune: a commune filter leaves it out.
	if len(coord) > 0 {
		v.Tables = append(v.Tables, coordinationTables(coord)...)
	}
	// Orientations, evaluations, workshops and appointments are not
	// recorded by conseiller nor by commune: those filters leave them out.
	if f.AuthorID == 0 && f.CommuneCode == "" {
		var dirNames map[int64]string
		if v.Territory {
			dirNames = names
		}
		more, err := s.sections(ctx, within, f.From, f.To, dirNames)
		if err != nil {
			return View{}, err
		}
		v.Tables = append(v.Tables, more...)
	}
	if s.Handouts != nil {
		ids := []int64{a.StructureID()}
		if v.Territory {
			ids = ids[:0]
			for _, st := range v.Structures {
				ids = append(ids, st.ID)
			}
		}
		if v.PassesEquipment, err = s.Handouts(ctx, ids, f.From, f.To); err != nil {
			return View{}, err
		}
	}
	if v.Protected > 0 {
		activitystats.Protect(&v.Figures, v.Protected)
	}
	if v.Plan, err = s.plan(ctx, a, v); err != nil {
		return View{}, err
	}
	if a.Scope().Valid() {
		e := journal.By(a, journal.Read, "Chiffres des accompagnements du "+f.From+" au "+f.To)
		e.At = s.now()
		if err := s.st.AddJournal(ctx, a.Scope(), e); err != nil {
			return View{}, err
		}
	}
	return v, nil
}

// structureSums adds up the structure's pre-aggregated figures, the months
// written since their last read rebuilt first.
func (s *Service) structureSums(ctx context.Context, sc scope.Structure, f activitystore.FigureFilter) ([]activitystore.FigureSum, error) {
	if err := s.activities.RefreshFigures(ctx, sc, tallyDays); err != nil {
		return nil, err
	}
	return s.activities.SumFigures(ctx, sc, f)
}

// territorySums adds up the territory's pre-aggregated figures, the months
// written since their last read rebuilt first.
func (s *Service) territorySums(ctx context.Context, t scope.Territory, f activitystore.FigureFilter) ([]activitystore.FigureSum, error) {
	if err := s.activities.RefreshFiguresInTerritory(ctx, t, tallyDays); err != nil {
		return nil, err
	}
	return s.activities.SumFiguresInTerritory(ctx, t, f)
}

// territoryOf is the territory whose figures an actor reads: the one it
// coordinates, or for an administrator the territory of its structure.
func territoryOf(a *account.Actor) (scope.Territory, bool) {
	if a.Can(account.PermManagePlatform) && a.Membership.StructureTerritoryID != 0 {
		return scope.OfTerritory(a.Membership.StructureTerritoryID), true
	}
	t, ok := a.TerritoryScope()
	if _, all, _ := t.ID(); all {
		return scope.Territory{}, false
	}
	return t, ok
}

// Public returns the public statistics of a territory for a period (no
// sign-in): small-cell protected for the public (counts under 11 hidden).
func (s *Service) Public(ctx context.Context, territoryID int64, f Filter) (View, error) {
	if err := f.check(s.now().In(frtime.Paris)); err != nil {
		return View{}, err
	}
	t := scope.OfTerritory(territoryID)
	if !t.Valid() {
		return View{}, apperr.NotFoundError()
	}
	terr, err := s.st.Territory(ctx, territoryID)
	if err != nil {
		return View{}, err
	}
	counts, err := s.territorySums(ctx, t, activitystore.FigureFilter{From: f.From, To: f.To})
	if err != nil {
		return View{}, err
	}
	v := View{Figures: figuresOf(sumsOf(counts), f.From, f.To, nil), Territory: true, Protected: activitystats.MinCellPublic, Filter: f,
		Title: "Statistiques de la médiation numérique – " + terr.Name}
	// Structures are not named in public statistics: the table is dropped.
	tables := v.Tables[:0]
	for _, tb := range v.Tables {
		if tb.Name != "structure" && tb.Name != "lieu" {
			tables = append(tables, tb)
		}
	}
	v.Tables = tables
	activitystats.Protect(&v.Figures, v.Protected)
	return v, nil
}

// PeriodOf turns a bilan's period ("mois", "trimestre", "annee") ending on a
// day into its dates.
func PeriodOf(kind, end string) (string, string, bool) {
	d, err := time.Parse(activity.DateLayout, end)
	if err != nil {
		return "", "", false
	}
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	switch kind {
	case "mois":
		return first.Format(activity.DateLayout), first.AddDate(0, 1, -1).Format(activity.DateLayout), true
	case "trimestre":
		q := time.Date(d.Year(), time.Month((int(d.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
		return q.Format(activity.DateLayout), q.AddDate(0, 3, -1).Format(activity.DateLayout), true
	case "annee":
		return strconv.Itoa(d.Year()) + "-01-01", strconv.Itoa(d.Year()) + "-12-31", true
	}
	return "", "", false
}

// Bilan returns the bilan of the figures the actor reads (Dashboard's rules
// and journal): titled for the structure or the territory, with its period
// in words, small-cell protected when it leaves the structure.
func (s *Service) Bilan(ctx context.Context, a *account.Actor, f Filter) (activitystats.Bilan, View, error) {
	v, err := s.Dashboard(ctx, a, f)
	if err != nil {
		return activitystats.Bilan{}, v, err
	}
	from, _ := time.Parse(activity.DateLayout, v.Filter.From)
	to, _ := time.Parse(activity.DateLayout, v.Filter.To)
	who := "de la structure"
	if v.Territory {
		who = "du territoire"
	}
	b := activitystats.Bilan{Title: "Bilan " + who, Period: "du " + frtime.Date(from) + " au " + frtime.Date(to), Figures: v.Figures, Protected: v.Protected, Plan: v.Plan}
	return b, v, nil
}

// plan is the action plan's progress the figures show: the territory's for
// its dashboard and bilan (a structure's when the filter chose one), the
// actions a structure leads or co-leads for its own.
func (s *Service) plan(ctx context.Context, a *account.Actor, v View) (*activitystats.ActionPlan, error) {
	if s.ActionPlan == nil {
		return nil, nil
	}
	t, sid := scope.OfTerritory(a.Membership.StructureTerritoryID), a.StructureID()
	if v.Territory {
		t, _ = territoryOf(a)
		sid = v.Filter.StructureID
	}
	if !t.Valid() && sid == 0 {
		return nil, nil
	}
	return s.ActionPlan(ctx, t, sid)
}

// Rebuild builds the pre-aggregated figures of every marked month of the
// platform (all of them when all is set), as the first read would: for the
// operator's command after a migration or a restore. It returns how many
// months were rebuilt.
func (s *Service) Rebuild(ctx context.Context, all bool) (int, error) {
	if all {
		if err := s.activities.MarkAllFigures(ctx); err != nil {
			return 0, err
		}
	}
	n, err := s.activities.MarkedFigureMonths(ctx)
	if err != nil {
		return 0, err
	}
	return n, s.activities.RefreshFiguresInTerritory(ctx, scope.Platform(), tallyDays)
}
