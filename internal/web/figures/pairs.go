package figures

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/service/figures"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// PairRow is one orientation between two partners as the page shows it.
type PairRow struct {
	Sent, Decided, State, Delay, Reasons string
}

type pairRowsData struct {
	Sender, Receiver string
	Period           string
	Rows             []PairRow
}

// ReferralPairRows lists the orientations between two partners of the
// territory created in a period (?de=, ?vers=, ?du=, ?au=, ?structure=),
// without names: the rows behind a cell of the dashboard's orientations
// between partners.
func (h *Handlers) ReferralPairRows(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := figures.Filter{From: q.Get("du"), To: q.Get("au")}
	f.StructureID, _ = strconv.ParseInt(q.Get("structure"), 10, 64)
	sender, err1 := strconv.ParseInt(q.Get("de"), 10, 64)
	receiver, err2 := strconv.ParseInt(q.Get("vers"), 10, 64)
	if err1 != nil {
		sender = -1
	}
	if err2 != nil {
		receiver = -1
	}
	p, err := h.figures.ReferralPairRows(r.Context(), ui.Actor(r), f, sender, receiver)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := pairRowsData{Sender: p.Sender, Receiver: p.Receiver, Period: periodWords(p.Filter)}
	for _, x := range p.Rows {
		row := PairRow{Sent: frtime.DateTime(x.CreatedAt), State: person.Label(referral.States, x.State)}
		if !x.ClosedAt.IsZero() {
			row.Decided = frtime.DateTime(x.ClosedAt)
		}
		ref := referral.Referral{State: referral.State(x.State), CreatedAt: x.CreatedAt, ClosedAt: x.ClosedAt}
		if k := ref.DecisionDelay(); k != "" {
			row.Delay = person.Label(referral.DecisionDelays, k)
		}
		var reasons []string
		for _, m := range x.RefusalReasons {
			reasons = append(reasons, person.Label(referral.RefusalReasons, m))
		}
		row.Reasons = strings.Join(reasons, ", ")
		d.Rows = append(d.Rows, row)
	}
	h.site.Render(w, r, http.StatusOK, "figures_referral_pairs", ui.Page{Title: "Orientations entre partenaires", Data: d})
}
