package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
)

type referralNewData struct {
	Person       person.Person
	EvaluationID int64
	Destinations []option
	Services     []option
	Contacts     []option
	Shared       []string
	Consent      string // the wording read to the person
	HasConsent   bool   // an active sharing consent exists
}

// referralNewForm prepares an orientation of a person: the sender sees
// exactly which fields the receiver will get.
func (s *Server) referralNewForm(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	q := r.URL.Query()
	p, err := s.store.Person(r.Context(), a.Scope(), formID(q.Get("personne")))
	if err != nil || p.Deleted() || p.MergedInto != 0 || p.Kind != person.Followed {
		s.fail(w, r, orNotFound(err))
		return
	}
	if err := s.logAccess(r, a.StructureID(), p.ID, journal.Read, "Préparation d'une orientation"); err != nil {
		s.serverError(w, r, err)
		return
	}
	f := &form{}
	f.Set("personne", itoa64(p.ID))
	f.Set("nom", p.Name())
	f.Set("disponible", s.cfg.Now().In(paris).Format("2006-01-02"))
	switch {
	case p.Phone != "":
		f.Set("contact", "telephone")
		f.Set("contact_valeur", p.Phone)
	case p.Email != "":
		f.Set("contact", "email")
		f.Set("contact_valeur", p.Email)
	default:
		f.Set("contact", "referent")
	}
	if id := formID(q.Get("evaluation")); id != 0 {
		if e, err := s.store.Evaluation(r.Context(), a.Scope(), id); err == nil && e.PersonID == p.ID {
			f.Set("evaluation", itoa64(e.ID))
			f.Set("service", e.Service())
		}
	}
	if l := formID(q.Get("lieu")); l != 0 {
		f.Set("destination", "lieu-"+itoa64(l))
	} else if st := formID(q.Get("structure")); st != 0 {
		f.Set("destination", "structure-"+itoa64(st))
	}
	s.renderReferralNew(w, r, http.StatusOK, f, p)
}

func (s *Server) renderReferralNew(w http.ResponseWriter, r *http.Request, status int, f *form, p person.Person) {
	a := actorFrom(r)
	ctx := r.Context()
	d := referralNewData{Person: p, Shared: referral.SharedFields, Contacts: choices(referral.ContactMethods)}
	for _, sv := range place.Services {
		d.Services = append(d.Services, option{Value: sv.Value, Label: sv.Value, Hint: sv.Label})
	}
	c, _ := person.NewConsent(person.ConsentShare, a.Membership.StructureName)
	d.Consent = c.Wording
	consents, err := s.store.Consents(ctx, a.Scope(), p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, c := range consents {
		if c.Purpose == person.ConsentShare && c.Active() {
			d.HasConsent = true
		}
	}
	// Suggested places first, then every other structure using Parcours.
	service := f.Value("service")
	if service == "" {
		service = "Aide aux démarches administratives"
	}
	cands, err := s.nearestPlaces(r, &p, service)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	seen := map[string]bool{}
	if dest := f.Value("destination"); strings.HasPrefix(dest, "lieu-") {
		if pl, err := s.store.Place(ctx, formID(strings.TrimPrefix(dest, "lieu-"))); err == nil {
			d.Destinations = append(d.Destinations, option{Value: dest, Label: pl.Name, Hint: "Lieu de la carte · " + pl.Address + ", " + pl.Commune})
			seen[dest] = true
		}
	}
	for _, c := range cands {
		v := "lieu-" + itoa64(c.Place.ID)
		if !seen[v] {
			seen[v] = true
			d.Destinations = append(d.Destinations, option{Value: v, Label: c.Place.Name, Hint: "Lieu proche · " + c.Place.Address + ", " + c.Place.Commune + " · " + c.OpenText})
		}
	}
	structures, err := s.referralStructures(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, st := range structures {
		d.Destinations = append(d.Destinations, option{Value: "structure-" + itoa64(st.ID), Label: st.Name, Hint: "Structure qui utilise Parcours : elle reçoit l'orientation dans son espace."})
	}
	d.EvaluationID = formID(f.Value("evaluation"))
	s.render(w, r, status, "reception_referral_new", page{Title: "Orienter " + p.Name(), Form: f, Data: d})
}

// resolveDestination turns the form's destination into the receiver: a
// structure using Parcours (its inbox) or a place whose structure does not
// (a signed link).
func (s *Server) resolveDestination(r *http.Request, dest string, ref *referral.Referral, now time.Time) error {
	ctx := r.Context()
	bad := fieldError("destination", "Choisissez la structure ou le lieu qui va recevoir la personne.")
	switch {
	case strings.HasPrefix(dest, "structure-"):
		st, err := s.store.Structure(ctx, formID(strings.TrimPrefix(dest, "structure-")))
		if err != nil {
			return bad
		}
		ref.ReceiverStructureID, ref.ReceiverName = st.ID, st.Name
	case strings.HasPrefix(dest, "lieu-"):
		pl, err := s.store.Place(ctx, formID(strings.TrimPrefix(dest, "lieu-")))
		if err != nil || !pl.Open() {
			return bad
		}
		ref.ReceiverPlaceID, ref.ReceiverName = pl.ID, pl.Name
		if pl.StructureID != 0 {
			members, err := s.store.StructureMembers(ctx, scope.OfStructure(pl.StructureID))
			if err != nil {
				return err
			}
			if len(members) > 0 {
				ref.ReceiverStructureID = pl.StructureID
				return nil
			}
		}
		ref.LinkExpiresAt = now.Add(referral.LinkValidity)
	default:
		return bad
	}
	return nil
}

// referralCreate records the consent when it is given now, then the referral.
func (s *Server) referralCreate(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	ctx := r.Context()
	now := s.cfg.Now()
	f := newForm(r)
	p, err := s.store.Person(ctx, a.Scope(), formID(r.PostForm.Get("personne")))
	if err != nil || p.Deleted() || p.MergedInto != 0 || p.Kind != person.Followed {
		s.fail(w, r, orNotFound(err))
		return
	}
	ref := referral.Referral{
		SenderStructureID: a.StructureID(), PersonID: p.ID, PersonName: r.PostForm.Get("nom"),
		ContactMethod: r.PostForm.Get("contact"), ContactValue: r.PostForm.Get("contact_valeur"), Service: r.PostForm.Get("service"),
		AvailableFrom: r.PostForm.Get("disponible"), Reason: r.PostForm.Get("motif"), Informed: r.PostForm.Get("informee") == "oui",
		CreatedBy: a.User.ID,
	}
	if id := formID(r.PostForm.Get("evaluation")); id != 0 {
		if e, err := s.store.Evaluation(ctx, a.Scope(), id); err == nil && e.PersonID == p.ID {
			ref.EvaluationID = e.ID
		}
	}
	var v apperr.Validation
	if err := s.resolveDestination(r, r.PostForm.Get("destination"), &ref, now); err != nil {
		if !v.Merge(err) {
			s.serverError(w, r, err)
			return
		}
	}
	ref.Normalize()
	if err := ref.Validate(now); err != nil {
		if e, ok := apperr.As(err); ok {
			for _, fe := range e.Fields {
				if !v.Has(fe.Field) {
					v.Add(fe.Field, fe.Message)
				}
			}
		}
	}
	consentID, err := s.activeShareConsent(r, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if consentID == 0 && r.PostForm.Get("consentement_partage") != "oui" {
		v.Add("consentement_partage", "Lisez la phrase à la personne et cochez la case si elle est d'accord. Sans son accord, rien n'est envoyé.")
	}
	if err := v.Err(); err != nil {
		f.Fail(err)
		s.renderReferralNew(w, r, http.StatusUnprocessableEntity, f, p)
		return
	}
	if consentID == 0 {
		c, _ := person.NewConsent(person.ConsentShare, a.Membership.StructureName)
		c.PersonID, c.StructureID, c.CollectedBy = p.ID, a.StructureID(), a.User.ID
		if err := s.store.AddConsent(ctx, a.Scope(), &c, journalEntry(a, journal.Update, "Consentement recueilli : "+c.PurposeLabel()), now); err != nil {
			s.fail(w, r, err)
			return
		}
		consentID = c.ID
	}
	ref.ConsentID = consentID
	if err := s.store.CreateReferral(ctx, &ref, a.User.Name+" ("+a.Membership.StructureName+")", journalEntry(a, journal.Create, "Orientation vers "+ref.ReceiverName), now); err != nil {
		if f.Fail(err) {
			s.renderReferralNew(w, r, http.StatusUnprocessableEntity, f, p)
			return
		}
		s.fail(w, r, err)
		return
	}
	msg := "Orientation envoyée à " + ref.ReceiverName + " : elle la voit dans son espace."
	if ref.ViaLink() {
		msg = "Orientation créée pour " + ref.ReceiverName + ", qui n'utilise pas Parcours : imprimez la fiche avec le code QR ou transmettez le lien."
		saved, err := s.store.Referral(ctx, a.StructureID(), ref.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if mailed, err := s.mailReferral(ctx, s.absoluteURL(r, ""), saved, notify.ReferralLink); err != nil {
			s.serverError(w, r, err)
			return
		} else if mailed {
			msg = "Orientation créée pour " + ref.ReceiverName + ", qui n'utilise pas Parcours : le lien de réponse lui est envoyé par e-mail. Vous pouvez aussi imprimer la fiche avec le code QR."
		}
	}
	s.flash(r, msg)
	redirect(w, r, "/espace/orientations/"+itoa64(ref.ID))
}

func (s *Server) activeShareConsent(r *http.Request, personID int64) (int64, error) {
	consents, err := s.store.Consents(r.Context(), actorFrom(r).Scope(), personID)
	if err != nil {
		return 0, err
	}
	for _, c := range consents {
		if c.Purpose == person.ConsentShare && c.Active() {
			return c.ID, nil
		}
	}
	return 0, nil
}
