// Package referral is the tracked orientation (DORA's model, REFERENCE §3):
// a sender orients a person to a structure using Parcours (its inbox) or to
// a place whose structure does not use Parcours (a signed link valid 8
// days); states ouverte → validee | refusee | expiree, every change logged,
// and only the minimum is shared, with the person's consent.
package referral

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
)

// State of a referral.
type State string

const (
	Open     State = "ouverte"
	Accepted State = "validee"
	Refused  State = "refusee"
	Expired  State = "expiree"
)

// States with their labels.
var States = []person.Choice{
	{Value: string(Open), Label: "Ouverte"}, {Value: string(Accepted), Label: "Validée"},
	{Value: string(Refused), Label: "Refusée"}, {Value: string(Expired), Label: "Expirée"},
}

// LinkPurpose is the purpose of the signed links (signedlink) that let a
// place without Parcours answer.
const LinkPurpose = "orientation"

// Delays of the lifecycle.
const (
	LinkValidity = 8 * 24 * time.Hour  // a signed link answers for 8 days
	RemindAfter  = 10 * 24 * time.Hour // reminder to the receiver
	ExpireAfter  = 30 * 24 * time.Hour // no answer: expired
)

// RefusalReasons are DORA's.
var RefusalReasons = []person.Choice{
	{Value: "beneficiaire_non_joignable", Label: "Bénéficiaire non joignable"},
	{Value: "ne_s_est_pas_presente", Label: "Ne s'est pas présenté·e"},
	{Value: "indisponible", Label: "Indisponible"},
	{Value: "non_eligible", Label: "Non éligible"},
	{Value: "non_mobile", Label: "Non mobile"},
	{Value: "non_interesse", Label: "Non intéressé·e"},
	{Value: "freins_peripheriques", Label: "Freins périphériques"},
	{Value: "session_complete", Label: "Session complète"},
	{Value: "doublon", Label: "Doublon"},
	{Value: "autre", Label: "Autre"},
}

// DecisionDelays are the delays from sending to a decision (accepted or
// refused) the dashboard counts an orientation's under.
var DecisionDelays = []person.Choice{
	{Value: "moins_1j", Label: "Moins d'un jour"}, {Value: "1_3j", Label: "1 à 3 jours"},
	{Value: "4_7j", Label: "4 à 7 jours"}, {Value: "plus_7j", Label: "Plus de 7 jours"},
}

// DelayKey is the value of DecisionDelays of a delay to a decision.
func DelayKey(d time.Duration) string {
	switch days := d.Hours() / 24; {
	case days < 1:
		return "moins_1j"
	case days < 4:
		return "1_3j"
	case days < 8:
		return "4_7j"
	}
	return "plus_7j"
}

// DecisionDelay is the value of DecisionDelays of a decided referral
// (accepted or refused, with the time of its answer), "" otherwise.
func (r Referral) DecisionDelay() string {
	if r.State != Accepted && r.State != Refused || r.ClosedAt.IsZero() {
		return ""
	}
	return DelayKey(r.ClosedAt.Sub(r.CreatedAt))
}

// ContactMethods say how the receiver reaches the person.
var ContactMethods = []person.Choice{
	{Value: "telephone", Label: "Par téléphone"}, {Value: "email", Label: "Par e-mail"},
	{Value: "referent", Label: "Par l'intermédiaire du référent (l'expéditeur)"}, {Value: "autre", Label: "Autrement"},
}

// SharedFields are exactly what the receiver sees, shown to the sender before sending.
var SharedFields = []string{
	"Le prénom et le nom de la personne",
	"Comment la joindre (le moyen choisi et le numéro ou l'adresse)",
	"Le besoin (le service demandé)",
	"À partir de quand elle est disponible",
	"Le motif écrit par vous",
}

// Event is one change in a referral's life.
type Event struct {
	At     time.Time
	Kind   string // creation, rappel, validee, refusee, expiree, lecture
	Who    string
	Detail string
}

// Referral is one orientation.
type Referral struct {
	ID                  int64
	SenderStructureID   int64
	SenderName          string
	ReceiverStructureID int64 // 0 when the receiver does not use Parcours
	ReceiverPlaceID     int64
	ReceiverName        string
	PersonID            int64 // in the sender's structure
	EvaluationID        int64
	ConsentID           int64
	PersonName          string
	ContactMethod       string
	ContactValue        string
	Service             string
	AvailableFrom       string // YYYY-MM-DD
	Reason              string
	Informed            bool // the sender's undertaking that the person was informed
	State               State
	RefusalReasons      []string
	Comment             string
	LinkExpiresAt       time.Time
	CreatedBy           int64
	CreatorName         string
	CreatedAt           time.Time
	RemindedAt          time.Time
	ClosedAt            time.Time
	UpdatedAt           time.Time
	Events              []Event
}

// ViaLink reports whether the receiver answers through a signed link.
func (r Referral) ViaLink() bool { return r.ReceiverStructureID == 0 }

// StateLabel names the state.
func (r Referral) StateLabel() string { return person.Label(States, string(r.State)) }

// ContactDisplay is the contact value as people read it.
func (r Referral) ContactDisplay() string {
	if r.ContactMethod == "telephone" {
		return person.DisplayPhone(r.ContactValue)
	}
	return r.ContactValue
}

// ContactLabel names the contact method.
func (r Referral) ContactLabel() string { return person.Label(ContactMethods, r.ContactMethod) }

// ReasonLabels lists the refusal reasons.
func (r Referral) ReasonLabels() string {
	out := make([]string, len(r.RefusalReasons))
	for i, v := range r.RefusalReasons {
		out[i] = person.Label(RefusalReasons, v)
	}
	return strings.Join(out, ", ")
}

// ExpiresAt is when an open referral expires.
func (r Referral) ExpiresAt() time.Time { return r.CreatedAt.Add(ExpireAfter) }

// AvailableDate parses the availability date.
func (r Referral) AvailableDate() time.Time {
	d, _ := time.Parse("2006-01-02", r.AvailableFrom)
	return d
}

// Normalize trims the free text.
func (r *Referral) Normalize() {
	r.PersonName = strings.Join(strings.Fields(r.PersonName), " ")
	r.ContactValue = strings.TrimSpace(r.ContactValue)
	r.Reason = strings.TrimSpace(r.Reason)
	r.AvailableFrom = strings.TrimSpace(r.AvailableFrom)
	if r.ContactMethod == "telephone" {
		if n, ok := place.NormalizePhone(r.ContactValue); ok {
			r.ContactValue = n
		}
	}
	if r.ContactMethod == "email" {
		r.ContactValue = account.NormalizeEmail(r.ContactValue)
	}
}

// Validate returns every field error of a new referral, named as the API
// names its fields.
func (r *Referral) Validate(now time.Time) error {
	var v apperr.Validation
	if r.ReceiverStructureID == 0 && r.ReceiverPlaceID == 0 {
		v.Add("structure_id", "Choisissez la structure ou le lieu qui va recevoir la personne.")
	}
	if r.PersonName == "" {
		v.Add("nom", "Saisissez le prénom et le nom de la personne.")
	} else if utf8.RuneCountInString(r.PersonName) > 160 {
		v.Add("nom", "Le prénom et le nom ne doivent pas dépasser 160 caractères.")
	}
	if !person.Allowed(ContactMethods, r.ContactMethod) {
		v.Add("contact", "Choisissez comment joindre la personne.")
	}
	switch r.ContactMethod {
	case "telephone":
		if _, ok := place.NormalizePhone(r.ContactValue); !ok {
			v.Add("contact_valeur", "Saisissez le numéro de téléphone de la personne, par exemple 06 12 34 56 78.")
		}
	case "email":
		if msg := account.ValidateEmail(r.ContactValue); msg != "" {
			v.Add("contact_valeur", msg)
		}
	}
	if utf8.RuneCountInString(r.ContactValue) > 200 {
		v.Add("contact_valeur", "200 caractères au plus.")
	}
	if !place.Allowed("services", r.Service) {
		v.Add("service", "Choisissez le service demandé.")
	}
	if r.AvailableFrom != "" {
		if _, err := time.Parse("2006-01-02", r.AvailableFrom); err != nil {
			v.Add("disponible_le", "Date illisible : écrivez-la comme "+now.Format("02/01/2006")+".")
		}
	}
	if utf8.RuneCountInString(r.Reason) > 1000 {
		v.Add("motif", "Le motif ne doit pas dépasser 1 000 caractères.")
	}
	if !r.Informed {
		v.Add("personne_informee", "Confirmez que la personne est informée de cette orientation.")
	}
	return v.Err()
}

// Decision is the receiver's answer.
type Decision struct {
	Accept  bool
	Reasons []string
	Comment string
}

// Validate checks a decision.
func (d *Decision) Validate() error {
	var v apperr.Validation
	d.Comment = strings.TrimSpace(d.Comment)
	if !d.Accept && len(d.Reasons) == 0 {
		v.Add("motifs", "Choisissez au moins un motif de refus.")
	}
	for _, r := range d.Reasons {
		if !person.Allowed(RefusalReasons, r) {
			v.Add("motifs", "Motif de refus inconnu : "+r+".")
		}
	}
	if !d.Accept && has(d.Reasons, "autre") && d.Comment == "" {
		v.Add("commentaire", "Précisez le motif « Autre » en commentaire.")
	}
	if utf8.RuneCountInString(d.Comment) > 1000 {
		v.Add("commentaire", "Le commentaire ne doit pas dépasser 1 000 caractères.")
	}
	return v.Err()
}

func has(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
