package agenda

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/frtime"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type partnerMotivesData struct {
	Motives     []agenda.Motive
	NoTerritory bool
	Carry       string // the query the motives' links carry: ?orientation=…&personne=…
}

// carried keeps, from a page to the next, the orientation the appointment
// will go with and the person it is for (?orientation=, ?personne=).
func carried(r *http.Request) url.Values {
	q := url.Values{}
	for _, k := range []string{"orientation", "personne"} {
		if id := ui.QueryID(r, k); id != 0 {
			q.Set(k, ui.Itoa(id))
		}
	}
	return q
}

// PartnerMotives lists the motives that the other structures of the
// territory open to partners; ?structure= keeps one structure's (the one
// an orientation was sent to).
func (h *Handlers) PartnerMotives(w http.ResponseWriter, r *http.Request) {
	list, ok, err := h.agenda.PartnerMotives(r.Context(), ui.Actor(r), ui.QueryID(r, "structure"))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := partnerMotivesData{Motives: list, NoTerritory: !ok}
	if q := carried(r); len(q) > 0 {
		d.Carry = "?" + q.Encode()
	}
	h.site.Render(w, r, http.StatusOK, "agenda_partner_motives", ui.Page{Title: "Prendre rendez-vous chez un partenaire", Data: d})
}

type partnerFormData struct {
	Motive    agenda.Motive
	Days      []slotDay
	Referrals []ui.Option
	Consent   string
	Next      string
	Prev      string
	Person    int64 // the person's file the contact comes from (?personne=)
}

// PartnerForm is the booking of a partner's motive: its free slots and the
// person, prefilled from the orientation (?orientation=) or the person's
// file (?personne=).
func (h *Handlers) PartnerForm(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{Values: url.Values{}}
	f.Set("du", r.URL.Query().Get("du"))
	h.renderPartnerForm(w, r, http.StatusOK, f, true)
}

func (h *Handlers) renderPartnerForm(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, prefill bool) {
	a := ui.Actor(r)
	id, _ := ui.PathID(r, "id")
	referral, personID := ui.QueryID(r, "orientation"), ui.QueryID(r, "personne")
	if !prefill {
		referral, personID = ui.ParseID(f.Value("orientation")), ui.ParseID(f.Value("personne"))
	}
	draft, err := h.agenda.PartnerBookingDraft(r.Context(), a, id, referral, personID)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	m := draft.Motive
	if prefill {
		f.Set("nom", draft.Contact.Name)
		f.Set("telephone", draft.Contact.Phone)
		f.Set("courriel", draft.Contact.Email)
		f.Set("besoin", draft.Contact.Need)
		if draft.Referral != 0 {
			f.Set("orientation", ui.Itoa(draft.Referral))
		}
	}
	now := h.site.Now()
	from := day(f.Value("du"), now)
	if from.Before(agenda.Midnight(now)) {
		from = now
	}
	free, err := h.agenda.PartnerSlots(r.Context(), a, m.ID, agendasvc.Range{From: from, To: from.AddDate(0, 0, 14)})
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := partnerFormData{Motive: m, Days: slotDays(free), Consent: agenda.PartnerConsentWording(a.Membership.StructureName, m.StructureName), Person: personID}
	q := carried(r)
	q.Set("du", from.AddDate(0, 0, 14).Format(agenda.DateLayout))
	d.Next = "/espace/agenda/orienter/" + ui.Itoa(m.ID) + "?" + q.Encode()
	if from.After(now.AddDate(0, 0, 1)) {
		q.Set("du", from.AddDate(0, 0, -14).Format(agenda.DateLayout))
		d.Prev = "/espace/agenda/orienter/" + ui.Itoa(m.ID) + "?" + q.Encode()
	}
	d.Referrals = []ui.Option{{Value: "", Label: "Aucune orientation"}}
	for _, ref := range draft.Referrals {
		d.Referrals = append(d.Referrals, ui.Option{Value: ui.Itoa(ref.ID), Label: "n° " + ui.Itoa(ref.ID) + " – " + ref.PersonName + " (" + frtime.Date(ref.CreatedAt) + ")"})
	}
	h.site.Render(w, r, status, "agenda_partner_form", ui.Page{Title: m.Name + " – " + m.StructureName, Form: f, Data: d})
}

// PartnerBook books the chosen slot at the partner's, for the person.
func (h *Handlers) PartnerBook(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	pf := r.PostForm
	ap, err := h.agenda.BookAsPartner(r.Context(), ui.Actor(r), id, agendasvc.PartnerBooking{Slot: pf.Get("creneau"), Contact: contact(r),
		ReferralID: ui.ParseID(pf.Get("orientation")), Agreed: pf.Get("accord") == "oui"})
	if err != nil {
		f := ui.NewForm(r)
		if !shown(f, onField("creneau", err)) {
			h.site.Fail(w, r, err)
			return
		}
		h.renderPartnerForm(w, r, http.StatusUnprocessableEntity, f, false)
		return
	}
	h.site.Flash(r, "Rendez-vous pris chez "+ap.StructureName+" le "+frtime.DateTime(ap.Start)+". La personne reçoit la confirmation.")
	ui.Redirect(w, r, "/espace/agenda/reservations")
}

type reservationsData struct {
	Appointments []agenda.Appointment
}

// Reservations lists the appointments the structure booked in other
// structures' agendas, from yesterday on.
func (h *Handlers) Reservations(w http.ResponseWriter, r *http.Request) {
	list, err := h.agenda.Reservations(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "agenda_reservations", ui.Page{Title: "Rendez-vous pris chez les partenaires", Data: reservationsData{Appointments: list}})
}

// ReservationCancel cancels, for the person, an appointment booked at a partner's.
func (h *Handlers) ReservationCancel(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	ap, err := h.agenda.CancelReservation(r.Context(), ui.Actor(r), id, strings.TrimSpace(r.PostForm.Get("raison")))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Rendez-vous du "+frtime.DateTime(ap.Start)+" chez "+ap.StructureName+" annulé.")
	ui.Redirect(w, r, "/espace/agenda/reservations")
}
