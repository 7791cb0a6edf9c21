package placeadmin

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/service/places"
	"github.com/parcours-numerique/parcours/internal/vocab"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type reportStateLink struct {
	Label   string
	Href    string
	Current bool
}

type reportQueueData struct {
	places.Queue
	State  string
	States []reportStateLink
}

// reportStates are the tabs of the queue; "tous" is every state.
var reportStates = vocab.List{
	{Value: string(placereport.StatusNew), Label: "À traiter"},
	{Value: string(placereport.StatusDone), Label: "Traités"},
	{Value: string(placereport.StatusRejected), Label: "Rejetés"},
	{Value: "tous", Label: "Tous"},
}

// ReportQueue lists the error reports the actor moderates: its structure's
// places, and for the coordination every place of its territory.
func (h *Handlers) ReportQueue(w http.ResponseWriter, r *http.Request) {
	state := r.URL.Query().Get("etat")
	if !reportStates.Has(state) {
		state = string(placereport.StatusNew)
	}
	status := placereport.Status(state)
	if state == "tous" {
		status = ""
	}
	q, err := h.places.Reports(r.Context(), ui.Actor(r), status)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := reportQueueData{Queue: q, State: state}
	for _, st := range reportStates {
		d.States = append(d.States, reportStateLink{Label: st.Label, Href: "/espace/signalements?etat=" + st.Value, Current: st.Value == state})
	}
	h.site.Render(w, r, http.StatusOK, "placeedit_reports", ui.Page{Title: "Signalements d'erreur", Data: d})
}

type reportViewData struct {
	Row     places.ReportRow
	Options []ui.Option
}

func decisionOptions(row places.ReportRow) []ui.Option {
	var opts []ui.Option
	if row.CanEdit {
		opts = append(opts, ui.Option{Value: string(placereport.StatusDone), Label: "Accepter : je corrige la fiche",
			Hint: "Vous arrivez ensuite sur la fiche du lieu pour appliquer la correction."})
	}
	return append(opts, ui.Option{Value: string(placereport.StatusRejected), Label: "Rejeter",
		Hint: "Le signalement est faux, déjà corrigé, ou abusif."})
}

func (h *Handlers) renderReport(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, row places.ReportRow) {
	h.site.Render(w, r, status, "placeedit_report", ui.Page{Title: "Signalement sur « " + row.Report.PlaceName + " »", Form: f,
		Data: reportViewData{Row: row, Options: decisionOptions(row)}})
}

// ReportView is one report and the moderator's decision.
func (h *Handlers) ReportView(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	row, err := h.places.Report(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.renderReport(w, r, http.StatusOK, nil, row)
}

// ReportDecide records the decision. Accepting leads to the listing's edit
// form: the correction is applied by a person, never automatically.
func (h *Handlers) ReportDecide(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	dec := placereport.Decision{Status: placereport.Status(r.PostForm.Get("decision")), Note: r.PostForm.Get("note")}
	row, err := h.places.Decide(r.Context(), ui.Actor(r), id, dec)
	if err != nil {
		if apperr.Is(err, apperr.NotFound) || row.Report.ID == 0 {
			h.site.Fail(w, r, err)
			return
		}
		f := ui.NewForm(r)
		if !f.Fail(err) {
			h.site.ServerError(w, r, err)
			return
		}
		h.renderReport(w, r, http.StatusUnprocessableEntity, f, row)
		return
	}
	if dec.Status == placereport.StatusRejected {
		h.site.Flash(r, "Le signalement sur « "+row.Report.PlaceName+" » est rejeté.")
		ui.Redirect(w, r, "/espace/signalements")
		return
	}
	msg := "Signalement accepté. Appliquez la correction dans la fiche ci-dessous, puis enregistrez."
	if row.Report.Section == placereport.SectionGone {
		msg = "Signalement accepté. Si le lieu n'existe plus, utilisez « Ce lieu n'existe plus » en bas de la fiche."
	}
	h.site.Flash(r, msg)
	ui.Redirect(w, r, "/espace/lieux/"+strconv.FormatInt(row.Report.PlaceID, 10)+"/modifier?signalement="+strconv.FormatInt(row.Report.ID, 10)+"&retour=/espace/signalements")
}
