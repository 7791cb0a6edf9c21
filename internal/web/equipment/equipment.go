// Package equipment serves the screens of a structure's equipment: the
// inventory with the loans in progress and their agreements, and the
// committee's priority list where every rank is explained.
package equipment

import (
	"embed"
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/frtime"
	equipmentsvc "github.com/parcours-numerique/parcours/internal/service/equipment"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the equipment's screens.
type Handlers struct {
	site    *ui.Site
	eq      *equipmentsvc.Service
	persons *persons.Service
}

// Menu lists the staff menu entries.
var Menu = []ui.MenuItem{
	{Label: "Matériel", Href: "/espace/materiel", Perm: account.PermEquipment},
}

// New registers the pages' templates with the site.
func New(site *ui.Site, eq *equipmentsvc.Service, ps *persons.Service) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	return &Handlers{site: site, eq: eq, persons: ps}, nil
}

type deviceRow struct {
	equipment.Device
	KindLabel, ConditionLabel, StatusLabel string
}

type loanRow struct {
	equipmentstore.LoanWithPhone
	Late bool
}

type inventoryData struct {
	Devices    []deviceRow
	Loans      []loanRow
	Committee  bool
	Kinds      []ui.Option
	Granted    []equipment.Request // granted, to hand over
	Conditions []ui.Option
}

// Inventory shows the devices and the loans in progress.
func (h *Handlers) Inventory(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	devices, err := h.eq.Devices(r.Context(), a, "")
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	loans, err := h.eq.Loans(r.Context(), a, true)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	granted, err := h.eq.Requests(r.Context(), a, equipment.Granted)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	today := h.site.Now().In(frtime.Paris).Format("2006-01-02")
	d := inventoryData{Committee: a.Can(account.PermEquipmentCommittee), Kinds: ui.Choices(equipment.Kinds), Granted: granted, Conditions: ui.Choices(equipment.Conditions)}
	for _, dv := range devices {
		d.Devices = append(d.Devices, deviceRow{Device: dv, KindLabel: equipment.Kinds.Label(dv.Kind), ConditionLabel: equipment.Conditions.Label(dv.Condition), StatusLabel: dv.StatusLabel()})
	}
	for _, l := range loans {
		d.Loans = append(d.Loans, loanRow{LoanWithPhone: l, Late: l.Overdue(today)})
	}
	h.site.Render(w, r, http.StatusOK, "equipment_inventory", ui.Page{Title: "Matériel", Data: d})
}

type priorityData struct {
	Kind   string
	Kinds  []ui.Option
	Ranked []equipment.Ranked
}

// Priority shows the waiting requests for one kind of device, ranked, each
// rank with the criteria that scored.
func (h *Handlers) Priority(w http.ResponseWriter, r *http.Request) {
	kind := r.URL.Query().Get("type")
	if kind == "" {
		kind = "telephone"
	}
	list, err := h.eq.PriorityList(r.Context(), ui.Actor(r), kind)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{}
	f.Set("type", kind)
	h.site.Render(w, r, http.StatusOK, "equipment_priority", ui.Page{Title: "Liste de priorité : " + equipment.Kinds.Label(kind), Form: f,
		Data: priorityData{Kind: kind, Kinds: ui.Choices(equipment.Kinds), Ranked: list}})
}

// Agreement downloads a loan's agreement to print and sign.
func (h *Handlers) Agreement(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	b, err := h.eq.Agreement(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="convention-pret-`+strconv.FormatInt(id, 10)+`.pdf"`)
	w.Write(b)
}
