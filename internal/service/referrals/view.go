package referrals

import (
	"context"
	"net/url"
	"sort"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// Booking leads from a referral to an appointment at the receiver: its
// Parcours agenda (the partner booking screen, the person preselected
// through the referral) when it uses Parcours, its own booking link
// (prise_rdv) otherwise. URL is empty when there is neither.
type Booking struct {
	URL      string
	External bool // the place's own booking site
}

// View is a referral as the actor may see it.
type View struct {
	Referral  referral.Referral
	IsSender  bool
	CanDecide bool
	// The signed link and its QR code (an SVG image), for the sender of an
	// open referral to a place without Parcours whose link still answers.
	Link string
	QR   string
	// MailTo prepares the link in the sender's mail client, to MailToAs.
	MailTo   string
	MailToAs string
	Booking  Booking
}

// Get returns a referral the actor's structure sent or received; the
// receiver reads the shared fields only, and the person's journal (the
// sender's) records the read.
func (s *Service) Get(ctx context.Context, a *account.Actor, id int64, base string) (View, error) {
	if err := a.Require(account.PermReceiveReferrals); err != nil {
		return View{}, err
	}
	ref, err := s.st.Referral(ctx, a.Scope(), id)
	if err != nil {
		return View{}, err
	}
	v := View{Referral: ref, IsSender: ref.SenderStructureID == a.StructureID()}
	v.CanDecide = !v.IsSender && ref.ReceiverStructureID == a.StructureID() && ref.State == referral.Open
	if ref.PersonID != 0 {
		e := journal.By(a, journal.Read, "Orientation n° "+itoa(ref.ID)+" (champs partagés)")
		e.PersonID, e.At = ref.PersonID, s.cfg.Now()
		// The file is the sender's: its journal records who read it.
		if err := s.st.AddJournal(ctx, scope.OfStructure(ref.SenderStructureID), e); err != nil {
			return v, err
		}
	}
	s.forReader(a, &v.Referral)
	if !v.IsSender {
		return v, nil
	}
	if ref.ViaLink() && ref.State == referral.Open {
		if v.Link, v.QR, err = s.linkAndQR(ctx, ref, base); err != nil {
			return v, err
		}
		if v.Link != "" {
			if pl, err := s.places.Place(ctx, ref.ReceiverPlaceID); err == nil && len(pl.Emails) > 0 {
				v.MailToAs = pl.Emails[0]
				v.MailTo = mailTo(pl.Emails[0], ref, v.Link)
			}
		}
	}
	v.Booking, err = s.booking(ctx, a, ref)
	return v, err
}

// linkAndQR returns the signed link of a referral answered without an
// account while it is valid, and its QR code.
func (s *Service) linkAndQR(ctx context.Context, ref referral.Referral, base string) (string, string, error) {
	if ref.LinkExpiresAt.IsZero() || !s.cfg.Now().Before(ref.LinkExpiresAt) {
		return "", "", nil
	}
	sg, err := s.signer(ctx)
	if err != nil {
		return "", "", err
	}
	l := link(sg, s.base(base), ref)
	qr, err := referral.QRCodeSVG(l, "Code QR du lien de réponse pour "+ref.ReceiverName)
	if err != nil {
		s.cfg.Log.Warn("orientation : code QR impossible", "orientation", ref.ID, "err", err)
		return l, "", nil // the link alone is shown
	}
	return l, qr, nil
}

// mailTo opens the sender's mail client with the signed link to send to the
// place: the person's name is not in the e-mail, only behind the link.
func mailTo(to string, ref referral.Referral, link string) string {
	subject := "Orientation n° " + itoa(ref.ID) + " : une personne vous est orientée"
	body := "Bonjour,\n\n" + ref.SenderName + " oriente une personne vers " + ref.ReceiverName + " pour : " + ref.Service + ".\n\n" +
		"Vous pouvez voir l'orientation et répondre, sans compte, avec ce lien (valable jusqu'au " + frtime.Date(ref.LinkExpiresAt) + ") :\n" + link + "\n\nMerci."
	esc := func(v string) string { return strings.ReplaceAll(url.QueryEscape(v), "+", "%20") }
	return "mailto:" + url.PathEscape(to) + "?subject=" + esc(subject) + "&body=" + esc(body)
}

// booking is where the sender books an appointment for the person at the
// receiver, while the referral is open or accepted.
func (s *Service) booking(ctx context.Context, a *account.Actor, ref referral.Referral) (Booking, error) {
	if ref.SenderStructureID != a.StructureID() || (ref.State != referral.Open && ref.State != referral.Accepted) {
		return Booking{}, nil
	}
	if ref.ReceiverStructureID != 0 && a.Can(account.PermAgendaPartner) {
		return Booking{URL: "/espace/agenda/orienter?structure=" + itoa(ref.ReceiverStructureID) + "&orientation=" + itoa(ref.ID)}, nil
	}
	var places []place.Place
	if ref.ReceiverPlaceID != 0 {
		pl, err := s.places.Place(ctx, ref.ReceiverPlaceID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return Booking{}, err
		}
		places = append(places, pl)
	} else {
		ps, err := s.places.ListPlaces(ctx, placestore.PlaceFilter{StructureID: ref.ReceiverStructureID})
		if err != nil {
			return Booking{}, err
		}
		places = ps
	}
	for _, pl := range places {
		if pl.BookingURL != "" {
			return Booking{URL: pl.BookingURL, External: true}, nil
		}
	}
	return Booking{}, nil
}

// Bookings gives, for each referral the actor's structure sent, where to
// book an appointment for the person (a person's page lists them).
func (s *Service) Bookings(ctx context.Context, a *account.Actor, refs []referral.Referral) (map[int64]Booking, error) {
	if err := a.Require(account.PermSendReferrals); err != nil {
		return nil, nil // a role that cannot orient books nothing from here
	}
	out := map[int64]Booking{}
	for _, r := range refs {
		b, err := s.booking(ctx, a, r)
		if err != nil {
			return nil, err
		}
		if b.URL != "" {
			out[r.ID] = b
		}
	}
	return out, nil
}

// Sheet is the printable fiche d'orientation for the person, in easy
// French: where to go, when it is open, how to get there, what to bring.
type Sheet struct {
	Referral  referral.Referral
	Place     *place.Place
	Address   string
	Week      []string
	OpenText  string
	Access    []string
	Bring     []string
	Link      string
	QR        string
	Structure string
	Phone     string
}

// Sheet returns the printable sheet of a referral the actor's structure sent.
func (s *Service) Sheet(ctx context.Context, a *account.Actor, id int64, base string) (Sheet, error) {
	if err := a.Require(account.PermSendReferrals); err != nil {
		return Sheet{}, err
	}
	ref, err := s.st.Referral(ctx, a.Scope(), id)
	if err == nil && ref.SenderStructureID != a.StructureID() {
		err = apperr.NotFoundError()
	}
	if err != nil {
		return Sheet{}, err
	}
	d := Sheet{Referral: ref, Structure: a.Membership.StructureName}
	var pl *place.Place
	if ref.ReceiverPlaceID != 0 {
		if p, err := s.places.Place(ctx, ref.ReceiverPlaceID); err == nil {
			pl = &p
		}
	} else if ref.ReceiverStructureID != 0 {
		if ps, err := s.places.ListPlaces(ctx, placestore.PlaceFilter{StructureID: ref.ReceiverStructureID, Limit: 1}); err == nil && len(ps) > 0 {
			pl = &ps[0]
		} else if st, err := s.st.Structure(ctx, ref.ReceiverStructureID); err == nil {
			d.Address = st.Address + ", " + person.CommuneLabel(st.CommuneCode)
		}
	}
	now := s.cfg.Now()
	if pl != nil {
		d.Place = pl
		d.Address = strings.Join(strings.Fields(pl.Address+" "+pl.AddressComplement), " ") + ", " + pl.PostalCode + " " + pl.Commune
		d.Phone = person.DisplayPhone(pl.Phone)
		if sch, err := hours.Parse(pl.Hours); err == nil && pl.Hours != "" {
			d.OpenText = sch.State(now).Text
			for _, day := range sch.Week(now) {
				d.Week = append(d.Week, day.String())
			}
		}
		for _, m := range pl.AccessModes {
			d.Access = append(d.Access, place.LabelOf("modalites_acces", m))
		}
	}
	d.Bring = []string{"Cette fiche.", "Votre pièce d'identité.", "Votre téléphone portable, si vous en avez un."}
	if ref.Service == "Aide aux démarches administratives" {
		d.Bring = append(d.Bring, "Votre carte Vitale.", "Les courriers reçus pour votre démarche (CAF, impôts, Assurance maladie…).", "Vos identifiants et mots de passe, si vous en avez.")
	} else {
		d.Bring = append(d.Bring, "Votre tablette ou votre ordinateur, si vous en avez un.", "Vos identifiants et mots de passe, si vous en avez.")
	}
	if ref.ViaLink() && ref.State == referral.Open {
		if d.Link, d.QR, err = s.linkAndQR(ctx, ref, base); err != nil {
			return d, err
		}
	}
	if ref.PersonID != 0 {
		e := journal.By(a, journal.Read, "Fiche d'orientation imprimée")
		e.PersonID, e.At = ref.PersonID, now
		if err := s.st.AddJournal(ctx, a.Scope(), e); err != nil {
			return d, err
		}
	}
	return d, nil
}

// Draft prepares a referral of a person: what the form shows before the
// agent sends it, and exactly what the receiver will get.
type Draft struct {
	Person        person.Person
	EvaluationID  int64
	Service       string
	Name          string
	Contact       string
	ContactValue  string
	AvailableFrom string
	Consent       string // the sharing wording to read to the person
	HasConsent    bool   // an active sharing consent exists
}

// Draft returns the pre-filled referral of a person of the actor's
// structure, from one of their evaluations when given, and journals the read.
func (s *Service) Draft(ctx context.Context, a *account.Actor, personID, evaluationID int64) (Draft, error) {
	if err := a.Require(account.PermSendReferrals); err != nil {
		return Draft{}, err
	}
	p, err := s.st.Person(ctx, a.Scope(), personID)
	if err == nil && (p.Deleted() || p.MergedInto != 0) {
		err = apperr.NotFoundError()
	}
	if err != nil {
		return Draft{}, err
	}
	d := Draft{Person: p, AvailableFrom: s.cfg.Now().In(frtime.Paris).Format("2006-01-02"), Contact: "referent"}
	if p.Kind == person.Followed {
		d.Name = p.Name()
	}
	switch {
	case p.Phone != "":
		d.Contact, d.ContactValue = "telephone", p.Phone
	case p.Email != "":
		d.Contact, d.ContactValue = "email", p.Email
	}
	if evaluationID != 0 {
		if e, err := s.st.Evaluation(ctx, a.Scope(), evaluationID); err == nil && e.PersonID == p.ID {
			d.EvaluationID, d.Service = e.ID, e.Service()
		}
	}
	c, _ := person.NewConsent(person.ConsentShare, a.Membership.StructureName)
	d.Consent = c.Wording
	id, err := s.activeShareConsent(ctx, a, p.ID)
	if err != nil {
		return d, err
	}
	d.HasConsent = id != 0
	e := journal.By(a, journal.Read, "Préparation d'une orientation")
	e.PersonID, e.At = p.ID, s.cfg.Now()
	return d, s.st.AddJournal(ctx, a.Scope(), e)
}

// Destinations are where a person may be oriented for a service.
type Destinations struct {
	Chosen     *place.Place           // a place chosen beforehand (from an evaluation's page)
	Nearest    []evaluation.Candidate // the three nearest places that offer it
	Structures []structure.Structure  // the other structures using Parcours
}

// Destinations ranks the places of the map around the person (or the
// actor's structure) that offer the service, and lists the other
// structures, which receive referrals in their inbox.
func (s *Service) Destinations(ctx context.Context, a *account.Actor, p person.Person, service string, chosenPlace int64) (Destinations, error) {
	var d Destinations
	if err := a.Require(account.PermPersons); err != nil {
		return d, err
	}
	if chosenPlace != 0 {
		pl, err := s.places.Place(ctx, chosenPlace)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return d, err
		}
		if err == nil && pl.Open() {
			d.Chosen = &pl
		}
	}
	origin := p.CommuneCode
	if origin == "" {
		st, err := s.st.Structure(ctx, a.StructureID())
		if err != nil {
			return d, err
		}
		origin = st.CommuneCode
	}
	if codes := evaluation.Communes(origin); len(codes) > 0 {
		places, err := s.places.ListPlaces(ctx, placestore.PlaceFilter{InseeCodes: codes, Service: service})
		if err != nil {
			return d, err
		}
		d.Nearest = evaluation.Nearest(places, service, &p, origin, s.cfg.Now(), 3)
	}
	all, err := s.st.StructureDirectory(ctx)
	if err != nil {
		return d, err
	}
	for _, st := range all {
		if st.ID != a.StructureID() {
			d.Structures = append(d.Structures, st)
		}
	}
	sort.SliceStable(d.Structures, func(i, j int) bool { return d.Structures[i].Name < d.Structures[j].Name })
	return d, nil
}
