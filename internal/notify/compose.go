package notify

import (
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/i18n"
)

// Subject kinds of an event.
const (
	AboutAppointment = "rdv"
	AboutWorkshop    = "atelier"
)

// Event is what a message is about, with only what may be said in it.
// Messages are short, in easy French, and never carry a sensitive detail:
// an SMS never names the motive, an e-mail names it only when it is not
// discreet, and the need written by the person is never repeated.
type Event struct {
	Kind          Kind
	About         string // AboutAppointment or AboutWorkshop
	StructureName string
	Name          string    // the person's name, for the greeting (e-mail only)
	Title         string    // the workshop's title (public)
	Motive        string    // the motive's name: e-mail only; empty when discreet
	Remote        string    // "telephone", "visio" or "domicile" when the appointment is not at the site
	Start, End    time.Time // the appointment, or the workshop's first session
	Sessions      int       // number of sessions of a cycle
	PlaceName     string
	Address       string // street, postcode, town
	PlaceHours    string // the site's opening_hours, for that day's hours
	Phone         string // the site's phone, to call the structure there
	Instructions  string // to read before coming (e-mail only)
	Link          string // the person's page: see, cancel, confirm
	OptOutLink    string // e-mail only
	Deadline      time.Time
	// Lang is the language the person chose (internal/i18n); empty or "fr":
	// French.
	Lang string
}

// dayHours is the site's opening hours on the day of t, "" when unknown.
func dayHours(osm string, t time.Time) string {
	if osm == "" {
		return ""
	}
	s, err := hours.Parse(osm)
	if err != nil {
		return ""
	}
	p := t.In(frtime.Paris)
	for _, d := range s.Week(p) {
		if d.Date.Day() == p.Day() && d.Date.Month() == p.Month() {
			return d.String()
		}
	}
	return ""
}

func (e Event) what() string {
	if e.About == AboutWorkshop {
		return "l'atelier « " + e.Title + " »"
	}
	return "votre rendez-vous"
}

func (e Event) where() string {
	switch e.Remote {
	case "telephone":
		return "par téléphone : nous vous appellerons"
	case "visio":
		return "en visioconférence : nous vous enverrons le lien"
	case "domicile":
		return "chez vous : nous venons à votre domicile"
	}
	s := e.PlaceName
	if e.Address != "" {
		s += ", " + e.Address
	}
	return s
}

// Compose writes the subject (e-mail) and the body of a message.
func Compose(e Event, ch Channel) (subject, body string) {
	if l := i18n.Get(e.Lang); !l.IsFrench() {
		if ch == SMS {
			return "", composeSMSIn(l, e)
		}
		return composeEmailIn(l, e)
	}
	if ch == SMS {
		return "", composeSMS(e)
	}
	return composeEmail(e)
}

// composeSMS writes an SMS that stands alone, read days later without the
// site at hand: who, what, the date and time, the place and its address,
// the phone to call, and the whole link.
func composeSMS(e Event) string {
	var b strings.Builder
	b.WriteString(e.StructureName + " : ")
	when := frtime.DayShort(e.Start) + " à " + frtime.Clock(e.Start)
	ws := ""
	if e.About == AboutWorkshop {
		ws = "atelier « " + e.Title + " »"
	}
	switch e.Kind {
	case Confirmation:
		if e.About == AboutWorkshop {
			b.WriteString("inscription confirmée à l'" + ws + ", " + plural(e.Sessions, "séance", "séances") + " à partir du " + when + ".")
		} else {
			b.WriteString("rendez-vous confirmé le " + when + ".")
		}
	case Change:
		b.WriteString("votre rendez-vous change. Nouvelle date : " + when + ".")
	case Cancellation:
		if e.About == AboutWorkshop {
			b.WriteString("votre inscription à l'" + ws + " du " + when + " est annulée.")
		} else {
			b.WriteString("votre rendez-vous du " + when + " est annulé.")
		}
	case Reminder:
		if e.About == AboutWorkshop {
			b.WriteString("rappel : " + ws + " le " + when + ".")
		} else {
			b.WriteString("rappel : rendez-vous le " + when + ".")
		}
	case WaitingList:
		b.WriteString("vous êtes sur la liste d'attente de l'" + ws + " du " + when + ". Nous vous préviendrons si une place se libère.")
	case Offer:
		b.WriteString("une place se libère à l'" + ws + " (" + when + "). Confirmez avant le " + frtime.DayShort(e.Deadline) + " à " + frtime.Clock(e.Deadline) + ".")
	}
	if e.Remote != "" && e.Kind != Cancellation {
		b.WriteString(" " + capitalize(e.where()) + ".")
	} else if e.PlaceName != "" {
		b.WriteString(" Lieu : " + e.where() + ".")
	}
	if e.Phone != "" {
		b.WriteString(" Tél. " + displayPhone(e.Phone) + ".")
	}
	if e.Link != "" {
		switch e.Kind {
		case Offer:
			b.WriteString(" Confirmer : ")
		case WaitingList, Cancellation:
			b.WriteString(" Voir : ")
		default:
			b.WriteString(" Voir ou annuler : ")
		}
		b.WriteString(e.Link)
	}
	return b.String()
}

func composeEmail(e Event) (string, string) {
	var subject string
	when := frtime.DayShort(e.Start) + " à " + frtime.Clock(e.Start)
	switch e.Kind {
	case Confirmation:
		if e.About == AboutWorkshop {
			subject = "Inscription confirmée : " + e.Title
		} else {
			subject = "Votre rendez-vous du " + when
		}
	case Change:
		subject = "Votre rendez-vous change : " + when
	case Cancellation:
		if e.About == AboutWorkshop {
			subject = "Inscription annulée : " + e.Title
		} else {
			subject = "Rendez-vous annulé : " + when
		}
	case Reminder:
		if e.About == AboutWorkshop {
			subject = "Rappel : " + e.Title + ", " + when
		} else {
			subject = "Rappel : votre rendez-vous du " + when
		}
	case WaitingList:
		subject = "Liste d'attente : " + e.Title
	case Offer:
		subject = "Une place pour vous : " + e.Title
	}

	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	if e.Name != "" {
		line("Bonjour " + e.Name + ",")
	} else {
		line("Bonjour,")
	}
	line("")
	full := frtime.Day(e.Start) + ", de " + frtime.Clock(e.Start) + " à " + frtime.Clock(e.End)
	switch e.Kind {
	case Confirmation:
		if e.About == AboutWorkshop {
			line("Vous êtes inscrit ou inscrite à l'atelier « " + e.Title + " ».")
			if e.Sessions > 1 {
				line("L'atelier a " + strconv.Itoa(e.Sessions) + " séances. Votre place est gardée pour toutes les séances.")
				line("Première séance : " + full + ".")
			} else {
				line("Quand : " + full + ".")
			}
		} else {
			line("Votre rendez-vous est confirmé.")
			line("Quand : " + full + ".")
		}
	case Change:
		line("Votre rendez-vous change de date.")
		line("Nouvelle date : " + full + ".")
	case Cancellation:
		if e.About == AboutWorkshop {
			line("Votre inscription à l'atelier « " + e.Title + " » est annulée.")
		} else {
			line("Votre rendez-vous du " + full + " est annulé.")
			line("Pour prendre un autre rendez-vous, contactez " + e.StructureName + ".")
		}
	case Reminder:
		line("Nous vous rappelons " + e.what() + ".")
		line("Quand : " + full + ".")
	case WaitingList:
		line("L'atelier « " + e.Title + " » est complet. Vous êtes sur la liste d'attente.")
		line("Si une place se libère, nous vous l'envoyons par message. Vous aurez un délai pour la confirmer.")
	case Offer:
		line("Bonne nouvelle : une place se libère à l'atelier « " + e.Title + " ».")
		line("Première séance : " + full + ".")
		line("Confirmez avant le " + frtime.Day(e.Deadline) + " à " + frtime.Clock(e.Deadline) + ". Sinon, la place ira à la personne suivante.")
	}
	if e.Kind != Cancellation {
		if e.Remote != "" {
			line("Comment : " + e.where() + ".")
		} else if e.PlaceName != "" {
			line("Où : " + e.where() + ".")
			if h := dayHours(e.PlaceHours, e.Start); h != "" {
				line("Horaires du lieu ce jour-là : " + h + ".")
			}
		}
		if e.Motive != "" {
			line("Pour : " + e.Motive + ".")
		}
		if e.Instructions != "" && e.Kind != WaitingList {
			line("")
			line("À savoir : " + e.Instructions)
		}
	}
	if e.Link != "" {
		line("")
		switch e.Kind {
		case Offer:
			line("Pour confirmer ou laisser la place :")
		case Cancellation, WaitingList:
			line("Pour voir votre demande :")
		default:
			line("Vous ne pouvez pas venir ? Prévenez-nous ici, la place servira à quelqu'un d'autre :")
		}
		line(e.Link)
	}
	if e.Kind != Cancellation && e.Kind != WaitingList {
		line("")
		line("Le fichier joint ajoute la date à votre agenda.")
	}
	line("")
	line(e.StructureName)
	if e.Phone != "" {
		line("Tél. " + displayPhone(e.Phone))
	}
	if e.OptOutLink != "" {
		line("")
		line("Vous ne voulez plus recevoir de messages de " + e.StructureName + " ? " + e.OptOutLink)
	}
	return subject, b.String()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func plural(n int, one, many string) string {
	if n <= 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
