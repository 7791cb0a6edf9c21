package activities

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// coopWorkbook lays rows out as La Coop does: lines of export information
// and filters, an empty line, then the table.
func coopWorkbook(t *testing.T, header []string, rows [][]string) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Activités"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	all := append([][]string{{"Informations export", ""}, {"Export généré le", "07/12/2026"}, {""}, {"Filtres"}, {""}}, append([][]string{header}, rows...)...)
	for i, r := range all {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return &b
}

// TestImportCoopAccountsForEveryLine: a La Coop export is imported line by
// line (imported, duplicate, rejected with its reason), workshops whole or
// not at all, and importing it again adds nothing — on both databases.
func TestImportCoopAccountsForEveryLine(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		d, err := demo.Load(ctx, st, now)
		if err != nil {
			t.Fatal(err)
		}
		s := New(activitystore.New(st), func() time.Time { return now })
		med := &account.Actor{User: account.User{ID: d.Users[account.RoleMediation], Name: "Mehdi Médiateur", Active: true},
			Membership: account.Membership{StructureID: d.Structures[demo.CCAS], Role: account.RoleMediation}}
		day := now.In(frtime.Paris).AddDate(-1, -2, 0).Format(activity.DateLayout) // a day without demo activities
		crafted := []activity.Activity{
			{ID: 1, Type: activity.TypeIndividual, Date: day, Duration: 45, Canal: "a_distance", Equipment: []string{"telephone"},
				Themes: []string{"securite_numerique", activity.ThemeProcedures}, Procedures: []string{"travail_formation"}, Details: "Inscription France Travail",
				Autonomy: "partiellement_autonome", Oriented: true, OrientationKind: "operateur_ou_organisme_en_charge",
				AnonGender: "feminin", AnonAgeBand: "soixante_dix_plus", AnonStatus: "retraite", AnonCommune: "17299", AuthorName: "Mehdi Médiateur"},
			{ID: 2, Type: activity.TypeWorkshop, Date: day, Duration: 120, Canal: "autre", CommuneCode: "17299", Equipment: []string{"tablette"},
				Themes: []string{"entrepreneuriat"}, Title: "Créer sa page pro", Level: "intermediaire", AnonTotal: 3,
				AnonCounts: map[string]int{activity.AnonKey("genre", "masculin"): 2, activity.AnonKey("age", "vingt_cinq_trente_neuf"): 3}},
		}
		for i := range crafted {
			crafted[i].CreatedAt, crafted[i].UpdatedAt = now, now
		}
		rows := activity.CoopRows(crafted, nil, frtime.Paris) // 1 + 3 lines
		theme := 18                                           // Thématique(s) d’accompagnement
		unknown := append([]string{}, rows[0]...)
		unknown[theme], unknown[1] = "Astrologie", "01/01/2026 à 10:00"
		badDate := append([]string{}, rows[0]...)
		badDate[0], badDate[1] = "le 3 mars", "01/01/2026 à 11:00"
		half := [][]string{append([]string{}, rows[1]...), append([]string{}, rows[2]...)} // 2 lines of a 3-participant workshop
		half[0][1], half[1][1] = "02/01/2026 à 10:00", "02/01/2026 à 10:00"
		all := append(append(append(rows, unknown, badDate), half...), rows[0]) // the last line repeats the first
		file := coopWorkbook(t, activity.CoopColumns, all).Bytes()

		rep, err := s.ImportCoop(ctx, med, bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Lines) != len(all) || rep.Imported != 4 || rep.Duplicates != 1 || rep.Rejected != 4 || rep.Activities != 2 {
			t.Fatalf("report: %+v", rep)
		}
		byLine := map[int]ImportedLine{}
		for _, l := range rep.Lines {
			byLine[l.Line] = l
		}
		first := 7 // 5 lines of information, the header, then the table
		for line, want := range map[int]string{first + 4: "Thématique inconnue : « Astrologie »", first + 5: "Date illisible", first + 6: "Atelier incomplet", first + 7: "Atelier incomplet"} {
			if l := byLine[line]; l.Status != LineRejected || !bytes.Contains([]byte(l.Reason), []byte(want)) {
				t.Errorf("line %d: %+v, want %q", line, l, want)
			}
		}
		if byLine[first+8].Status != LineDuplicate {
			t.Errorf("the repeated line: %+v", byLine[first+8])
		}
		pg, err := s.List(ctx, med, Filter{From: day, To: day})
		if err != nil {
			t.Fatal(err)
		}
		var ind, ws *activity.Activity
		for i := range pg.Activities {
			switch a := &pg.Activities[i]; a.Type {
			case activity.TypeIndividual:
				ind = a
			case activity.TypeWorkshop:
				ws = a
			}
		}
		if ind == nil || ws == nil {
			t.Fatalf("imported: %+v", pg.Activities)
		}
		if ind.Autonomy != "partiellement_autonome" || ind.OrientationKind != "operateur_ou_organisme_en_charge" || ind.AnonAgeBand != "soixante_dix_plus" ||
			ind.AnonStatus != "retraite" || ind.AnonCommune != "17299" || len(ind.Procedures) != 1 || ind.Procedures[0] != "travail_formation" ||
			ind.Details != "Inscription France Travail" || ind.AuthorID != med.User.ID || ind.Duration != 45 {
			t.Errorf("individual read back: %+v", *ind)
		}
		if ws.AnonTotal != 3 || ws.Level != "intermediaire" || ws.AnonCounts[activity.AnonKey("genre", "masculin")] != 2 ||
			ws.AnonCounts[activity.AnonKey("age", "vingt_cinq_trente_neuf")] != 3 || ws.Title != "Créer sa page pro" || ws.Themes[0] != "entrepreneuriat" {
			t.Errorf("workshop read back: %+v", *ws)
		}

		again, err := s.ImportCoop(ctx, med, bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		if again.Imported != 0 || again.Duplicates != 5 || again.Rejected != 4 {
			t.Fatalf("second import: %+v", again)
		}
		if _, err := s.ImportCoop(ctx, med, bytes.NewReader([]byte("pas un classeur"))); err == nil {
			t.Fatal("a file that is not an export was read")
		}
	})
}
