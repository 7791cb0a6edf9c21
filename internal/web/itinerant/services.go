package itinerant

import (
	"net/http"
	"net/url"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/itinerant"
	itinerantsvc "github.com/parcours-numerique/parcours/internal/service/itinerant"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type serviceListData struct {
	Services []itinerant.Service
	Organize bool
}

// ServiceList lists the structure's itinerant services.
func (h *Handlers) ServiceList(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	list, err := h.it.Services(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "itinerant_services", ui.Page{Title: "Itinérance : les services qui vont vers les habitants",
		Data: serviceListData{Services: list, Organize: a.Can(account.PermAgendaOrganize)}})
}

type serviceFormData struct {
	ID       int64
	Stops    []itinerant.Stop
	Organize bool
}

func fillService(f *ui.Form, v itinerant.Service) {
	f.Set("nom", v.Name)
	f.Set("description", v.Description)
	f.Set("telephone", v.Phone)
}

func serviceInput(r *http.Request) itinerant.Service {
	return itinerant.Service{Name: r.PostForm.Get("nom"), Description: r.PostForm.Get("description"), Phone: r.PostForm.Get("telephone")}
}

// ServiceNew is the form of a new itinerant service.
func (h *Handlers) ServiceNew(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{Values: url.Values{}}
	f.Set("nom", "Bus numérique")
	h.site.Render(w, r, http.StatusOK, "itinerant_service", ui.Page{Title: "Nouveau service itinérant", Form: f, Data: serviceFormData{Organize: true}})
}

// ServiceCreate records a new itinerant service, then asks for its stops.
func (h *Handlers) ServiceCreate(w http.ResponseWriter, r *http.Request) {
	v, err := h.it.CreateService(r.Context(), ui.Actor(r), serviceInput(r))
	if err != nil {
		h.serviceFailed(w, r, 0, err)
		return
	}
	h.site.Flash(r, "Service créé : ajoutez maintenant ses arrêts.")
	ui.Redirect(w, r, "/espace/itinerance/"+ui.Itoa(v.ID))
}

// ServiceEdit is a service's form with its stops.
func (h *Handlers) ServiceEdit(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	a := ui.Actor(r)
	tt, err := h.it.Timetable(r.Context(), a, id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	fillService(f, tt.Service)
	h.site.Render(w, r, http.StatusOK, "itinerant_service", ui.Page{Title: tt.Service.Name, Form: f,
		Data: serviceFormData{ID: id, Stops: tt.Stops, Organize: a.Can(account.PermAgendaOrganize)}})
}

// ServiceUpdate saves a service.
func (h *Handlers) ServiceUpdate(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	if _, err := h.it.UpdateService(r.Context(), ui.Actor(r), id, serviceInput(r)); err != nil {
		h.serviceFailed(w, r, id, err)
		return
	}
	h.site.Flash(r, "Service enregistré.")
	ui.Redirect(w, r, "/espace/itinerance/"+ui.Itoa(id))
}

func (h *Handlers) serviceFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	f := ui.NewForm(r)
	if !shown(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	d := serviceFormData{ID: id, Organize: true}
	if id != 0 {
		tt, terr := h.it.Timetable(r.Context(), ui.Actor(r), id)
		if terr != nil {
			h.site.Fail(w, r, terr)
			return
		}
		d.Stops = tt.Stops
	}
	h.site.Render(w, r, http.StatusUnprocessableEntity, "itinerant_service", ui.Page{Title: "Service itinérant", Form: f, Data: d})
}

type publicData struct {
	itinerantsvc.PublicTimetable
	PhoneLabel string
}

// Public is a service's page for residents: what it is, how to reach it,
// where it passes in the coming weeks and how to book a slot at a stop.
func (h *Handlers) Public(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	tt, err := h.it.PublicTimetable(r.Context(), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "itinerant_public", ui.Page{Title: tt.Service.Name, Data: publicData{PublicTimetable: tt, PhoneLabel: phoneLabel(tt.Service.Phone)}})
}

// phoneLabel writes +33546000000 as 05 46 00 00 00.
func phoneLabel(e164 string) string {
	if len(e164) != 12 || e164[:3] != "+33" {
		return e164
	}
	n := "0" + e164[3:]
	return n[0:2] + " " + n[2:4] + " " + n[4:6] + " " + n[6:8] + " " + n[8:10]
}
