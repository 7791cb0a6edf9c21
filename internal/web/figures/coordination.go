package figures

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// CoordinationMenu is the coordinators' entry for their own activities.
var CoordinationMenu = []ui.MenuItem{{Label: "Activités de coordination", Href: "/espace/coordination/activites", Perm: account.PermNetworkAnimate}}

type coordinationData struct {
	Activities                                 []activity.Coordination
	Types, AnimationTypes, Initiatives, Themes []ui.Option
	EventTypes, Organizers, Scales, Natures    []ui.Option
	From, To                                   string
}

func coordinationForm() coordinationData {
	return coordinationData{
		Types: ui.Choices(activity.CoordTypes), AnimationTypes: ui.Choices(activity.AnimationTypes), Initiatives: ui.Choices(activity.Initiatives),
		Themes: ui.Choices(activity.AnimationThemes), EventTypes: ui.Choices(activity.EventTypes), Organizers: ui.Choices(activity.Organizers),
		Scales: ui.Choices(activity.Scales), Natures: ui.Choices(activity.PartnershipNatures),
	}
}

func (h *Handlers) renderCoordination(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	d := coordinationForm()
	now := h.site.Now().In(frtime.Paris)
	d.To = now.Format(activity.DateLayout)
	d.From = now.AddDate(-1, 0, 1).Format(activity.DateLayout)
	acts, err := h.coordination.List(r.Context(), ui.Actor(r), d.From, d.To)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d.Activities = acts
	h.site.Render(w, r, status, "figures_coordination", ui.Page{Title: "Activités de coordination", Form: f, Data: d})
}

// Coordination lists the coordinator's structure's own activities of the
// last twelve months, with the form to record one.
func (h *Handlers) Coordination(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{Values: url.Values{}}
	f.Set("type", activity.CoordAnimation)
	f.Set("date", h.site.Now().In(frtime.Paris).Format(activity.DateLayout))
	f.Set("duree", "120")
	h.renderCoordination(w, r, http.StatusOK, f)
}

// CoordinationCreate records a coordination activity.
func (h *Handlers) CoordinationCreate(w http.ResponseWriter, r *http.Request) {
	f := ui.NewForm(r)
	pf := r.PostForm
	c := activity.Coordination{Type: pf.Get("type"), Date: strings.TrimSpace(pf.Get("date")), Title: pf.Get("intitule"),
		AnimationType: pf.Get("type_animation"), Initiative: pf.Get("initiative"), Themes: ui.FormList(r, "thematiques_animation"),
		EventType: pf.Get("type_evenement"), Organizers: ui.FormList(r, "organisateurs"), Scale: pf.Get("echelon"),
		Natures: ui.FormList(r, "natures_partenariat"), Notes: pf.Get("notes")}
	var v apperr.Validation
	for name, dst := range map[string]*int{"duree": &c.Duration, "participants": &c.Participants} {
		s := strings.TrimSpace(pf.Get(name))
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add(name, "Écrivez un nombre entier, par exemple 12.")
		}
		*dst = n
	}
	if err := v.Err(); err != nil {
		f.Fail(err)
		h.renderCoordination(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	c, err := h.coordination.Record(r.Context(), ui.Actor(r), c)
	if apperr.CodeOf(err) == apperr.Invalid && f.Fail(err) {
		h.renderCoordination(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Activité de coordination enregistrée ("+c.TypeLabel()+" du "+frtime.CalendarDate(day(c.Date))+").")
	ui.Redirect(w, r, "/espace/coordination/activites")
}

func day(d string) time.Time {
	t, _ := time.Parse(activity.DateLayout, d)
	return t
}
