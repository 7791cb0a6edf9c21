package mandate

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// WordingVersion names the wording of the paper mandate below; change it
// with the text, so that every stored hash says which text was shown.
const WordingVersion = "mandat-facile-v1"

// CharterVersion names the aidant's charter below.
const CharterVersion = "charte-aidant-v1"

// Pictograms drawn beside a line of a document.
const (
	PictoPerson    = "personne"
	PictoStructure = "structure"
	PictoAidant    = "aidant"
	PictoCheck     = "coche"
	PictoCalendar  = "calendrier"
	PictoStop      = "stop"
	PictoLock      = "cadenas"
	PictoSearch    = "loupe"
)

// Line is one line of a document in easy French: one idea, its pictogram.
type Line struct {
	Picto   string
	Text    string
	Heading bool
}

// Texts are the lines' texts, as hashed.
func Texts(lines []Line) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Text
	}
	return out
}

// Wording is the exact text of the paper mandate: short sentences, one idea
// per line. The aidant reads it with the person before the signature.
func Wording(m Mandate, personName string) []Line {
	lines := []Line{
		{Text: "Mandat : un aidant fait des démarches pour moi", Heading: true},
		{Picto: PictoPerson, Text: "Je m'appelle " + personName + "."},
		{Picto: PictoStructure, Text: "Je donne mon accord à : " + m.StructureName + "."},
		{Picto: PictoAidant, Text: "Un aidant de cette structure peut faire des démarches pour moi."},
		{Picto: PictoAidant, Text: "Aujourd'hui, mon aidant est : " + m.AidantName + "."},
		{Text: "L'aidant peut m'aider pour :", Heading: true},
	}
	for _, c := range m.Categories {
		lines = append(lines, Line{Picto: PictoCheck, Text: c.Label() + ". " + hintOf(c.Code)})
	}
	lines = append(lines,
		Line{Text: "Combien de temps ?", Heading: true},
		Line{Picto: PictoCalendar, Text: "Le mandat commence le " + m.StartsOn() + "."},
		Line{Picto: PictoCalendar, Text: "Le mandat finit le " + m.EndsOn() + "."},
		Line{Text: "Mes droits", Heading: true},
		Line{Picto: PictoStop, Text: "Je peux arrêter le mandat quand je veux."},
		Line{Picto: PictoStop, Text: "Je peux arrêter une seule partie du mandat."},
		Line{Picto: PictoStop, Text: "Pour arrêter, je le dis à la structure."},
		Line{Picto: PictoLock, Text: "L'aidant fait seulement les démarches que je demande."},
		Line{Picto: PictoLock, Text: "L'aidant garde mes informations secrètes."},
		Line{Picto: PictoSearch, Text: "Le code QR montre si le mandat est valide."},
	)
	return lines
}

// Charter is the aidant's charter, in easy French too: the person reads
// what the aidant promised.
func Charter() []Line {
	return []Line{
		{Text: "Charte de l'aidant", Heading: true},
		{Picto: PictoAidant, Text: "Je suis un professionnel formé pour aider."},
		{Picto: PictoCheck, Text: "Je fais seulement les démarches que la personne demande."},
		{Picto: PictoPerson, Text: "Quand c'est possible, je fais la démarche avec la personne."},
		{Picto: PictoCheck, Text: "J'explique ce que je fais, avec des mots simples."},
		{Picto: PictoLock, Text: "Je ne garde pas les mots de passe de la personne."},
		{Picto: PictoLock, Text: "Je garde secret ce que je sais de la personne."},
		{Picto: PictoStop, Text: "Je ne demande jamais d'argent."},
		{Picto: PictoCalendar, Text: "Je note chaque démarche faite avec le mandat."},
		{Picto: PictoStop, Text: "La personne peut arrêter le mandat quand elle veut."},
		{Picto: PictoStructure, Text: "Si je quitte la structure, je n'utilise plus ses mandats."},
	}
}

// CharterHash is the hash of the charter's exact wording, recorded with
// each aidant's signature.
func CharterHash() string {
	h := sha256.Sum256([]byte(CharterVersion + "\n" + strings.Join(Texts(Charter()), "\n")))
	return hex.EncodeToString(h[:])
}

// Charter signature of one aidant in one structure.
type CharterSignature struct {
	UserID      int64
	StructureID int64
	Version     string
	WordingHash string
	SignedAt    time.Time
}

// Event kinds of a mandate's history.
const (
	EventCreated   = "creation"
	EventSigned    = "signature"
	EventUsed      = "utilisation"
	EventRenewed   = "renouvellement"
	EventRevoked   = "revocation"
	EventCancelled = "annulation"
)

// Event is one line of a mandate's history.
type Event struct {
	ID        int64
	MandateID int64
	Kind      string
	Category  string
	Demarche  string
	Detail    string
	Who       string
	At        time.Time
}

// Sentence tells the event in plain French, for the person's page.
func (e Event) Sentence() string {
	when := "Le " + FrenchDate(e.At) + ", "
	who := e.Who
	if who == "" {
		who = "un aidant"
	}
	switch e.Kind {
	case EventCreated:
		return when + who + " a préparé le mandat pour : " + e.Detail + "."
	case EventSigned:
		return when + who + " a enregistré la signature du mandat (" + e.Detail + ")."
	case EventUsed:
		return when + who + " a fait la démarche « " + e.Demarche + " » (" + Categories.Label(e.Category) + ")."
	case EventRenewed:
		return when + who + " a renouvelé le mandat : " + e.Detail + "."
	case EventRevoked:
		return when + who + " a arrêté le mandat pour : " + Categories.Label(e.Category) + "."
	}
	return when + who + " : " + e.Detail + "."
}

// hintOf is a category's easy-French example.
func hintOf(code string) string {
	for _, c := range Categories {
		if c.Value == code {
			return c.Hint
		}
	}
	return ""
}
