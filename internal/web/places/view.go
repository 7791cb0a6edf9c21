package places

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// placeViewData is what placesearch_view.html shows: every field of the
// place in plain French.
type placeViewData struct {
	Place       place.Place
	Typologies  []string
	Address     string
	Approximate bool
	Directions  string // OpenStreetMap directions to the place
	MapLink     string // the place on OpenStreetMap
	Phone       string
	PhoneHref   template.URL
	CheckFirst  string // how to check before going: "_call", "_write", or "" when there is no way to ask (a suffix of the texts place.stale and place.no_hours)

	HasHours  bool
	State     hours.State
	Week      []dayLine
	WeekOf    string // "semaine du 2 mars"
	HoursText string // free-text hours, when they could not be read

	Services         []place.Choice // value and plain label
	Publics          []string
	SpecificSupport  []string
	Fees             []string
	AccessModes      []string
	SupportModes     []string
	NationalPrograms []string
	TrainingLabels   []string
	Itinerance       string

	Pivot     string // SIRET or RNA, empty for the placeholder
	UpdatedOn time.Time
	Stale     bool
	Source    string
	ReportURL string
	SearchURL string // the places around this one
	Unknown   []string

	// The place's texts in the page's language, when a translator of its
	// structure translated them; the French original is one link away.
	Summary, Description string
	Translated           bool // the texts shown are a translation
	ToReview             bool // … not yet reviewed ("à relire")
	Original             bool // the visitor asked for the French original
	TranslationURL       string
	OriginalURL          string

	Motives   []placeOffer  // appointments residents can book online here
	Workshops []placeOffer  // published workshops to come here
	Passages  []passageLine // when itinerant services next stop here
	Remote    []placeOffer  // motives held at home or by video from here
}

// placeOffer is a motive or a workshop held at the place, linked to its page.
type placeOffer struct {
	Label string
	Note  string // the structure, or the next session
	Href  string
}

type dayLine struct {
	Day   string
	Hours string
	Today bool
}

// placeClosedData is what placesearch_closed.html shows.
type placeClosedData struct {
	Name      string
	Commune   string
	SearchURL string
}

// View is a place's page: every field in plain French, this week's hours,
// how to get there.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	p, err := h.places.GetPublic(r.Context(), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	search := searchURLFor(&p)
	if !p.Open() {
		// Gone for good: search engines drop it, people read why.
		h.site.Render(w, r, http.StatusGone, "placesearch_closed", ui.Page{Title: ui.LangOf(r).T("place.closed_title"), Data: placeClosedData{
			Name: p.Name, Commune: placeAddress("", p.PostalCode, p.Commune), SearchURL: search,
		}})
		return
	}
	now := h.site.Now()
	d := placeViewData{
		Place: p, Address: placeAddress(p.Address, p.PostalCode, p.Commune),
		Approximate: !p.HasCoords || p.CoordsFrom == place.CoordsFromCommune,
		Phone:       phoneDisplay(p.Phone), PhoneHref: phoneHref(p.Phone),
		HoursText: p.HoursText, UpdatedOn: p.UpdatedOn, Stale: p.Stale(now),
		ReportURL: fmt.Sprintf("/lieux/%d/signaler", p.ID), SearchURL: search, CheckFirst: checkFirst(&p),
		Publics: labelsOf("publics_specifiquement_adresses", p.Publics), SpecificSupport: labelsOf("prise_en_charge_specifique", p.SpecificSupport),
		Fees: labelsOf("frais_a_charge", p.Fees), AccessModes: labelsOf("modalites_acces", p.AccessModes),
		SupportModes: labelsOf("modalites_accompagnement", p.SupportModes), NationalPrograms: labelsOf("dispositif_programmes_nationaux", p.NationalPrograms),
		TrainingLabels: labelsOf("formations_labels", p.TrainingLabels),
	}
	if a := p.AddressComplement; a != "" {
		d.Address = p.Address + " (" + a + "), " + strings.TrimSpace(p.PostalCode+" "+p.Commune)
	}
	for _, t := range p.Typologies {
		if l, ok := structure.TypologyLabel(t); ok {
			d.Typologies = append(d.Typologies, l)
		} else {
			d.Typologies = append(d.Typologies, t)
		}
	}
	for _, v := range p.Services {
		d.Services = append(d.Services, place.Choice{Value: v, Label: place.LabelOf("services", v)})
	}
	switch {
	case slices.Contains(p.Itinerance, "Itinérant") && slices.Contains(p.Itinerance, "Fixe"):
		d.Itinerance = "Sur place, et se déplace aussi dans d'autres lieux"
	case slices.Contains(p.Itinerance, "Itinérant"):
		d.Itinerance = "Se déplace : l'aide a lieu dans différents endroits (voir les horaires)"
	case slices.Contains(p.Itinerance, "Fixe"):
		d.Itinerance = "Toujours au même endroit"
	}
	if p.Pivot != place.UnknownPivot {
		d.Pivot = p.Pivot
	}
	lat, lon, located := p.Latitude, p.Longitude, p.HasCoords
	if !located {
		if c, ok := commune.Lookup(p.InseeCode); ok && c.HasCoords {
			lat, lon, located = c.Lat, c.Lon, true
		}
	}
	if located {
		ll := strconv.FormatFloat(lat, 'f', 6, 64) + "," + strconv.FormatFloat(lon, 'f', 6, 64)
		if d.Approximate {
			// Without the exact position, directions go to the address.
			d.Directions = "https://www.openstreetmap.org/search?query=" + url.QueryEscape(d.Address)
		} else {
			d.Directions = "https://www.openstreetmap.org/directions?route=" + url.QueryEscape(";"+ll)
		}
		d.MapLink = fmt.Sprintf("https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=17/%.6f/%.6f", lat, lon, lat, lon)
	}
	if p.Hours != "" {
		if sc, err := hours.Parse(p.Hours); err == nil {
			d.HasHours, d.State = true, sc.State(now)
			week := sc.Week(now)
			today := now.In(hours.Location()).Weekday()
			for _, day := range week {
				name, text, _ := strings.Cut(day.String(), " : ")
				// "14 h – 18 h" holds together on a narrow screen; lines break after commas.
				text = strings.NewReplacer(" h", "\u00a0h", " – ", "\u00a0– ").Replace(text)
				d.Week = append(d.Week, dayLine{Day: upperFirst(name), Hours: text, Today: day.Date.Weekday() == today})
			}
			d.WeekOf = "semaine du " + strings.TrimSuffix(frtime.Date(week[0].Date), " "+strconv.Itoa(week[0].Date.Year()))
		} else if d.HoursText == "" {
			d.HoursText = p.Hours
		}
	}
	d.Source = placeSourceLabel(&p)
	for field, values := range p.Unknown {
		label, ok := unknownLabels[field]
		if !ok {
			continue // technical leftovers (coordinates, identifiers, malformed links) stay for the owner
		}
		for _, v := range values {
			d.Unknown = append(d.Unknown, fmt.Sprintf("%s : %s", label, v))
		}
	}
	slices.Sort(d.Unknown)
	h.placeTexts(r, &d)
	d.Motives, d.Workshops = h.offersAt(r, p.ID)
	d.Passages, d.Remote = h.passagesIn(r, "", p.ID), h.remoteMotives(r, []int64{p.ID})
	h.site.Render(w, r, http.StatusOK, "placesearch_view", ui.Page{Title: p.Name, Data: d})
}

// offersAt lists what a resident can book at a place: its motives open
// online and its published workshops to come. A failure leaves them out:
// the place's page matters more.
func (h *Handlers) offersAt(r *http.Request, placeID int64) (motives, ws []placeOffer) {
	if h.cfg.Agenda != nil {
		sites, err := h.cfg.Agenda.PublicMotiveSites(r.Context(), placeID)
		if err != nil {
			h.log.Error("lieu : motifs de rendez-vous", "err", err)
		}
		for _, s := range sites {
			motives = append(motives, placeOffer{Label: s.MotiveName, Href: fmt.Sprintf("/rendez-vous/motifs/%d?lieu=%d", s.MotiveID, placeID)})
		}
	}
	if h.cfg.Workshops != nil {
		list, err := h.cfg.Workshops.Programme(r.Context(), workshops.ProgrammeFilter{PlaceID: placeID})
		if err != nil {
			h.log.Error("lieu : ateliers", "err", err)
		}
		now := h.site.Now()
		for _, w := range list {
			o := placeOffer{Label: w.Title, Href: fmt.Sprintf("/ateliers/%d", w.ID)}
			if next := w.Upcoming(now); len(next) > 0 {
				o.Note = frtime.DateTime(next[0].Start)
			}
			ws = append(ws, o)
		}
	}
	return motives, ws
}

// checkFirst is the advice to ask the place before coming, by the means it
// publishes; none when it publishes neither phone nor e-mail.
func checkFirst(p *place.Place) string {
	switch {
	case p.Phone != "":
		return "_call"
	case len(p.Emails) > 0:
		return "_write"
	}
	return ""
}

// unknownLabels name, for residents, the fields whose values the national
// vocabulary does not know but which still say something useful.
var unknownLabels = map[string]string{
	"services":                        "Services",
	"publics_specifiquement_adresses": "Publics accueillis",
	"publics_accueillis":              "Publics accueillis",
	"prise_en_charge_specifique":      "Accompagnement adapté",
	"frais_a_charge":                  "Conditions d'accès",
	"conditions_acces":                "Conditions d'accès",
	"modalites_acces":                 "Pour venir",
	"modalites_accompagnement":        "Façons d'être accompagné",
	"dispositif_programmes_nationaux": "Programmes et labels",
	"labels_nationaux":                "Programmes et labels",
	"formations_labels":               "Formations",
	"telephone":                       "Autre numéro de téléphone",
}

// placeSourceLabel says where the listing comes from, in words.
func placeSourceLabel(p *place.Place) string {
	var parts []string
	switch {
	case p.StructureID != 0 || p.Source == place.SourceParcours:
		parts = append(parts, "la structure qui accueille, dans Parcours")
	case p.Source != "":
		parts = append(parts, "données ouvertes ("+p.Source+")")
	}
	if p.Collector != "" && p.Collector != p.Source {
		parts = append(parts, "collecte : "+p.Collector)
	}
	return strings.Join(parts, " · ")
}

// searchURLFor is the search around a place's commune.
func searchURLFor(p *place.Place) string {
	if c, ok := commune.Lookup(p.InseeCode); ok {
		v := url.Values{paramCode: {c.Code}, paramCommune: {commune.Label(c)}}
		return "/lieux?" + v.Encode()
	}
	if p.PostalCode != "" {
		return "/lieux?" + url.Values{paramCommune: {p.PostalCode}}.Encode()
	}
	return "/lieux"
}

func labelsOf(field string, values []string) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		out = append(out, place.LabelOf(field, v))
	}
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// placeTexts puts the place's summary and description in the page's
// language when they are translated, and links the French original
// (?original=1, without JavaScript). A failure leaves the original: the
// place's page matters more.
func (h *Handlers) placeTexts(r *http.Request, d *placeViewData) {
	p := &d.Place
	d.Summary, d.Description = p.Summary, p.Description
	lang := ui.LangOf(r)
	if lang.IsFrench() || (p.Summary == "" && p.Description == "") {
		return
	}
	t, ok, err := h.places.PublicTranslation(r.Context(), p.ID, lang.Code)
	if err != nil {
		h.log.Error("lieu : traduction", "err", err)
		return
	}
	if !ok {
		return
	}
	page := fmt.Sprintf("/lieux/%d", p.ID)
	if r.URL.Query().Get("original") == "1" {
		d.Original, d.TranslationURL = true, page
		return
	}
	d.Translated, d.ToReview, d.OriginalURL = true, !t.Reviewed(), page+"?original=1"
	if t.Summary != "" {
		d.Summary = t.Summary
	}
	if t.Description != "" {
		d.Description = t.Description
	}
}
