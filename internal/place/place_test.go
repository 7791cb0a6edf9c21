package place

import (
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{
		"05 46 99 12 34":                  "+33546991234",
		"05.46.99.12.34":                  "+33546991234",
		"+33 5 46 99 12 34":               "+33546991234",
		"+33 (0)5 46 99 12 34":            "+33546991234",
		"0033546991234":                   "+33546991234",
		"0590 12 34 56":                   "+590590123456",
		"0262 12 34 56":                   "+262262123456",
		"06 12 34 56 78":                  "+33612345678",
		"+33546991234":                    "+33546991234",
		"05 46 99 12":                     "",
		"appelez-nous":                    "",
		"05 46 99 12 34 / 06 12 34 56 78": "",
	} {
		got, ok := NormalizePhone(in)
		if (want == "") == ok || got != want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestValidateReportsEveryError(t *testing.T) {
	p := &Place{Pivot: "12", Name: "", PostalCode: "173", InseeCode: "99999", Phone: "12",
		Emails: []string{"pas une adresse"}, Websites: []string{"www.exemple.fr"}, Hours: "tous les jours",
		Summary: strings.Repeat("é", 281), Services: []string{"Cuisine"}, BookingURL: "rdv"}
	p.Normalize()
	e, ok := apperr.As(p.Validate())
	if !ok {
		t.Fatal("expected errors")
	}
	got := e.FieldMap()
	for _, f := range []string{"pivot", "nom", "commune", "adresse", "code_postal", "code_insee", "telephone", "courriels", "site_web", "horaires", "presentation_resume", "date_maj", "services", "prise_rdv"} {
		if got[f] == "" {
			t.Errorf("no error for %s", f)
		}
	}
	if !strings.Contains(got["presentation_resume"], "281 caractères") {
		t.Errorf("résumé message %q", got["presentation_resume"])
	}
}

func TestValidPlaceAndCompletion(t *testing.T) {
	p := &Place{Source: SourceParcours, ID: 4, Pivot: UnknownPivot, Name: "  Espace  numérique ", Commune: "Rochefort", PostalCode: "17300",
		InseeCode: "17299", Address: "1 rue Audry de Puyravault", Phone: "05 46 99 12 34", Hours: "Mo-Fr 09:00-12:00",
		Services:       []string{"Aide aux démarches administratives", "Aide aux démarches administratives"},
		TrainingLabels: []string{EtapesNumeriquesUnspaced}, UpdatedOn: time.Now()}
	p.Normalize()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.Name != "Espace numérique" || len(p.Services) != 1 || p.TrainingLabels[0] != EtapesNumeriques || p.SchemaID() != "parcours-4" || p.Department() != "17" {
		t.Fatalf("normalised %+v", p)
	}
	c := CompletionOf(p)
	if c.Score <= 0 || c.Score >= 100 || len(c.Missing) == 0 || c.Missing[0] == "les services proposés" {
		t.Fatalf("completion %+v", c)
	}
	full := *p
	full.HasCoords, full.CoordsFrom, full.Summary = true, CoordsFromSource, "x"
	full.Fees, full.AccessModes, full.SupportModes = []string{"Gratuit"}, []string{"Se présenter"}, []string{"En autonomie"}
	full.Emails, full.Publics, full.AccessibilityURL, full.Websites = []string{"a@b.fr"}, []string{"Seniors"}, "https://acceslibre.beta.gouv.fr/x", []string{"https://x.fr"}
	if c := CompletionOf(&full); c.Score != 100 || len(c.Missing) != 0 {
		t.Fatalf("full completion %+v", c)
	}
	if !(&Place{UpdatedOn: time.Now().AddDate(-1, -1, 0)}).Stale(time.Now()) {
		t.Fatal("13 months without confirmation is stale")
	}
	if !Allowed("frais_a_charge", "Gratuit") || Allowed("frais_a_charge", "gratuit") || LabelOf("services", "Aide aux démarches administratives") == "" {
		t.Fatal("enumerations must match exactly")
	}
}
