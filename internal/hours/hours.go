// Package hours reads, evaluates and renders opening hours written in the
// OpenStreetMap opening_hours syntax, as found in French open data, and turns
// simple French free-text hours into that syntax.
//
// Times are wall-clock times in Europe/Paris. The supported subset covers what
// public-service places publish: weekdays and weekday ranges, nth weekday of
// the month (Sa[2]), several time ranges, times past midnight, off/closed,
// unknown, 24/7, French public holidays (PH), years, months and dates, quoted
// comments, and the ";" (normal) and "," (additional) rule separators.
// Anything else is rejected with a *SyntaxError in French.
package hours

import (
	"fmt"
	"time"
	// Embedded so that Europe/Paris loads in minimal containers without tzdata.
	_ "time/tzdata"
)

var paris = loadParis()

func loadParis() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		// Unreachable while time/tzdata is embedded.
		panic("hours: fuseau Europe/Paris introuvable : " + err.Error())
	}
	return loc
}

// Location returns Europe/Paris, the time zone in which schedules are read.
func Location() *time.Location { return paris }

// Schedule is a parsed opening_hours expression. The zero value is closed at
// all times; a Schedule is safe for concurrent use once parsed.
type Schedule struct {
	rules  []rule
	usesPH bool // the holiday lookup is skipped when no rule mentions PH
}

// SyntaxError reports an expression that is malformed or uses a part of the
// opening_hours syntax that this package does not support.
type SyntaxError struct {
	Pos   int    // 1-based character position of Token in the expression
	Token string // offending text, "" at the end of the expression
	Msg   string // French description
}

func (e *SyntaxError) Error() string {
	if e.Token == "" {
		return fmt.Sprintf("%s (position %d)", e.Msg, e.Pos)
	}
	return fmt.Sprintf("%s : « %s » (position %d)", e.Msg, e.Token, e.Pos)
}

// Messages of SyntaxError, kept together so that they read consistently.
const (
	msgUnsupported  = "syntaxe non prise en charge"
	msgUnexpected   = "élément inattendu"
	msgEnd          = "fin inattendue de l'expression"
	msgEmpty        = "expression vide"
	msgEmptyRule    = "règle vide"
	msgBadChar      = "caractère inattendu"
	msgBadTime      = "heure invalide (format attendu HH:MM)"
	msgNoEnd        = "heure de fin manquante (les horaires ponctuels ne sont pas pris en charge)"
	msgBadDate      = "date invalide"
	msgBadYear      = "année invalide"
	msgReversed     = "plage inversée"
	msgBadNth       = "rang invalide (attendu de 1 à 5 ou de -1 à -5)"
	msgOpenComment  = "commentaire non fermé"
	msgCommentQuote = "commentaire attendu entre guillemets droits"
)

type ruleState uint8

const (
	stateClosed ruleState = iota
	stateOpen
	stateUnknown
)

// rule is one rule_sequence of the expression.
type rule struct {
	additional bool // joined to the previous rule by "," (adds) rather than ";" (overrides)
	years      []yearRange
	dates      []dateRange
	wd         weekdaySel
	times      []span // nil means the whole day
	state      ruleState
	comment    string
	spills     bool // a time span runs past midnight into the next day
}

type yearRange struct{ from, to int }

// dateRange is a recurring (fromY == 0) or absolute range of days; a zero
// fromD makes it a range of whole months.
type dateRange struct {
	fromY, fromD, toY, toD int
	fromM, toM             time.Month
}

// span is a time range in minutes from the day's midnight; end may pass 1440
// (up to 2880) when the range runs past midnight.
type span struct{ start, end int }

// weekdaySel selects days by weekday (bit 0 is Monday), nth weekday of the
// month and public holiday.
type weekdaySel struct {
	days  uint8
	nth   [7]uint16 // per weekday: bits 0-4 are 1st..5th, bits 5-9 are last..5th from last
	ph    bool
	phAnd bool // "PH Mo-Fr": holidays that fall on those weekdays, not either
}

const allDays = 0x7f
