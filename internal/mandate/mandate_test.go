package mandate

import (
	"strings"
	"testing"
	"time"
)

func TestInitials(t *testing.T) {
	for _, c := range []struct{ first, last, want string }{
		{"Marie", "Dupont", "M. D."},
		{"Jean-Pierre", "Martin", "J.-P. M."},
		{"  élise ", "de la Tour", "É. D."},
		{"", "Nguyen", "N."},
		{"", "", ""},
	} {
		if got := Initials(c.first, c.last); got != c.want {
			t.Errorf("Initials(%q, %q) = %q, want %q", c.first, c.last, got, c.want)
		}
	}
}

func TestStatus(t *testing.T) {
	start := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	m := Mandate{StartsAt: start, EndsAt: start.AddDate(0, 0, 31), Categories: []Category{{Code: "social"}, {Code: "logement"}}}
	for _, c := range []struct {
		name string
		edit func(*Mandate)
		at   time.Time
		want string
	}{
		{"Pending", func(*Mandate) {}, start, Pending},
		{"Valid", func(m *Mandate) { m.Signature = SignedOnPaper }, start.AddDate(0, 0, 30), Valid},
		{"ExpiredAtTheEnd", func(m *Mandate) { m.Signature = SignedOnPaper }, start.AddDate(0, 0, 31), Expired},
		{"OneCategoryLeft", func(m *Mandate) { m.Signature = SignedOnPaper; m.Categories[0].RevokedAt = start }, start, Valid},
		{"AllRevoked", func(m *Mandate) {
			m.Signature = SignedOnPaper
			m.Categories[0].RevokedAt, m.Categories[1].RevokedAt = start, start
		}, start, Revoked},
		{"Ended", func(m *Mandate) { m.EndedAt = start }, start, Revoked},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := m
			x.Categories = append([]Category(nil), m.Categories...)
			c.edit(&x)
			if got := x.Status(c.at); got != c.want {
				t.Fatalf("status %s, want %s", got, c.want)
			}
		})
	}
	signed := m
	signed.Signature = SignedOnPaper
	if !signed.Covers("social", start) || signed.Covers("argent", start) || m.Covers("social", start) {
		t.Fatal("Covers")
	}
}

func TestWordingAndHash(t *testing.T) {
	start := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	m := Mandate{StructureID: 3, StructureName: "CCAS", AidantID: 4, AidantName: "Awa", PersonID: 5, StartsAt: start, EndsAt: start.AddDate(0, 0, 1),
		WordingVersion: WordingVersion, Categories: []Category{{Code: "logement"}}}
	text := strings.Join(Texts(Wording(m, "Marie Dupont")), "\n")
	for _, want := range []string{"Je m'appelle Marie Dupont.", "Le mandat commence le 1er février 2026.", "Le mandat finit le 2 février 2026.", "Logement."} {
		if !strings.Contains(text, want) {
			t.Errorf("wording lacks %q", want)
		}
	}
	h := Hash(m, "Marie Dupont", Texts(Wording(m, "Marie Dupont")))
	for name, edit := range map[string]func(*Mandate){
		"aidant":    func(m *Mandate) { m.AidantID = 9 },
		"person":    func(m *Mandate) { m.PersonID = 9 },
		"structure": func(m *Mandate) { m.StructureID = 9 },
		"end":       func(m *Mandate) { m.EndsAt = m.EndsAt.Add(time.Hour) },
		"version":   func(m *Mandate) { m.WordingVersion = "autre" },
	} {
		x := m
		edit(&x)
		if Hash(x, "Marie Dupont", Texts(Wording(m, "Marie Dupont"))) == h {
			t.Errorf("the hash does not depend on the %s", name)
		}
	}
	if Hash(m, "Marie Dupond", Texts(Wording(m, "Marie Dupont"))) == h {
		t.Error("the hash does not depend on the person's name")
	}
	if len(CharterHash()) != 64 || !ValidToken(NewToken()) || ValidToken(strings.Repeat("!", 32)) {
		t.Error("charter hash or token shape")
	}
}
