package reception

import (
	"html/template"
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/service/referrals"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type referralViewData struct {
	referrals.View
	QR        template.HTML // the QR code's SVG, drawn by referral.QRCodeSVG
	Reasons   []ui.Option
	Decisions []ui.Option
	Action    string // where the decision form posts
	Public    bool   // answered through a signed link, without an account
	// LinkExpires is until when the signed link being read answers.
	LinkExpires time.Time
}

var decisionOptions = []ui.Option{{Value: "valider", Label: "Valider : nous prenons la personne en charge"}, {Value: "refuser", Label: "Refuser"}}

func newReferralViewData(v referrals.View) referralViewData {
	// The SVG comes from our own module matrix with an escaped label only.
	return referralViewData{View: v, QR: template.HTML(v.QR), Reasons: ui.Choices(referral.RefusalReasons), Decisions: decisionOptions, // #nosec: no user markup
		Action: "/espace/orientations/" + ui.Itoa(v.Referral.ID) + "/decision"}
}

// ReferralView shows a referral: the receiver sees only the shared fields.
func (h *Handlers) ReferralView(w http.ResponseWriter, r *http.Request) {
	h.renderReferral(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderReferral(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	v, err := h.referrals.Get(r.Context(), ui.Actor(r), id, h.site.AbsoluteURL(r, ""))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.render(w, r, status, "reception_referral_view", ui.Page{Title: "Orientation n° " + ui.Itoa(id), Form: f, Data: newReferralViewData(v)})
}

func decisionFromForm(r *http.Request) referrals.DecisionInput {
	return referrals.DecisionInput{Decision: r.PostForm.Get("decision"), Reasons: ui.FormList(r, "motifs"), Comment: r.PostForm.Get("commentaire")}
}

// ReferralDecide records the receiver's answer.
func (h *Handlers) ReferralDecide(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	d := decisionFromForm(r)
	if _, err := h.referrals.Decide(r.Context(), ui.Actor(r), id, d); err != nil {
		f := ui.NewForm(r)
		h.failForm(w, r, f, err, func(status int) { h.renderReferral(w, r, status, f) })
		return
	}
	h.site.Flash(r, map[bool]string{true: "Orientation validée : la structure qui oriente le voit.", false: "Orientation refusée : la structure qui oriente voit vos motifs."}[d.Decision == "valider"])
	ui.Redirect(w, r, "/espace/orientations/"+ui.Itoa(id))
}

// ReferralSheet is the printable fiche d'orientation for the person.
func (h *Handlers) ReferralSheet(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	s, err := h.referrals.Sheet(r.Context(), ui.Actor(r), id, h.site.AbsoluteURL(r, ""))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "reception_referral_sheet", ui.Page{Title: "Fiche d'orientation", Data: referralSheetData{Sheet: s, QR: template.HTML(s.QR)}}) // #nosec: our own SVG
}

type referralSheetData struct {
	referrals.Sheet
	QR template.HTML
}

// ReferralLinkRenew gives an open referral to a place without Parcours a
// new signed link, valid 8 days from now.
func (h *Handlers) ReferralLinkRenew(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	_, detail, err := h.referrals.RenewLink(r.Context(), ui.Actor(r), id, h.site.AbsoluteURL(r, ""))
	if err != nil {
		f := &ui.Form{}
		h.failForm(w, r, f, err, func(status int) { h.renderReferral(w, r, status, f) })
		return
	}
	h.site.Flash(r, detail+".")
	ui.Redirect(w, r, "/espace/orientations/"+ui.Itoa(id))
}
