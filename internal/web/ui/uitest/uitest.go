// Package uitest checks a capability's page templates: each renders with
// sample data, for a visitor when public and for a signed-in user, escapes
// user input and keeps the layout's language and skip link.
package uitest

import (
	"bytes"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/web/static"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// Site returns a site with the layout only, for a capability to add its pages to.
func Site(t testing.TB) *ui.Site {
	t.Helper()
	assets, err := static.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := ui.NewSite(ui.Config{}, nil, assets, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// RenderAll renders every page of site with samples[name]; public lists the
// pages a visitor sees. A page without sample data, or sample data without a
// page, fails the test.
func RenderAll(t *testing.T, site *ui.Site, samples map[string]any, public map[string]bool) {
	t.Helper()
	actor := &account.Actor{User: account.User{ID: 7, Name: "Agnès", Active: true}, Membership: account.Membership{StructureID: 3, StructureName: "CCAS", Role: account.RoleAdmin}}
	names := site.PageNames()
	for _, name := range names {
		data, ok := samples[name]
		if !ok {
			t.Errorf("template %s has no sample data", name)
			continue
		}
		for _, who := range []*account.Actor{nil, actor} {
			if who == nil && !public[name] {
				continue // staff pages always have an actor
			}
			f := &ui.Form{Values: url.Values{"name": {"<script>x</script>"}}, Errors: []apperr.FieldError{{Field: "name", Message: "Saisissez le nom."}}}
			p := ui.Page{Title: "Titre", Actor: who, Demo: true, Territory: "Essonne", Operator: "le CCAS", Form: f, Data: data, Flash: "Enregistré."}
			var buf bytes.Buffer
			if err := site.ExecutePage(&buf, name, p); err != nil {
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
		if !slices.Contains(names, name) {
			t.Errorf("sample data for %s, which is not a template", name)
		}
	}
}
