package legal

import (
	"bytes"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/retention"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	h, err := New(site, Facts{})
	if err != nil {
		t.Fatal(err)
	}
	uitest.RenderAll(t, site, map[string]any{"accessibility": nil, "legal": nil, "privacy": h.view(), "error": ui.ErrorPage{Heading: "Oups", Message: "Message", Reference: "ABCD-EFGH"}},
		map[string]bool{"accessibility": true, "legal": true, "privacy": true, "error": true})
}

// TestPrivacyPageSaysTheConfigurationInForce: the durations and processors
// on the page are the ones configured, nothing is promised about mandates
// (Parcours keeps none), and without a provider the page says no SMS or
// e-mail is sent.
func TestPrivacyPageSaysTheConfigurationInForce(t *testing.T) {
	render := func(f Facts) string {
		site := uitest.Site(t)
		h, err := New(site, f)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := site.ExecutePage(&buf, "privacy", ui.Page{Title: "Données personnelles", Operator: "le CCAS", Data: h.view()}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	p := retention.Default()
	p.PersonMonths, p.JournalMonths, p.ReferralMonths = 18, 72, 30
	out := render(Facts{Retention: p, EmailServer: "smtp.exemple.fr", SMSProvider: "Brevo (Sendinblue SAS, Paris, France)", Hosting: "OVHcloud, Roubaix (France)"})
	for _, want := range []string{"1 an et 6 mois après le dernier contact", "6 ans, pour pouvoir", "2 ans et 6 mois après l'orientation",
		"smtp.exemple.fr", "Brevo (Sendinblue SAS, Paris, France)", "OVHcloud, Roubaix (France)", "aucune pièce jointe"} {
		if !strings.Contains(out, want) {
			t.Errorf("the page does not say %q", want)
		}
	}
	if !strings.Contains(out, "3 ans après la fin du mandat, puis 3 ans en archive") {
		t.Error("the page does not say how long a mandate is kept")
	}
	safe := render(Facts{Safe: true})
	if !strings.Contains(safe, "coffre-fort numérique, Parcours garde les papiers") || !strings.Contains(safe, "effacés avec votre dossier") || strings.Contains(safe, "aucune pièce jointe") {
		t.Error("with the document safe on, the page says the papers are kept, encrypted, and until when")
	}
	bare := render(Facts{})
	for _, want := range []string{"2 ans après le dernier contact", "ce site n'envoie aucun SMS", "ce site n'envoie aucun courriel", "demandez-le à le CCAS"} {
		if !strings.Contains(bare, want) {
			t.Errorf("without configuration, the page does not say %q", want)
		}
	}
}
