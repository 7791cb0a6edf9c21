package residentlink

import (
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/notify"
)

func TestLinksOpenOnlyTheirKind(t *testing.T) {
	l := New([]byte("0123456789abcdef0123456789abcdef"), "https://parcours.test/")
	appt := l.Appointment(42)
	if !strings.HasPrefix(appt, "https://parcours.test/mon-rendez-vous/") {
		t.Fatal(appt)
	}
	token := strings.TrimPrefix(appt, "https://parcours.test"+AppointmentPath)
	if id, ok := l.AppointmentID(token); !ok || id != 42 {
		t.Fatalf("%d %v", id, ok)
	}
	if _, ok := l.RegistrationID(token); ok {
		t.Fatal("an appointment's token opens a registration")
	}
	if _, ok := l.OptOutOf(token); ok {
		t.Fatal("an appointment's token stops messages")
	}
	reg := strings.TrimPrefix(l.Registration(7), "https://parcours.test"+RegistrationPath)
	if id, ok := l.RegistrationID(reg); !ok || id != 7 {
		t.Fatalf("%d %v", id, ok)
	}
	for _, o := range []OptOut{{Appointment: true, ID: 42, Channel: notify.Email}, {ID: 7, Channel: notify.SMS}} {
		link := l.OptOut(o)
		got, ok := l.OptOutOf(strings.TrimPrefix(link, "https://parcours.test"+OptOutPath))
		if !ok || got != o {
			t.Fatalf("%+v: %+v %v", o, got, ok)
		}
	}
	other := New([]byte("another secret of thirty-two bytes!"), "")
	if _, ok := other.AppointmentID(token); ok {
		t.Fatal("a token signed with another secret is accepted")
	}
	if _, ok := l.AppointmentID(token[:len(token)-2] + "xx"); ok {
		t.Fatal("an altered token is accepted")
	}
}
