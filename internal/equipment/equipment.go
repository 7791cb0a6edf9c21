// Package equipment holds devices lent or given to persons: the inventory
// (phones, tablets, computers, boxes and SIM cards), loans with their
// deposit, agreement and reminders, and the distribution on social
// criteria whose priority list explains every rank.
package equipment

import (
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Kinds of devices.
var Kinds = vocab.List{
	{Value: "telephone", Label: "Téléphone"},
	{Value: "tablette", Label: "Tablette"},
	{Value: "ordinateur", Label: "Ordinateur"},
	{Value: "box_sim", Label: "Box internet ou carte SIM"},
}

// Origins of a device.
var Origins = vocab.List{
	{Value: "don", Label: "Don"},
	{Value: "achat", Label: "Achat"},
	{Value: "reconditionneur", Label: "Reconditionneur partenaire"},
}

// Conditions of a device.
var Conditions = vocab.List{
	{Value: "neuf", Label: "Neuf"},
	{Value: "tres_bon", Label: "Très bon état"},
	{Value: "bon", Label: "Bon état"},
	{Value: "correct", Label: "État correct"},
	{Value: "a_reparer", Label: "À réparer"},
	{Value: "hors_service", Label: "Hors service"},
}

// Grades of a refurbished device (the refurbishers' scale).
var Grades = vocab.List{
	{Value: "", Label: "Non noté"},
	{Value: "A", Label: "Grade A (comme neuf)"},
	{Value: "B", Label: "Grade B (traces légères)"},
	{Value: "C", Label: "Grade C (traces visibles)"},
}

// Statuses of a device.
const (
	Available = "disponible"
	Lent      = "prete"
	Reserved  = "reserve" // promised by a committee decision, not handed over yet
	Given     = "donne"
	Retired   = "reforme"
)

// Statuses lists the statuses of a device.
var Statuses = vocab.List{
	{Value: Available, Label: "Disponible"},
	{Value: Lent, Label: "Prêté"},
	{Value: Reserved, Label: "Réservé pour une remise"},
	{Value: Given, Label: "Donné"},
	{Value: Retired, Label: "Réformé"},
}

// Reasons a device is retired: out of service (it may come back once
// repaired), sold or recycled.
var RetiredReasons = vocab.List{
	{Value: "hors_service", Label: "Hors service"},
	{Value: "vendu", Label: "Vendu"},
	{Value: "recycle", Label: "Recyclé"},
}

// Disposition is what staff choose when editing a device: available, or
// retired for one of RetiredReasons.
var Dispositions = append(vocab.List{{Value: Available, Label: "En service, disponible"}}, RetiredReasons...)

// SetDisposition sets the status and the retired reason from a disposition;
// an unknown value leaves an unknown status for Validate to name.
func (d *Device) SetDisposition(v string) {
	switch {
	case v == Available:
		d.Status, d.RetiredReason = Available, ""
	case RetiredReasons.Has(v):
		d.Status, d.RetiredReason = Retired, v
	default:
		d.Status, d.RetiredReason = v, ""
	}
}

// Disposition is the device's disposition: its status, or the reason it
// is retired.
func (d Device) Disposition() string {
	if d.Status == Retired && d.RetiredReason != "" {
		return d.RetiredReason
	}
	return d.Status
}

// StatusLabel names the status, with the reason of a retired device.
func (d Device) StatusLabel() string {
	if d.Status == Retired && d.RetiredReason != "" {
		return RetiredReasons.Label(d.RetiredReason)
	}
	return Statuses.Label(d.Status)
}

// Device is one item of a structure's inventory.
type Device struct {
	ID           int64
	StructureID  int64
	Kind         string
	Model        string // brand and model, "Samsung Galaxy A12"
	Origin       string
	OriginDetail string // the donor or the refurbisher
	Serial       string
	IMEI         string
	Condition    string
	Grade        string
	Accessories  string
	Location     string
	Status       string
	// RetiredReason says why a retired device left service: a value of
	// RetiredReasons, "" for any other status.
	RetiredReason string
	// PublicPlaceID is the structure's place where the device is at the
	// public's disposal ("en libre accès"), booked through the agenda; 0: not.
	PublicPlaceID int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Bookable reports whether the public may book the device now: at a place
// and in service.
func (d Device) Bookable() bool {
	return d.PublicPlaceID != 0 && d.Status == Available && d.Condition != "hors_service"
}

// Label is how staff name a device: "Téléphone Samsung Galaxy A12 (n° 12)".
func (d Device) Label() string {
	l := Kinds.Label(d.Kind)
	if d.Model != "" {
		l += " " + d.Model
	}
	return l
}

// Normalize trims the text fields and keeps the IMEI's digits.
func (d *Device) Normalize() {
	for _, f := range []*string{&d.Model, &d.OriginDetail, &d.Serial, &d.Accessories, &d.Location} {
		*f = strings.Join(strings.Fields(*f), " ")
	}
	d.IMEI = strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		if r == ' ' || r == '-' || r == '.' || r == '/' {
			return -1
		}
		return 'x' // keeps a typing error visible to the check
	}, d.IMEI)
	if d.Status == "" {
		d.Status = Available
	}
}

// Validate checks a device; errors name the API's fields.
func (d Device) Validate() error {
	var v apperr.Validation
	if !Kinds.Has(d.Kind) {
		v.Add("type", "Choisissez le type d'appareil.")
	}
	if !Origins.Has(d.Origin) {
		v.Add("origine", "Choisissez l'origine : don, achat ou reconditionneur.")
	}
	if !Conditions.Has(d.Condition) {
		v.Add("etat", "Choisissez l'état de l'appareil.")
	}
	if !Grades.Has(d.Grade) {
		v.Add("grade", "Choisissez le grade A, B ou C, ou « non noté ».")
	}
	switch {
	case !Statuses.Has(d.Status):
		v.Add("statut", "Statut inconnu.")
	case d.Status == Retired && !RetiredReasons.Has(d.RetiredReason):
		v.Add("motif_reforme", "Dites pourquoi l'appareil quitte le service : hors service, vendu ou recyclé.")
	case d.Status != Retired && d.RetiredReason != "":
		v.Add("motif_reforme", "Seul un appareil réformé a un motif de réforme.")
	}
	if d.IMEI != "" && !ValidIMEI(d.IMEI) {
		v.Add("imei", "L'IMEI compte 15 chiffres (tapez *#06# sur le téléphone pour l'afficher) ; celui-ci n'est pas valable.")
	}
	if d.Kind == "telephone" && d.IMEI == "" && d.Serial == "" {
		v.Add("imei", "Saisissez l'IMEI ou le numéro de série du téléphone.")
	}
	for field, s := range map[string]string{"modele": d.Model, "origine_detail": d.OriginDetail, "numero_serie": d.Serial, "accessoires": d.Accessories, "emplacement": d.Location} {
		if len(s) > 200 {
			v.Add(field, "200 caractères au plus.")
		}
	}
	return v.Err()
}

// ValidIMEI checks the 15 digits of an IMEI and its Luhn check digit.
func ValidIMEI(s string) bool {
	if len(s) != 15 {
		return false
	}
	sum := 0
	for i := 0; i < 15; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		n := int(c - '0')
		if i%2 == 1 {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return sum%10 == 0
}
