package survey

import (
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

func TestTemplateIsValid(t *testing.T) {
	t.Parallel()
	d := Template(nil)
	if err := d.Validate(); err != nil {
		t.Fatalf("template: %v", fieldsOf(err))
	}
	if err := d.ValidateSettings(Settings{Crosstabs: TemplateCrosstabs}); err != nil {
		t.Fatalf("template cross-tabs: %v", fieldsOf(err))
	}
	for _, r := range Roles {
		if _, ok := d.ByRole(r); !ok {
			t.Errorf("the template has no %s question", r)
		}
	}
	// Every question has a "facile à lire" wording, as the field reports' FALC documents.
	for _, q := range d.Questions() {
		if q.Easy == "" {
			t.Errorf("question %s has no easy-to-read wording", q.Key)
		}
	}
	// Each linked benchmark names a question and choices of the template.
	for _, b := range SeedBenchmarks() {
		if err := b.Validate(); err != nil {
			t.Errorf("benchmark %q: %v", b.Indicator, fieldsOf(err))
		}
		if !b.Linked() {
			continue
		}
		q, ok := d.Question(b.QuestionKey)
		if !ok {
			t.Errorf("benchmark %q: no question %s", b.Indicator, b.QuestionKey)
			continue
		}
		for _, v := range b.ChoiceValues {
			if _, ok := q.Choice(v); !ok {
				t.Errorf("benchmark %q: question %s has no choice %s", b.Indicator, q.Key, v)
			}
		}
	}
}

func fieldsOf(err error) map[string]string {
	if e, ok := apperr.As(err); ok {
		return e.FieldMap()
	}
	return map[string]string{"": err.Error()}
}

func TestValidateRefusesBrokenDefinitions(t *testing.T) {
	t.Parallel()
	base := func() Definition { return Template(nil) }
	cases := []struct {
		name  string
		edit  func(d *Definition)
		field string
	}{
		{"DuplicateKey", func(d *Definition) { d.Sections[1].Questions[0].Key = "equip_appareils" }, "sections.1.questions.0.cle"},
		{"BadKey", func(d *Definition) { d.Sections[0].Questions[0].Key = "Équipement" }, "sections.0.questions.0.cle"},
		{"OneChoice", func(d *Definition) { d.Sections[0].Questions[0].Choices = d.Sections[0].Questions[0].Choices[:1] }, "sections.0.questions.0.choix"},
		{"ConditionOnLaterQuestion", func(d *Definition) {
			d.Sections[0].Questions[0].ShowIf = &Condition{Question: "age", Values: []string{"75+"}}
		}, "sections.0.questions.0.afficher_si"},
		{"ConditionUnknownValue", func(d *Definition) {
			d.Sections[1].Questions[1].ShowIf = &Condition{Question: "connexion_domicile", Values: []string{"fibre"}}
		}, "sections.1.questions.1.afficher_si"},
		{"TwoAgeQuestions", func(d *Definition) { d.Sections[1].Questions[0].Role = RoleAge }, "sections.6.questions.0.role"},
		{"AgeGap", func(d *Definition) { d.Sections[6].Questions[0].Choices[2].AgeMin = 41 }, "sections.6.questions.0.choix.2.age_min"},
		{"ExclusiveOnSingle", func(d *Definition) { d.Sections[1].Questions[0].Choices[2].Exclusive = true }, "sections.1.questions.0.choix.2.exclusif"},
		{"NoConsent", func(d *Definition) { d.Consent = " " }, "consentement"},
		{"ScaleTooWide", func(d *Definition) { d.Sections[4].Questions[2].Max = 11 }, "sections.4.questions.2.maximum"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := base()
			c.edit(&d)
			err := d.Validate()
			if err == nil {
				t.Fatal("accepted")
			}
			if _, ok := fieldsOf(err)[c.field]; !ok {
				t.Fatalf("no error on %s: %v", c.field, fieldsOf(err))
			}
		})
	}
}

func TestCheckAppliesSkipLogicAndRules(t *testing.T) {
	t.Parallel()
	d := Template(nil)
	complete := Answers{
		"equip_appareils": {"smartphone", "ordinateur"}, "connexion_domicile": {"non"}, "connexion_qualite": {"bonne"},
		"usage_internet": {"jamais"}, "usages": {"banque"}, "demarche_en_ligne": {"non"}, "demarche_abandon": {"oui"},
		"demarches_abandonnees": {"caf"}, "difficulte_demarches": {"souvent"}, "age": {"75+"}, "aisance": {" 2 "},
		"foyer_personnes": {"2,0"}, "commune": {"17299"},
	}
	got, err := d.Check(complete, true)
	if err != nil {
		t.Fatalf("check: %v", fieldsOf(err))
	}
	// Hidden questions (no connection, never online) lose their answers.
	for _, k := range []string{"connexion_qualite", "usages"} {
		if got.Has(k) {
			t.Errorf("%s is hidden by the skip logic but kept: %v", k, got[k])
		}
	}
	if got.Value("aisance") != "2" || got.Value("foyer_personnes") != "2" || got.Value("demarches_abandonnees") != "caf" {
		t.Errorf("values not cleaned: %v", got)
	}
	missing := Answers{"equip_appareils": {"aucun", "tablette"}, "age": {"12-14"}, "aisance": {"6"}, "inconnue": {"x"}, "commune": {"99999"}}
	_, err = d.Check(missing, true)
	f := fieldsOf(err)
	for _, k := range []string{"equip_appareils", "age", "aisance", "inconnue", "connexion_domicile", "commune"} {
		if _, ok := f[k]; !ok {
			t.Errorf("no error on %s: %v", k, f)
		}
	}
	if !strings.Contains(f["equip_appareils"], "Aucun de ces appareils") {
		t.Errorf("exclusive choice message: %q", f["equip_appareils"])
	}
	// Saving a half-answered questionnaire needs no required answer.
	if _, err := d.Check(Answers{"age": {"25-39"}}, false); err != nil {
		t.Errorf("partial save refused: %v", fieldsOf(err))
	}
}

func TestResumeCode(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		c := NewResumeCode()
		if len(c) != 9 || c[4] != '-' || NormalizeCode(c) != c {
			t.Fatalf("code %q", c)
		}
		if seen[c] {
			t.Fatalf("code %q twice in 200", c)
		}
		seen[c] = true
	}
	if NormalizeCode(" k7m4 pxrb ") != "K7M4-PXRB" || NormalizeCode("K7M4-PXR") != "" || NormalizeCode("O0O0-1111") != "" {
		t.Error("codes are read as people type them, confusable characters refused")
	}
	if HashCode("K7M4-PXRB") == HashCode("K7M4-PXRC") {
		t.Error("hash collision")
	}
}

func TestValidateMargins(t *testing.T) {
	t.Parallel()
	d := Template(nil)
	m := Margins{Source: "Insee RP 2021", AgeSex: map[string]map[string]float64{}}
	for _, c := range d.Sections[6].Questions[0].Choices {
		m.AgeSex[c.Value] = map[string]float64{Female: 1000, Male: 900}
	}
	if err := d.ValidateMargins(m); err != nil {
		t.Fatalf("valid margins: %v", fieldsOf(err))
	}
	m.AgeSex["75+"][Male] = 0
	m.Diploma = map[string]float64{"bac": 10}
	f := fieldsOf(d.ValidateMargins(m))
	if _, ok := f["marges.age_sexe.75+.homme"]; !ok {
		t.Errorf("zero margin accepted: %v", f)
	}
	if _, ok := f["marges.diplome.aucun_cep"]; !ok {
		t.Errorf("incomplete diploma margins accepted: %v", f)
	}
}
