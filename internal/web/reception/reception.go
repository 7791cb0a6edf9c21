// Package reception holds the screens of "welcome, orient, follow": the
// welcome and evaluation of a person, their file, the orientations (and the
// public page a place without Parcours answers through), the activity
// reports, the waiting list, the follow-up figures and the journal of
// accesses. Each screen decodes its form, calls a service and renders.
package reception

import (
	"embed"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/activities"
	"github.com/parcours-numerique/parcours/internal/service/evaluations"
	"github.com/parcours-numerique/parcours/internal/service/mandates"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/service/referrals"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Services are the use cases the screens call.
type Services struct {
	Persons     *persons.Service
	Evaluations *evaluations.Service
	Referrals   *referrals.Service
	Activities  *activities.Service
	Mandates    *mandates.Service // the person's mandates and their history, on the person's page
}

// Handlers serves the screens.
type Handlers struct {
	site        *ui.Site
	persons     *persons.Service
	evaluations *evaluations.Service
	referrals   *referrals.Service
	activities  *activities.Service
	mandates    *mandates.Service
	// resolveCommune reads a commune as people type it (commune.Resolve).
	resolveCommune func(string) (code, msg string)
}

// New registers the screens' templates with the site.
func New(site *ui.Site, svc Services, resolveCommune func(string) (string, string)) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html", "templates/partials/*.html"); err != nil {
		return nil, err
	}
	return &Handlers{site: site, persons: svc.Persons, evaluations: svc.Evaluations, referrals: svc.Referrals, activities: svc.Activities, mandates: svc.Mandates,
		resolveCommune: resolveCommune}, nil
}

// Menu holds this capability's staff menu entries, in menu order.
var Menu = []ui.MenuItem{
	{Label: "Accueillir une personne", Href: "/espace/accueil", Perm: account.PermPersons},
	{Label: "Personnes", Href: "/espace/personnes", Perm: account.PermPersons},
	{Label: "Orientations", Href: "/espace/orientations", Perm: account.PermReceiveReferrals},
	{Label: "Accompagnements", Href: "/espace/activites", Perm: account.PermReadActivities},
	{Label: "Liste d'attente", Href: "/espace/attente", Perm: account.PermPersons},
	{Label: "Tableau de suivi", Href: "/espace/suivi", Perm: account.PermFollowUpFigures},
	{Label: "Journal des accès", Href: "/espace/journal", Perm: account.PermReadJournal},
}

func (h *Handlers) render(w http.ResponseWriter, r *http.Request, status int, name string, p ui.Page) {
	h.site.Render(w, r, status, name, p)
}

// failForm shows err next to the form's fields when it is about them
// (render is called with its status), and as an error page otherwise.
func (h *Handlers) failForm(w http.ResponseWriter, r *http.Request, f *ui.Form, err error, render func(status int)) {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict:
		if f.Fail(err) {
			status := http.StatusUnprocessableEntity
			if apperr.CodeOf(err) == apperr.Conflict {
				status = http.StatusConflict
			}
			render(status)
			return
		}
	}
	h.site.Fail(w, r, err)
}

// Form inputs named otherwise than the API's fields, which the services
// name their errors after.
var (
	personFields     = map[string]string{"commune_insee": "commune", "consentements": "consentement_suivi", "personne_id": "personne"}
	evaluationFields = map[string]string{"reponses": "q1", "personne_id": "personne", "commune_insee": "commune", "consentements": "consentement_suivi"}
	referralFields   = map[string]string{"structure_id": "destination", "lieu_id": "destination", "disponible_le": "disponible", "personne_informee": "informee"}
	activityFields   = map[string]string{"lieu_id": "lieu", "commune_insee": "commune", "personne_id": "personne", "genre": "anon_genre",
		"tranche_age": "anon_age", "statut": "anon_statut", "commune_residence_insee": "anon_commune", "anonymes_total": "anon_total",
		"anonymes_deja_accompagnes": "anon_deja", "anonymes_repartition": "anon_total"}
)

// withChecked adds to what a form could not read (decode) the service's
// errors on the other fields (checked, named as the API names them).
func withChecked(decode, checked error, names map[string]string) error {
	var v apperr.Validation
	v.Merge(decode)
	if e, ok := apperr.As(ui.RenameFields(checked, names)); ok {
		for _, fe := range e.Fields {
			if !v.Has(fe.Field) {
				v.Add(fe.Field, fe.Message)
			}
		}
	}
	return v.Err()
}
