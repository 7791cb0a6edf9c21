// Package legal serves the pages every public site owes its visitors: the
// accessibility statement, the legal notice and the personal data page.
package legal

import (
	"embed"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/retention"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Facts are what the privacy page states, taken from the configuration in
// force, so that it promises only what the code does.
type Facts struct {
	Retention   retention.Policy // the durations the daily retention run applies
	EmailServer string           // the SMTP server that sends e-mails; "": none is sent
	SMSProvider string           // the SMS provider; "": none is sent
	Hosting     string           // the host the operator declared; "": not declared
	Safe        bool             // the document safe is on: persons' papers are kept, encrypted
}

// Handlers serves the pages.
type Handlers struct {
	site  *ui.Site
	facts Facts
}

// New registers the pages' templates with the site.
func New(site *ui.Site, facts Facts) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	if facts.Retention == (retention.Policy{}) {
		facts.Retention = retention.Default()
	}
	return &Handlers{site: site, facts: facts}, nil
}

// privacyView is the privacy page: the facts and the durations in words.
type privacyView struct {
	Facts
	Person, Referral, Appointment, Message, Journal string
	MandateActive, MandateArchived                  string
}

func (h *Handlers) view() privacyView {
	p := h.facts.Retention
	return privacyView{Facts: h.facts, Person: retention.Months(p.PersonMonths), Referral: retention.Months(p.ReferralMonths),
		Appointment: retention.Months(p.AppointmentMonths), Message: retention.Months(p.MessageMonths), Journal: retention.Months(p.JournalMonths),
		MandateActive: retention.Months(retention.MandateActiveMonths), MandateArchived: retention.Months(retention.MandateArchivedMonths)}
}

// Accessibility is the accessibility statement.
func (h *Handlers) Accessibility(w http.ResponseWriter, r *http.Request) {
	h.site.Render(w, r, http.StatusOK, "accessibility", ui.Page{Title: "Accessibilité"})
}

// Legal is the legal notice.
func (h *Handlers) Legal(w http.ResponseWriter, r *http.Request) {
	h.site.Render(w, r, http.StatusOK, "legal", ui.Page{Title: "Mentions légales"})
}

// Privacy says what personal data is kept, why and for how long.
func (h *Handlers) Privacy(w http.ResponseWriter, r *http.Request) {
	h.site.Render(w, r, http.StatusOK, "privacy", ui.Page{Title: "Données personnelles", Data: h.view()})
}
