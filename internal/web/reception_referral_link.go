package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/scope"

	"github.com/parcours-numerique/parcours/internal/apperr"

	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/referral"
)

// linkReferral verifies a signed link and loads its referral; the link's
// own expiry is kept to tell the reader until when it answers.
func (s *Server) linkReferral(r *http.Request) (referral.Referral, time.Time, error) {
	secret, err := s.store.ReferralSecret(r.Context())
	if err != nil {
		return referral.Referral{}, time.Time{}, err
	}
	id, expires, err := referral.Verify(secret, r.PathValue("token"), s.cfg.Now())
	if err != nil {
		return referral.Referral{}, time.Time{}, err
	}
	ref, err := s.store.ReferralForLink(r.Context(), id)
	return ref, expires, err
}

// referralLinkView lets a place that does not use Parcours read the shared
// fields and answer, without an account, for 8 days.
func (s *Server) referralLinkView(w http.ResponseWriter, r *http.Request) {
	ref, expires, err := s.linkReferral(r)
	if err != nil {
		s.failLink(w, r, err)
		return
	}
	if ref.PersonID != 0 {
		e := journal.Entry{StructureID: ref.SenderStructureID, Who: "Lien signé (" + ref.ReceiverName + ")", PersonID: ref.PersonID,
			Action: journal.Read, What: "Orientation n° " + itoa64(ref.ID) + " lue par le lien signé", At: s.cfg.Now()}
		if err := s.store.AddJournal(r.Context(), scope.OfStructure(e.StructureID), e); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.renderLinkReferral(w, r, http.StatusOK, ref, expires, nil)
}

func (s *Server) renderLinkReferral(w http.ResponseWriter, r *http.Request, status int, ref referral.Referral, expires time.Time, f *form) {
	d := referralViewData{Referral: ref, CanDecide: ref.State == referral.Open, Reasons: choices(referral.RefusalReasons), Decisions: decisionOptions,
		Action: "/orientation/" + r.PathValue("token"), Public: true, LinkExpires: expires}
	s.render(w, r, status, "reception_referral_view", page{Title: "Orientation reçue", Form: f, Data: d})
}

func (s *Server) referralLinkDecide(w http.ResponseWriter, r *http.Request) {
	ref, expires, err := s.linkReferral(r)
	if err != nil {
		s.failLink(w, r, err)
		return
	}
	d, err := parseDecision(r)
	if err == nil {
		who := "Lien signé (" + ref.ReceiverName + ")"
		if name := r.PostForm.Get("signataire"); name != "" && len(name) < 120 {
			who = name + " — " + who
		}
		err = s.store.DecideReferral(r.Context(), 0, ref.ID, d, 0, who, s.cfg.Now())
	}
	if err != nil {
		f := newForm(r)
		if !f.Fail(err) {
			s.serverError(w, r, err)
			return
		}
		ref, _ = s.store.ReferralForLink(r.Context(), ref.ID)
		s.renderLinkReferral(w, r, statusOf(err), ref, expires, f)
		return
	}
	ref, err = s.store.ReferralForLink(r.Context(), ref.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := &form{Message: ""}
	s.renderLinkReferral(w, r, http.StatusOK, ref, expires, f)
}

// failLink says plainly that a link expired; any other failure is a 404.
func (s *Server) failLink(w http.ResponseWriter, r *http.Request, err error) {
	if e, ok := apperr.As(err); ok && e.Code == apperr.NotFound && e.Message != apperr.NotFoundError().Message {
		s.renderError(w, r, http.StatusNotFound, "Lien expiré", e.Message)
		return
	}
	s.fail(w, r, err)
}

// referralLinkRenew gives an open referral to a place without Parcours a
// new signed link, valid 8 days from now: the first one may have expired
// before the place answered. Older links stay valid until their own date.
func (s *Server) referralLinkRenew(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	ref, err := s.store.Referral(r.Context(), a.StructureID(), id)
	if err != nil || ref.SenderStructureID != a.StructureID() || !ref.ViaLink() {
		s.fail(w, r, orNotFound(err))
		return
	}
	if ref.State != referral.Open {
		s.renderReferral(w, r, http.StatusConflict, ref, &form{Message: "Cette orientation est " + strings.ToLower(ref.StateLabel()) + " : plus besoin de lien."})
		return
	}
	now := s.cfg.Now()
	expires := now.Add(referral.LinkValidity).Truncate(time.Second)
	if err := s.store.SetReferralLink(r.Context(), a.StructureID(), ref.ID, expires); err != nil {
		s.fail(w, r, err)
		return
	}
	detail := "Nouveau lien de réponse, valable jusqu'au " + frenchDate(expires)
	if err := s.store.LogReferralEvent(r.Context(), ref.ID, "lien", a.User.ID, a.User.Name+" ("+a.Membership.StructureName+")", detail, now); err != nil {
		s.serverError(w, r, err)
		return
	}
	ref.LinkExpiresAt = expires
	if mailed, err := s.mailReferral(r.Context(), s.absoluteURL(r, ""), ref, notify.ReferralLink); err != nil {
		s.serverError(w, r, err)
		return
	} else if mailed {
		detail += ", envoyé par e-mail à " + ref.ReceiverName
	}
	s.flash(r, detail+".")
	redirect(w, r, "/espace/orientations/"+itoa64(ref.ID))
}
