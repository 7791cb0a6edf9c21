package reception

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/service/referrals"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// ReferralLinkView lets a place that does not use Parcours read the shared
// fields and answer, without an account, while its link answers.
func (h *Handlers) ReferralLinkView(w http.ResponseWriter, r *http.Request) {
	v, err := h.referrals.ReadByLink(r.Context(), r.PathValue("token"))
	if err != nil {
		h.failLink(w, r, err)
		return
	}
	h.renderLinkReferral(w, r, http.StatusOK, v, nil)
}

func (h *Handlers) renderLinkReferral(w http.ResponseWriter, r *http.Request, status int, v referrals.LinkView, f *ui.Form) {
	d := newReferralViewData(referrals.View{Referral: v.Referral, CanDecide: v.Referral.State == referral.Open})
	d.Action, d.Public, d.LinkExpires = referrals.LinkPath(r.PathValue("token")), true, v.Expires
	h.render(w, r, status, "reception_referral_view", ui.Page{Title: "Orientation reçue", Form: f, Data: d})
}

// ReferralLinkDecide records the answer given through the signed link.
func (h *Handlers) ReferralLinkDecide(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	v, err := h.referrals.DecideByLink(r.Context(), token, decisionFromForm(r), r.PostForm.Get("signataire"))
	if apperr.CodeOf(err) == apperr.NotFound {
		h.failLink(w, r, err)
		return
	}
	if err != nil {
		f := ui.NewForm(r)
		h.failForm(w, r, f, err, func(status int) {
			v, err := h.referrals.ReadByLink(r.Context(), token)
			if err != nil {
				h.failLink(w, r, err)
				return
			}
			h.renderLinkReferral(w, r, status, v, f)
		})
		return
	}
	h.renderLinkReferral(w, r, http.StatusOK, v, nil)
}

// failLink says plainly that a link expired; any other failure is a 404.
func (h *Handlers) failLink(w http.ResponseWriter, r *http.Request, err error) {
	if e, ok := apperr.As(err); ok && e.Code == apperr.NotFound && e.Message != apperr.NotFoundError().Message {
		h.site.RenderError(w, r, http.StatusNotFound, "Lien expiré", e.Message)
		return
	}
	h.site.Fail(w, r, err)
}
