package notify

import (
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/i18n"
)

// The messages in the language a person chose other than French: the same
// facts as the French ones (who, what, when, where, the phone, the whole
// link), in the sentences of the message files. Dates are written with the
// language's weekday and numbers (day/month/year, 24-hour clock, Paris
// time), which every reader of these languages reads; easy-to-read French
// keeps the French way of writing them.

// whenIn writes a moment in the language.
func whenIn(l i18n.Lang, t time.Time) string { return l.When(t) }

// mainSentence says what the message is about.
func mainSentence(l i18n.Lang, e Event) string {
	when := whenIn(l, e.Start)
	ws := e.About == AboutWorkshop
	pick := func(workshop, appointment string) string {
		if ws {
			return workshop
		}
		return appointment
	}
	switch e.Kind {
	case Confirmation:
		return l.T(pick("msg.confirm_workshop", "msg.confirm_appointment"), "Title", e.Title, "When", when)
	case Change:
		return l.T("msg.change", "When", when)
	case Cancellation:
		return l.T(pick("msg.cancel_workshop", "msg.cancel_appointment"), "Title", e.Title, "When", when)
	case Reminder:
		return l.T(pick("msg.reminder_workshop", "msg.reminder_appointment"), "Title", e.Title, "When", when)
	case WaitingList:
		return l.T("msg.waiting", "Title", e.Title, "When", when)
	case Offer:
		return l.T("msg.offer", "Title", e.Title, "When", when, "Deadline", whenIn(l, e.Deadline))
	}
	return ""
}

// whereIn says where, or how when the appointment is not at the site.
func whereIn(l i18n.Lang, e Event) string {
	switch e.Remote {
	case "telephone":
		return l.T("msg.by_phone")
	case "visio":
		return l.T("msg.by_video")
	case "domicile":
		return l.T("msg.at_home")
	}
	if e.PlaceName == "" {
		return ""
	}
	where := e.PlaceName
	if e.Address != "" {
		where += ", " + e.Address
	}
	return l.T("msg.place", "Where", where)
}

func linkIntro(l i18n.Lang, k Kind) string {
	switch k {
	case Offer:
		return l.T("msg.link_confirm")
	case WaitingList, Cancellation:
		return l.T("msg.link_see")
	}
	return l.T("msg.link_cancel")
}

func composeSMSIn(l i18n.Lang, e Event) string {
	parts := []string{e.StructureName + " : " + mainSentence(l, e)}
	if l.Code != i18n.FALC {
		parts[0] = e.StructureName + ": " + mainSentence(l, e)
	}
	if w := whereIn(l, e); w != "" && (e.Remote == "" || e.Kind != Cancellation) {
		parts = append(parts, w)
	}
	if e.Phone != "" {
		parts = append(parts, l.T("msg.phone", "Phone", displayPhone(e.Phone)))
	}
	if e.Link != "" {
		parts = append(parts, linkIntro(l, e.Kind)+" "+e.Link)
	}
	return strings.Join(parts, " ")
}

func composeEmailIn(l i18n.Lang, e Event) (string, string) {
	when := whenIn(l, e.Start)
	var subject string
	switch e.Kind {
	case Confirmation:
		if e.About == AboutWorkshop {
			subject = l.T("msg.subject_confirm_workshop", "Title", e.Title)
		} else {
			subject = l.T("msg.subject_confirm_appointment", "When", when)
		}
	case Change:
		subject = l.T("msg.subject_change", "When", when)
	case Cancellation:
		if e.About == AboutWorkshop {
			subject = l.T("msg.subject_cancel_workshop", "Title", e.Title)
		} else {
			subject = l.T("msg.subject_cancel_appointment", "When", when)
		}
	case Reminder:
		subject = l.T("msg.subject_reminder", "When", when)
		if e.About == AboutWorkshop {
			subject = l.T("msg.subject_reminder", "When", e.Title+", "+when)
		}
	case WaitingList:
		subject = l.T("msg.subject_waiting", "Title", e.Title)
	case Offer:
		subject = l.T("msg.subject_offer", "Title", e.Title)
	}
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	if e.Name != "" {
		line(l.T("msg.hello_name", "Name", e.Name))
	} else {
		line(l.T("msg.hello"))
	}
	line("")
	line(mainSentence(l, e))
	if e.Kind != Cancellation {
		if w := whereIn(l, e); w != "" {
			line(w)
		}
		if e.Motive != "" {
			line(l.T("msg.motive", "Motive", e.Motive))
		}
		if e.Instructions != "" && e.Kind != WaitingList {
			line("")
			line(l.T("msg.instructions", "Instructions", e.Instructions))
		}
	}
	if e.Link != "" {
		line("")
		line(linkIntro(l, e.Kind))
		line(e.Link)
	}
	if e.Kind != Cancellation && e.Kind != WaitingList {
		line("")
		line(l.T("msg.ics"))
	}
	line("")
	line(e.StructureName)
	if e.Phone != "" {
		line(l.T("msg.phone", "Phone", displayPhone(e.Phone)))
	}
	if e.OptOutLink != "" {
		line("")
		line(l.T("msg.optout", "Structure", e.StructureName, "Link", e.OptOutLink))
	}
	return subject, b.String()
}
