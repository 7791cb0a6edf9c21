package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/hours"
)

const hoursCheckSynopsis = "hours check [--json] [--at DATE]... (EXPRESSION | -)"

// hoursCheckResult is one line of `parcours hours check --json`.
type hoursCheckResult struct {
	Valid bool   `json:"valid"`
	Error string `json:"error"`
	Open  []bool `json:"open"`
	OSM   string `json:"osm"`
}

// atTimes collects the repeatable --at flag.
type atTimes struct {
	times []time.Time
	bad   string // the value that failed, for a French message
}

func (a *atTimes) String() string {
	parts := make([]string, len(a.times))
	for i, t := range a.times {
		parts[i] = t.Format(time.RFC3339)
	}
	return strings.Join(parts, ",")
}

func (a *atTimes) Set(s string) error {
	t, err := parseAt(s)
	if err != nil {
		a.bad = s
		return err
	}
	a.times = append(a.times, t)
	return nil
}

// parseAt reads RFC 3339; a time without offset is read in Europe/Paris.
func parseAt(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, hours.Location()); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("date invalide")
}

// runHoursCheck implements `parcours hours check`: it validates opening_hours
// expressions and evaluates them at the --at instants. Exit status: 0 when
// every expression is valid, 1 when one is not, 2 for a usage error.
func runHoursCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hours check", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "une ligne JSON par expression : valid, error, open, osm")
	var ats atTimes
	fs.Var(&ats, "at", "instant où dire si c'est ouvert (répétable), RFC 3339 ; sans décalage : heure de Paris")
	fail := func(msg string) int {
		fmt.Fprintf(stderr, "parcours hours check : %s (parcours hours check -h pour l'aide)\n", msg)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, "Utilisation : parcours %s\n\nVérifie des horaires au format OpenStreetMap opening_hours ;\n« - » lit une expression par ligne sur l'entrée standard.\n\nOptions :\n", hoursCheckSynopsis)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return 0
		}
		if ats.bad != "" {
			return fail("--at « " + ats.bad + " » : date attendue au format RFC 3339, par exemple 2024-05-01T10:00:00+02:00 ou 2024-05-01T10:00 (heure de Paris)")
		}
		return fail(translateFlagError(err))
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return fail("expression attendue (ou « - » pour lire l'entrée standard)")
	}
	for _, a := range rest[1:] {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if a == "-" || strings.HasPrefix(a, "-") && (name == "json" || name == "at" || name == "h" || name == "help") {
			return fail("les options se placent avant l'expression")
		}
	}

	check := func(expr string) (hoursCheckResult, string) {
		res := hoursCheckResult{Open: []bool{}}
		s, err := hours.Parse(expr)
		if err != nil {
			res.Error = err.Error()
			return res, "invalide : " + expr + " — " + res.Error
		}
		res.Valid, res.OSM = true, s.String()
		var b strings.Builder
		b.WriteString("valide : " + res.OSM)
		for _, t := range ats.times {
			open := s.IsOpen(t)
			res.Open = append(res.Open, open)
			state := "fermé"
			if open {
				state = "ouvert"
			}
			fmt.Fprintf(&b, " · %s : %s", t.In(hours.Location()).Format("2006-01-02 15:04"), state)
		}
		return res, b.String()
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	allValid := true
	emit := func(expr string) {
		res, human := check(expr)
		allValid = allValid && res.Valid
		if *asJSON {
			// Encode writes the object and a newline: one object per line.
			_ = enc.Encode(res)
			return
		}
		fmt.Fprintln(out, human)
	}

	if rest[0] == "-" && len(rest) == 1 {
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" {
				continue
			}
			emit(line)
		}
		if err := sc.Err(); err != nil {
			out.Flush()
			fmt.Fprintf(stderr, "parcours hours check : lecture de l'entrée standard impossible : %v\n", err)
			return 2
		}
	} else {
		// An unquoted expression arrives as several arguments.
		emit(strings.Join(rest, " "))
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "parcours hours check : écriture impossible : %v\n", err)
		return 2
	}
	if !allValid {
		return 1
	}
	return 0
}
