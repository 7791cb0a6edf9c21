// Package itinerantapi serves the API operations of itinerant services:
// the structure's services and stops, cancelled dates, and for anyone the
// upcoming passages of a service.
package itinerantapi

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/itinerant"
	itinerantsvc "github.com/parcours-numerique/parcours/internal/service/itinerant"
)

// API serves the itinerant services' operations through the application's services.
type API struct {
	app *app.App
	log *slog.Logger
}

// New returns the itinerant services' operations.
func New(ap *app.App, log *slog.Logger) *API { return &API{app: ap, log: log} }

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) { apiio.Fail(a.log, w, r, err) }

// Routes lists this capability's API operations.
func (a *API) Routes() []apiio.Route {
	const v = apiio.Prefix + "/itinerance/{id}"
	return []apiio.Route{
		{Pattern: "GET " + apiio.Prefix + "/itinerance", OperationID: "listItinerantServices", Perm: account.PermAgenda, Handler: a.list},
		{Pattern: "POST " + apiio.Prefix + "/itinerance", OperationID: "createItinerantService", Perm: account.PermAgendaOrganize, Handler: a.create},
		{Pattern: "GET " + v, OperationID: "getItinerantService", Perm: account.PermAgenda, Handler: a.get},
		{Pattern: "POST " + v + "/arrets", OperationID: "createItinerantStop", Perm: account.PermAgendaOrganize, Handler: a.createStop},
		{Pattern: "POST " + v + "/arrets/{stop}/annulations", OperationID: "cancelItinerantStopDate", Perm: account.PermAgendaOrganize, Handler: a.cancelDate},
		{Pattern: "GET " + v + "/passages", OperationID: "listItinerantPassages", Handler: a.passages},
	}
}

type serviceOut struct {
	ID          int64     `json:"id"`
	Name        string    `json:"nom"`
	Description string    `json:"description"`
	Phone       string    `json:"telephone"`
	Stops       []stopOut `json:"arrets,omitempty"`
}

type cancellationOut struct {
	Date   string `json:"date"`
	Reason string `json:"raison"`
}

type stopOut struct {
	ID            int64             `json:"id"`
	PlaceID       int64             `json:"lieu"`
	PlaceName     string            `json:"nom_lieu"`
	Address       string            `json:"adresse"`
	InseeCode     string            `json:"code_insee"`
	Commune       string            `json:"commune"`
	Weekday       int               `json:"jour"`
	Start         string            `json:"debut"`
	End           string            `json:"fin"`
	Recurrence    string            `json:"recurrence"`
	Nth           int               `json:"rang"`
	From          string            `json:"du"`
	Until         string            `json:"au"`
	KeepHolidays  bool              `json:"jours_feries"`
	PermanenceID  int64             `json:"permanence"`
	Cancellations []cancellationOut `json:"annulations"`
}

func serviceJSON(v itinerant.Service) serviceOut {
	return serviceOut{ID: v.ID, Name: v.Name, Description: v.Description, Phone: v.Phone}
}

func stopJSON(t itinerant.Stop) stopOut {
	o := stopOut{ID: t.ID, PlaceID: t.PlaceID, PlaceName: t.PlaceName, Address: t.Address, InseeCode: t.InseeCode, Commune: t.CommuneName(), Weekday: int(t.Weekday),
		Start: agenda.FormatClock(t.Start), End: agenda.FormatClock(t.End), Recurrence: t.Recurrence, Nth: t.Nth, From: t.From, Until: t.Until,
		KeepHolidays: !t.SkipHolidays, PermanenceID: t.PermanenceID, Cancellations: []cancellationOut{}}
	for _, c := range t.Cancelled {
		o.Cancellations = append(o.Cancellations, cancellationOut{Date: c.Date, Reason: c.Reason})
	}
	return o
}

func (a *API) list(w http.ResponseWriter, r *http.Request) {
	list, err := a.app.Itinerant.Services(r.Context(), account.ActorFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	apiio.WriteList(w, "services", list, serviceJSON)
}

type serviceIn struct {
	Name        string `json:"nom"`
	Description string `json:"description"`
	Phone       string `json:"telephone"`
}

func (a *API) create(w http.ResponseWriter, r *http.Request) {
	var in serviceIn
	if err := apiio.Decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	v, err := a.app.Itinerant.CreateService(r.Context(), account.ActorFrom(r.Context()), itinerant.Service{Name: in.Name, Description: in.Description, Phone: in.Phone})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, serviceJSON(v))
}

func (a *API) get(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	tt, err := a.app.Itinerant.Timetable(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := serviceJSON(tt.Service)
	out.Stops = make([]stopOut, len(tt.Stops))
	for i, t := range tt.Stops {
		out.Stops[i] = stopJSON(t)
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

type stopIn struct {
	PlaceID      int64  `json:"lieu"`
	Address      string `json:"adresse"`
	InseeCode    string `json:"code_insee"`
	Weekday      *int   `json:"jour"`
	Start        string `json:"debut"`
	End          string `json:"fin"`
	Recurrence   string `json:"recurrence"`
	Nth          int    `json:"rang"`
	From         string `json:"du"`
	Until        string `json:"au"`
	KeepHolidays bool   `json:"jours_feries"`
	PermanenceID int64  `json:"permanence"`
}

func (a *API) createStop(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var in stopIn
	if err := apiio.Decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	ns := itinerantsvc.NewStop{PlaceID: in.PlaceID, Address: in.Address, InseeCode: in.InseeCode, Weekday: -1, Start: in.Start, End: in.End,
		Recurrence: in.Recurrence, Nth: in.Nth, From: in.From, Until: in.Until, KeepHolidays: in.KeepHolidays, PermanenceID: in.PermanenceID}
	if in.Weekday != nil {
		ns.Weekday = time.Weekday(*in.Weekday)
	}
	t, err := a.app.Itinerant.CreateStop(r.Context(), account.ActorFrom(r.Context()), id, ns)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, stopJSON(t))
}

type cancelIn struct {
	Date    string `json:"date"`
	Reason  string `json:"raison"`
	Restore bool   `json:"retablir"`
}

func (a *API) cancelDate(w http.ResponseWriter, r *http.Request) {
	ctx, actor := r.Context(), account.ActorFrom(r.Context())
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	stopID, err := apiio.PathInt(r, "stop")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var in cancelIn
	if err := apiio.Decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.app.Itinerant.StopOf(ctx, actor, id, stopID); err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.app.Itinerant.CancelStopDate(ctx, actor, stopID, in.Date, in.Reason, in.Restore); err != nil {
		a.fail(w, r, err)
		return
	}
	t, err := a.app.Itinerant.Stop(ctx, actor, stopID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, stopJSON(t))
}

type passageOut struct {
	Stop      int64  `json:"arret"`
	Where     string `json:"ou"`
	Commune   string `json:"code_insee"`
	Date      string `json:"date"`
	Start     string `json:"debut"`
	End       string `json:"fin"`
	Cancelled bool   `json:"annule"`
	Reason    string `json:"raison"`
}

func (a *API) passages(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	tt, err := a.app.Itinerant.PublicTimetable(r.Context(), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := struct {
		Service  serviceOut   `json:"service"`
		Passages []passageOut `json:"passages"`
	}{Service: serviceJSON(tt.Service), Passages: make([]passageOut, len(tt.Upcoming))}
	for i, p := range tt.Upcoming {
		out.Passages[i] = passageOut{Stop: p.Stop.ID, Where: p.Stop.Where(), Commune: p.Stop.InseeCode, Date: p.Date, Start: apiio.RFC3339(p.Start), End: apiio.RFC3339(p.End),
			Cancelled: p.Cancelled, Reason: p.Reason}
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}
