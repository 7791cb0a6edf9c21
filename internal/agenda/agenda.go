// Package agenda holds the appointments side of the agenda, in RDV Service
// Public's model (REFERENCE §4): motives, permanences (recurring opening
// slots of staff members at one of the structure's sites), staff absences,
// appointments and their statuses, and the computation of free slots.
// Everything here is pure: the store loads, this package decides.
package agenda

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// DateLayout is how dates (from, until, cancelled days) are written.
const DateLayout = "2006-01-02"

// Where a motive takes place.
const (
	LocationOnSite = "sur_place"
	LocationHome   = "domicile"
	LocationPhone  = "telephone"
	LocationVideo  = "visio"
)

// Locations with their labels.
var Locations = vocab.List{
	{Value: LocationOnSite, Label: "Sur place"},
	{Value: LocationHome, Label: "À domicile"},
	{Value: LocationPhone, Label: "Par téléphone"},
	{Value: LocationVideo, Label: "En visioconférence"},
}

// Who may book a motive; each level includes the previous ones.
const (
	BookStaff    = "agents"
	BookPartners = "partenaires"
	BookAnyone   = "tous"
)

// Bookers with their labels.
var Bookers = vocab.List{
	{Value: BookStaff, Label: "Les agents de la structure seulement"},
	{Value: BookPartners, Label: "Aussi les structures partenaires", Hint: "Une structure du territoire peut prendre rendez-vous pour une personne qu'elle oriente."},
	{Value: BookAnyone, Label: "Aussi les habitants, en ligne", Hint: "Le motif apparaît sur la page publique de prise de rendez-vous."},
}

// Motive is the reason of an appointment: what it is for, how long, where,
// who may book it and when.
type Motive struct {
	ID                 int64
	StructureID        int64
	StructureName      string // for public lists
	Name               string
	Duration           int // minutes, a multiple of 5
	Location           string
	BookableBy         string
	MinDelayHours      int // no booking closer than this to the start
	MaxDelayDays       int // no booking further than this
	InstructionsBefore string
	InstructionsAfter  string
	Discreet           bool // the name is never shown in messages
	Archived           bool
	// DeviceID makes it a "Poste en libre accès" motive: a slot books that
	// device of the structure, at the public's disposal, rather than a
	// staff member's time; 0 for an appointment with staff.
	DeviceID  int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// DeviceKindLabel names the motives that book a device at the public's
// disposal.
const DeviceKindLabel = "Poste en libre accès"

// ForDevice reports whether the motive books a device rather than staff.
func (m Motive) ForDevice() bool { return m.DeviceID != 0 }

// DefaultDuration is RDV Service Public's default.
const DefaultDuration = 30

// OpenToPartners reports whether partner structures may book it.
func (m Motive) OpenToPartners() bool {
	return m.BookableBy == BookPartners || m.BookableBy == BookAnyone
}

// OpenOnline reports whether residents may book it on the public page.
func (m Motive) OpenOnline() bool { return m.BookableBy == BookAnyone }

// LocationLabel names where it takes place.
func (m Motive) LocationLabel() string { return Locations.Label(m.Location) }

// BookableByLabel names who may book it.
func (m Motive) BookableByLabel() string { return Bookers.Label(m.BookableBy) }

// Normalize trims and applies defaults.
func (m *Motive) Normalize() {
	m.Name = strings.Join(strings.Fields(m.Name), " ")
	m.InstructionsBefore = strings.TrimSpace(m.InstructionsBefore)
	m.InstructionsAfter = strings.TrimSpace(m.InstructionsAfter)
	if m.Duration == 0 {
		m.Duration = DefaultDuration
	}
	if m.Location == "" {
		m.Location = LocationOnSite
	}
	if m.BookableBy == "" {
		m.BookableBy = BookStaff
	}
	if m.MaxDelayDays == 0 {
		m.MaxDelayDays = 60
	}
}

// Validate returns every field error, keyed by the form's field names.
func (m *Motive) Validate() error {
	var v apperr.Validation
	switch n := utf8.RuneCountInString(m.Name); {
	case n == 0:
		v.Add("nom", "Saisissez le nom du motif, par exemple « Accompagnement numérique ».")
	case n > 100:
		v.Add("nom", "Le nom ne doit pas dépasser 100 caractères.")
	}
	if m.Duration < 5 || m.Duration > 480 || m.Duration%5 != 0 {
		v.Add("duree", "Saisissez une durée en minutes, multiple de 5, entre 5 et 480 (par exemple 30).")
	}
	if !Locations.Has(m.Location) {
		v.Add("lieu_type", "Choisissez où a lieu le rendez-vous.")
	}
	if !Bookers.Has(m.BookableBy) {
		v.Add("reservable_par", "Choisissez qui peut prendre ce rendez-vous.")
	}
	if m.MinDelayHours < 0 || m.MinDelayHours > 24*60 {
		v.Add("delai_min", "Le délai minimum se compte en heures, entre 0 et 1 440.")
	}
	if m.MaxDelayDays < 1 || m.MaxDelayDays > 365 {
		v.Add("delai_max", "Le délai maximum se compte en jours, entre 1 et 365.")
	}
	if m.MinDelayHours > 0 && m.MaxDelayDays > 0 && time.Duration(m.MinDelayHours)*time.Hour >= time.Duration(m.MaxDelayDays)*24*time.Hour {
		v.Add("delai_max", "Le délai maximum doit être plus long que le délai minimum.")
	}
	if utf8.RuneCountInString(m.InstructionsBefore) > 1000 {
		v.Add("consignes_avant", "Les consignes ne doivent pas dépasser 1 000 caractères.")
	}
	if utf8.RuneCountInString(m.InstructionsAfter) > 1000 {
		v.Add("consignes_apres", "Les consignes ne doivent pas dépasser 1 000 caractères.")
	}
	return v.Err()
}

// Modes of a permanence.
const (
	ModeAppointment = "rdv"
	ModeWalkIn      = "sans_rdv"
	ModeBoth        = "mixte"
)

// Modes with their labels.
var Modes = vocab.List{
	{Value: ModeAppointment, Label: "Sur rendez-vous"},
	{Value: ModeWalkIn, Label: "Sans rendez-vous"},
	{Value: ModeBoth, Label: "Avec ou sans rendez-vous", Hint: "Des créneaux se réservent ; les personnes sans rendez-vous sont reçues entre deux."},
}

// Weekdays in French, Monday first, with their time.Weekday value.
var Weekdays = vocab.List{
	{Value: "1", Label: "Lundi"}, {Value: "2", Label: "Mardi"}, {Value: "3", Label: "Mercredi"}, {Value: "4", Label: "Jeudi"},
	{Value: "5", Label: "Vendredi"}, {Value: "6", Label: "Samedi"}, {Value: "0", Label: "Dimanche"},
}

// Permanence is a recurring opening slot: staff members at a site, on one
// weekday, every week or every N weeks, between two dates.
type Permanence struct {
	ID           int64
	StructureID  int64
	PlaceID      int64
	PlaceName    string
	StaffIDs     []int64
	StaffNames   []string
	Weekday      time.Weekday
	Start, End   int // minutes from midnight, Paris wall clock
	EveryWeeks   int // 1: every week
	From         string
	Until        string // "" : no end
	SkipHolidays bool   // French public holidays skipped (the default)
	Cancelled    []string
	MotiveIDs    []int64
	MotiveNames  []string
	Mode         string
	Note         string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// TakesAppointments reports whether slots of this permanence can be booked.
func (p Permanence) TakesAppointments() bool { return p.Mode == ModeAppointment || p.Mode == ModeBoth }

// ModeLabel names the mode.
func (p Permanence) ModeLabel() string { return Modes.Label(p.Mode) }

// HasMotive reports whether the motive may be booked in this permanence.
func (p Permanence) HasMotive(id int64) bool {
	for _, m := range p.MotiveIDs {
		if m == id {
			return true
		}
	}
	return false
}

// HasStaff reports whether the user holds this permanence.
func (p Permanence) HasStaff(id int64) bool {
	for _, s := range p.StaffIDs {
		if s == id {
			return true
		}
	}
	return false
}

// Recurrence describes the rule in French: "Chaque mardi, 9 h – 12 h,
// du 2 mars 2026 au 30 juin 2026".
func (p Permanence) Recurrence() string {
	var b strings.Builder
	day := frtime.WeekdayName(p.Weekday)
	if p.EveryWeeks <= 1 {
		b.WriteString("Chaque " + day)
	} else {
		b.WriteString("Un " + day + " sur " + itoa(p.EveryWeeks))
	}
	b.WriteString(", " + frtime.Minutes(p.Start) + " – " + frtime.Minutes(p.End))
	if from, err := time.Parse(DateLayout, p.From); err == nil {
		if until, err := time.Parse(DateLayout, p.Until); err == nil {
			b.WriteString(", du " + frtime.CalendarDate(from) + " au " + frtime.CalendarDate(until))
		} else {
			b.WriteString(", à partir du " + frtime.CalendarDate(from))
		}
	}
	return b.String()
}

// Normalize trims and applies defaults.
func (p *Permanence) Normalize() {
	p.Note = strings.TrimSpace(p.Note)
	p.From = strings.TrimSpace(p.From)
	p.Until = strings.TrimSpace(p.Until)
	if p.EveryWeeks == 0 {
		p.EveryWeeks = 1
	}
	if p.Mode == "" {
		p.Mode = ModeAppointment
	}
	p.StaffIDs = uniqueIDs(p.StaffIDs)
	p.MotiveIDs = uniqueIDs(p.MotiveIDs)
}

func uniqueIDs(ids []int64) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Validate returns every field error, keyed by the form's field names.
// Staff, site and motives are checked against the structure by the caller.
func (p *Permanence) Validate() error {
	var v apperr.Validation
	if p.PlaceID == 0 {
		v.Add("lieu", "Choisissez le lieu de la permanence.")
	}
	if len(p.StaffIDs) == 0 {
		v.Add("agents", "Choisissez au moins une personne qui tient la permanence.")
	}
	if p.Weekday < time.Sunday || p.Weekday > time.Saturday {
		v.Add("jour", "Choisissez le jour de la semaine.")
	}
	switch {
	case p.Start < 0 || p.Start >= 24*60 || p.Start%5 != 0:
		v.Add("debut", "Saisissez l'heure de début, par exemple 09:00 (minutes multiples de 5).")
	case p.End <= p.Start || p.End > 24*60 || p.End%5 != 0:
		v.Add("fin", "L'heure de fin doit être après l'heure de début, par exemple 12:00 (minutes multiples de 5).")
	}
	if p.EveryWeeks < 1 || p.EveryWeeks > 8 {
		v.Add("frequence", "Choisissez la fréquence : chaque semaine, ou une semaine sur 2 à 8.")
	}
	from, err := time.Parse(DateLayout, p.From)
	if err != nil {
		v.Add("du", "Saisissez la date de la première permanence, par exemple 2026-03-02.")
	}
	if p.Until != "" {
		until, err2 := time.Parse(DateLayout, p.Until)
		switch {
		case err2 != nil:
			v.Add("au", "Date de fin illisible : écrivez-la comme 2026-06-30, ou laissez vide.")
		case err == nil && until.Before(from):
			v.Add("au", "La date de fin doit être après la date de début.")
		case err == nil && until.Sub(from) > 3*366*24*time.Hour:
			v.Add("au", "Une permanence se programme pour trois ans au plus.")
		}
	}
	if !Modes.Has(p.Mode) {
		v.Add("mode", "Choisissez : sur rendez-vous, sans rendez-vous, ou les deux.")
	}
	if p.TakesAppointments() && len(p.MotiveIDs) == 0 {
		v.Add("motifs", "Choisissez au moins un motif de rendez-vous, ou indiquez « Sans rendez-vous ».")
	}
	if utf8.RuneCountInString(p.Note) > 500 {
		v.Add("note", "La note ne doit pas dépasser 500 caractères.")
	}
	return v.Err()
}

// Absence is a time when a staff member cannot receive anyone.
type Absence struct {
	ID          int64
	StructureID int64
	UserID      int64
	UserName    string
	Start, End  time.Time
	Reason      string
	CreatedAt   time.Time
}

// Validate checks the absence.
func (a *Absence) Validate() error {
	var v apperr.Validation
	if a.UserID == 0 {
		v.Add("agent", "Choisissez la personne absente.")
	}
	if a.Start.IsZero() {
		v.Add("debut", "Saisissez le début de l'absence, par exemple 2026-03-02 09:00.")
	}
	if a.End.IsZero() {
		v.Add("fin", "Saisissez la fin de l'absence, par exemple 2026-03-06 18:00.")
	} else if !a.Start.IsZero() && !a.End.After(a.Start) {
		v.Add("fin", "La fin doit être après le début.")
	}
	if utf8.RuneCountInString(a.Reason) > 200 {
		v.Add("motif", "Le motif ne doit pas dépasser 200 caractères.")
	}
	return v.Err()
}

// Appointment statuses (RDV Service Public's).
const (
	StatusPending   = "a_renseigner"
	StatusPresent   = "present"
	StatusExcused   = "excuse"
	StatusCancelled = "annule_service"
	StatusAbsent    = "absent"
)

// Statuses with their labels.
var Statuses = vocab.List{
	{Value: StatusPending, Label: "À renseigner"},
	{Value: StatusPresent, Label: "Présent"},
	{Value: StatusExcused, Label: "Excusé", Hint: "La personne a prévenu qu'elle ne viendrait pas."},
	{Value: StatusCancelled, Label: "Annulé par le service"},
	{Value: StatusAbsent, Label: "Absent", Hint: "La personne n'est pas venue sans prévenir."},
}

// Freed reports whether a status gives the slot back.
func Freed(status string) bool { return status == StatusExcused || status == StatusCancelled }

// How an appointment was booked.
const (
	ViaStaff   = "agent"
	ViaPartner = "partenaire"
	ViaOnline  = "en_ligne"
	ViaAPI     = "api"
)

// Appointment is one booked slot.
type Appointment struct {
	ID                    int64
	StructureID           int64
	StructureName         string
	PlaceID               int64
	PlaceName             string
	PermanenceID          int64
	MotiveID              int64
	MotiveName            string
	MotiveDiscreet        bool
	Location              string
	StaffID               int64
	StaffName             string
	DeviceID              int64 // the device at the public's disposal it holds, for a "Poste en libre accès" motive
	Start, End            time.Time
	Status                string
	PersonID              int64
	Name                  string
	Phone                 string // E.164
	Email                 string
	Need                  string
	ConsentWording        string // the exact text the person agreed to
	Language              string // the language the person chose (internal/i18n): their messages are in it
	BookedVia             string
	BookedByUserID        int64
	BookedByStructureID   int64
	BookedByStructureName string
	ReferralID            int64
	CancelReason          string
	CancelledAt           time.Time
	RemindedAt            time.Time
	Sequence              int // number of changes, for calendar files
	CreatedAt             time.Time
	UpdatedAt             time.Time
}

// StatusLabel names the status.
func (a Appointment) StatusLabel() string { return Statuses.Label(a.Status) }

// LocationLabel names where it takes place.
func (a Appointment) LocationLabel() string { return Locations.Label(a.Location) }

// Active reports whether the appointment still holds its slot.
func (a Appointment) Active() bool { return !Freed(a.Status) }

// Minutes is the length of the appointment.
func (a Appointment) Minutes() int { return int(a.End.Sub(a.Start) / time.Minute) }

// ViaLabel says how it was booked.
func (a Appointment) ViaLabel() string {
	switch a.BookedVia {
	case ViaStaff:
		return "Par un agent de la structure"
	case ViaPartner:
		return "Par une structure partenaire"
	case ViaOnline:
		return "En ligne, par la personne"
	case ViaAPI:
		return "Par l'API"
	}
	return a.BookedVia
}

// Contact is how a resident booking online, or booked for, can be reached:
// the minimum asked, name and a phone number or an e-mail address.
type Contact struct {
	Name  string
	Phone string
	Email string
	Need  string
}

// ParseClock reads "09:00", "9:00", "9h", "9 h 30" into minutes from midnight.
func ParseClock(s string) (int, bool) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	sep := strings.IndexAny(s, ":h")
	hs, ms := s, ""
	if sep >= 0 {
		hs, ms = s[:sep], s[sep+1:]
	}
	h, ok := atoi(hs)
	if !ok || h < 0 || h > 24 {
		return 0, false
	}
	m := 0
	if ms != "" {
		if m, ok = atoi(ms); !ok || m < 0 || m > 59 || len(ms) != 2 {
			return 0, false
		}
	}
	if h == 24 && m != 0 {
		return 0, false
	}
	return h*60 + m, true
}

// FormatClock writes minutes from midnight as "09:00" for form fields.
func FormatClock(minutes int) string { return pad2(minutes/60) + ":" + pad2(minutes%60) }

func itoa(n int) string { return strconv.Itoa(n) }

func pad2(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

func atoi(s string) (int, bool) {
	if s == "" || len(s) > 6 {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Normalize trims the contact and writes the phone number in E.164.
func (c *Contact) Normalize() {
	c.Name = strings.Join(strings.Fields(c.Name), " ")
	c.Need = strings.TrimSpace(c.Need)
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	c.Phone = strings.TrimSpace(c.Phone)
	if c.Phone != "" {
		if n, ok := place.NormalizePhone(c.Phone); ok {
			c.Phone = n
		}
	}
}

// Validate checks the minimum: a name, and a phone number or an e-mail
// address unless reachable is false (staff booking for someone at the desk).
func (c *Contact) Validate(reachable bool) error {
	var v apperr.Validation
	switch n := utf8.RuneCountInString(c.Name); {
	case n == 0:
		v.Add("nom", "Écrivez votre prénom et votre nom.")
	case n > 100:
		v.Add("nom", "Le nom ne doit pas dépasser 100 caractères.")
	}
	if c.Phone != "" {
		if _, ok := place.NormalizePhone(c.Phone); !ok {
			v.Add("telephone", "Écrivez un numéro de téléphone à 10 chiffres, par exemple 06 12 34 56 78.")
		}
	}
	if c.Email != "" {
		if msg := account.ValidateEmail(c.Email); msg != "" {
			v.Add("courriel", msg)
		}
	}
	if reachable && c.Phone == "" && c.Email == "" {
		v.Add("telephone", "Écrivez un numéro de téléphone ou une adresse e-mail, pour que nous puissions vous prévenir.")
	}
	if utf8.RuneCountInString(c.Need) > 300 {
		v.Add("besoin", "Le besoin ne doit pas dépasser 300 caractères.")
	}
	return v.Err()
}

// ConsentWording is the text a resident agrees to when booking online;
// the exact text is kept with the appointment.
func ConsentWording(structureName string) string {
	return "J'accepte que " + structureName + " garde mon nom, mon téléphone ou mon e-mail et mon besoin pour préparer ce rendez-vous " +
		"et me prévenir (confirmation, rappel, changement). Ces informations sont effacées deux ans après le rendez-vous. " +
		"Je peux demander à ne plus recevoir de messages."
}

// PartnerConsentWording is what the partner confirms the person agreed to.
func PartnerConsentWording(partnerName, structureName string) string {
	return "La personne est d'accord pour que " + partnerName + " transmette son nom, son contact et son besoin à " + structureName +
		" pour ce rendez-vous, et pour recevoir la confirmation et le rappel."
}
