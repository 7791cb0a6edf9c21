package api

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/parcours-numerique/parcours/internal/api/openapi"
)

// The open-data record is documented field for field as the official schema
// v1.0.2 defines it: every field, the required ones, their maximum lengths
// and patterns (read from ../shared/data, never copied).
func TestLieuDocumentedAsTheOfficialSchema(t *testing.T) {
	raw, err := os.ReadFile("../../../shared/data/schema-lieux-mediation-numerique_v1.0.2.json")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skipf("official schema absent (%v): skipped", err)
	}
	var official struct {
		Fields []struct {
			Name        string `json:"name"`
			Constraints struct {
				Required  bool   `json:"required"`
				MaxLength int    `json:"maxLength"`
				Pattern   string `json:"pattern"`
			} `json:"constraints"`
		} `json:"fields"`
	}
	if err := json.Unmarshal(raw, &official); err != nil || len(official.Fields) == 0 {
		t.Fatalf("official schema: %v", err)
	}
	spec, _, err := openapi.Assemble(Prefix)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Required   []string `json:"required"`
				Properties map[string]struct {
					MaxLength *int   `json:"maxLength"`
					Pattern   string `json:"pattern"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(spec, &doc); err != nil {
		t.Fatal(err)
	}
	lieu := doc.Components.Schemas["LieuMediationNumerique"]
	if len(lieu.Properties) != len(official.Fields) {
		t.Errorf("%d fields documented, the schema has %d", len(lieu.Properties), len(official.Fields))
	}
	for _, field := range official.Fields {
		f := field.Constraints
		got, ok := lieu.Properties[field.Name]
		if !ok {
			t.Errorf("%s: not documented", field.Name)
			continue
		}
		if f.MaxLength > 0 && (got.MaxLength == nil || *got.MaxLength != f.MaxLength) {
			t.Errorf("%s: maxLength %v, the schema says %d", field.Name, got.MaxLength, f.MaxLength)
		}
		if f.MaxLength == 0 && got.MaxLength != nil {
			t.Errorf("%s: maxLength %d, the schema has none", field.Name, *got.MaxLength)
		}
		if got.Pattern != f.Pattern {
			t.Errorf("%s: pattern %q, the schema says %q", field.Name, got.Pattern, f.Pattern)
		}
		if f.Required != slices.Contains(lieu.Required, field.Name) {
			t.Errorf("%s: required %v in the document", field.Name, !f.Required)
		}
	}
}
