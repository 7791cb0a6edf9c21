package placefile_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/placefile"
)

func TestOfficialSchemaCompilesInRE2(t *testing.T) {
	s := officialSchema(t)
	if len(s.Fields) != 32 || s.PrimaryKey != "id" || s.Version != "v1.0.2" {
		t.Fatalf("%d fields, key %q, version %q", len(s.Fields), s.PrimaryKey, s.Version)
	}
	patterns := 0
	for _, f := range s.Fields {
		if f.Pattern != nil {
			patterns++
		}
	}
	if patterns != 13 || len(s.Errata) != 1 {
		t.Fatalf("%d patterns, errata %v", patterns, s.Errata)
	}
	if strings.Join(s.FieldNames(), ",") != strings.ReplaceAll(placefile.SchemaCSVHeader, `"`, "") {
		t.Fatalf("our header differs from the schema's fields:\n%v", s.FieldNames())
	}
}

func TestOfficialExampleIsValid(t *testing.T) {
	s := officialSchema(t)
	example := sharedData(t, exampleFile)
	issues, rows, err := s.ValidateCSV(bytes.NewReader(example))
	if err != nil || rows != 1 || len(issues) > 0 {
		t.Fatalf("%d rows, %v %v", rows, err, issues)
	}
	// Our header is the example's, byte for byte.
	if first, _, _ := bytes.Cut(example, []byte("\n")); string(first) != placefile.SchemaCSVHeader {
		t.Fatalf("header differs:\n%s\n%s", first, placefile.SchemaCSVHeader)
	}
}

func TestValidatorFindsEveryKindOfError(t *testing.T) {
	s := officialSchema(t)
	row := func(cells map[int]string) string {
		base := []string{"id-1", "43493312300029", "Lieu", "Reims", "51100", "51454", "1 rue", "", "49.2", "4.0", "", "+33326000000", "", "", "",
			"", "", "", "Fixe", "", "2024-04-02", "Aide aux démarches administratives", "", "", "Gratuit|Payant", "", "Étapes numériques (La Poste)", "", "", "", "", ""}
		for i, v := range cells {
			base[i] = v
		}
		return strings.Join(base, ",")
	}
	file := placefile.SchemaCSVHeader + "\n" +
		row(nil) + "\n" +
		row(map[int]string{0: "id-1", 1: "123", 2: "", 4: "5110", 8: "nord", 11: "0326000000", 15: strings.Repeat("x", 281), 20: "2024-02-30",
			21: "Jardinage", 24: "xGratuit", 26: "Étapes numériques(La Poste)|ORDI 3.0"}) + "\n"
	issues, rows, err := s.ValidateCSV(strings.NewReader(file))
	if err != nil || rows != 2 {
		t.Fatal(rows, err)
	}
	got := map[string]bool{}
	for _, i := range issues {
		if i.Row != 2 {
			t.Errorf("issue on a valid row: %v", i)
		}
		got[i.Field] = true
	}
	for _, f := range []string{"id", "pivot", "nom", "code_postal", "latitude", "telephone", "presentation_resume", "date_maj", "services", "frais_a_charge"} {
		if !got[f] {
			t.Errorf("no issue for %s: %v", f, issues)
		}
	}
	// "xGratuit" fails: patterns match the whole value, not only its end.
	if !got["frais_a_charge"] {
		t.Error("a pattern matched a suffix")
	}
	if got["formations_labels"] {
		t.Error("both spellings of « Étapes numériques (La Poste) » are accepted")
	}

	bad := strings.Replace(placefile.SchemaCSVHeader, `"nom"`, `"name"`, 1) + "\n"
	issues, _, _ = s.ValidateCSV(strings.NewReader(bad))
	if len(issues) != 1 || !strings.Contains(issues[0].Message, "« name » au lieu de « nom »") {
		t.Fatalf("header: %v", issues)
	}
	issues, _, _ = s.ValidateJSON(strings.NewReader(`[{"id":"a","pivot":"43493312300029","nom":"b","commune":"c","code_postal":"51100","adresse":"d","date_maj":"2024-01-01","latitude":"49.2","inconnu":"x"}]`))
	if len(issues) != 2 {
		t.Fatalf("JSON: %v", issues)
	}
}
