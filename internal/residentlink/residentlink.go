// Package residentlink makes the links that residents receive in their
// messages, signed with signedlink: the page of their appointment, of their
// workshop registration, and the link that stops the messages. Each kind of
// link has its own purpose, so that a token of one kind opens nothing else.
package residentlink

import (
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/signedlink"
)

// Paths of the residents' pages.
const (
	AppointmentPath  = "/mon-rendez-vous/"
	RegistrationPath = "/mon-inscription/"
	OptOutPath       = "/messages/arret/"
)

// OptOut names what an opt-out link is about: the appointment or the
// registration whose contact, by that channel, asks for no more messages.
type OptOut struct {
	Appointment bool
	ID          int64
	Channel     notify.Channel
}

// Links signs and reads the links of one instance.
type Links struct {
	base         string
	appointment  signedlink.Signer
	registration signedlink.Signer
	optOuts      map[OptOut]signedlink.Signer // by kind and channel, ID 0
}

// New returns the links signed with secret; base is the public address the
// links start with ("" keeps paths only).
func New(secret []byte, base string) Links {
	l := Links{base: strings.TrimRight(base, "/"), appointment: signedlink.New(secret, "rendez-vous"),
		registration: signedlink.New(secret, "inscription"), optOuts: map[OptOut]signedlink.Signer{}}
	for _, appointment := range []bool{true, false} {
		for _, ch := range []notify.Channel{notify.Email, notify.SMS} {
			purpose := "arret-messages-inscription-" + string(ch)
			if appointment {
				purpose = "arret-messages-rendez-vous-" + string(ch)
			}
			l.optOuts[OptOut{Appointment: appointment, Channel: ch}] = signedlink.New(secret, purpose)
		}
	}
	return l
}

// AppointmentToken is the token of an appointment's page.
func (l Links) AppointmentToken(id int64) string { return l.appointment.Sign(id, time.Time{}) }

// Appointment is the address of an appointment's page.
func (l Links) Appointment(id int64) string { return l.base + AppointmentPath + l.AppointmentToken(id) }

// AppointmentID reads the token of an appointment's page.
func (l Links) AppointmentID(token string) (int64, bool) {
	id, _, err := l.appointment.Verify(token, time.Time{})
	return id, err == nil
}

// RegistrationToken is the token of a registration's page.
func (l Links) RegistrationToken(id int64) string { return l.registration.Sign(id, time.Time{}) }

// Registration is the address of a registration's page.
func (l Links) Registration(id int64) string {
	return l.base + RegistrationPath + l.RegistrationToken(id)
}

// RegistrationID reads the token of a registration's page.
func (l Links) RegistrationID(token string) (int64, bool) {
	id, _, err := l.registration.Verify(token, time.Time{})
	return id, err == nil
}

// OptOut is the address that stops the messages about o by o's channel.
func (l Links) OptOut(o OptOut) string {
	key := o
	key.ID = 0
	return l.base + OptOutPath + l.optOuts[key].Sign(o.ID, time.Time{})
}

// OptOutOf reads an opt-out token.
func (l Links) OptOutOf(token string) (OptOut, bool) {
	for key, signer := range l.optOuts {
		if id, _, err := signer.Verify(token, time.Time{}); err == nil {
			key.ID = id
			return key, true
		}
	}
	return OptOut{}, false
}
