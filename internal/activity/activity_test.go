package activity

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

var now = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func TestValidate(t *testing.T) {
	t.Run("ErrEmpty", func(t *testing.T) {
		a := Activity{}
		e, _ := apperr.As(a.Validate(now))
		for _, f := range []string{"type", "date", "duree", "canal", "thematiques"} {
			if e == nil || e.FieldMap()[f] == "" {
				t.Errorf("no error on %s", f)
			}
		}
	})
	t.Run("ErrWorkshopWithoutParticipants", func(t *testing.T) {
		a := Activity{Type: TypeWorkshop, Date: "2026-03-01", Duration: 60, Canal: "a_distance", Themes: []string{"email"}, Title: "Atelier", Level: "debutant"}
		a.Normalize()
		if e, _ := apperr.As(a.Validate(now)); e == nil || e.FieldMap()["participants"] == "" {
			t.Fatal("a workshop needs participants")
		}
		a.AnonTotal, a.AnonCounts = 2, map[string]int{AnonKey("genre", "feminin"): 3}
		if e, _ := apperr.As(a.Validate(now)); e == nil || e.FieldMap()["anonymes_repartition"] == "" {
			t.Fatal("the breakdown cannot exceed the total")
		}
	})
	t.Run("IndividualDropsWorkshopFields", func(t *testing.T) {
		a := Activity{Type: TypeIndividual, Date: "2026-03-01", Duration: 30, Canal: "domicile", Themes: []string{"email"}, Autonomy: "autonome",
			Title: "x", AnonTotal: 4}
		a.Normalize()
		if err := a.Validate(now); err != nil {
			t.Fatal(err)
		}
		if a.Title != "" || a.AnonTotal != 0 || a.AnonGender != "non_communique" {
			t.Fatalf("%+v", a)
		}
	})
	t.Run("ErrDetailsWithoutTheProceduresTheme", func(t *testing.T) {
		a := Activity{Type: TypeIndividual, Date: "2026-03-01", Duration: 30, Canal: "domicile", Themes: []string{"email"}, Autonomy: "autonome",
			Procedures: []string{"logement"}, Details: "Dossier APL"}
		a.Normalize()
		e, _ := apperr.As(a.Validate(now))
		if e == nil || e.FieldMap()["precisions"] == "" || e.FieldMap()["demarches"] == "" || a.Details != "Dossier APL" {
			t.Fatalf("précisions without the theme must be refused, not dropped: %v %q", e, a.Details)
		}
		a.Themes = append(a.Themes, ThemeProcedures)
		if err := a.Validate(now); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrAnonymousFieldsNamedAsTheAPI", func(t *testing.T) {
		a := Activity{Type: TypeIndividual, Date: "2026-03-01", Duration: 30, Canal: "autre", CommuneCode: "99999", Themes: []string{"email"}, Autonomy: "autonome",
			AnonGender: "x", AnonAgeBand: "x", AnonStatus: "x", AnonCommune: "00000"}
		e, _ := apperr.As(a.Validate(now))
		for _, f := range []string{"genre", "tranche_age", "statut", "commune_insee", "commune_residence_insee"} {
			if e == nil || e.FieldMap()[f] == "" {
				t.Errorf("no error on %s: %v", f, e)
			}
		}
	})
	t.Run("ErrFutureDate", func(t *testing.T) {
		a := Activity{Type: TypeIndividual, Date: "2026-03-09", Duration: 30, Canal: "domicile", Themes: []string{"email"}, Autonomy: "autonome"}
		if e, _ := apperr.As(a.Validate(now)); e == nil || e.FieldMap()["date"] == "" {
			t.Fatal("a future date is refused")
		}
	})
}

func TestRowsOnePerAccompaniment(t *testing.T) {
	acts := []Activity{
		{ID: 1, Type: TypeIndividual, Date: "2026-03-01", Duration: 45, Canal: "a_distance", Themes: []string{"email"}, Autonomy: "autonome", PersonID: 7, FirstTime: true},
		{ID: 2, Type: TypeWorkshop, Date: "2026-03-01", Duration: 120, Canal: "autre", CommuneCode: "17299", Themes: []string{"email"}, Title: "=HYPERLINK(\"x\")", Level: "debutant",
			Participants: []Participant{{PersonID: 7}}, AnonTotal: 3, AnonReturning: 1, AnonCounts: map[string]int{AnonKey("genre", "masculin"): 2, AnonKey("age", "soixante_dix_plus"): 1}},
	}
	rows := Rows(acts, map[int64]Attributes{7: {BirthYear: 1950, Gender: "feminin", Status: "retraite", CommuneCode: "17299"}})
	if len(rows) != 5 {
		t.Fatalf("1 individual + 4 workshop participants: %d rows", len(rows))
	}
	col := func(name string) int {
		for i, c := range Columns {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	if rows[0][col("Tranche d'âge")] != "soixante_dix_plus" || rows[0][col("Premier accompagnement")] != "Oui" || rows[0][col("Genre")] != "Féminin" {
		t.Fatalf("%v", rows[0])
	}
	if rows[2][col("Genre")] != "Masculin" || rows[4][col("Genre")] != "Non communiqué" || rows[2][col("Tranche d'âge")] != "soixante_dix_plus" || rows[3][col("Tranche d'âge")] != "non_communique" {
		t.Fatalf("anonymous breakdown: %v / %v", rows[2], rows[4])
	}
	if rows[2][col("Premier accompagnement")] != "Non" || rows[3][col("Premier accompagnement")] != "Oui" {
		t.Fatal("one anonymous participant was already accompanied")
	}

	var csvBuf bytes.Buffer
	if err := WriteCSV(&csvBuf, rows); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csvBuf.String(), `"'=HYPERLINK(""x"")"`) || strings.Contains(csvBuf.String(), `,"=HYPERLINK`) {
		t.Fatalf("CSV formula not neutralised:\n%s", csvBuf.String())
	}
	var xBuf bytes.Buffer
	coop := CoopRows(acts, map[int64]Attributes{7: {BirthYear: 1950, Gender: "feminin", Status: "retraite", CommuneCode: "17299"}}, time.UTC)
	if err := WriteCoopXLSX(&xBuf, coop); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&xBuf)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := f.GetRows("Activités")
	if len(got) != 6 || got[0][0] != "Date" {
		t.Fatalf("%d rows", len(got))
	}
	if strings.Join(got[0], "|") != strings.Join(CoopColumns, "|") || got[1][8] != "1" || got[2][8] != "1/4" || got[5][8] != "4/4" {
		t.Fatalf("La Coop's layout: %v\n%v", got[0], got[1:])
	}
	if got[1][coopDurationColumn] != "45" || got[1][28] != "70 ans et plus" || got[1][29] != "Retraité" || got[1][21] != "3/3" || got[2][21] != "1/3" {
		t.Fatalf("La Coop's values: %v", got[1])
	}
	cell, _ := excelize.CoordinatesToCellName(17, 3) // Nom de l’atelier
	if formula, _ := f.GetCellFormula("Activités", cell); formula != "" {
		t.Fatalf("a formula was written: %q", formula)
	}
	if v, _ := f.GetCellValue("Activités", cell); v != `'=HYPERLINK("x")` {
		t.Fatalf("title cell %q", v)
	}
	if typ, _ := f.GetCellType("Activités", "P2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Fatalf("duration type %v", typ)
	}
}
