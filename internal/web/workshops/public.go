package workshops

import (
	"net/http"
	"net/url"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/residentlink"
	"github.com/parcours-numerique/parcours/internal/resource"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

type programmeData struct {
	Levels                        []programmeLevel
	Count                         int
	Structures, LevelOpts, Themes []ui.Option
	Audiences                     []ui.Option
	PrintURL                      string
}

type programmeLevel struct {
	Label     string
	Workshops []workshop.Workshop
}

// Programme is the public programme of upcoming workshops, by level,
// filtered by structure, theme and audience.
func (h *Handlers) Programme(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := workshops.ProgrammeFilter{StructureID: ui.QueryID(r, "structure"), Level: q.Get("niveau"), Theme: q.Get("theme"), Audience: q.Get("public")}
	list, err := h.workshops.Programme(r.Context(), f)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	pubs, err := h.workshops.Publishers(r.Context())
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	d := programmeData{Count: len(list), Themes: append([]ui.Option{{Value: "", Label: "Tous les thèmes"}}, ui.Choices(activity.Themes)...),
		LevelOpts:  append([]ui.Option{{Value: "", Label: "Tous les niveaux"}}, ui.Choices(activity.Levels)...),
		Audiences:  append([]ui.Option{{Value: "", Label: "Tous les publics"}}, ui.Choices(workshop.Audiences)...),
		Structures: []ui.Option{{Value: "", Label: "Toutes les structures"}}}
	for _, p := range pubs {
		d.Structures = append(d.Structures, ui.Option{Value: ui.Itoa(p.ID), Label: p.Name})
	}
	for _, lv := range activity.Levels {
		var in []workshop.Workshop
		for _, wk := range list {
			if wk.Level == lv.Value {
				in = append(in, wk)
			}
		}
		if len(in) > 0 {
			d.Levels = append(d.Levels, programmeLevel{Label: lv.Label, Workshops: in})
		}
	}
	pq := url.Values{"mois": {h.site.Now().In(frtime.Paris).Format("2006-01")}}
	if f.StructureID != 0 {
		pq.Set("structure", ui.Itoa(f.StructureID))
	}
	d.PrintURL = "/ateliers/programme?" + pq.Encode()
	form := &ui.Form{Values: url.Values{}}
	for _, k := range []string{"structure", "niveau", "theme", "public"} {
		form.Set(k, q.Get(k))
	}
	h.site.Render(w, r, http.StatusOK, "workshop_programme", ui.Page{Title: ui.LangOf(r).T("workshops.title"), Form: form, Data: d})
}

type publicData struct {
	Workshop   workshop.Workshop
	Upcoming   []workshop.Session
	Open       bool // online registration possible
	Consent    string
	Full       bool
	Now        time.Time
	OfferHours int
	Material   []resource.Resource // resources with an open licence the workshop uses
}

// PublicView is a workshop's public page, with the registration form.
func (h *Handlers) PublicView(w http.ResponseWriter, r *http.Request) {
	h.renderPublic(w, r, http.StatusOK, &ui.Form{Values: url.Values{}})
}

func (h *Handlers) renderPublic(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	wk, err := h.workshops.Published(r.Context(), workshopID(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	now := h.site.Now()
	d := publicData{Workshop: wk, Upcoming: wk.Upcoming(now), Consent: workshop.ConsentWording(wk.StructureName), Full: wk.Full(), Now: now,
		OfferHours: int(h.workshops.OfferDelay() / time.Hour)}
	d.Open = wk.OnlineRegistration && len(d.Upcoming) > 0
	if h.library != nil {
		if d.Material, err = h.library.PublicMaterial(r.Context(), wk.ID); err != nil {
			h.site.Fail(w, r, err)
			return
		}
	}
	h.site.Render(w, r, status, "workshop_public_view", ui.Page{Title: ui.LangOf(r).T("workshops.page_title", "Title", wk.Title), Form: f, Data: d})
}

// PublicRegister registers a resident online: a seat, or the waiting list
// when they chose it; a full workshop offers the waiting list.
func (h *Handlers) PublicRegister(w http.ResponseWriter, r *http.Request) {
	if f, refused := ui.TextRefused(r); refused {
		h.renderPublic(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	pf := r.PostForm
	_, token, err := h.workshops.RegisterPublic(r.Context(), workshopID(r), workshops.NewPublicRegistration{WaitIfFull: pf.Get("attente") == "oui", Language: ui.LangOf(r).Code,
		Agreed: pf.Get("accord") == "oui", Contact: agenda.Contact{Name: pf.Get("nom"), Phone: pf.Get("telephone"), Email: pf.Get("courriel")}})
	if err != nil {
		f := ui.NewForm(r)
		if !shown(f, err) {
			h.site.Fail(w, r, err)
			return
		}
		status := http.StatusUnprocessableEntity
		if apperr.Is(err, apperr.Conflict) {
			status = http.StatusConflict // someone took the last seat: the page now offers the waiting list
		}
		h.renderPublic(w, r, status, f)
		return
	}
	ui.Redirect(w, r, residentlink.RegistrationPath+token+"?nouveau=1")
}

type registrationData struct {
	Workshop     workshop.Workshop
	Registration workshop.Registration
	Token        string
	New          bool
	Message      string
	Confirming   bool // the cancellation asked, to confirm once
	Upcoming     bool
}

// Mine is the resident's page of a registration, behind its signed link:
// status, rank on the waiting list, the offered seat to confirm.
func (h *Handlers) Mine(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	m, err := h.workshops.ByLink(r.Context(), token)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := registrationData{Workshop: m.Workshop, Registration: m.Registration, Token: token, New: r.URL.Query().Get("nouveau") == "1",
		Upcoming: len(m.Workshop.Upcoming(h.site.Now())) > 0, Confirming: r.URL.Query().Get("annuler") == "1"}
	switch r.URL.Query().Get("fait") {
	case "confirme":
		d.Message = "Votre place est confirmée. À bientôt !"
	case "annule":
		d.Message = "Votre inscription est annulée. Merci de nous avoir prévenus."
		if m.Registration.Phone != "" || m.Registration.Email != "" {
			d.Message += " Vous allez recevoir un message qui le confirme."
		}
	}
	h.site.Render(w, r, http.StatusOK, "workshop_public_registration", ui.Page{Title: ui.LangOf(r).T("workshops.your_registration"), Data: d})
}

// MineConfirm confirms the seat offered to the resident.
func (h *Handlers) MineConfirm(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if _, err := h.workshops.ConfirmByLink(r.Context(), token); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	ui.Redirect(w, r, residentlink.RegistrationPath+token+"?fait=confirme")
}

// MineCancel cancels the resident's registration once confirmed; without
// the confirmation it asks for it (one tap never cancels).
func (h *Handlers) MineCancel(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if r.PostFormValue(ui.ConfirmField) != ui.ConfirmValue {
		ui.Redirect(w, r, residentlink.RegistrationPath+token+"?annuler=1#annulation")
		return
	}
	if _, err := h.workshops.CancelByLink(r.Context(), token); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	ui.Redirect(w, r, residentlink.RegistrationPath+token+"?fait=annule")
}

// MineICS is the calendar file of the resident's registration.
func (h *Handlers) MineICS(w http.ResponseWriter, r *http.Request) {
	b, err := h.workshops.FileByLink(r.Context(), r.PathValue("token"))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="atelier.ics"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}
