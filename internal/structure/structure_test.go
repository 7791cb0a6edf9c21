package structure

import (
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

func TestValidateSIRET(t *testing.T) {
	for _, tc := range []struct {
		siret string
		ok    bool
	}{
		{"21170168700017", true},  // a commune's SIRET
		{"35600000000048", true},  // La Poste head office: Luhn
		{"35600000049837", true},  // a La Poste establishment: sum divisible by 5
		{"21170168700018", false}, // wrong key
		{"2117016870001", false},  // 13 digits
		{"2117016870001A", false},
	} {
		if got := ValidateSIRET(tc.siret) == ""; got != tc.ok {
			t.Errorf("ValidateSIRET(%s) ok=%v", tc.siret, got)
		}
	}
}

func TestValidateRNA(t *testing.T) {
	for _, tc := range []struct {
		rna string
		ok  bool
	}{
		{"W751234567", true},
		{"W2A1234567", true},
		{"W75123456", false},
		{"X751234567", false},
		{"W75123456A", false},
	} {
		if got := ValidateRNA(tc.rna) == ""; got != tc.ok {
			t.Errorf("ValidateRNA(%s) ok=%v", tc.rna, got)
		}
	}
}

func TestStructureValidateListsEveryError(t *testing.T) {
	s := Structure{Name: " ", Typology: "NOPE", SIRET: "123", CommuneCode: "99999", Address: strings.Repeat("x", 301)}
	s.Normalize()
	e, ok := apperr.As(s.Validate())
	if !ok {
		t.Fatal("expected a validation error")
	}
	got := e.FieldMap()
	for _, f := range []string{"name", "typology", "siret", "commune", "address"} {
		if got[f] == "" {
			t.Errorf("no message for %s (got %v)", f, got)
		}
	}
	ok2 := Structure{Name: "Centre social  Les  Pertuis", Typology: "CSC", SIRET: "211 701 687 00017", CommuneCode: "17299"}
	ok2.Normalize()
	if err := ok2.Validate(); err != nil || ok2.Name != "Centre social Les Pertuis" || ok2.SIRET != "21170168700017" {
		t.Fatalf("err %v, normalised %+v", err, ok2)
	}
	if ok2.TypologyLabel() != "Centre socio-culturel (CSC)" || !strings.Contains(ok2.CommuneLabel(), "Rochefort") {
		t.Fatalf("labels %q %q", ok2.TypologyLabel(), ok2.CommuneLabel())
	}
}
