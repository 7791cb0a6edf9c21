package referral

import (
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestValidate(t *testing.T) {
	now := mustTime("2026-03-02T10:00:00Z")
	t.Run("ErrEverythingMissing", func(t *testing.T) {
		r := Referral{}
		e, _ := apperr.As(r.Validate(now))
		for _, f := range []string{"structure_id", "nom", "contact", "service", "personne_informee"} {
			if e == nil || e.FieldMap()[f] == "" {
				t.Errorf("no error for %s", f)
			}
		}
	})
	t.Run("OK", func(t *testing.T) {
		r := Referral{ReceiverStructureID: 2, PersonName: " Marie   Dupont ", ContactMethod: "telephone", ContactValue: "06 12 34 56 78", Service: "Aide aux démarches administratives", Informed: true}
		r.Normalize()
		if err := r.Validate(now); err != nil {
			t.Fatal(err)
		}
		if r.PersonName != "Marie Dupont" || r.ContactValue != "+33612345678" {
			t.Fatalf("%q %q", r.PersonName, r.ContactValue)
		}
	})
	t.Run("ErrRefusalWithoutReason", func(t *testing.T) {
		d := Decision{}
		if e, _ := apperr.As(d.Validate()); e == nil || e.FieldMap()["motifs"] == "" {
			t.Fatal("a refusal needs a reason")
		}
		d = Decision{Reasons: []string{"autre"}}
		if e, _ := apperr.As(d.Validate()); e == nil || e.FieldMap()["commentaire"] == "" {
			t.Fatal("« autre » needs a comment")
		}
		d = Decision{Reasons: []string{"session_complete"}}
		if err := d.Validate(); err != nil {
			t.Fatal(err)
		}
	})
}
