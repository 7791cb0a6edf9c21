package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/store"
)

// reportRow is a report with what the moderator may do about its place.
type reportRow struct {
	Report  placereport.Report
	Owner   string // the structure that keeps the place true, "" for national data
	CanEdit bool   // the moderator may correct the listing (and so accept the report)
}

type reportStateLink struct {
	Label   string
	Href    string
	Current bool
}

type reportQueueData struct {
	State  string
	States []reportStateLink
	Rows   []reportRow
	Scope  string // who the queue is for, in words
}

var reportStates = []struct{ value, label string }{
	{string(placereport.StatusNew), "À traiter"},
	{string(placereport.StatusDone), "Traités"},
	{string(placereport.StatusRejected), "Rejetés"},
	{"tous", "Tous"},
}

// reportRows adds owner names and edit rights to reports.
func (s *Server) reportRows(ctx context.Context, a *account.Actor, reports []placereport.Report) ([]reportRow, error) {
	names := map[int64]string{}
	codes, err := s.territoryCommunes(ctx, a)
	if err != nil {
		return nil, err
	}
	rows := make([]reportRow, 0, len(reports))
	for _, rep := range reports {
		row := reportRow{Report: rep}
		if id := rep.PlaceStructureID; id != 0 {
			if _, ok := names[id]; !ok {
				if st, err := s.store.Structure(ctx, id); err == nil {
					names[id] = st.Name
				}
			}
			row.Owner = names[id]
		}
		switch {
		case a.Can(account.PermManagePlatform):
			row.CanEdit = true
		case rep.PlaceStructureID != 0:
			row.CanEdit = a.Can(account.PermEditPlaces) && rep.PlaceStructureID == a.StructureID()
		default:
			for _, c := range codes {
				if c == rep.PlaceInseeCode {
					row.CanEdit = true
				}
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// reportQueue lists the error reports the actor moderates: its structure's
// places, and for a coordinator every place of its territory.
func (s *Server) reportQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := actorFrom(r)
	state := r.URL.Query().Get("etat")
	valid := false
	for _, st := range reportStates {
		valid = valid || st.value == state
	}
	if !valid {
		state = string(placereport.StatusNew)
	}
	scope, err := s.reportScope(ctx, a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := store.ReportFilter{Limit: 500}
	if state != "tous" {
		f.Status = placereport.Status(state)
	}
	reports, err := s.store.PlaceReports(ctx, scope, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := reportQueueData{State: state}
	for _, st := range reportStates {
		d.States = append(d.States, reportStateLink{Label: st.label, Href: "/espace/signalements?etat=" + st.value, Current: st.value == state})
	}
	if d.Rows, err = s.reportRows(ctx, a, reports); err != nil {
		s.serverError(w, r, err)
		return
	}
	switch {
	case scope.All:
		d.Scope = "tous les lieux de la plateforme"
	case len(scope.InseeCodes) > 0:
		d.Scope = "les lieux de votre structure et tous les lieux du territoire que vous coordonnez"
	default:
		d.Scope = "les lieux de " + a.Membership.StructureName
	}
	s.render(w, r, http.StatusOK, "placeedit_reports", page{Title: "Signalements d'erreur", Data: d})
}

type reportViewData struct {
	Row     reportRow
	Options []option
}

// loadReport reads {id} within the actor's scope: any other report answers
// 404 like a missing one.
func (s *Server) loadReport(w http.ResponseWriter, r *http.Request) (reportRow, store.PlaceScope, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return reportRow{}, store.PlaceScope{}, false
	}
	a := actorFrom(r)
	scope, err := s.reportScope(r.Context(), a)
	if err != nil {
		s.serverError(w, r, err)
		return reportRow{}, scope, false
	}
	rep, err := s.store.PlaceReport(r.Context(), scope, id)
	if err != nil {
		s.fail(w, r, err)
		return reportRow{}, scope, false
	}
	rows, err := s.reportRows(r.Context(), a, []placereport.Report{rep})
	if err != nil {
		s.serverError(w, r, err)
		return reportRow{}, scope, false
	}
	return rows[0], scope, true
}

func reportDecisionOptions(row reportRow) []option {
	var opts []option
	if row.CanEdit {
		opts = append(opts, option{Value: string(placereport.StatusDone), Label: "Accepter : je corrige la fiche",
			Hint: "Vous arrivez ensuite sur la fiche du lieu pour appliquer la correction."})
	}
	return append(opts, option{Value: string(placereport.StatusRejected), Label: "Rejeter",
		Hint: "Le signalement est faux, déjà corrigé, ou abusif."})
}

func (s *Server) reportView(w http.ResponseWriter, r *http.Request) {
	row, _, ok := s.loadReport(w, r)
	if !ok {
		return
	}
	d := reportViewData{Row: row, Options: reportDecisionOptions(row)}
	s.render(w, r, http.StatusOK, "placeedit_report", page{Title: "Signalement sur « " + row.Report.PlaceName + " »", Data: d})
}

// reportDecide records the decision. Accepting leads to the listing's edit
// form: the correction is applied by a person, never automatically.
func (s *Server) reportDecide(w http.ResponseWriter, r *http.Request) {
	row, scope, ok := s.loadReport(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible.")
		return
	}
	a := actorFrom(r)
	dec := placereport.Decision{Status: placereport.Status(r.PostForm.Get("decision")), Note: r.PostForm.Get("note")}
	err := dec.Validate()
	if err == nil && dec.Status == placereport.StatusDone && !row.CanEdit {
		err = &apperr.Error{Code: apperr.Invalid, Message: "Seule la structure qui tient cette fiche peut accepter ce signalement.",
			Fields: []apperr.FieldError{{Field: "decision", Message: "Seule la structure qui tient cette fiche peut l'accepter : vous pouvez le rejeter s'il est abusif."}}}
	}
	if err == nil {
		err = s.store.DecidePlaceReport(r.Context(), scope, row.Report.ID, dec, a.User.ID, s.cfg.Now())
	}
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			s.notFound(w, r)
			return
		}
		f := newForm(r)
		if !f.Fail(err) {
			s.serverError(w, r, err)
			return
		}
		if fresh, _, ok := s.reloadReport(r, scope, row); ok {
			row = fresh
		}
		d := reportViewData{Row: row, Options: reportDecisionOptions(row)}
		s.render(w, r, http.StatusUnprocessableEntity, "placeedit_report", page{Title: "Signalement sur « " + row.Report.PlaceName + " »", Form: f, Data: d})
		return
	}
	id := strconv.FormatInt(row.Report.ID, 10)
	if dec.Status == placereport.StatusRejected {
		s.flash(r, "Le signalement sur « "+row.Report.PlaceName+" » est rejeté.")
		redirect(w, r, "/espace/signalements")
		return
	}
	msg := "Signalement accepté. Appliquez la correction dans la fiche ci-dessous, puis enregistrez."
	if row.Report.Section == placereport.SectionGone {
		msg = "Signalement accepté. Si le lieu n'existe plus, utilisez « Ce lieu n'existe plus » en bas de la fiche."
	}
	s.flash(r, msg)
	redirect(w, r, "/espace/lieux/"+strconv.FormatInt(row.Report.PlaceID, 10)+"/modifier?signalement="+id+"&retour=/espace/signalements")
}

// reloadReport reads a report again after a refused decision (someone may
// have decided it meanwhile).
func (s *Server) reloadReport(r *http.Request, scope store.PlaceScope, row reportRow) (reportRow, store.PlaceScope, bool) {
	rep, err := s.store.PlaceReport(r.Context(), scope, row.Report.ID)
	if err != nil {
		return row, scope, false
	}
	row.Report = rep
	return row, scope, true
}
