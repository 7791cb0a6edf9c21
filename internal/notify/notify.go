// Package notify composes and delivers the agenda's messages to residents:
// confirmation, change, cancellation, reminder and waiting-list offer, by
// e-mail (SMTP) and SMS (a provider's HTTP API). Messages are recorded in an
// outbox before anything is sent, each with an idempotency key, and each
// sending attempt leaves a receipt. Without a configured channel a message
// stays in the outbox, where staff read what would have been sent.
package notify

import (
	"context"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/place"
)

// Channel is how a message travels.
type Channel string

const (
	Email Channel = "email"
	SMS   Channel = "sms"
)

// Label names the channel in French.
func (c Channel) Label() string {
	if c == SMS {
		return "SMS"
	}
	return "E-mail"
}

// Kind is what a message says.
type Kind string

const (
	Confirmation Kind = "confirmation" // a booking or a registration
	Change       Kind = "modification" // an appointment moved
	Cancellation Kind = "annulation"
	Reminder     Kind = "rappel"
	WaitingList  Kind = "attente" // put on a workshop's waiting list
	Offer        Kind = "offre"   // a freed seat offered, to confirm before a deadline

	// Orientations to a place without Parcours: its signed link.
	ReferralLink     Kind = "orientation"
	ReferralReminder Kind = "relance_orientation"

	// Loans of equipment: before the due date, and once late.
	LoanReminder Kind = "rappel_pret"
	LoanLate     Kind = "retard_pret"
	// The document safe: a one-time code to open it, a document about to expire.
	SafeCode     Kind = "code_coffre"
	SafeReminder Kind = "rappel_coffre"
	// The network's monthly letter, to the professionals who receive it.
	Newsletter Kind = "lettre"
	// A network meeting's invitation, with its calendar file.
	MeetingInvitation Kind = "reunion"
	// A convention with partners nears its end: to the staff member who keeps it.
	AgreementReminder Kind = "rappel_convention"
)

// Label names the kind in French.
func (k Kind) Label() string {
	switch k {
	case Confirmation:
		return "Confirmation"
	case Newsletter:
		return "Lettre du réseau"
	case MeetingInvitation:
		return "Invitation à une réunion du réseau"
	case Change:
		return "Modification"
	case Cancellation:
		return "Annulation"
	case Reminder:
		return "Rappel"
	case WaitingList:
		return "Liste d'attente"
	case Offer:
		return "Place proposée"
	case ReferralLink:
		return "Orientation"
	case ReferralReminder:
		return "Relance d'orientation"
	case LoanReminder:
		return "Rappel de prêt"
	case LoanLate:
		return "Prêt en retard"
	case SafeCode:
		return "Code du coffre-fort"
	case SafeReminder:
		return "Document bientôt expiré"
	case AgreementReminder:
		return "Convention à renouveler"
	}
	return string(k)
}

// Message statuses.
const (
	Pending  = "a_envoyer" // waiting for a sender
	Sending  = "envoi"     // claimed by one instance until its claim ends
	Sent     = "envoye"    // the channel accepted it
	Outbox   = "boite"     // no channel configured: kept for staff to read
	Failed   = "echec"     // every attempt failed
	OptedOut = "arret"     // the person asked for no more messages
)

// StatusLabel names a message status.
func StatusLabel(s string) string {
	switch s {
	case Pending:
		return "À envoyer"
	case Sending:
		return "En cours d'envoi"
	case Sent:
		return "Envoyé"
	case Outbox:
		return "Non envoyé (boîte d'envoi)"
	case Failed:
		return "Échec"
	case OptedOut:
		return "Non envoyé : la personne ne veut plus de messages"
	}
	return s
}

// MaxAttempts is how many times a message is tried before it fails.
const MaxAttempts = 3

// Message is one message to one address.
type Message struct {
	ID             int64
	StructureID    int64
	Kind           Kind
	Channel        Channel
	To             string // e-mail address or E.164 phone number
	Subject        string // e-mail only
	Body           string
	ICS            string // calendar attachment, e-mail only
	Key            string // idempotency key: a message is recorded once
	Status         string
	Attempts       int
	AppointmentID  int64
	RegistrationID int64
	CreatedAt      time.Time
	SentAt         time.Time
	Receipts       []Receipt
}

// StatusLabel names the message's status.
func (m Message) StatusLabel() string { return StatusLabel(m.Status) }

// ToLabel is the recipient as staff read it.
func (m Message) ToLabel() string { return displayPhone(m.To) }

// Receipt is what one sending attempt gave.
type Receipt struct {
	At         time.Time
	Channel    Channel
	Result     string // Sent, Outbox, Failed, OptedOut
	Detail     string // the provider's answer or the error, never the content
	ProviderID string
}

// ResultLabel names the result.
func (r Receipt) ResultLabel() string { return StatusLabel(r.Result) }

// Address is one way to reach a person.
type Address struct {
	Channel Channel
	To      string
}

// Addresses returns the channels a person can be reached by: an SMS to a
// mobile number, an e-mail to an address; both when both are known.
func Addresses(phone, email string) []Address {
	var out []Address
	if IsMobile(phone) {
		out = append(out, Address{SMS, phone})
	}
	if email = strings.TrimSpace(email); email != "" {
		out = append(out, Address{Email, strings.ToLower(email)})
	}
	return out
}

// mobilePrefixes are the French mobile ranges in E.164: metropolitan 06
// and 07, and the overseas ones (Réunion, Mayotte, Antilles, Guyane).
var mobilePrefixes = []string{"+336", "+337", "+262639", "+262692", "+262693", "+590690", "+590691", "+594694", "+596696", "+596697"}

// IsMobile reports whether an E.164 number is a French mobile, the only
// numbers an SMS is sent to.
func IsMobile(e164 string) bool {
	for _, p := range mobilePrefixes {
		if !strings.HasPrefix(e164, p) {
			continue
		}
		if strings.HasPrefix(p, "+33") {
			return len(e164) == 12 // +33 and 9 digits
		}
		return len(e164) == 13 // +262, +590… and 9 digits
	}
	return false
}

// ContactKey is how an opt-out is stored: an E.164 number or a lower-case address.
func ContactKey(contact string) (string, bool) {
	contact = strings.TrimSpace(contact)
	if strings.Contains(contact, "@") {
		c := strings.ToLower(contact)
		at := strings.LastIndex(c, "@")
		if at < 1 || at == len(c)-1 || strings.ContainsAny(c, " \t\r\n<>") {
			return "", false
		}
		return c, true
	}
	return place.NormalizePhone(contact)
}

func displayPhone(s string) string {
	if !strings.HasPrefix(s, "+33") || len(s) != 12 {
		return s
	}
	d := "0" + s[3:]
	return d[0:2] + " " + d[2:4] + " " + d[4:6] + " " + d[6:8] + " " + d[8:10]
}

// EmailMessage is an e-mail ready for a sender.
type EmailMessage struct {
	To              string
	Subject         string
	Text            string
	ICS             string // attached as a .ics file when not empty
	ICSName         string
	ListUnsubscribe string // opt-out URL, for mail clients' unsubscribe button
	OneClick        bool   // the opt-out URL unsubscribes on a POST alone (RFC 8058)
}

// EmailSender delivers e-mails; it returns the message's identifier.
type EmailSender interface {
	SendEmail(ctx context.Context, m EmailMessage) (string, error)
}

// SMSSender delivers SMS; it returns the provider's identifier.
type SMSSender interface {
	SendSMS(ctx context.Context, to, text, tag string) (string, error)
}
