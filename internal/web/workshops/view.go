package workshops

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

type viewData struct {
	Workshop                    workshop.Workshop
	Sessions                    []sessionRow
	Registered, Offered, Queued regList
	Cancelled                   []workshop.Registration
	CanOrganize, CanPersons     bool
	Consent                     string
	Now                         time.Time
	PublicURL                   string
	Material                    materialData
}

// sessionRow is a session with its number in the cycle.
type sessionRow struct {
	Number  int
	Session workshop.Session
}

// regList is a list of registrations with its workshop, for the template.
type regList struct {
	WorkshopID int64
	Items      []workshop.Registration
	Now        time.Time
}

// View is a workshop's page: its sessions, registrations and waiting list,
// and the forms to add a session and to register a person (?personne=
// from an evaluation that suggested it).
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{Values: url.Values{"attente": {"oui"}}}
	if id := ui.QueryID(r, "personne"); id != 0 && ui.Actor(r).Can(account.PermPersons) {
		f.Set("personne", ui.Itoa(id))
	}
	h.render(w, r, http.StatusOK, f)
}

func (h *Handlers) render(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	a := ui.Actor(r)
	wk, err := h.workshops.Get(r.Context(), a, workshopID(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	regs, err := h.workshops.Registrations(r.Context(), a, wk.ID)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := viewData{Workshop: wk, CanOrganize: a.Can(account.PermAgendaOrganize), CanPersons: a.Can(account.PermPersons),
		Consent: workshop.ConsentWording(a.Membership.StructureName), Now: h.site.Now()}
	if d.Material, err = h.material(r, wk.ID); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if wk.Published {
		d.PublicURL = "/ateliers/" + ui.Itoa(wk.ID)
	}
	for i, se := range wk.Sessions {
		d.Sessions = append(d.Sessions, sessionRow{Number: i + 1, Session: se})
	}
	d.Registered = regList{WorkshopID: wk.ID, Now: d.Now}
	d.Offered, d.Queued = d.Registered, d.Registered
	for _, reg := range regs {
		switch reg.Status {
		case workshop.Registered:
			d.Registered.Items = append(d.Registered.Items, reg)
		case workshop.Offered:
			d.Offered.Items = append(d.Offered.Items, reg)
		case workshop.Waiting:
			d.Queued.Items = append(d.Queued.Items, reg)
		default:
			d.Cancelled = append(d.Cancelled, reg)
		}
	}
	if f.Value("seance_heure") == "" {
		f.Set("seance_heure", "14:00")
		f.Set("seance_duree", strconv.Itoa(max(15, wk.Last().Minutes())))
		if last := wk.Last(); !last.Start.IsZero() {
			f.Set("seance_date", last.Start.AddDate(0, 0, 7).In(frtime.Paris).Format(agenda.DateLayout))
			f.Set("seance_heure", last.Start.In(frtime.Paris).Format("15:04"))
		}
	}
	h.site.Render(w, r, status, "workshop_view", ui.Page{Title: "Atelier « " + wk.Title + " »", Form: f, Data: d})
}

// failed shows the workshop's page with the form's errors.
func (h *Handlers) failed(w http.ResponseWriter, r *http.Request, err error) {
	f := ui.NewForm(r)
	if !shown(f, ui.RenameFields(err, formFields)) {
		h.site.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusUnprocessableEntity, f)
}

// SessionAdd adds a session; one on a public holiday needs ferie=oui.
func (h *Handlers) SessionAdd(w http.ResponseWriter, r *http.Request) {
	start, minutes := sessionStart(r)
	se, err := h.workshops.AddSession(r.Context(), ui.Actor(r), workshopID(r), workshops.NewSession{Start: start, Minutes: minutes, HolidayKept: r.PostForm.Get("ferie") == "oui"})
	if err != nil {
		h.failed(w, r, err)
		return
	}
	h.site.Flash(r, "Séance ajoutée le "+frtime.DateTime(se.Start)+". Les personnes inscrites ont une place pour elle aussi.")
	ui.Redirect(w, r, "/espace/ateliers/"+ui.Itoa(workshopID(r)))
}

// SessionDelete removes a session whose attendance is not recorded.
func (h *Handlers) SessionDelete(w http.ResponseWriter, r *http.Request) {
	sessionID, _ := ui.PathID(r, "session")
	if err := h.workshops.DeleteSession(r.Context(), ui.Actor(r), workshopID(r), sessionID); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Séance supprimée.")
	ui.Redirect(w, r, "/espace/ateliers/"+ui.Itoa(workshopID(r)))
}

// Register registers a person by staff: a person's file, or a name and
// (with their agreement) a contact; the waiting list when full.
func (h *Handlers) Register(w http.ResponseWriter, r *http.Request) {
	pf := r.PostForm
	reg, err := h.workshops.Register(r.Context(), ui.Actor(r), workshopID(r), workshops.NewRegistration{PersonID: ui.ParseID(pf.Get("personne")),
		Contact: agenda.Contact{Name: pf.Get("nom"), Phone: pf.Get("telephone"), Email: pf.Get("courriel")}, Agreed: pf.Get("accord") == "oui",
		WaitIfFull: pf.Get("attente") == "oui"})
	if err != nil {
		h.failed(w, r, err)
		return
	}
	if reg.Status == workshop.Waiting {
		h.site.Flash(r, reg.Name+" est sur la liste d'attente (rang "+strconv.Itoa(reg.Rank)+").")
	} else {
		h.site.Flash(r, reg.Name+" est inscrit·e.")
	}
	ui.Redirect(w, r, "/espace/ateliers/"+ui.Itoa(workshopID(r)))
}

func registrationRef(r *http.Request) workshops.RegistrationRef {
	id, _ := ui.PathID(r, "reg")
	return workshops.RegistrationRef{WorkshopID: workshopID(r), ID: id}
}

// RegistrationCancel cancels a registration; a freed seat is offered to the
// first person waiting.
func (h *Handlers) RegistrationCancel(w http.ResponseWriter, r *http.Request) {
	c, err := h.workshops.CancelRegistration(r.Context(), ui.Actor(r), registrationRef(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	msg := "Inscription de " + c.Registration.Name + " annulée."
	if c.Offered != nil {
		msg += " La place est proposée à " + c.Offered.Name + ", qui a jusqu'au " + frtime.DateTime(c.Offered.OfferExpiresAt) + " pour confirmer."
	}
	h.site.Flash(r, msg)
	ui.Redirect(w, r, "/espace/ateliers/"+ui.Itoa(workshopID(r)))
}

// RegistrationConfirm confirms an offered seat for the person (who answered
// by phone, or at the desk).
func (h *Handlers) RegistrationConfirm(w http.ResponseWriter, r *http.Request) {
	reg, err := h.workshops.ConfirmOffer(r.Context(), ui.Actor(r), registrationRef(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, reg.Name+" a confirmé sa place.")
	ui.Redirect(w, r, "/espace/ateliers/"+ui.Itoa(workshopID(r)))
}
