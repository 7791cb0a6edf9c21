package persons_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/access"
	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// pdfText reads a PDF with poppler's pdftotext, a real reader.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if storetest.RequirePostgres() {
			t.Fatal("pdftotext is missing: install poppler-utils")
		}
		t.Skip("pdftotext is missing (poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "dossier.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestAccessFileReadsInPlainFrench: a demo resident's file, with an
// appointment, workshop registrations, an evaluation and consents, comes out
// as a PDF that a PDF reader turns back into the French text, and as JSON
// with the same sections; each handing over is journaled; another
// structure's member gets nothing.
func TestAccessFileReadsInPlainFrench(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		terr, err := demo.Load(ctx, st, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		ccas := terr.Structures[demo.CCAS]
		list, _, err := st.ListPersons(ctx, scope.OfStructure(ccas), store.PersonFilter{Query: "Dupont"})
		var id int64
		for _, p := range list {
			if p.LastName == "Dupont" { // the demo also has a probable duplicate, "DUPONT"
				id = p.ID
			}
		}
		if err != nil || id == 0 {
			t.Fatalf("Marie Dupont: %v %v", list, err)
		}
		mediator := &account.Actor{User: account.User{ID: terr.Users[account.RoleMediation], Name: "Médiatrice", Active: true},
			Membership: account.Membership{StructureID: ccas, StructureName: "CCAS de Rochefort (démo)", Role: account.RoleMediation}}
		svc := persons.New(st, time.Now)
		f, err := svc.AccessFile(ctx, mediator, id, persons.AccessPDF)
		if err != nil {
			t.Fatal(err)
		}
		pdf, err := f.PDF()
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, pdf)
		for _, want := range []string{"Vos données", "CCAS de Rochefort (démo)", "Prénom : Marie", "Nom : Dupont", "Vos rendez-vous et ateliers",
			"Rendez-vous du", "Atelier « ", "Vos accords", "Phrase acceptée", "Vos droits", "CNIL"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF does not read %q", want)
			}
		}
		if _, err := svc.AccessFile(ctx, mediator, id, persons.AccessJSON); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		var back access.File
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil || len(back.Sections) != len(f.Sections) || back.PersonID != id {
			t.Fatalf("JSON: %v, %d sections", err, len(back.Sections))
		}
		if !strings.Contains(buf.String(), `"libelle": "Nom"`) || !strings.Contains(buf.String(), `"valeur": "Dupont"`) {
			t.Error("the JSON does not carry the labelled name")
		}
		entries, _, err := st.ListJournal(ctx, scope.OfStructure(ccas), store.JournalFilter{PersonID: id})
		if err != nil {
			t.Fatal(err)
		}
		handed := 0
		for _, e := range entries {
			if strings.HasPrefix(e.What, "Dossier remis à la personne") {
				handed++
			}
		}
		if handed != 2 {
			t.Errorf("%d handings over journaled, want 2", handed)
		}
		other := &account.Actor{User: account.User{ID: terr.Users[account.RoleMediation], Active: true},
			Membership: account.Membership{StructureID: terr.Structures[demo.FranceServices], Role: account.RoleMediation}}
		if _, err := svc.AccessFile(ctx, other, id, persons.AccessPDF); err == nil {
			t.Error("another structure's member got the file")
		}
	})
}
