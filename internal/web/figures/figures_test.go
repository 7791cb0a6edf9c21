package figures

import (
	"testing"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/activitystats"
	"github.com/parcours-numerique/parcours/internal/service/figures"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	h, err := New(site, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	v := figures.View{Territory: true, Protected: 5, Filter: figures.Filter{From: "2026-01-01", To: "2026-12-31"}, Title: "Tableau de bord du territoire",
		Figures: activitystats.Figures{Sessions: 40, Accompaniments: 52, Tables: []activitystats.Table{
			{Name: "mois", Title: "Séances par mois", Unit: "séances", Total: 40, Counts: []activitystats.Count{{Key: "2026-01", Label: "janvier 2026", N: 30}, {Key: "2026-02", Label: "février 2026", N: 6}, {Key: "2026-03", Label: "mars 2026", N: 4}}},
		}}}
	activitystats.Protect(&v.Figures, 5)
	d := h.data(nil, v)
	if len(d.Charts) != 1 || d.Charts[0].Bars[2].Value != "< 5" || d.Charts[0].Bars[1].Value != "< 5" || d.Charts[0].Bars[1].Width != 0 || d.Charts[0].Bars[0].Width != barMax || d.Charts[0].Bars[0].Share != "75 %" || d.Charts[0].TotalValue != "40" {
		t.Fatalf("chart: %+v", d.Charts)
	}
	coord := coordinationForm()
	coord.Activities = []activity.Coordination{{ID: 1, Type: activity.CoordAnimation, Date: "2026-03-12", Duration: 120, Title: "Comité des acteurs", Participants: 14,
		AnimationType: "comite", Initiative: "initiative", Themes: []string{"reseau", "partage"}}}
	d.Plan = &activitystats.ActionPlan{Intro: "Les actions du plan d'action du territoire.", ByStatus: []activitystats.Count{{Key: "en_cours", Label: "En cours", N: 1}},
		Actions: []activitystats.PlanAction{{ID: 1, Title: "Remettre 100 téléphones", Status: "En cours", Lead: "CCAS", Indicators: []activitystats.PlanIndicator{{Name: "Téléphones remis", Target: 100, Current: 40}}}}}
	workshops := workshopRowsData{Rows: []figures.WorkshopRow{{Fill: "complet", Taken: 8}}, Filter: v.Filter, Fill: fillWords["complet"], Taken: 8}
	evals := evaluationRowsData{Rows: []figures.EvaluationRow{{Kind: "progres", First: 2}}, Filter: v.Filter, Kind: figures.EvaluationKinds["progres"], Kinds: figures.EvaluationKinds}
	pairs := pairRowsData{Sender: "CCAS", Receiver: "Médiathèque", Period: "du 1er janvier 2026 au 31 décembre 2026",
		Rows: []PairRow{{Sent: "12 mars 2026 à 10 h", State: "Refusée", Decided: "14 mars 2026 à 9 h", Delay: "1 à 3 jours", Reasons: "Indisponible"}}}
	uitest.RenderAll(t, site, map[string]any{"figures_referral_pairs": pairs, "figures_evaluations": evals, "figures_dashboard": d, "figures_public": d, "figures_coordination": coord, "figures_workshops": workshops, "error": ui.ErrorPage{Heading: "Oups", Message: "Message", Reference: "ABCD-EFGH"}},
		map[string]bool{"figures_referral_pairs": false, "figures_evaluations": false, "figures_dashboard": false, "figures_coordination": false, "figures_workshops": false, "figures_public": true, "error": true})
}
