package placereport

import (
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

func TestReportValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		r      Report
		fields []string
	}{
		{"OK", Report{Section: SectionHours, Correction: "Fermé le lundi."}, nil},
		{"OKWithPhone", Report{Section: SectionGone, Correction: "Fermé.", Contact: "06 12 34 56 78"}, nil},
		{"OKWithEmail", Report{Section: SectionOther, Correction: "x", Contact: " Lea@Exemple.FR "}, nil},
		{"Empty", Report{}, []string{"section", "correction"}},
		{"UnknownSection", Report{Section: "prix", Correction: "x"}, []string{"section"}},
		{"TooLong", Report{Section: SectionOther, Correction: strings.Repeat("é", MaxCorrection+1)}, []string{"correction"}},
		{"Links", Report{Section: SectionOther, Correction: "http://a https://b www.c"}, []string{"correction"}},
		{"BadContact", Report{Section: SectionOther, Correction: "x", Contact: "demain"}, []string{"contact"}},
		{"BadEmail", Report{Section: SectionOther, Correction: "x", Contact: "a@"}, []string{"contact"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.r.Normalize()
			err := tc.r.Validate()
			var got []string
			if e, ok := apperr.As(err); ok {
				for _, f := range e.Fields {
					got = append(got, f.Field)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
				t.Fatalf("fields %v, want %v (%v)", got, tc.fields, err)
			}
		})
	}
	r := Report{Section: SectionGone, Correction: " a\r\nb ", Contact: "06.12.34.56.78"}
	r.Normalize()
	if r.Correction != "a\nb" || r.Contact != "+33612345678" || r.Status != StatusNew {
		t.Fatalf("%+v", r)
	}
	r = Report{Contact: " Lea@Exemple.FR "}
	r.Normalize()
	if r.Contact != "lea@exemple.fr" {
		t.Fatalf("%q", r.Contact)
	}
}

func TestDecisionValidate(t *testing.T) {
	if err := (&Decision{Status: StatusDone}).Validate(); err != nil {
		t.Fatal(err)
	}
	if err := (&Decision{Status: StatusRejected, Note: "  "}).Validate(); !apperr.Is(err, apperr.Invalid) {
		t.Fatal("a rejection needs a note")
	}
	if err := (&Decision{Status: StatusNew}).Validate(); !apperr.Is(err, apperr.Invalid) {
		t.Fatal("only accept or reject")
	}
	if err := (&Decision{Status: StatusDone, Note: strings.Repeat("x", MaxNote+1)}).Validate(); !apperr.Is(err, apperr.Invalid) {
		t.Fatal("note too long")
	}
}

func TestSenderKey(t *testing.T) {
	a, b := SenderKey([]byte("s1"), "192.0.2.1"), SenderKey([]byte("s2"), "192.0.2.1")
	if a == b || len(a) != 32 || strings.Contains(a, "192") || a != SenderKey([]byte("s1"), "192.0.2.1") {
		t.Fatalf("%s %s", a, b)
	}
	if itoa(1000) != "1\u00a0000" || itoa(280) != "280" {
		t.Fatal(itoa(1000))
	}
}
