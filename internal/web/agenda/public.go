package agenda

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/residentlink"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/textfold"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// publicSlotDays is how many days a resident sees at once.
const publicSlotDays = 14

type publicIndexData struct {
	Where      string // what the resident searched: a commune, a postal code, a place
	Searched   bool
	Count      int // motives found
	Structures []publicStructure
}

type publicStructure struct {
	Name    string
	Motives []publicMotive
}

type publicMotive struct {
	agenda.Motive
	Sites []agenda.MotiveSite // where it is held (the matching ones when searched)
	Href  string              // its slots, at the one matching site when there is one
}

// paramWhere is the search of /rendez-vous: a commune, a postal code or a place's name.
const paramWhere = "ou"

// PublicIndex lists what residents can book online, by structure, with
// where each motive is held; a search by commune, postal code or place
// keeps the motives held there.
func (h *Handlers) PublicIndex(w http.ResponseWriter, r *http.Request) {
	motives, err := h.agenda.PublicMotives(r.Context())
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	sites, err := h.agenda.PublicMotiveSites(r.Context(), 0)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	d := publicIndexData{Where: strings.TrimSpace(r.URL.Query().Get(paramWhere))}
	if len([]rune(d.Where)) > 100 {
		d.Where = string([]rune(d.Where)[:100])
	}
	key := textfold.Key(d.Where)
	d.Searched = key != ""
	bySite := map[int64][]agenda.MotiveSite{}
	for _, s := range sites {
		if !d.Searched || siteMatches(s, d.Where, key) {
			bySite[s.MotiveID] = append(bySite[s.MotiveID], s)
		}
	}
	for _, m := range motives {
		pm := publicMotive{Motive: m, Sites: bySite[m.ID], Href: "/rendez-vous/motifs/" + ui.Itoa(m.ID)}
		if d.Searched && len(pm.Sites) == 0 && !strings.Contains(textfold.Key(m.StructureName), key) {
			continue
		}
		if d.Searched && len(pm.Sites) == 1 {
			pm.Href += "?lieu=" + ui.Itoa(pm.Sites[0].PlaceID)
		}
		if n := len(d.Structures); n == 0 || d.Structures[n-1].Name != m.StructureName {
			d.Structures = append(d.Structures, publicStructure{Name: m.StructureName})
		}
		d.Structures[len(d.Structures)-1].Motives = append(d.Structures[len(d.Structures)-1].Motives, pm)
		d.Count++
	}
	h.site.Render(w, r, http.StatusOK, "agenda_public_index", ui.Page{Title: ui.LangOf(r).T("appointments.title"), Data: d})
}

// siteMatches reports whether a site is in the commune or postal code
// searched, or bears the name searched (accents and case aside).
func siteMatches(s agenda.MotiveSite, where, key string) bool {
	if digits := strings.ReplaceAll(where, " ", ""); digits != "" && strings.Trim(digits, "0123456789") == "" {
		return strings.HasPrefix(s.PostalCode, digits)
	}
	return strings.Contains(textfold.Key(s.Commune), key) || strings.Contains(textfold.Key(s.PlaceName), key)
}

type publicSlotsData struct {
	Motive     agenda.Motive
	Places     []ui.Option
	Days       []slotDay
	Next, Prev string
	MotiveURL  string
}

// PublicSlots shows a motive's free slots to residents, two weeks at a
// time, at one site or every one.
func (h *Handlers) PublicSlots(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	now := h.site.Now()
	from := day(r.URL.Query().Get("du"), now)
	if from.Before(agenda.Midnight(now)) {
		from = now
	}
	placeID := ui.QueryID(r, "lieu")
	rg := agendasvc.Range{From: from, To: from.AddDate(0, 0, publicSlotDays)}
	free, err := h.agenda.PublicSlots(r.Context(), id, placeID, rg)
	if err == nil && placeID != 0 && free.PlaceName(placeID) == "" {
		placeID = 0 // a site that does not offer the motive: every site
		free, err = h.agenda.PublicSlots(r.Context(), id, 0, rg)
	}
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	m := free.Motive
	d := publicSlotsData{Motive: m, MotiveURL: "/rendez-vous/motifs/" + ui.Itoa(m.ID), Days: slotDays(free), Places: []ui.Option{{Value: "", Label: "Tous les lieux"}}}
	for _, p := range free.Places {
		d.Places = append(d.Places, ui.Option{Value: ui.Itoa(p.ID), Label: p.Name})
	}
	q := url.Values{}
	if placeID != 0 {
		q.Set("lieu", ui.Itoa(placeID))
	}
	if next := from.AddDate(0, 0, publicSlotDays); next.Before(now.AddDate(0, 0, m.MaxDelayDays)) {
		q.Set("du", next.Format(agenda.DateLayout))
		d.Next = d.MotiveURL + "?" + q.Encode()
	}
	if from.After(now.Add(24 * time.Hour)) {
		prev := from.AddDate(0, 0, -publicSlotDays)
		if prev.Before(now) {
			prev = now
		}
		q.Set("du", prev.In(frtime.Paris).Format(agenda.DateLayout))
		d.Prev = d.MotiveURL + "?" + q.Encode()
	}
	f := &ui.Form{Values: url.Values{}}
	if placeID != 0 {
		f.Set("lieu", ui.Itoa(placeID))
	}
	h.site.Render(w, r, http.StatusOK, "agenda_public_slots", ui.Page{Title: ui.LangOf(r).T("appointments.slots_title", "Motive", m.Name), Form: f, Data: d})
}

type publicBookData struct {
	Motive     agenda.Motive
	Slot       string
	When       string
	Site       agenda.Site
	Consent    string
	SlotsURL   string
	Taken      bool
	PlaceFound bool
}

// PublicBookForm asks a resident for the minimum to book the slot chosen.
func (h *Handlers) PublicBookForm(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{Values: url.Values{}}
	f.Set("creneau", r.URL.Query().Get("creneau"))
	h.renderPublicBook(w, r, http.StatusOK, f, false)
}

func (h *Handlers) renderPublicBook(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, taken bool) {
	id, _ := ui.PathID(r, "id")
	slotsURL := "/rendez-vous/motifs/" + ui.Itoa(id)
	o, err := h.agenda.PublicOffer(r.Context(), id, f.Value("creneau"))
	switch {
	case apperr.Is(err, apperr.NotFound) && o.Motive.ID != 0:
		ui.Redirect(w, r, slotsURL) // a slot link that does not read: back to the list
		return
	case err != nil:
		h.site.Fail(w, r, err)
		return
	}
	d := publicBookData{Motive: o.Motive, Slot: f.Value("creneau"), Consent: agenda.ConsentWording(o.Motive.StructureName), SlotsURL: slotsURL, Taken: taken,
		When: ui.LangOf(r).Span(o.Start, o.End), Site: o.Site, PlaceFound: true}
	h.site.Render(w, r, status, "agenda_public_book", ui.Page{Title: ui.LangOf(r).T("appointments.book_title", "Motive", o.Motive.Name), Form: f, Data: d})
}

// PublicBook books the slot for the resident, then shows their page.
func (h *Handlers) PublicBook(w http.ResponseWriter, r *http.Request) {
	if f, refused := ui.TextRefused(r); refused {
		if msg := f.Error("creneau"); msg != "" { // the slot is no typed field: no form to show again
			h.site.RenderError(w, r, http.StatusBadRequest, "Créneau illisible", "Le créneau envoyé (champ « creneau ») est illisible. "+msg+" Revenez à la liste des créneaux et choisissez-en un.")
			return
		}
		h.renderPublicBook(w, r, http.StatusUnprocessableEntity, f, false)
		return
	}
	id, _ := ui.PathID(r, "id")
	pf := r.PostForm
	_, token, err := h.agenda.BookPublic(r.Context(), id, agendasvc.PublicBooking{Slot: pf.Get("creneau"), Contact: contact(r), Agreed: pf.Get("accord") == "oui", Language: ui.LangOf(r).Code})
	if err != nil {
		f := ui.NewForm(r)
		if !shown(f, onField("creneau", err)) {
			h.site.Fail(w, r, err)
			return
		}
		h.renderPublicBook(w, r, http.StatusUnprocessableEntity, f, apperr.Is(err, apperr.Conflict))
		return
	}
	ui.Redirect(w, r, residentlink.AppointmentPath+token+"?nouveau=1")
}
