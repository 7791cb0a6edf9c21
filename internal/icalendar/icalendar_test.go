package icalendar_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/icalendar"
	"github.com/parcours-numerique/parcours/internal/icalendar/icaltest"
)

var paris, _ = time.LoadLocation("Europe/Paris")

func sample() icalendar.Calendar {
	winter := time.Date(2026, 3, 3, 9, 30, 0, 0, paris)
	summer := time.Date(2026, 7, 7, 14, 0, 0, 0, paris)
	return icalendar.Calendar{Name: "Permanences : Espace numérique (Rochefort)", Events: []icalendar.Event{
		{UID: "rdv-12@parcours", Start: winter, End: winter.Add(30 * time.Minute), Summary: "Rendez-vous : accompagnement numérique, CCAS de Rochefort",
			Location: "Espace numérique du CCAS, 25 rue de la République, 17300 Rochefort", Description: "Apportez votre téléphone; et vos codes.\nÀ bientôt \\o/",
			URL: "https://parcours.test/mon-rendez-vous/12.abc"},
		{UID: "seance-3@parcours", Start: summer, End: summer.Add(2 * time.Hour), Summary: "Atelier « Premiers pas sur la tablette » – séance 2 sur 8 (débutant, seniors, Pass numérique accepté)",
			Location: "Médiathèque", Cancelled: true, Sequence: 2},
	}}
}

func TestMarshalFoldsAndUsesCRLF(t *testing.T) {
	out := icalendar.Marshal(sample(), time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	if !bytes.HasSuffix(out, []byte("END:VCALENDAR\r\n")) {
		t.Fatal("no final CRLF")
	}
	for i, l := range strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i, len(l), l)
		}
		if strings.Contains(l, "\n") || strings.Contains(l, "\r") {
			t.Errorf("bare line break in line %d", i)
		}
		if !strings.Contains(l, ":") && !strings.HasPrefix(l, " ") {
			t.Errorf("line %d is neither a property nor a continuation: %q", i, l)
		}
	}
	s := string(out)
	for _, want := range []string{"BEGIN:VTIMEZONE\r\nTZID:Europe/Paris", "DTSTART;TZID=Europe/Paris:20260303T093000", "DTEND;TZID=Europe/Paris:20260707T160000",
		"DTSTAMP:20260301T100000Z", "STATUS:CANCELLED", "SEQUENCE:2", `Apportez votre téléphone\; et vos codes.\nÀ bientôt \\o/`} {
		if !strings.Contains(strings.ReplaceAll(s, "\r\n ", ""), want) {
			t.Errorf("missing %q", want)
		}
	}
	// A folded line never cuts a UTF-8 character.
	for _, l := range strings.Split(s, "\r\n") {
		if !utf8Valid(l) {
			t.Errorf("invalid UTF-8 after folding: %q", l)
		}
	}
}

func TestCalendarNameHasNothingToEscape(t *testing.T) {
	out := string(icalendar.Marshal(icalendar.Calendar{Name: "Lieu, ville; \\x"}, time.Now()))
	if !strings.Contains(out, "X-WR-CALNAME:Lieu ville x\r\n") {
		t.Fatal(out)
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// TestParsedByICALJS reads the file back with ical.js.
func TestParsedByICALJS(t *testing.T) {
	cal := sample()
	p := icaltest.Parse(t, icalendar.Marshal(cal, time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)))
	if p.Version != "2.0" || p.ProdID != icalendar.ProdID || p.Name != cal.Name || len(p.Timezones) != 1 || p.Timezones[0] != "Europe/Paris" {
		t.Fatalf("calendar: %+v", p)
	}
	if len(p.Events) != 2 {
		t.Fatalf("%d events", len(p.Events))
	}
	for i, e := range p.Events {
		want := cal.Events[i]
		if e.UID != want.UID || e.Summary != want.Summary || e.Location != want.Location || e.Description != want.Description || e.URL != want.URL || e.TZID != "Europe/Paris" {
			t.Errorf("event %d: %+v", i, e)
		}
		if e.Start != want.Start.UTC().Format("2006-01-02T15:04:05.000Z") || e.End != want.End.UTC().Format("2006-01-02T15:04:05.000Z") {
			t.Errorf("event %d: %s – %s, want %s – %s (the VTIMEZONE must give CET and CEST)", i, e.Start, e.End, want.Start.UTC(), want.End.UTC())
		}
	}
	if p.Events[0].Status != "CONFIRMED" || p.Events[1].Status != "CANCELLED" {
		t.Errorf("statuses %q %q", p.Events[0].Status, p.Events[1].Status)
	}
}
