// Package account holds users, their memberships in structures, roles and
// the authorization rules, written once here and used by every handler.
package account

import "github.com/parcours-numerique/parcours/internal/vocab"

// Role is what a user does within one structure.
type Role string

const (
	RoleAdmin        Role = "admin"        // runs the platform: structures, accounts, roles
	RoleCoordination Role = "coordination" // pilots a territory: aggregates, structures, places; never another structure's persons
	RoleMediation    Role = "mediation"    // conseiller numérique: persons and activities of its structure
	RoleReception    Role = "accueil"      // reception desk: welcome, evaluate, orient; no activity notes
	RolePartner      Role = "partenaire"   // partner structure staff: its places and the referrals sent to it
)

// Roles lists every role in the order forms show them.
var Roles = []Role{RoleAdmin, RoleCoordination, RoleMediation, RoleReception, RolePartner}

// RoleChoices lists every role in the order forms show them, with what
// each allows.
var RoleChoices = vocab.List{
	{Value: string(RoleAdmin), Label: "Administration", Hint: "Gère les structures, les comptes et les rôles de la plateforme."},
	{Value: string(RoleCoordination), Label: "Coordination du territoire", Hint: "Pilote le territoire : structures, lieux et chiffres d'ensemble, sans accès aux dossiers des personnes d'autres structures."},
	{Value: string(RoleMediation), Label: "Médiation numérique", Hint: "Conseiller ou conseillère numérique : suit les personnes et enregistre les accompagnements de sa structure."},
	{Value: string(RoleReception), Label: "Accueil", Hint: "Accueille, évalue les besoins et oriente les personnes."},
	{Value: string(RolePartner), Label: "Partenaire", Hint: "Structure partenaire : tient ses lieux à jour et répond aux orientations reçues."},
}

// Label is the French name shown to users.
func (r Role) Label() string { return RoleChoices.Label(string(r)) }

// Description says in one sentence what the role allows.
func (r Role) Description() string {
	for _, c := range RoleChoices {
		if c.Value == string(r) {
			return c.Hint
		}
	}
	return ""
}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool { return RoleChoices.Has(string(r)) }
