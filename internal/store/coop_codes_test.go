package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestCoopCodesMigration: rows written with the codes Parcours used before
// (themes, démarches, redirection kinds, age bands, anonymous counters)
// read back with La Coop's exact codes after the migration, on both
// databases, and every migrated activity is valid again.
func TestCoopCodesMigration(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		d, err := demo.Load(ctx, st, now)
		if err != nil {
			t.Fatal(err)
		}
		ccas := scope.OfStructure(d.Structures[demo.CCAS])
		if err := st.MigrateTo(ctx, 99, true); err != nil {
			t.Fatal(err)
		}
		date := now.Format(activity.DateLayout)
		if err := st.Exec(ctx, `INSERT INTO activities (structure_id, type, date, duree, canal, commune_code, materiel, thematiques, demarches, precisions,
			autonomie, oriente, orientation_vers, titre, niveau, first_time, anon_gender, anon_age_band, anon_status, anon_commune, anon_total, anon_returning,
			anon_counts, notes, created_at, updated_at)
			VALUES ($1, 'individuel', $2, 30, 'a_distance', '', 'telephone', 'gerer_ses_contenus_numeriques|email|prevention_en_securite_numerique|aide_aux_demarches_administratives',
			'logement|travail_formation_entreprise', '', 'autonome', TRUE, 'operateur', '', '', FALSE, 'feminin', '70+', 'retraite', '', 0, 0, '', '', $3, $3),
			($1, 'collectif', $2, 60, 'a_distance', '', 'tablette', 'accompagner_un_professionnel', '', '', '', FALSE, '', 'Atelier', 'debutant', FALSE,
			'', '', '', '', 3, 0, '{"age:\u003c12":1,"age:25–39":2}', '', $3, $3)`, d.Structures[demo.CCAS], date, now); err != nil {
			t.Fatal(err)
		}
		if err := st.MigrateTo(ctx, 100, false); err != nil {
			t.Fatal(err)
		}
		acts, _, err := activitystore.New(st).ListActivities(ctx, ccas, activitystore.ActivityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, a := range acts {
			if err := a.Validate(now); err != nil && a.Type == activity.TypeIndividual {
				t.Errorf("activity %d invalid after migration: %v", a.ID, err)
			}
			for _, v := range append(append(append([]string{}, a.Themes...), a.Procedures...), a.OrientationKind, a.AnonAgeBand) {
				seen[v] = true
			}
			for k := range a.AnonCounts {
				seen[k] = true
			}
		}
		for _, want := range []string{"gere_ses_contenus_numeriques", "securite_numerique", "entrepreneuriat", "travail_formation", "logement", "email",
			"operateur_ou_organisme_en_charge", "soixante_dix_plus", "age:moins_de_douze", "age:vingt_cinq_trente_neuf", "age:soixante_dix_plus"} {
			if !seen[want] {
				t.Errorf("code %q not found after migration", want)
			}
		}
		for v := range seen {
			if strings.ContainsAny(v, "<+–") || strings.Contains(v, "prevention_") || v == "operateur" || strings.HasPrefix(v, "gerer_") {
				t.Errorf("old code left: %q", v)
			}
		}
	})
}
