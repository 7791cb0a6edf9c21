package web

// Welcome, orient, follow: persons, evaluations, referrals, activities.

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/scope"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
)

// receptionMenu holds this capability's staff menu entries.
var receptionMenu = []menuItem{
	{Label: "Accueillir une personne", Href: "/espace/accueil", Perm: account.PermPersons},
	{Label: "Personnes", Href: "/espace/personnes", Perm: account.PermPersons},
	{Label: "Orientations", Href: "/espace/orientations", Perm: account.PermReceiveReferrals},
	{Label: "Accompagnements", Href: "/espace/activites", Perm: account.PermActivities},
	{Label: "Liste d'attente", Href: "/espace/attente", Perm: account.PermPersons},
	{Label: "Tableau de suivi", Href: "/espace/suivi", Perm: account.PermFollowUpFigures},
	{Label: "Journal des accès", Href: "/espace/journal", Perm: account.PermReadJournal},
}

// parsed reads a posted form (1 MB at most) before the handler runs.
func parsed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if err := r.ParseForm(); err != nil {
			http.Error(w, "Formulaire illisible ou trop gros.", http.StatusBadRequest)
			return
		}
		h(w, r)
	}
}

// journalEntry describes an access by the signed-in actor to a person's file.
func journalEntry(a *account.Actor, action, what string) journal.Entry {
	return journal.Entry{ActorStructureID: a.StructureID(), UserID: a.User.ID, Who: a.User.Name + " (" + a.Role().Label() + ")", Action: action, What: what}
}

// logAccess journals a read; a failure to journal is an internal error,
// since a read that cannot be journaled must not happen.
func (s *Server) logAccess(r *http.Request, structureID, personID int64, action, what string) error {
	e := journalEntry(actorFrom(r), action, what)
	e.StructureID, e.PersonID, e.At = structureID, personID, s.cfg.Now()
	return s.store.AddJournal(r.Context(), scope.OfStructure(e.StructureID), e)
}

// ownPerson loads a person of the actor's structure from the {id} path value.
func (s *Server) ownPerson(r *http.Request) (person.Person, error) {
	id, ok := pathID(r, "id")
	if !ok {
		return person.Person{}, apperr.NotFoundError()
	}
	p, err := s.app.Store.Person(r.Context(), actorFrom(r).Scope(), id)
	if err == nil && p.Deleted() {
		return p, apperr.NotFoundError()
	}
	return p, err
}

var errNotFound = apperr.NotFoundError()

// personCommune names a commune code for display.
func personCommune(code string) string { return person.CommuneLabel(code) }
