package reception

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/service/referrals"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type referralListData struct {
	Received  []referral.Referral
	Sent      []referral.Referral
	CanSend   bool
	ShowSent  bool
	ShowInbox bool
}

// ReferralList is the inbox of referrals received and the list of those sent.
func (h *Handlers) ReferralList(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	pg, err := h.referrals.List(r.Context(), a, referrals.Filter{Limit: 400})
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := referralListData{CanSend: a.Can(account.PermSendReferrals), ShowInbox: true}
	d.ShowSent = d.CanSend
	for _, ref := range pg.Referrals {
		if ref.SenderStructureID == a.StructureID() {
			d.Sent = append(d.Sent, ref)
		} else {
			d.Received = append(d.Received, ref)
		}
	}
	h.render(w, r, http.StatusOK, "reception_referral_list", ui.Page{Title: "Orientations", Data: d})
}
