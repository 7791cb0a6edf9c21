package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// Every screen and API answer that shows residents' names is journaled:
// who, for which structure, when, why, and the person files shown.
func TestScreensShowingResidentsAreJournaled(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		fx := newMatrixFixture(t, s)
		ccas := s.demo.Structures[demo.CCAS]
		for _, c := range []struct {
			pattern, why string
			personFile   bool // the planted rows link a person file to this screen
		}{
			{"GET /espace/agenda?semaine=" + s.clock.Now().AddDate(1, 0, 0).Format("2006") + "-01-10", "Agenda de la semaine du", true},
			{"GET /espace/agenda/envois", "Messages aux personnes (envois)", false},
			{"GET /espace/ateliers/{ownworkshop}", "Inscrits de l'atelier", false},
			{"GET /espace/ateliers/{ownworkshop}/seances/{ownsession}", "Feuille de présence de l'atelier", false},
			{"GET /api/v1/inscriptions?limite=500", "Inscriptions aux ateliers synchronisées (API)", false},
			{"GET /api/v1/rendez-vous?limite=500", "Rendez-vous synchronisés (API)", true},
		} {
			role := account.RoleMediation
			if strings.Contains(c.pattern, "seances") {
				role = walkerRole(account.PermAgendaOrganize)
			}
			user := s.demo.Users[role]
			before := journalOf(t, st, ccas, user, c.why)
			_, path, _ := strings.Cut(fx.replacer(s, role).Replace(c.pattern), " ")
			if r := s.do(s.login(role), "GET", path, nil); r.status != 200 {
				t.Errorf("%s: %d", path, r.status)
				continue
			}
			after := journalOf(t, st, ccas, user, c.why)
			var list, read int
			for _, e := range after[len(before):] {
				switch {
				case e.Action == journal.List && e.PersonID == 0 && e.Who != "" && !e.At.IsZero():
					list++
				case e.Action == journal.Read && e.PersonID != 0:
					read++
				}
			}
			if list != 1 || c.personFile && read == 0 {
				t.Errorf("%s: %d list entries and %d person entries « %s… » in the journal of the structure", path, list, read, c.why)
			}
		}
	})
}

// journalOf lists the journal entries of a structure by user whose reason
// starts with why, oldest first.
func journalOf(t *testing.T, st *store.Store, structureID, userID int64, why string) []journal.Entry {
	t.Helper()
	all, _, err := st.ListJournal(context.Background(), scope.OfStructure(structureID), store.JournalFilter{Limit: 10_000})
	if err != nil {
		t.Fatal(err)
	}
	var out []journal.Entry
	for i := len(all) - 1; i >= 0; i-- { // newest first in the store
		if e := all[i]; e.UserID == userID && strings.HasPrefix(e.What, why) {
			out = append(out, e)
		}
	}
	return out
}
