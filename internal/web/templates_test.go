package web

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/web/static"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// sampleData gives every page template realistic data; a template without
// an entry fails the test, so new pages come with their sample.
func sampleData() map[string]any {
	out := foundationSamples()
	for _, caps := range []map[string]any{} {
		for k, v := range caps {
			out[k] = v
		}
	}
	return out
}

// publicTemplates are rendered for visitors too.
func publicTemplates() map[string]bool {
	out := map[string]bool{"home": true, "error": true}
	for _, caps := range []map[string]bool{} {
		for k := range caps {
			out[k] = true
		}
	}
	return out
}

// foundationSamples are the pages of the server itself.
func foundationSamples() map[string]any {
	return map[string]any{
		"home":  nil,
		"error": ui.ErrorPage{Heading: "Erreur interne", Message: "Réessayez.", Reference: "ABCD-EFGH"},
	}
}

func TestEveryTemplateRenders(t *testing.T) {
	t.Parallel()
	assets, err := static.Load()
	if err != nil {
		t.Fatal(err)
	}
	v, err := ui.NewSite(ui.Config{}, nil, assets, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.AddPages(templateFS, "templates/pages/*.html"); err != nil {
		t.Fatal(err)
	}
	samples := sampleData()
	actor := &account.Actor{User: account.User{ID: 7, Name: "Agnès", Active: true}, Membership: account.Membership{StructureID: 3, StructureName: "CCAS", Role: account.RoleAdmin}}
	for _, name := range v.PageNames() {
		data, ok := samples[name]
		if !ok {
			t.Errorf("template %s has no sample data in sampleData", name)
			continue
		}
		for _, who := range []*account.Actor{nil, actor} {
			if who == nil && !publicTemplates()[name] {
				continue // staff pages always have an actor
			}
			f := &form{Values: url.Values{"name": {"<script>x</script>"}}, Errors: []apperr.FieldError{{Field: "name", Message: "Saisissez le nom."}}}
			p := page{Title: "Titre", Actor: who, Demo: true, Territory: "Essonne", Operator: "le CCAS", Form: f, Data: data, Flash: "Enregistré."}
			var buf bytes.Buffer
			if err := v.ExecutePage(&buf, name, p); err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			out := buf.String()
			if strings.Contains(out, "<script>x</script>") {
				t.Errorf("%s: user input is not escaped", name)
			}
			if !strings.Contains(out, `<html lang="fr"`) || !strings.Contains(out, `href="#contenu"`) {
				t.Errorf("%s: layout is missing its language or skip link", name)
			}
		}
	}
	for name := range samples {
		if !slices.Contains(v.PageNames(), name) {
			t.Errorf("sample data for %s, which is not a template", name)
		}
	}
}

func TestFrenchDates(t *testing.T) {
	t.Parallel()
	d := time.Date(2026, 3, 5, 13, 5, 0, 0, time.UTC)
	if got := frenchDateTime(d); got != "5 mars 2026 à 14 h 05" {
		t.Fatalf("got %q", got)
	}
	if got := frenchDate(time.Time{}); got != "" {
		t.Fatalf("zero date: %q", got)
	}
}
