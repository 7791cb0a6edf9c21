package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/scope"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/store"
)

type referralListData struct {
	Box       string
	Received  []referral.Referral
	Sent      []referral.Referral
	CanSend   bool
	ShowSent  bool
	ShowInbox bool
}

// referralList is the inbox of referrals received and the list of those sent.
func (s *Server) referralList(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	ctx := r.Context()
	d := referralListData{CanSend: a.Can(account.PermSendReferrals), ShowInbox: true}
	d.ShowSent = d.CanSend
	var err error
	if d.Received, err = s.store.ListReferrals(ctx, a.StructureID(), store.ReferralFilter{Box: "recues", Limit: 200}); err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.CanSend {
		if d.Sent, err = s.store.ListReferrals(ctx, a.StructureID(), store.ReferralFilter{Box: "envoyees", Limit: 200}); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if err := s.logAccess(r, a.StructureID(), 0, journal.List, "Liste des orientations"); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "reception_referral_list", page{Title: "Orientations", Data: d})
}

type referralViewData struct {
	Referral  referral.Referral
	IsSender  bool
	CanDecide bool
	Link      string
	QR        template.HTML
	Reasons   []option
	Decisions []option
	Action    string // where the decision form posts
	Public    bool   // answered through a signed link, without an account
	// LinkExpires is until when the signed link being read answers.
	LinkExpires time.Time
	// MailTo opens the sender's mail client with the signed link, when the
	// place has an e-mail address.
	MailTo   string
	MailToAs string
	// BookURL takes an appointment for the person in the agenda of the
	// structure the referral was sent to, when it opens it to partners.
	BookURL string
}

// referralView shows a referral: the receiver sees only the shared fields.
func (s *Server) referralView(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	ref, err := s.store.Referral(r.Context(), a.StructureID(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderReferral(w, r, http.StatusOK, ref, nil)
}

func (s *Server) renderReferral(w http.ResponseWriter, r *http.Request, status int, ref referral.Referral, f *form) {
	a := actorFrom(r)
	d := referralViewData{Referral: ref, IsSender: ref.SenderStructureID == a.StructureID(), Reasons: choices(referral.RefusalReasons), Decisions: decisionOptions,
		Action: "/espace/orientations/" + itoa64(ref.ID) + "/decision"}
	d.CanDecide = !d.IsSender && ref.ReceiverStructureID == a.StructureID() && ref.State == referral.Open
	if ref.PersonID != 0 {
		e := journalEntry(a, journal.Read, "Orientation n° "+itoa64(ref.ID)+" (champs partagés)")
		e.StructureID, e.PersonID, e.At = ref.SenderStructureID, ref.PersonID, s.cfg.Now()
		if err := s.store.AddJournal(r.Context(), scope.OfStructure(e.StructureID), e); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if d.IsSender && ref.ViaLink() && ref.State == referral.Open {
		link, qr, err := s.referralLink(r, ref)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		d.Link, d.QR = link, qr
		if link != "" {
			if pl, err := s.store.Place(r.Context(), ref.ReceiverPlaceID); err == nil && len(pl.Emails) > 0 {
				d.MailToAs = pl.Emails[0]
				d.MailTo = referralMailTo(pl.Emails[0], ref, link)
			}
		}
	}
	if d.IsSender && !ref.ViaLink() && ref.ReceiverStructureID != 0 && a.Can(account.PermAgendaPartner) &&
		(ref.State == referral.Open || ref.State == referral.Accepted) {
		d.BookURL = "/espace/agenda/orienter?structure=" + itoa64(ref.ReceiverStructureID) + "&orientation=" + itoa64(ref.ID)
	}
	s.render(w, r, status, "reception_referral_view", page{Title: "Orientation n° " + itoa64(ref.ID), Form: f, Data: d})
}

// referralLink returns the signed link of a referral answered without an
// account, and its QR code for the printed sheet.
func (s *Server) referralLink(r *http.Request, ref referral.Referral) (string, template.HTML, error) {
	if ref.LinkExpiresAt.IsZero() || !s.cfg.Now().Before(ref.LinkExpiresAt) {
		return "", "", nil
	}
	secret, err := s.store.ReferralSecret(r.Context())
	if err != nil {
		return "", "", err
	}
	link := s.absoluteURL(r, "/orientation/"+referral.Sign(secret, ref.ID, ref.LinkExpiresAt))
	q, err := referral.EncodeQR(link)
	if err != nil {
		return link, "", nil // too long for a code: the link alone is shown
	}
	// The SVG is built from our own module grid and an escaped label only.
	return link, template.HTML(q.SVG("Code QR du lien de réponse pour " + ref.ReceiverName)), nil // #nosec: no user markup
}

// referralMailTo is a mailto: link that opens the sender's mail client with
// the signed link to send to the place: the person's name is not in the
// e-mail, only behind the link.
func referralMailTo(to string, ref referral.Referral, link string) string {
	subject := "Orientation n° " + itoa64(ref.ID) + " : une personne vous est orientée"
	body := "Bonjour,\n\n" + ref.SenderName + " oriente une personne vers " + ref.ReceiverName + " pour : " + ref.Service + ".\n\n" +
		"Vous pouvez voir l'orientation et répondre, sans compte, avec ce lien (valable jusqu'au " + frenchDate(ref.LinkExpiresAt) + ") :\n" + link + "\n\nMerci."
	esc := func(v string) string { return strings.ReplaceAll(url.QueryEscape(v), "+", "%20") }
	return "mailto:" + url.PathEscape(to) + "?subject=" + esc(subject) + "&body=" + esc(body)
}

// parseDecision reads the decision form.
func parseDecision(r *http.Request) (referral.Decision, error) {
	d := referral.Decision{Reasons: formList(r, "motifs"), Comment: r.PostForm.Get("commentaire")}
	switch r.PostForm.Get("decision") {
	case "valider":
		d.Accept, d.Reasons = true, nil
	case "refuser":
	default:
		return d, fieldError("decision", "Choisissez : valider ou refuser l'orientation.")
	}
	return d, d.Validate()
}

func (s *Server) referralDecide(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	ref, err := s.store.Referral(r.Context(), a.StructureID(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ref.ReceiverStructureID != a.StructureID() {
		s.forbidden(w, r)
		return
	}
	d, err := parseDecision(r)
	if err == nil {
		err = s.store.DecideReferral(r.Context(), a.StructureID(), ref.ID, d, a.User.ID, a.User.Name+" ("+a.Membership.StructureName+")", s.cfg.Now())
	}
	if err != nil {
		f := newForm(r)
		if !f.Fail(err) {
			s.serverError(w, r, err)
			return
		}
		ref, _ = s.store.Referral(r.Context(), a.StructureID(), id)
		s.renderReferral(w, r, statusOf(err), ref, f)
		return
	}
	s.flash(r, map[bool]string{true: "Orientation validée : la structure qui oriente le voit.", false: "Orientation refusée : la structure qui oriente voit vos motifs."}[d.Accept])
	redirect(w, r, "/espace/orientations/"+itoa64(ref.ID))
}

func statusOf(err error) int {
	if apperr.CodeOf(err) == apperr.Conflict {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

type referralSheetData struct {
	Referral  referral.Referral
	Place     *place.Place
	Address   string
	Week      []string
	OpenText  string
	Access    []string
	Bring     []string
	Link      string
	QR        template.HTML
	Structure string
	Phone     string
}

// referralSheet is the printable fiche d'orientation for the person, in
// easy French: where to go, when it is open, how to get there, what to bring.
func (s *Server) referralSheet(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	ctx := r.Context()
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	ref, err := s.store.Referral(ctx, a.StructureID(), id)
	if err != nil || ref.SenderStructureID != a.StructureID() {
		s.fail(w, r, orNotFound(err))
		return
	}
	d := referralSheetData{Referral: ref, Structure: a.Membership.StructureName}
	var pl *place.Place
	if ref.ReceiverPlaceID != 0 {
		if p, err := s.store.Place(ctx, ref.ReceiverPlaceID); err == nil {
			pl = &p
		}
	} else if ref.ReceiverStructureID != 0 {
		if ps, err := s.store.ListPlaces(ctx, store.PlaceFilter{StructureID: ref.ReceiverStructureID, Limit: 1}); err == nil && len(ps) > 0 {
			pl = &ps[0]
		} else if st, err := s.store.Structure(ctx, ref.ReceiverStructureID); err == nil {
			d.Address = st.Address + ", " + personCommune(st.CommuneCode)
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
		if d.Link, d.QR, err = s.referralLink(r, ref); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if ref.PersonID != 0 {
		if err := s.logAccess(r, a.StructureID(), ref.PersonID, journal.Read, "Fiche d'orientation imprimée"); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "reception_referral_sheet", page{Title: "Fiche d'orientation", Data: d})
}

var decisionOptions = []option{{Value: "valider", Label: "Valider : nous prenons la personne en charge"}, {Value: "refuser", Label: "Refuser"}}
