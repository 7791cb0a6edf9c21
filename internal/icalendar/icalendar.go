// Package icalendar writes iCalendar files (RFC 5545): one event for a
// booking, several for a workshop cycle, and subscribable feeds. Times are
// written in Europe/Paris with its VTIMEZONE, lines end with CRLF and are
// folded at 75 octets without cutting a UTF-8 character.
package icalendar

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/hours"
)

// ProdID names the producer.
const ProdID = "-//Parcours//Agenda//FR"

// TZID is the time zone every event is written in.
const TZID = "Europe/Paris"

var paris = hours.Location()

// Event is one VEVENT.
type Event struct {
	UID         string // stable across updates: "rdv-12@parcours"
	Start, End  time.Time
	Summary     string
	Location    string
	Description string
	URL         string
	Cancelled   bool // STATUS:CANCELLED
	Sequence    int  // raised on each change, so that calendars update
	// Attendees are the addresses a cancellation (METHOD:CANCEL) is about,
	// written as ATTENDEE:mailto: lines.
	Attendees []string
}

// Calendar is a VCALENDAR.
type Calendar struct {
	Name   string // X-WR-CALNAME, shown by calendar apps for feeds
	Method string // "PUBLISH" for an attachment; empty for a feed
	Events []Event
}

// vtimezone describes Europe/Paris since 1996: CET in winter, CEST from the
// last Sunday of March to the last Sunday of October.
const vtimezone = "BEGIN:VTIMEZONE\r\n" +
	"TZID:Europe/Paris\r\n" +
	"X-LIC-LOCATION:Europe/Paris\r\n" +
	"BEGIN:DAYLIGHT\r\n" +
	"TZOFFSETFROM:+0100\r\n" +
	"TZOFFSETTO:+0200\r\n" +
	"TZNAME:CEST\r\n" +
	"DTSTART:19700329T020000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n" +
	"END:DAYLIGHT\r\n" +
	"BEGIN:STANDARD\r\n" +
	"TZOFFSETFROM:+0200\r\n" +
	"TZOFFSETTO:+0100\r\n" +
	"TZNAME:CET\r\n" +
	"DTSTART:19701025T030000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n" +
	"END:STANDARD\r\n" +
	"END:VTIMEZONE\r\n"

// Marshal writes the calendar; stamp is the DTSTAMP of every event (the
// time the file is produced, in UTC).
func Marshal(c Calendar, stamp time.Time) []byte {
	var b bytes.Buffer
	line := func(name, value string) { writeFolded(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", ProdID)
	line("CALSCALE", "GREGORIAN")
	if c.Method != "" {
		line("METHOD", c.Method)
	}
	if c.Name != "" {
		line("X-WR-CALNAME", plain(c.Name))
		line("X-WR-TIMEZONE", TZID)
	}
	b.WriteString(vtimezone)
	dtstamp := stamp.UTC().Format("20060102T150405Z")
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", Text(e.UID))
		line("DTSTAMP", dtstamp)
		line("DTSTART;TZID="+TZID, e.Start.In(paris).Format("20060102T150405"))
		line("DTEND;TZID="+TZID, e.End.In(paris).Format("20060102T150405"))
		line("SUMMARY", Text(e.Summary))
		if e.Location != "" {
			line("LOCATION", Text(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION", Text(e.Description))
		}
		if e.URL != "" {
			line("URL", e.URL)
		}
		if e.Sequence > 0 {
			line("SEQUENCE", itoa(e.Sequence))
		}
		if e.Cancelled {
			line("STATUS", "CANCELLED")
		} else {
			line("STATUS", "CONFIRMED")
		}
		line("TRANSP", "OPAQUE")
		for _, a := range e.Attendees {
			line("ATTENDEE", "mailto:"+a)
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return b.Bytes()
}

// Text escapes a TEXT value: backslash, semicolon, comma and newlines.
func Text(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// plain keeps an X- property free of characters that need escaping:
// calendar apps (and ical.js) read X- values without unescaping them.
func plain(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer(",", " ", ";", " ", `\`, " ").Replace(s)), " ")
}

// writeFolded writes one content line, folded so that no line is longer
// than 75 octets (continuation lines start with a space), ending in CRLF.
func writeFolded(b *bytes.Buffer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d [20]byte
	i := len(d)
	for n > 0 {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return string(d[i:])
}
