package places

import (
	"context"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// Draft is a new place of the actor's structure, filled with what the
// structure already says of itself (pivot, typology, name as source).
func (s *Service) Draft(ctx context.Context, a *account.Actor) (Input, error) {
	if err := a.Require(account.PermEditPlaces); err != nil {
		return Input{}, err
	}
	in := Input{Itinerance: []string{"Fixe"}}
	st, err := s.st.Structure(ctx, a.StructureID())
	if apperr.Is(err, apperr.NotFound) {
		return in, nil
	}
	if err != nil {
		return in, err
	}
	in.Pivot, in.Collector, in.Typologies = st.SIRET, st.Name, st.Typology
	if st.SIRET == "" {
		in.Pivot = st.RNA
	}
	return in, nil
}

// Sheet is a place with what its editor sees around it.
type Sheet struct {
	Place      place.Place
	Owner      string // the owner structure's name; "" for open data
	Completion place.Completion
	Stale      bool
	Reports    []placereport.Report // open reports about the place
	Accepted   *placereport.Report  // the report whose correction is being applied
}

// Version is the stamp an edit form carries, so that a save over someone
// else's meanwhile is noticed.
func Version(p *place.Place) string { return strconv.FormatInt(p.ModifiedAt.UnixMicro(), 10) }

// Sheet loads a place the actor may edit, its open reports, and the report
// accepted (0: none) whose correction the editor applies.
func (s *Service) Sheet(ctx context.Context, a *account.Actor, id, accepted int64) (Sheet, error) {
	p, _, err := s.editable(ctx, a, id)
	if err != nil {
		return Sheet{}, err
	}
	sh := Sheet{Place: p, Completion: place.CompletionOf(&p), Stale: p.Stale(s.now())}
	if p.StructureID != 0 {
		if st, err := s.st.Structure(ctx, p.StructureID); err == nil {
			sh.Owner = st.Name
		}
	}
	rows, err := s.moderated(ctx, a, placestore.ReportFilter{PlaceID: p.ID})
	if err != nil {
		return sh, err
	}
	for _, r := range rows {
		switch {
		case r.Report.Open():
			sh.Reports = append(sh.Reports, r.Report)
		case r.Report.ID == accepted && r.Report.Status == placereport.StatusDone:
			rep := r.Report
			sh.Accepted = &rep
		}
	}
	return sh, nil
}

// Preview applies the input to a place (0: a new one) without saving it:
// the editor reads the result, hours in words included, first.
func (s *Service) Preview(ctx context.Context, a *account.Actor, id int64, in Input) (Applied, error) {
	base, err := s.base(ctx, a, id)
	if err != nil {
		return Applied{}, err
	}
	return apply(in, base)
}

// base is the place an input applies to: a new place of the actor's
// structure, or one the actor may edit, dated today (a save confirms it).
func (s *Service) base(ctx context.Context, a *account.Actor, id int64) (place.Place, error) {
	if id == 0 {
		if err := a.Require(account.PermEditPlaces); err != nil {
			return place.Place{}, err
		}
		return place.Place{StructureID: a.StructureID(), Source: place.SourceParcours, Status: place.StatusOpen, UpdatedOn: s.today()}, nil
	}
	p, _, err := s.editable(ctx, a, id)
	p.UpdatedOn = s.today()
	return p, err
}

// Create records a new place of the actor's structure, dated today.
func (s *Service) Create(ctx context.Context, a *account.Actor, in Input) (Applied, error) {
	base, err := s.base(ctx, a, 0)
	if err != nil {
		return Applied{}, err
	}
	ap, err := apply(in, base)
	if err != nil {
		return ap, err
	}
	ap.Place.StructureID = a.StructureID()
	return ap, s.st.CreatePlace(ctx, &ap.Place, s.now())
}

// Update saves every field of a place the actor may edit, dated today.
// version is the Version the editor started from: when someone saved
// meanwhile, nothing is saved and the error says so.
func (s *Service) Update(ctx context.Context, a *account.Actor, id int64, version string, in Input) (Applied, error) {
	p, how, err := s.editable(ctx, a, id)
	if err != nil {
		return Applied{}, err
	}
	p.UpdatedOn = s.today()
	ap, err := apply(in, p)
	if err != nil {
		return ap, err
	}
	if version != Version(&p) {
		return ap, apperr.New(apperr.Conflict, "Quelqu'un a enregistré cette fiche pendant que vous la modifiiez. Vos saisies sont gardées ci-dessous : vérifiez-les, puis enregistrez à nouveau.")
	}
	return ap, s.save(ctx, a, how, &ap.Place)
}

// Confirm is "toujours exact": the listing is confirmed as it is, dated
// today. A listing the validator refuses must be corrected first: the error
// names its fields.
func (s *Service) Confirm(ctx context.Context, a *account.Actor, id int64) (place.Place, error) {
	p, how, err := s.editable(ctx, a, id)
	if err != nil {
		return p, err
	}
	saved := p
	p.Normalize()
	p.UpdatedOn = s.today()
	if err := p.Validate(); err != nil {
		if e, ok := apperr.As(sortedErrors(err)); ok {
			e.Message = "Avant de confirmer cette fiche, corrigez les informations signalées ci-dessous."
		}
		return saved, err
	}
	return p, s.save(ctx, a, how, &p)
}

// Close marks a place "n'existe plus": it leaves the search, stays listed
// for its owner, and can be reopened.
func (s *Service) Close(ctx context.Context, a *account.Actor, id int64) (place.Place, error) {
	return s.setStatus(ctx, a, id, place.StatusClosed)
}

// Reopen brings a closed place back into the search.
func (s *Service) Reopen(ctx context.Context, a *account.Actor, id int64) (place.Place, error) {
	return s.setStatus(ctx, a, id, place.StatusOpen)
}

func (s *Service) setStatus(ctx context.Context, a *account.Actor, id int64, status place.Status) (place.Place, error) {
	p, how, err := s.editable(ctx, a, id)
	if err != nil {
		return p, err
	}
	p.Status, p.UpdatedOn = status, s.today()
	return p, s.save(ctx, a, how, &p)
}

// Row is a place with what its keeper needs to see at a glance.
type Row struct {
	Place       place.Place
	Completion  place.Completion
	Stale       bool
	OpenReports int
	MonthsOld   int    // whole months since the listing was last confirmed
	Owner       string // the owner structure's name, on the coordination's page
	CanEdit     bool
	// Its texts' translations, on its structure's page: how many languages,
	// how many of them to review.
	Translations placestore.TranslationCount
}

// Overview is a structure's places.
type Overview struct {
	Open, Closed []Row
	StaleCount   int
	OpenReports  int  // open reports on the structure's places
	Queue        int  // open reports the actor moderates, its territory's included
	Coordinator  bool // the actor moderates a territory's reports too
}

// Mine lists the places of the actor's structure: completion, what is
// missing, the listings not confirmed for a year, and error reports.
func (s *Service) Mine(ctx context.Context, a *account.Actor) (Overview, error) {
	if err := a.Require(account.PermEditPlaces); err != nil {
		return Overview{}, err
	}
	places, err := s.st.StructurePlaces(ctx, a.Scope())
	if err != nil {
		return Overview{}, err
	}
	counts, err := s.st.OpenPlaceReportCounts(ctx, a.Scope())
	if err != nil {
		return Overview{}, err
	}
	translations, err := s.st.TranslationCounts(ctx, a.Scope())
	if err != nil {
		return Overview{}, err
	}
	var o Overview
	now := s.now()
	for _, p := range places {
		row := Row{Place: p, Completion: place.CompletionOf(&p), Stale: p.Open() && p.Stale(now), OpenReports: counts[p.ID],
			MonthsOld: MonthsSince(p.UpdatedOn, now), CanEdit: true, Translations: translations[p.ID]}
		o.OpenReports += row.OpenReports
		if !p.Open() {
			o.Closed = append(o.Closed, row)
			continue
		}
		if row.Stale {
			o.StaleCount++
		}
		o.Open = append(o.Open, row)
	}
	queue, err := s.moderated(ctx, a, placestore.ReportFilter{Status: placereport.StatusNew})
	if err != nil {
		return o, err
	}
	o.Queue = len(queue)
	_, o.Coordinator = territory(a)
	o.Coordinator = o.Coordinator && !platform(a)
	return o, nil
}
