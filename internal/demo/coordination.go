package demo

import (
	"context"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/coordinationstore"
)

// loadCoordination records the coordinator's own activities of the last
// months: committees and working groups, a public event, a partnership.
func loadCoordination(ctx context.Context, st *store.Store, t *Territory) error {
	cs := coordinationstore.New(st)
	user := t.Users[account.RoleCoordination]
	for _, c := range []struct {
		daysAgo int
		act     activity.Coordination
	}{
		{20, activity.Coordination{Type: activity.CoordAnimation, Duration: 120, Title: "Comité des acteurs du numérique", Participants: 18,
			AnimationType: "comite", Initiative: "initiative", Themes: []string{"reseau", "partage"}}},
		{45, activity.Coordination{Type: activity.CoordAnimation, Duration: 90, Title: "Groupe de travail « orientations »", Participants: 7,
			AnimationType: "groupe_de_travail", Initiative: "demande", Themes: []string{"professionnel"}}},
		{60, activity.Coordination{Type: activity.CoordEvent, Duration: 360, Title: "Fête du numérique à la médiathèque", Participants: 120,
			EventType: "grand_public", Organizers: []string{"ma_structure", "commune"}, Scale: "communal"}},
		{80, activity.Coordination{Type: activity.CoordPartnership, Duration: 60, Title: "Convention de dons de téléphones reconditionnés",
			Natures: []string{"parcours_usager"}, Scale: "intercommunal"}},
		{100, activity.Coordination{Type: activity.CoordAnimation, Duration: 60, Title: "Webinaire des conseillers numériques", Participants: 11,
			AnimationType: "webinaire", Initiative: "initiative", Themes: []string{"soutien"}}},
	} {
		a := c.act
		a.AuthorID = user
		a.Date = t.Now.In(frtime.Paris).AddDate(0, 0, -c.daysAgo).Format(activity.DateLayout)
		j := journal.Entry{ActorStructureID: t.Structures[CCAS], UserID: user, Who: "Démonstration", Action: journal.Create, What: "Activité de coordination du " + a.Date + " enregistrée"}
		if err := cs.Create(ctx, scope.OfStructure(t.Structures[CCAS]), &a, j, t.Now); err != nil {
			return err
		}
	}
	return nil
}
