package account

import (
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/scope"
)

// Channels through which an actor acts, recorded in the journal.
const (
	ViaWeb     = ""        // the staff pages
	ViaAPI     = "API"     // a personal API token
	ViaConsole = "console" // a command run on the server
)

// Console is the actor of a command run on the server by its operator, who
// can already read the database: it administers the platform and belongs to
// no structure.
func Console() *Actor {
	return &Actor{User: User{Name: "Exploitation", Active: true}, Membership: Membership{Role: RoleAdmin}, Via: ViaConsole}
}

// Require returns a Forbidden error unless the actor's current role grants p.
func (a *Actor) Require(p Permission) error {
	if a == nil {
		return apperr.New(apperr.Unauthorized, "Connectez-vous pour continuer.")
	}
	if !a.Can(p) {
		return apperr.New(apperr.Forbidden, "Votre rôle ne permet pas cette action.")
	}
	return nil
}

// Scope is the structure the actor acts for, as a store scope.
func (a *Actor) Scope() scope.Structure {
	if a == nil || !a.User.Active {
		return scope.Structure{}
	}
	return scope.OfStructure(a.Membership.StructureID)
}

// TerritoryScope is the wider read an actor may have: every structure for a
// platform administrator, the coordinated territory's for a coordinator.
// ok is false for every other actor.
func (a *Actor) TerritoryScope() (scope.Territory, bool) {
	switch {
	case a == nil || !a.User.Active:
		return scope.Territory{}, false
	case a.Can(PermManagePlatform):
		return scope.Platform(), true
	case a.Can(PermViewTerritory) && a.Membership.CoordinatedTerritoryID != 0:
		return scope.OfTerritory(a.Membership.CoordinatedTerritoryID), true
	}
	return scope.Territory{}, false
}

// Who names the actor in the journal: "Agnès Martin (conseiller, API)".
func (a *Actor) Who() string {
	if a == nil {
		return ""
	}
	w := a.User.Name + " (" + a.Role().Label()
	if a.Via != ViaWeb {
		w += ", " + a.Via
	}
	return w + ")"
}
