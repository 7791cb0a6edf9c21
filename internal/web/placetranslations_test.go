package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestPlaceTranslationsJourney: a translator writes a place's summary in
// Spanish, the public page in Spanish shows it marked "à relire" with the
// French original one link away (without JavaScript); another translator
// marks it "relue" and the mark goes; a member who does not translate
// cannot write.
func TestPlaceTranslationsJourney(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	mediation, reception, coordination := s.login(account.RoleMediation), s.login(account.RoleReception), s.login(account.RoleCoordination)
	main := s.demoPlace("Espace numérique du CCAS (démo)")
	page := "/lieux/" + itoa(main.ID)
	screen := "/espace/lieux/" + itoa(main.ID) + "/traductions"
	visitor := s.client()

	t.Run("ScreenShowsEachLanguageAndItsState", func(t *testing.T) {
		r := s.do(mediation, "GET", screen, nil)
		for _, want := range []string{"Texte original, en français", main.Summary, `id="langue-ar"`, `dir="rtl"`, "À relire", "Relue", "Pas traduite",
			"Traduite par Mehdi Médiateur", "relue par Agnès Accueil", `action="/espace/lieux/` + itoa(main.ID) + `/traductions/es"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("the screen lacks %q", want)
			}
		}
		if r := s.do(mediation, "GET", "/espace/lieux", nil); !strings.Contains(r.body, "2 langues, dont 1 à relire") {
			t.Error("the list of places counts the main place's translations")
		}
		if r := s.do(coordination, "GET", screen, nil); r.status != http.StatusOK || strings.Contains(r.body, `name="resume"`) || !strings.Contains(r.body, "Vous lisez ces traductions") {
			t.Errorf("a member who does not translate reads without forms: %d", r.status)
		}
	})

	t.Run("ErrEmptyKeepsTheForm", func(t *testing.T) {
		r := s.do(mediation, "POST", screen+"/es", url.Values{"resume": {""}, "description": {""}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Traduisez au moins le résumé ou la description.") || !strings.Contains(r.body, `href="#resume-es"`) {
			t.Fatalf("status %d", r.status)
		}
	})

	t.Run("TranslateShowReview", func(t *testing.T) {
		r := s.do(mediation, "POST", screen+"/es", url.Values{"resume": {"El CCAS le ayuda con sus trámites en línea."}, "description": {""}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("save: status %d\n%.1500s", r.status, r.body)
		}
		es := s.doLang(visitor, page, "es")
		for _, want := range []string{"El CCAS le ayuda con sus trámites en línea.", "Traducción pendiente de revisión", `href="` + page + `?original=1"`, "Ver el texto original"} {
			if !strings.Contains(es.body, want) {
				t.Errorf("the Spanish page lacks %q", want)
			}
		}
		if strings.Contains(es.body, main.Summary) {
			t.Error("the Spanish page shows the French summary beside the translation")
		}
		orig := s.doLang(visitor, page+"?original=1", "es")
		if !strings.Contains(orig.body, `<p class="govuk-body-l" lang="fr" dir="ltr">`+main.Summary) || !strings.Contains(orig.body, "Ver la traducción") {
			t.Errorf("?original=1 shows the French original, marked French, with a way back:\n%.3000s", orig.body)
		}
		if fr := s.doLang(visitor, page, "fr"); !strings.Contains(fr.body, main.Summary) || strings.Contains(fr.body, "Voir le texte original") {
			t.Error("the French page shows the original, without a link to itself")
		}
		if r := s.do(mediation, "POST", screen+"/es/relecture", url.Values{}); r.status != http.StatusUnprocessableEntity {
			t.Errorf("the author reviews their own translation: %d", r.status)
		}
		if r := s.do(reception, "POST", screen+"/es/relecture", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("review: %d", r.status)
		}
		if es := s.doLang(visitor, page, "es"); strings.Contains(es.body, "Traducción pendiente de revisión") || !strings.Contains(es.body, "Ver el texto original") {
			t.Error("once reviewed, the mark goes and the original stays one link away")
		}
		if ar := s.doLang(visitor, page, "ar"); !strings.Contains(ar.body, "ترجمة بحاجة إلى مراجعة") || !strings.Contains(ar.body, "عرض النص الأصلي") {
			t.Error("the demo's Arabic summary is shown marked to review")
		}
	})

	t.Run("ErrNotTranslator", func(t *testing.T) {
		if r := s.do(coordination, "POST", screen+"/en", url.Values{"resume": {"x"}}); r.status != http.StatusForbidden {
			t.Errorf("a member who does not translate writes: %d", r.status)
		}
		if r := s.do(coordination, "POST", "/espace/lieux/traducteurs", url.Values{"compte": {itoa(s.demo.Users[account.RoleCoordination])}, "traducteur": {"oui"}}); r.status != http.StatusSeeOther {
			t.Fatalf("naming: %d", r.status)
		}
		if r := s.do(coordination, "GET", "/espace/lieux/traducteurs", nil); !strings.Contains(r.body, "Camille Coordinatrice") || strings.Count(r.body, "govuk-tag--green") != 3 {
			t.Errorf("the list shows three translators:\n%.3000s", r.body)
		}
		if r := s.do(coordination, "POST", screen+"/en", url.Values{"supprimer": {"1"}}); r.status != http.StatusSeeOther {
			t.Errorf("a translator removes a translation: %d", r.status)
		}
		if en := s.doLang(visitor, page, "en"); strings.Contains(en.body, "See the original text") {
			t.Error("without a translation, the page shows the French text and no link")
		}
	})
}
