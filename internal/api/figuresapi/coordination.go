package figuresapi

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"time"
)

type coordinationIn struct {
	Type          string   `json:"type"`
	Date          string   `json:"date"`
	Duration      int      `json:"duree"`
	Title         string   `json:"intitule"`
	Participants  int      `json:"participants"`
	AnimationType string   `json:"type_animation"`
	Initiative    string   `json:"initiative"`
	Themes        []string `json:"thematiques_animation"`
	EventType     string   `json:"type_evenement"`
	Organizers    []string `json:"organisateurs"`
	Scale         string   `json:"echelon"`
	Natures       []string `json:"natures_partenariat"`
	Notes         string   `json:"notes"`
}

type coordinationOut struct {
	ID int64 `json:"id"`
	coordinationIn
	Author    string `json:"auteur"`
	CreatedAt string `json:"cree_le"`
}

func orEmpty(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func coordinationJSON(c activity.Coordination) coordinationOut {
	return coordinationOut{ID: c.ID, Author: c.AuthorName, CreatedAt: c.CreatedAt.UTC().Format(time.RFC3339),
		coordinationIn: coordinationIn{Type: c.Type, Date: c.Date, Duration: c.Duration, Title: c.Title, Participants: c.Participants,
			AnimationType: c.AnimationType, Initiative: c.Initiative, Themes: orEmpty(c.Themes), EventType: c.EventType,
			Organizers: orEmpty(c.Organizers), Scale: c.Scale, Natures: orEmpty(c.Natures), Notes: c.Notes}}
}

func (a *API) createCoordinationActivity(w http.ResponseWriter, r *http.Request) {
	var in coordinationIn
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	c, err := a.app.Coordination.Record(r.Context(), account.ActorFrom(r.Context()), activity.Coordination{Type: in.Type, Date: in.Date,
		Duration: in.Duration, Title: in.Title, Participants: in.Participants, AnimationType: in.AnimationType, Initiative: in.Initiative,
		Themes: in.Themes, EventType: in.EventType, Organizers: in.Organizers, Scale: in.Scale, Natures: in.Natures, Notes: in.Notes})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, coordinationJSON(c))
}

func (a *API) listCoordinationActivities(w http.ResponseWriter, r *http.Request) {
	f, err := figureFilter(r, "du", "au")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	cs, err := a.app.Coordination.List(r.Context(), account.ActorFrom(r.Context()), f.From, f.To)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := struct {
		Activities []coordinationOut `json:"activites"`
	}{Activities: []coordinationOut{}}
	for _, c := range cs {
		out.Activities = append(out.Activities, coordinationJSON(c))
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}
