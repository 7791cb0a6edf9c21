package person

import (
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

func TestAgeBandOf(t *testing.T) {
	now := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for year, want := range map[int]string{0: "non_communique", 2020: "moins_de_douze", 2014: "douze_dix_huit", 2009: "douze_dix_huit", 2008: "dix_huit_vingt_quatre", 2002: "dix_huit_vingt_quatre", 2001: "vingt_cinq_trente_neuf",
		1987: "vingt_cinq_trente_neuf", 1986: "quarante_cinquante_neuf", 1967: "quarante_cinquante_neuf", 1966: "soixante_soixante_neuf", 1957: "soixante_soixante_neuf", 1956: "soixante_dix_plus", 1920: "soixante_dix_plus"} {
		if got := AgeBandOf(year, now); got != want {
			t.Errorf("%d: %q, want %q", year, got, want)
		}
	}
}

func TestDuplicateKeyIgnoresAccentsAndCase(t *testing.T) {
	a := DuplicateKey("Marie-Hélène", "Dupont", 1950, "17299")
	if b := DuplicateKey("marie helene", "DUPONT", 1950, "17299"); a != b {
		t.Fatalf("%q != %q", a, b)
	}
	if c := DuplicateKey("Marie-Hélène", "Dupont", 1951, "17299"); a == c {
		t.Fatal("another birth year is another person")
	}
	if DuplicateKey("", "", 1950, "17299") != "" {
		t.Fatal("an anonymous person has no duplicate key")
	}
}

func TestValidate(t *testing.T) {
	now := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	t.Run("ErrFollowedNeedsNames", func(t *testing.T) {
		p := Person{Kind: Followed, BirthYear: 1850, Phone: "12", Email: "pas-une-adresse", CommuneCode: "99999", Needs: []string{"x"}}
		p.Normalize()
		e, _ := apperr.As(p.Validate(now))
		for _, f := range []string{"prenom", "nom", "annee_naissance", "telephone", "courriel", "commune_insee", "besoins"} {
			if e == nil || e.FieldMap()[f] == "" {
				t.Errorf("no error on %s", f)
			}
		}
	})
	t.Run("AnonymousKeepsOnlyAttributes", func(t *testing.T) {
		p := Person{Kind: Anonymous, FirstName: "X", Phone: "06 12 34 56 78"}
		p.Normalize()
		if p.FirstName != "" || p.Phone != "" || p.Gender != "non_communique" {
			t.Fatalf("%+v", p)
		}
		if err := p.Validate(now); err != nil {
			t.Fatal(err)
		}
		if p.Name() != "Personne anonyme n° 0" {
			t.Fatal(p.Name())
		}
	})
	t.Run("OK", func(t *testing.T) {
		p := Person{FirstName: " Léa ", LastName: "Martin", BirthYear: 1990, Phone: "01 99 00 00 01", Email: " Lea@Exemple.FR "}
		p.Normalize()
		if err := p.Validate(now); err != nil || p.Kind != Followed || p.Phone != "+33199000001" || p.Email != "lea@exemple.fr" || p.PhoneLabel() != "01 99 00 00 01" {
			t.Fatalf("%+v %v", p, err)
		}
	})
}

func TestConsentKeepsTheExactWording(t *testing.T) {
	c, err := NewConsent(ConsentShare, "CCAS d'Igny")
	if err != nil || c.Version != "partage-v1" || c.Wording != "J'accepte que CCAS d'Igny envoie mon nom, comment me joindre, mon besoin et mes disponibilités à la structure qui va m'aider. Rien d'autre n'est envoyé." {
		t.Fatalf("%+v %v", c, err)
	}
	if _, err := NewConsent("autre", "x"); err == nil {
		t.Fatal("unknown purpose accepted")
	}
}
