package reception

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type followUpData struct {
	persons.Figures
	Home    bool // shown on the staff home
	CanList bool // the counts link to the lists of persons
}

// FollowUpDashboard shows the structure's aggregate figures, like
// Rochefort's "57 suivies, 9 terminées, 10 en attente": never a person.
func (h *Handlers) FollowUpDashboard(w http.ResponseWriter, r *http.Request) {
	fig, err := h.persons.Figures(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "reception_followup", ui.Page{Title: "Tableau de suivi", Data: followUpData{Figures: fig}})
}

// HomeFigures is the block of the staff home with the structure's
// "suivies / terminées / en attente" counts, for the roles that see the
// follow-up figures; empty for the others.
func (h *Handlers) HomeFigures(r *http.Request) (template.HTML, error) {
	a := ui.Actor(r)
	if !a.Can(account.PermFollowUpFigures) {
		return "", nil
	}
	counts, err := h.persons.FollowCounts(r.Context(), a)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	d := followUpData{Figures: persons.Figures{Counts: counts}, Home: true, CanList: a.Can(account.PermPersons)}
	if err := h.site.ExecuteTemplate(&b, "reception_followup", "followup-counts", d); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // #nosec: rendered by html/template
}
