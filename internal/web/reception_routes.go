package web

// Welcome, orient, follow (issue 4): persons, evaluations, referrals, activities.

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/scope"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
)

// receptionMenu holds this capability's staff menu entries.
var receptionMenu = []menuItem{
	{"Accueillir une personne", "/espace/accueil", account.PermPersons},
	{"Personnes", "/espace/personnes", account.PermPersons},
	{"Orientations", "/espace/orientations", account.PermReceiveReferrals},
	{"Accompagnements", "/espace/activites", account.PermActivities},
	{"Liste d'attente", "/espace/attente", account.PermPersons},
	{"Tableau de suivi", "/espace/suivi", account.PermFollowUpFigures},
	{"Journal des accès", "/espace/journal", account.PermReadJournal},
}

// receptionRoutes lists this capability's pages.
func (s *Server) receptionRoutes() []route {
	return []route{
		{"GET /espace/accueil", account.PermPersons, s.firstEvaluationForm},
		{"POST /espace/accueil", account.PermPersons, parsed(s.firstEvaluationSubmit)},
		{"GET /espace/personnes", account.PermPersons, s.personList},
		{"GET /espace/personnes/{id}", account.PermPersons, s.personView},
		{"GET /espace/personnes/{id}/modifier", account.PermPersons, s.personEditForm},
		{"POST /espace/personnes/{id}", account.PermPersons, parsed(s.personEditSubmit)},
		{"POST /espace/personnes/{id}/statut", account.PermPersons, parsed(s.personSetStatus)},
		{"POST /espace/personnes/{id}/suppression", account.PermPersons, parsed(s.personDelete)},
		{"POST /espace/personnes/{id}/fusion", account.PermPersons, parsed(s.personMerge)},
		{"POST /espace/personnes/{id}/consentements", account.PermPersons, parsed(s.personConsentAdd)},
		{"POST /espace/personnes/{id}/consentements/{consent}/retrait", account.PermPersons, parsed(s.personConsentWithdraw)},
		{"GET /espace/personnes/{id}/evaluation", account.PermPersons, s.evaluationForm},
		{"POST /espace/personnes/{id}/evaluation", account.PermPersons, parsed(s.evaluationSubmit)},
		{"GET /espace/evaluations/{id}", account.PermPersons, s.evaluationView},
		{"GET /espace/attente", account.PermPersons, s.waitingList},

		{"GET /espace/orientations", account.PermReceiveReferrals, s.referralList},
		{"GET /espace/orientations/nouvelle", account.PermSendReferrals, s.referralNewForm},
		{"POST /espace/orientations", account.PermSendReferrals, parsed(s.referralCreate)},
		{"GET /espace/orientations/{id}", account.PermReceiveReferrals, s.referralView},
		{"POST /espace/orientations/{id}/decision", account.PermReceiveReferrals, parsed(s.referralDecide)},
		{"GET /espace/orientations/{id}/fiche", account.PermSendReferrals, s.referralSheet},
		{"POST /espace/orientations/{id}/lien", account.PermSendReferrals, parsed(s.referralLinkRenew)},
		{"GET /orientation/{token}", "", s.referralLinkView},
		{"POST /orientation/{token}", "", parsed(s.referralLinkDecide)},

		{"GET /espace/activites", account.PermActivities, s.activityList},
		{"GET /espace/activites/nouvelle", account.PermActivities, s.activityNewForm},
		{"POST /espace/activites", account.PermActivities, parsed(s.activityCreate)},
		{"GET /espace/activites/export.xlsx", account.PermActivities, s.activityExportXLSX},
		{"GET /espace/activites/export.csv", account.PermActivities, s.activityExportCSV},
		{"GET /espace/activites/{id}", account.PermActivities, s.activityView},

		{"GET /espace/suivi", account.PermFollowUpFigures, s.followUpDashboard},
		{"GET /espace/journal", account.PermReadJournal, s.journalView},
		{"GET /espace/journal/personnes/{id}", account.PermReadJournal, s.journalPersonExport},
	}
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

// Checked reports whether a checkbox value was submitted.
func (f *form) Checked(name, value string) bool {
	if f == nil || f.Values == nil {
		return false
	}
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// choices turns a vocabulary into options.
func choices(list []person.Choice) []option {
	out := make([]option, len(list))
	for i, c := range list {
		out[i] = option{Value: c.Value, Label: c.Label}
	}
	return out
}

// formList reads a multi-valued field, dropping empty values.
func formList(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.PostForm[name] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func formInt(r *http.Request, name string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(r.PostForm.Get(name)))
	return n
}

func formID(v string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "n°")), 10, 64)
	return n
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

var errNotFound = apperr.NotFoundError()

// personCommune names a commune code for display.
func personCommune(code string) string { return person.CommuneLabel(code) }
