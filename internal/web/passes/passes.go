// Package passes serves the screens of the Pass numérique: the funder's
// dashboard with its carnets, and a qualified place's redemption form and
// monthly statements (PDF and spreadsheet).
package passes

import (
	"embed"
	"net/http"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/pass"
	"github.com/parcours-numerique/parcours/internal/service/passes"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the Pass numérique's screens.
type Handlers struct {
	site    *ui.Site
	passes  *passes.Service
	persons *persons.Service
}

// Menu lists the staff menu entries.
var Menu = []ui.MenuItem{
	{Label: "Pass numérique", Href: "/espace/pass", Perm: account.PermPassFund},
	{Label: "Remettre un Pass numérique", Href: "/espace/pass/remise", Perm: account.PermPassDistribute},
	{Label: "Encaisser un Pass numérique", Href: "/espace/pass/encaissement", Perm: account.PermPassRedeem},
}

// New registers the pages' templates with the site.
func New(site *ui.Site, ps *passes.Service, people *persons.Service) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	return &Handlers{site: site, passes: ps, persons: people}, nil
}

type dashboardData struct {
	Figures pass.Figures
	Carnets []pass.Carnet
	Today   string
}

// Dashboard shows the funder's figures and carnets.
func (h *Handlers) Dashboard(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	f, err := h.passes.Figures(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	list, err := h.passes.Carnets(r.Context(), a, false)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "passes_dashboard", ui.Page{Title: "Pass numérique : tableau de bord du financeur",
		Data: dashboardData{Figures: f, Carnets: list, Today: h.site.Now().In(frtime.Paris).Format("2006-01-02")}})
}

type redeemData struct {
	Places   []ui.Option
	Themes   []ui.Option
	Months   []ui.Option
	Redeemed *pass.Pass
}

func (h *Handlers) redeemForm(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, done *pass.Pass) {
	places, err := h.passes.QualifiedPlaces(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := redeemData{Redeemed: done, Themes: append([]ui.Option{{Value: "", Label: "Choisir un thème"}}, ui.Choices(activity.Themes)...)}
	for _, p := range places {
		d.Places = append(d.Places, ui.Option{Value: ui.Itoa(p.ID), Label: p.Name})
	}
	now := h.site.Now().In(frtime.Paris)
	for i := range 6 {
		m := time.Date(now.Year(), now.Month()-time.Month(i), 1, 12, 0, 0, 0, frtime.Paris)
		d.Months = append(d.Months, ui.Option{Value: m.Format("2006-01"), Label: frtime.MonthName(m.Month()) + " " + m.Format("2006")})
	}
	h.site.Render(w, r, status, "passes_redeem", ui.Page{Title: "Encaisser un Pass numérique", Form: f, Data: d})
}

// RedeemForm shows the redemption form and the statements.
func (h *Handlers) RedeemForm(w http.ResponseWriter, r *http.Request) {
	h.redeemForm(w, r, http.StatusOK, &ui.Form{}, nil)
}

// Redeem redeems a pass presented at one of the structure's places.
func (h *Handlers) Redeem(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Formulaire illisible ou trop gros.", http.StatusBadRequest)
		return
	}
	f := ui.NewForm(r)
	p, err := h.passes.Redeem(r.Context(), ui.Actor(r), passes.Redeem{PlaceID: ui.ParseID(r.PostFormValue("lieu")), Number: r.PostFormValue("numero"), Theme: r.PostFormValue("theme")})
	if err != nil {
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.redeemForm(w, r, http.StatusUnprocessableEntity, f, nil)
		return
	}
	kept := &ui.Form{}
	kept.Set("lieu", r.PostFormValue("lieu"))
	h.redeemForm(w, r, http.StatusOK, kept, &p)
}

// Statement downloads a month's statement (PDF, or XLSX with ?format=xlsx).
func (h *Handlers) Statement(w http.ResponseWriter, r *http.Request) {
	month := strings.TrimSuffix(strings.TrimSuffix(r.PathValue("mois"), ".pdf"), ".xlsx")
	s, err := h.passes.Statement(r.Context(), ui.Actor(r), ui.QueryID(r, "lieu"), month)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	var b []byte
	ct, name := "application/pdf", "releve-pass-"+s.Month+".pdf"
	if strings.HasSuffix(r.PathValue("mois"), ".xlsx") {
		ct, name = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "releve-pass-"+s.Month+".xlsx"
		b, err = s.XLSX(passes.ThemeLabel)
	} else {
		b, err = s.PDF(passes.ThemeLabel)
	}
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(b)
}
