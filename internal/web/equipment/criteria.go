package equipment

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type criterionRow struct {
	equipment.CriterionKind
	Enabled, Points, Param string // the form's field names
}

type criteriaData struct {
	Rows []criterionRow
}

func (h *Handlers) criteriaForm(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	var d criteriaData
	for _, k := range equipment.CriterionKinds {
		row := criterionRow{CriterionKind: k, Enabled: "actif_" + k.Code, Points: "points_" + k.Code}
		if k.ParamName != "" {
			row.Param = "seuil_" + k.Code
		}
		d.Rows = append(d.Rows, row)
	}
	h.site.Render(w, r, status, "equipment_criteria", ui.Page{Title: "Critères de distribution", Form: f, Data: d})
}

// CriteriaForm shows the structure's distribution criteria to set: which
// count, their points and thresholds.
func (h *Handlers) CriteriaForm(w http.ResponseWriter, r *http.Request) {
	cs, err := h.eq.Criteria(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{}
	for _, c := range cs {
		if c.Enabled {
			f.Set("actif_"+c.Code, "oui")
		}
		f.Set("points_"+c.Code, strconv.Itoa(c.Points))
		f.Set("seuil_"+c.Code, strconv.Itoa(c.Param))
	}
	h.criteriaForm(w, r, http.StatusOK, f)
}

// CriteriaSave records the structure's criteria; the priority list uses
// them at once.
func (h *Handlers) CriteriaSave(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	number := func(name string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name)))
		if err != nil {
			return -1 // not a number: refused with the field's range
		}
		return n
	}
	var cs []equipment.Criterion
	for _, k := range equipment.CriterionKinds {
		c := equipment.Criterion{Code: k.Code, Enabled: r.PostFormValue("actif_"+k.Code) == "oui", Points: number("points_" + k.Code)}
		if k.ParamName != "" {
			c.Param = number("seuil_" + k.Code)
		}
		cs = append(cs, c)
	}
	if err := h.eq.SetCriteria(r.Context(), ui.Actor(r), cs); err != nil {
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.criteriaForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Critères enregistrés : la liste de priorité les utilise.")
	ui.Redirect(w, r, "/espace/materiel/priorite")
}
