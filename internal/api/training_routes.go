package api

// Training record: the courses of the coordinated territory and who
// completed them, read only.

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/training"
)

// trainingRoutes lists this capability's API operations.
func (a *API) trainingRoutes() []Route {
	const f = Prefix + "/formations"
	return []Route{
		{Pattern: "GET " + f, OperationID: "listTrainingCourses", Perm: account.PermTraining, Handler: a.listTrainingCourses},
		{Pattern: "GET " + f + "/{id}", OperationID: "getTrainingCourse", Perm: account.PermTraining, Handler: a.getTrainingCourse},
	}
}

func courseJSON(c training.Course) map[string]any {
	return map[string]any{"id": c.ID, "intitule": c.Title, "type": c.Kind, "duree_minutes": c.Minutes, "organisme": c.Provider, "certificat": c.Certificate}
}

func (a *API) listTrainingCourses(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r); err != nil {
		a.Fail(w, r, err)
		return
	}
	list, err := a.app.Training.Courses(r.Context(), account.ActorFrom(r.Context()))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := make([]map[string]any, 0, len(list))
	for _, c := range list {
		out = append(out, courseJSON(c))
	}
	apiio.WriteJSON(w, http.StatusOK, map[string]any{"formations": out})
}

func (a *API) getTrainingCourse(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	c, done, err := a.app.Training.Course(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := make([]map[string]any, 0, len(done))
	for _, k := range done {
		out = append(out, map[string]any{"professionnel": k.UserID, "nom": k.UserName, "terminee_le": k.CompletedOn, "numero_certificat": k.CertificateRef})
	}
	apiio.WriteJSON(w, http.StatusOK, map[string]any{"formation": courseJSON(c), "participations": out})
}
