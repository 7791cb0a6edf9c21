// Package contact holds the rule that bookings and workshop registrations
// made by staff share: a person's file may give the name and the contact,
// and a phone number or an e-mail address needs the person's agreement to
// receive messages.
package contact

import (
	"context"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/store"
)

// FromFile completes c with the file of personID (0: none) of the actor's
// structure: the name when c has none, the phone and the e-mail when c has
// neither. A role that may not open files, or a person not found, is a
// field error on "personne". It returns the person's id, 0 when none.
func FromFile(ctx context.Context, st *store.Store, a *account.Actor, personID int64, c *agenda.Contact, v *apperr.Validation) (int64, error) {
	if personID == 0 {
		return 0, nil
	}
	if !a.Can(account.PermPersons) {
		v.Add("personne", "Votre rôle ne permet pas d'ouvrir les dossiers des personnes : laissez ce champ vide.")
		return 0, nil
	}
	p, err := st.Person(ctx, a.Scope(), personID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && (p.Deleted() || p.MergedInto != 0)) {
		v.Add("personne", "Personne introuvable dans votre structure : vérifiez le numéro de dossier.")
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if strings.TrimSpace(c.Name) == "" {
		c.Name = p.Name()
	}
	if strings.TrimSpace(c.Phone) == "" && strings.TrimSpace(c.Email) == "" {
		c.Phone, c.Email = p.Phone, p.Email
	}
	return p.ID, nil
}

// Agreed checks that a contact given to receive messages comes with the
// person's agreement (field "accord"); it reports whether messages may be
// sent to the contact.
func Agreed(c agenda.Contact, agreed bool, v *apperr.Validation, what string) bool {
	if strings.TrimSpace(c.Phone) == "" && strings.TrimSpace(c.Email) == "" {
		return false
	}
	if !agreed {
		v.Add("accord", "Cochez la case si la personne accepte de recevoir "+what+" (« accord » dans l'API) ; sinon, n'écrivez ni téléphone ni e-mail.")
	}
	return true
}
