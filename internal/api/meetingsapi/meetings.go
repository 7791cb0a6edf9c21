// Package meetingsapi serves the API operations of the network meetings:
// the meetings the actor sees (its territory's for the coordination, those
// it is invited to for the others), planning one with its invitations, and
// recording who came, which records the coordinator's activity once;
// cancelling a meeting or withdrawing one invitee, who get a cancelling
// calendar file.
package meetingsapi

import (
	"log/slog"
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/meeting"
)

// API serves the meetings' operations through the application's services.
type API struct {
	app *app.App
	log *slog.Logger
}

// New returns the meetings' operations.
func New(ap *app.App, log *slog.Logger) *API { return &API{app: ap, log: log} }

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) { apiio.Fail(a.log, w, r, err) }

// Routes lists this capability's API operations.
func (a *API) Routes() []apiio.Route {
	const base = apiio.Prefix + "/reseau/reunions"
	return []apiio.Route{
		{Pattern: "GET " + base, OperationID: "listMeetings", Perm: account.PermNetwork, Handler: a.list},
		{Pattern: "POST " + base, OperationID: "createMeeting", Perm: account.PermNetworkAnimate, Handler: a.create},
		{Pattern: "GET " + base + "/{id}", OperationID: "getMeeting", Perm: account.PermNetwork, Handler: a.get},
		{Pattern: "POST " + base + "/{id}/annulation", OperationID: "cancelMeeting", Perm: account.PermNetworkAnimate, Handler: a.cancel},
		{Pattern: "DELETE " + base + "/{id}/invitations/{structure}/{personne}", OperationID: "removeMeetingInvitation", Perm: account.PermNetworkAnimate, Handler: a.removeInvitation},
		{Pattern: "PUT " + base + "/{id}/presences", OperationID: "recordMeetingAttendance", Perm: account.PermNetworkAnimate, Handler: a.attendance},
		{Pattern: "POST " + base + "/{id}/sans-invitation", OperationID: "addMeetingWalkIn", Perm: account.PermNetworkAnimate, Handler: a.addWalkIn},
		{Pattern: "DELETE " + base + "/{id}/sans-invitation/{venue}", OperationID: "removeMeetingWalkIn", Perm: account.PermNetworkAnimate, Handler: a.removeWalkIn},
	}
}

type invitationOut struct {
	StructureID   int64  `json:"structure"`
	StructureName string `json:"nom_structure"`
	UserID        int64  `json:"personne"`
	UserName      string `json:"nom_personne"`
	People        int    `json:"personnes"`
	Present       bool   `json:"present"`
}

type walkInOut struct {
	ID            int64  `json:"id"`
	StructureID   int64  `json:"structure"`
	StructureName string `json:"nom_structure"`
	UserID        int64  `json:"personne"`
	UserName      string `json:"nom_personne"`
	Name          string `json:"nom"`
	Organization  string `json:"organisme"`
	People        int    `json:"personnes"`
}

type decisionOut struct {
	Text          string `json:"texte"`
	StructureID   int64  `json:"structure"`
	StructureName string `json:"nom_structure"`
	Due           string `json:"echeance"`
}

type meetingOut struct {
	ID            int64           `json:"id"`
	Title         string          `json:"titre"`
	Start         string          `json:"debut"`
	End           string          `json:"fin"`
	PlaceID       int64           `json:"lieu"`
	PlaceName     string          `json:"nom_lieu"`
	Location      string          `json:"lieu_texte"`
	Agenda        string          `json:"ordre_du_jour"`
	AnimationType string          `json:"type_animation"`
	Minutes       string          `json:"compte_rendu"`
	Attendance    bool            `json:"presences_notees"`
	Cancelled     bool            `json:"annulee"`
	Participants  int             `json:"participants"`
	Invitations   []invitationOut `json:"invitations"`
	WalkIns       []walkInOut     `json:"sans_invitation"`
	Decisions     []decisionOut   `json:"decisions"`
}

func meetingJSON(m meeting.Meeting) meetingOut {
	o := meetingOut{ID: m.ID, Title: m.Title, Start: apiio.RFC3339(m.Start), End: apiio.RFC3339(m.End), PlaceID: m.PlaceID, PlaceName: m.PlaceName,
		Location: m.Location, Agenda: m.Agenda, AnimationType: m.AnimationType, Minutes: m.Minutes, Attendance: !m.AttendanceAt.IsZero(), Cancelled: m.Cancelled(),
		Participants: m.Participants(), Invitations: []invitationOut{}, WalkIns: []walkInOut{}, Decisions: []decisionOut{}}
	for _, w := range m.WalkIns {
		o.WalkIns = append(o.WalkIns, walkInOut{ID: w.ID, StructureID: w.StructureID, StructureName: w.StructureName, UserID: w.UserID, UserName: w.UserName,
			Name: w.Name, Organization: w.Organization, People: w.People})
	}
	for _, in := range m.Invitations {
		o.Invitations = append(o.Invitations, invitationOut{StructureID: in.StructureID, StructureName: in.StructureName, UserID: in.UserID, UserName: in.UserName,
			People: in.People, Present: in.Present})
	}
	for _, d := range m.Decisions {
		o.Decisions = append(o.Decisions, decisionOut{Text: d.Text, StructureID: d.StructureID, StructureName: d.Structure, Due: d.Due})
	}
	return o
}

func (a *API) list(w http.ResponseWriter, r *http.Request) {
	list, err := a.app.Meetings.List(r.Context(), account.ActorFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	apiio.WriteList(w, "reunions", list, meetingJSON)
}

type meetingIn struct {
	Title         string  `json:"titre"`
	Date          string  `json:"date"`
	Start         string  `json:"debut"`
	End           string  `json:"fin"`
	PlaceID       int64   `json:"lieu"`
	Location      string  `json:"lieu_texte"`
	Agenda        string  `json:"ordre_du_jour"`
	AnimationType string  `json:"type_animation"`
	Structures    []int64 `json:"structures"`
	Staff         []int64 `json:"personnes"`
}

func (a *API) create(w http.ResponseWriter, r *http.Request) {
	var in meetingIn
	if err := apiio.Decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	m, sent, err := a.app.Meetings.Create(r.Context(), account.ActorFrom(r.Context()), meeting.Input{Title: in.Title, Date: in.Date, Start: in.Start, End: in.End,
		PlaceID: in.PlaceID, Location: in.Location, Agenda: in.Agenda, AnimationType: in.AnimationType, Structures: in.Structures, Staff: in.Staff})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, struct {
		Meeting meetingOut `json:"reunion"`
		Sent    int        `json:"invitations_envoyees"`
	}{meetingJSON(m), sent})
}

func (a *API) get(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	m, err := a.app.Meetings.Get(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, meetingJSON(m))
}

type attendanceIn struct {
	Structures []struct {
		StructureID int64 `json:"structure"`
		People      int   `json:"personnes"`
	} `json:"structures"`
	Present []int64 `json:"presents"`
}

type activityOut struct {
	ID            int64  `json:"id"`
	Date          string `json:"date"`
	Duration      int    `json:"duree"`
	Participants  int    `json:"participants"`
	AnimationType string `json:"type_animation"`
}

func (a *API) attendance(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var in attendanceIn
	if err := apiio.Decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	at := meeting.Attendance{People: map[int64]int{}, Present: map[int64]bool{}}
	for _, s := range in.Structures {
		at.People[s.StructureID] = s.People
	}
	for _, u := range in.Present {
		at.Present[u] = true
	}
	m, c, err := a.app.Meetings.RecordAttendance(r.Context(), account.ActorFrom(r.Context()), id, at)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	attended(w, http.StatusOK, m, c)
}

type walkInIn struct {
	StructureID  int64  `json:"structure"`
	People       int    `json:"personnes"`
	UserID       int64  `json:"personne"`
	Name         string `json:"nom"`
	Organization string `json:"organisme"`
}

// attended answers a change of the attendance: the meeting and the
// coordinator's activity for it.
func attended(w http.ResponseWriter, status int, m meeting.Meeting, c activity.Coordination) {
	apiio.WriteJSON(w, status, struct {
		Meeting  meetingOut  `json:"reunion"`
		Activity activityOut `json:"activite_coordination"`
	}{meetingJSON(m), activityOut{ID: c.ID, Date: c.Date, Duration: c.Duration, Participants: c.Participants, AnimationType: c.AnimationType}})
}

func (a *API) addWalkIn(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var in walkInIn
	if err := apiio.Decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	if in.StructureID != 0 && in.People == 0 {
		in.People = 1
	}
	m, c, err := a.app.Meetings.AddWalkIn(r.Context(), account.ActorFrom(r.Context()), id, meeting.WalkInInput{StructureID: in.StructureID, People: in.People,
		UserID: in.UserID, Name: in.Name, Organization: in.Organization})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	attended(w, http.StatusCreated, m, c)
}

func (a *API) removeWalkIn(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	wid, err := apiio.PathInt(r, "venue")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	m, c, err := a.app.Meetings.RemoveWalkIn(r.Context(), account.ActorFrom(r.Context()), id, wid)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	attended(w, http.StatusOK, m, c)
}

type cancelledOut struct {
	Meeting meetingOut `json:"reunion"`
	Sent    int        `json:"annulations_envoyees"`
}

func (a *API) cancel(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	m, sent, err := a.app.Meetings.Cancel(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, cancelledOut{meetingJSON(m), sent})
}

func (a *API) removeInvitation(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	sid, err := apiio.PathInt(r, "structure")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	// personne is 0 for the structure invited as a whole.
	uid, perr := strconv.ParseInt(r.PathValue("personne"), 10, 64)
	if perr != nil || uid < 0 {
		a.fail(w, r, apperr.NotFoundError())
		return
	}
	m, sent, err := a.app.Meetings.RemoveInvitee(r.Context(), account.ActorFrom(r.Context()), id, sid, uid)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, cancelledOut{meetingJSON(m), sent})
}
