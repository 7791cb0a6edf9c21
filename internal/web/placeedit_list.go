package web

import (
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/store"
)

// placeRow is a place with what its owner needs to see at a glance.
type placeRow struct {
	Place       place.Place
	Completion  place.Completion
	Stale       bool
	OpenReports int
	MonthsOld   int    // whole months since the listing was last confirmed
	Owner       string // owner structure's name, on the coordinator's page
	CanEdit     bool
}

type placeListData struct {
	Structure   string
	Open        []placeRow
	Closed      []placeRow
	StaleCount  int
	OpenReports int // open reports on the structure's places
	Queue       int // open reports the actor may moderate (with the territory's, for a coordinator)
	Coordinator bool
}

// placeList is a structure's list of places: completion, what is missing,
// the reminder for listings not confirmed for a year, and error reports.
func (s *Server) placeList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := actorFrom(r)
	places, err := s.store.ListPlaces(ctx, store.PlaceFilter{StructureID: a.StructureID(), IncludeClosed: true})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	counts, err := s.store.OpenPlaceReportCounts(ctx, store.PlaceScope{StructureID: a.StructureID()})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := placeListData{Structure: a.Membership.StructureName}
	now := s.cfg.Now()
	for _, p := range places {
		row := placeRow{Place: p, Completion: place.CompletionOf(&p), Stale: p.Open() && p.Stale(now), OpenReports: counts[p.ID],
			MonthsOld: monthsSince(p.UpdatedOn, now), CanEdit: true}
		d.OpenReports += row.OpenReports
		if !p.Open() {
			d.Closed = append(d.Closed, row)
			continue
		}
		if row.Stale {
			d.StaleCount++
		}
		d.Open = append(d.Open, row)
	}
	scope, err := s.reportScope(ctx, a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	queue, err := s.store.PlaceReports(ctx, scope, store.ReportFilter{Status: placereport.StatusNew})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Queue = len(queue)
	d.Coordinator = len(scope.InseeCodes) > 0
	s.render(w, r, http.StatusOK, "placeedit_list", page{Title: "Lieux", Data: d})
}

// placeConfirm is "toujours exact": the listing is confirmed as it is,
// dated today. A listing the validator refuses must be corrected first.
func (s *Server) placeConfirm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadEditablePlace(w, r)
	if !ok {
		return
	}
	back := localReturn(r.PostFormValue("retour"), "/espace/lieux")
	saved := p
	p.Normalize()
	p.UpdatedOn = s.today()
	if err := p.Validate(); err != nil {
		f := &form{Values: placeFormValues(&saved)}
		f.Set("retour", back)
		f.Fail(sortedErrors(err))
		f.Message = "Avant de confirmer cette fiche, corrigez les informations signalées ci-dessous."
		d, derr := s.placeFormPage(r, f, &saved, &saved)
		if derr != nil {
			s.serverError(w, r, derr)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "placeedit_form", page{Title: "Modifier « " + saved.Name + " »", Form: f, Data: d})
		return
	}
	if err := s.store.UpdatePlace(r.Context(), &p, s.cfg.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Merci : la fiche « "+p.Name+" » est confirmée exacte au "+frenchDate(p.UpdatedOn)+".")
	redirect(w, r, back)
}

// placeClose marks a place "n'existe plus": it leaves the search, stays
// listed for its owner, and can be reopened.
func (s *Server) placeClose(w http.ResponseWriter, r *http.Request) {
	s.setPlaceStatus(w, r, place.StatusClosed)
}

// placeReopen brings a closed place back into the search.
func (s *Server) placeReopen(w http.ResponseWriter, r *http.Request) {
	s.setPlaceStatus(w, r, place.StatusOpen)
}

func (s *Server) setPlaceStatus(w http.ResponseWriter, r *http.Request, status place.Status) {
	p, ok := s.loadEditablePlace(w, r)
	if !ok {
		return
	}
	p.Status = status
	p.UpdatedOn = s.today()
	if err := s.store.UpdatePlace(r.Context(), &p, s.cfg.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	if status == place.StatusClosed {
		s.flash(r, "« "+p.Name+" » est marqué comme n'existant plus : il n'apparaît plus dans la recherche. Vous pouvez le rouvrir plus bas.")
	} else {
		s.flash(r, "« "+p.Name+" » est de nouveau ouvert et apparaît dans la recherche.")
	}
	redirect(w, r, localReturn(r.PostFormValue("retour"), "/espace/lieux"))
}

// monthsSince counts whole months between a date and now, for "confirmée il y a 14 mois".
func monthsSince(t, now time.Time) int {
	if t.IsZero() {
		return 0
	}
	m := (now.Year()-t.Year())*12 + int(now.Month()-t.Month())
	if now.Day() < t.Day() {
		m--
	}
	return max(m, 0)
}
