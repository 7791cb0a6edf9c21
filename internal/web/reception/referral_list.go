package reception

import (
	"net/http"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/service/referrals"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type referralListData struct {
	Received  []referral.Referral
	Sent      []referral.Referral
	CanSend   bool
	ShowSent  bool
	ShowInbox bool
	// Narrowed is the list behind a figure of the dashboard (a box, a
	// state, a period), in words, with how many referrals it holds.
	Narrowed string
	Count    int
}

// ReferralList is the inbox of referrals received and the list of those
// sent; ?boite=, ?etat=, ?motif=, ?delai=, ?du= and ?au= narrow it to the orientations one
// figure of the dashboard counts.
func (h *Handlers) ReferralList(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	q := r.URL.Query()
	f := referrals.Filter{Box: q.Get("boite"), State: q.Get("etat"), Reason: q.Get("motif"), Delay: q.Get("delai"),
		From: q.Get("du"), To: q.Get("au"), Limit: 400}
	narrowed := f.Box != "" || f.State != "" || f.Reason != "" || f.Delay != "" || f.From != "" || f.To != ""
	if narrowed {
		f.Limit = 500
	}
	pg, err := h.referrals.List(r.Context(), a, f)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := referralListData{CanSend: a.Can(account.PermSendReferrals), ShowInbox: f.Box != store.BoxSent}
	d.ShowSent = d.CanSend && f.Box != store.BoxReceived
	for _, ref := range pg.Referrals {
		if ref.SenderStructureID == a.StructureID() {
			d.Sent = append(d.Sent, ref)
		} else {
			d.Received = append(d.Received, ref)
		}
	}
	if narrowed {
		d.Count = len(pg.Referrals)
		d.Narrowed = narrowedReferrals(f)
	}
	h.render(w, r, http.StatusOK, "reception_referral_list", ui.Page{Title: "Orientations", Data: d})
}

// narrowedReferrals says in words which referrals a narrowed list holds.
func narrowedReferrals(f referrals.Filter) string {
	var parts []string
	switch f.Box {
	case store.BoxSent:
		parts = append(parts, "envoyées")
	case store.BoxReceived:
		parts = append(parts, "reçues")
	}
	if f.State != "" {
		parts = append(parts, "à l'état « "+strings.ToLower(person.Label(referral.States, f.State))+" »")
	}
	if f.Reason != "" {
		parts = append(parts, "pour le motif « "+strings.ToLower(person.Label(referral.RefusalReasons, f.Reason))+" »")
	}
	if f.Delay != "" {
		parts = append(parts, "décidées en « "+strings.ToLower(person.Label(referral.DecisionDelays, f.Delay))+" »")
	}
	if f.From != "" {
		parts = append(parts, "créées à partir du "+dayText(f.From))
	}
	if f.To != "" {
		parts = append(parts, "jusqu'au "+dayText(f.To))
	}
	return "Orientations " + strings.Join(parts, ", ")
}

// dayText writes a YYYY-MM-DD date in words.
func dayText(day string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	return frtime.Date(t)
}
