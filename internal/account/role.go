// Package account holds users, their memberships in structures, roles and
// the authorization rules, written once here and used by every handler.
package account

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

// Label is the French name shown to users.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Administration"
	case RoleCoordination:
		return "Coordination du territoire"
	case RoleMediation:
		return "Médiation numérique"
	case RoleReception:
		return "Accueil"
	case RolePartner:
		return "Partenaire"
	}
	return string(r)
}

// Description says in one sentence what the role allows.
func (r Role) Description() string {
	switch r {
	case RoleAdmin:
		return "Gère les structures, les comptes et les rôles de la plateforme."
	case RoleCoordination:
		return "Pilote le territoire : structures, lieux et chiffres d'ensemble, sans accès aux dossiers des personnes d'autres structures."
	case RoleMediation:
		return "Conseiller ou conseillère numérique : suit les personnes et enregistre les accompagnements de sa structure."
	case RoleReception:
		return "Accueille, évalue les besoins et oriente les personnes."
	case RolePartner:
		return "Structure partenaire : tient ses lieux à jour et répond aux orientations reçues."
	}
	return ""
}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	for _, known := range Roles {
		if r == known {
			return true
		}
	}
	return false
}
