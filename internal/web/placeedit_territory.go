package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/structure"
)

type territoryPlacesData struct {
	Territory   string
	Total       int
	Stale       []placeRow
	Unowned     []placeRow
	OpenReports int
	Structures  []option // the territory's structures, for assignment
}

// territoryPlaces is the coordinator's page: listings of the territory not
// confirmed for a year (owned or not), open reports, and the national places
// no structure keeps true yet, which the coordinator can hand to one.
func (s *Server) territoryPlaces(w http.ResponseWriter, r *http.Request) {
	s.renderTerritoryPlaces(w, r, http.StatusOK, &form{})
}

func (s *Server) renderTerritoryPlaces(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx := r.Context()
	a := actorFrom(r)
	tid := a.Membership.CoordinatedTerritoryID
	if tid == 0 {
		s.render(w, r, status, "placeedit_territory", page{Title: "Lieux du territoire", Form: f})
		return
	}
	terr, err := s.store.Territory(ctx, tid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := territoryPlacesData{Territory: terr.Name}
	coordinated := scope.OfTerritory(tid)
	if len(terr.CommuneCodes) > 0 {
		places, err := s.store.ListPlaces(ctx, store.PlaceFilter{InseeCodes: terr.CommuneCodes})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		scope := store.PlaceScope{InseeCodes: terr.CommuneCodes}
		counts, err := s.store.OpenPlaceReportCounts(ctx, scope)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		sts, err := s.store.ListStructuresInTerritory(ctx, coordinated, "")
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		names := map[int64]string{}
		d.Structures = []option{{Value: "", Label: "Choisir une structure"}}
		for _, st := range sts {
			names[st.ID] = st.Name
			d.Structures = append(d.Structures, option{Value: strconv.FormatInt(st.ID, 10), Label: st.Name})
		}
		now := s.cfg.Now()
		d.Total = len(places)
		for _, p := range places {
			row := placeRow{Place: p, Completion: place.CompletionOf(&p), Stale: p.Stale(now), OpenReports: counts[p.ID],
				MonthsOld: monthsSince(p.UpdatedOn, now), Owner: names[p.StructureID]}
			if p.StructureID != 0 && row.Owner == "" {
				if st, err := s.store.Structure(ctx, p.StructureID); err == nil {
					row.Owner = st.Name
				}
			}
			row.CanEdit = p.StructureID == 0 || a.Can(account.PermManagePlatform) || (p.StructureID == a.StructureID() && a.Can(account.PermEditPlaces))
			d.OpenReports += row.OpenReports
			if row.Stale {
				d.Stale = append(d.Stale, row)
			}
			if p.StructureID == 0 {
				d.Unowned = append(d.Unowned, row)
			}
		}
	}
	s.render(w, r, status, "placeedit_territory", page{Title: "Lieux du territoire", Form: f, Data: d})
}

// placeAssign hands a national place nobody owns to a structure of the
// territory, which then keeps it true.
func (s *Server) placeAssign(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := actorFrom(r)
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	p, err := s.store.Place(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	codes, err := s.territoryCommunes(ctx, a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !a.Can(account.PermManagePlatform) && !slices.Contains(codes, p.InseeCode) {
		s.notFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible.")
		return
	}
	field := "structure-" + strconv.FormatInt(p.ID, 10) // the select's id on the page
	fieldErr := func(msg string) {
		f := newForm(r)
		f.Errors = append(f.Errors, apperr.FieldError{Field: field, Message: msg})
		s.renderTerritoryPlaces(w, r, http.StatusUnprocessableEntity, f)
	}
	target, err := strconv.ParseInt(r.PostForm.Get("structure"), 10, 64)
	if err != nil || target <= 0 {
		fieldErr("Choisissez la structure qui tiendra « " + p.Name + " » à jour.")
		return
	}
	st, err := s.store.Structure(ctx, target)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		s.serverError(w, r, err)
		return
	}
	if err != nil || !s.assignableTo(a, st) {
		fieldErr("Choisissez une structure du territoire dans la liste.")
		return
	}
	if p.StructureID != 0 {
		fieldErr("« " + p.Name + " » est déjà tenu à jour par une structure.")
		return
	}
	p.StructureID = st.ID
	if err := s.store.UpdatePlace(ctx, &p, s.cfg.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "« "+p.Name+" » est confié à "+st.Name+" : ses équipes le voient dans leur page « Lieux » et le tiennent à jour.")
	redirect(w, r, "/espace/territoire/lieux")
}

// assignableTo: a coordinator hands places to structures of its territory;
// the platform to any structure.
func (s *Server) assignableTo(a *account.Actor, st structure.Structure) bool {
	return a.Can(account.PermManagePlatform) || (a.Membership.CoordinatedTerritoryID != 0 && st.TerritoryID == a.Membership.CoordinatedTerritoryID)
}
