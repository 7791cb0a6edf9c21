package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scheduling"
	"github.com/parcours-numerique/parcours/internal/store"
)

type agendaPartnerMotivesData struct {
	Motives     []agenda.Motive
	NoTerritory bool
	Orientation int64 // the orientation the appointment will carry (?orientation=)
}

// agendaPartnerMotives lists the motives that the other structures of the
// territory open to partners.
func (s *Server) agendaPartnerMotives(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	d := agendaPartnerMotivesData{NoTerritory: a.Membership.StructureTerritoryID == 0, Orientation: queryID(r, "orientation")}
	if !d.NoTerritory {
		motives, err := s.store.ListMotives(r.Context(), store.MotiveFilter{TerritoryID: a.Membership.StructureTerritoryID, ExceptStructure: a.StructureID(), MinBooker: agenda.BookPartners})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		// From an orientation's page: only the motives of the structure it was sent to.
		only := queryID(r, "structure")
		for _, m := range motives {
			if only == 0 || m.StructureID == only {
				d.Motives = append(d.Motives, m)
			}
		}
	}
	s.render(w, r, http.StatusOK, "agenda_partner_motives", page{Title: "Prendre rendez-vous chez un partenaire", Data: d})
}

// partnerMotive returns a motive a partner may book: open to partners, of
// another structure of the actor's territory; anything else is not found.
func (s *Server) partnerMotive(r *http.Request) (agenda.Motive, error) {
	a := actorFrom(r)
	id, _ := pathID(r, "id")
	m, err := s.store.MotiveAnyStructure(r.Context(), id)
	if err != nil {
		return m, err
	}
	st, err := s.store.Structure(r.Context(), m.StructureID)
	if err != nil {
		return m, err
	}
	if !m.OpenToPartners() || m.Archived || m.StructureID == a.StructureID() || a.Membership.StructureTerritoryID == 0 || st.TerritoryID != a.Membership.StructureTerritoryID {
		return agenda.Motive{}, apperr.NotFoundError()
	}
	return m, nil
}

type agendaPartnerFormData struct {
	Motive    agenda.Motive
	Days      []slotDay
	Referrals []option
	Consent   string
	Next      string
	Prev      string
}

func (s *Server) agendaPartnerForm(w http.ResponseWriter, r *http.Request) {
	m, err := s.partnerMotive(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := &form{Values: url.Values{}}
	f.Set("du", r.URL.Query().Get("du"))
	if id := queryID(r, "orientation"); id != 0 {
		f.Set("orientation", itoa64(id))
		if ref, err := s.store.Referral(r.Context(), actorFrom(r).Scope(), id); err == nil && ref.SenderStructureID == actorFrom(r).StructureID() {
			f.Set("nom", ref.PersonName)
			switch ref.ContactMethod {
			case "telephone":
				f.Set("telephone", ref.ContactDisplay())
			case "email":
				f.Set("courriel", ref.ContactValue)
			}
			f.Set("besoin", ref.Service)
		}
	}
	s.renderPartnerForm(w, r, http.StatusOK, m, f)
}

func (s *Server) renderPartnerForm(w http.ResponseWriter, r *http.Request, status int, m agenda.Motive, f *form) {
	a := actorFrom(r)
	ctx := r.Context()
	now := s.cfg.Now()
	from := parseDay(f.Value("du"), now)
	if from.Before(startOfDay(now)) {
		from = now
	}
	d := agendaPartnerFormData{Motive: m, Consent: agenda.PartnerConsentWording(a.Membership.StructureName, m.StructureName)}
	names, _, err := s.structurePlaces(r, m.StructureID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	_, slots, err := s.agenda.Slots(ctx, scheduling.SlotRequest{StructureID: m.StructureID, MotiveID: m.ID, From: maxTime(from, now), To: from.AddDate(0, 0, 14), Booker: scheduling.ByPartner})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Days = slotDays(slots, names)
	d.Next = "/espace/agenda/orienter/" + itoa64(m.ID) + "?du=" + from.AddDate(0, 0, 14).Format(agenda.DateLayout)
	if from.After(now.AddDate(0, 0, 1)) {
		d.Prev = "/espace/agenda/orienter/" + itoa64(m.ID) + "?du=" + from.AddDate(0, 0, -14).Format(agenda.DateLayout)
	}
	// An orientation already sent to that structure can carry the appointment.
	refs, err := s.store.ListReferrals(ctx, a.Scope(), store.ReferralFilter{Box: store.BoxSent, Limit: 200})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Referrals = []option{{Value: "", Label: "Aucune orientation"}}
	for _, ref := range refs {
		if ref.ReceiverStructureID == m.StructureID && (ref.State == referral.Open || ref.State == referral.Accepted) {
			d.Referrals = append(d.Referrals, option{Value: itoa64(ref.ID), Label: "n° " + itoa64(ref.ID) + " – " + ref.PersonName + " (" + frenchDate(ref.CreatedAt) + ")"})
		}
	}
	s.render(w, r, status, "agenda_partner_form", page{Title: m.Name + " – " + m.StructureName, Form: f, Data: d})
}

func (s *Server) agendaPartnerSubmit(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	m, err := s.partnerMotive(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pf := r.PostForm
	req := scheduling.BookRequest{StructureID: m.StructureID, MotiveID: m.ID, Booker: scheduling.ByPartner, Contact: contactForm(r), Reachable: true,
		Via: agenda.ViaPartner, ByUserID: a.User.ID, ByStructure: a.StructureID(), Consent: agenda.PartnerConsentWording(a.Membership.StructureName, m.StructureName)}
	var v apperr.Validation
	perm, start, ok := parseSlot(pf.Get("creneau"))
	if !ok {
		v.Add("creneau", "Choisissez un créneau dans la liste.")
	}
	req.PermanenceID, req.Start = perm, start
	if id := formID(pf.Get("orientation")); id != 0 {
		ref, err := s.store.Referral(r.Context(), a.Scope(), id)
		if err != nil || ref.SenderStructureID != a.StructureID() || ref.ReceiverStructureID != m.StructureID {
			v.Add("orientation", "Choisissez une orientation que votre structure a envoyée à "+m.StructureName+".")
		} else {
			req.ReferralID = ref.ID
		}
	}
	if pf.Get("accord") != "oui" {
		v.Add("accord", "Cochez la case : la personne doit être d'accord pour que vous transmettiez ses coordonnées.")
	}
	if err = v.Err(); err == nil {
		var ap agenda.Appointment
		if ap, err = s.agenda.Book(r.Context(), req); err == nil {
			s.flash(r, "Rendez-vous pris chez "+m.StructureName+" le "+frenchDateTime(ap.Start)+". La personne reçoit la confirmation.")
			redirect(w, r, "/espace/agenda/reservations")
			return
		}
		if _, ok := apperr.As(err); ok {
			v.Merge(err)
			if !v.Has("creneau") && apperr.Is(err, apperr.Conflict) {
				v.Add("creneau", apperr.MessageOf(err))
			}
			err = v.Err()
		}
	}
	f := newForm(r)
	if !f.Fail(agendaFieldError("creneau", err)) {
		s.fail(w, r, err)
		return
	}
	s.renderPartnerForm(w, r, http.StatusUnprocessableEntity, m, f)
}

type agendaReservationsData struct {
	Appointments []agenda.Appointment
}

// agendaReservations lists the appointments the structure booked in other
// structures' agendas, from yesterday on.
func (s *Server) agendaReservations(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.ListAppointments(r.Context(), store.AppointmentFilter{BookedByStructureID: actorFrom(r).StructureID(), From: s.cfg.Now().AddDate(0, 0, -1)})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "agenda_reservations", page{Title: "Rendez-vous pris chez les partenaires", Data: agendaReservationsData{Appointments: list}})
}

func (s *Server) agendaReservationCancel(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r, "id")
	ap, err := s.agenda.Cancel(r.Context(), actorFrom(r).StructureID(), id, true, true, strings.TrimSpace(r.PostForm.Get("raison")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Rendez-vous du "+frenchDateTime(ap.Start)+" chez "+ap.StructureName+" annulé.")
	redirect(w, r, "/espace/agenda/reservations")
}
