package placeadmin

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/service/places"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/vocab"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// placeCheckFields are the enumerations shown as checkboxes, with their legend.
var placeCheckFields = []struct {
	name, legend, hint string
	choices            vocab.List
}{
	{"services", "Services proposés", "Cochez tout ce que le lieu propose.", place.Services},
	{"publics_specifiquement_adresses", "Publics accueillis en priorité", "Laissez vide si le lieu accueille tout le monde de la même façon.", place.Publics},
	{"prise_en_charge_specifique", "Aides pour des besoins particuliers", "", place.SpecificSupport},
	{"frais_a_charge", "Frais pour la personne accueillie", "", place.Fees},
	{"modalites_acces", "Comment venir ou prendre contact", "", place.AccessModes},
	{"modalites_accompagnement", "Façons d'être accompagné", "", place.SupportModes},
	{"itinerance", "Le lieu est-il fixe ou itinérant ?", "Itinérant : le service se déplace, par exemple un bus numérique.", place.Itinerance},
	{"dispositif_programmes_nationaux", "Dispositifs et programmes nationaux", "", place.NationalPrograms},
	{"formations_labels", "Formations et labels", "", place.TrainingLabels},
}

// checkGroup is one enumeration as GOV.UK checkboxes.
type checkGroup struct {
	Form    *ui.Form
	Name    string
	Legend  string
	Hint    string
	Options []checkOption
}

type checkOption struct {
	Value   string
	Label   string
	Hint    string
	Checked bool
}

type placeFormData struct {
	ID            int64
	Place         place.Place // as saved; zero for a new place
	Action        string
	Return        string
	Groups        map[string]checkGroup
	HoursInWords  []string // the hours typed, rule by rule, in French
	Week          []string // this week's hours in French, day by day
	Converted     string   // French hours turned into opening_hours by this submission
	PreviewOnly   bool     // "Vérifier sans enregistrer": nothing was saved
	CommuneCentre bool     // the saved position is the commune's centre
	Completion    place.Completion
	Reports       []placereport.Report // open reports about the place
	Accepted      *placereport.Report  // the report the moderator just accepted
	Typologies    []structure.Typology
	Unknown       []string // values outside the schema, kept aside by an import
	Owner         string
	Stale         bool
	Open          bool // the saved place still exists
}

// formValues fills a form with an input, as the form names its fields.
func formValues(in places.Input) url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("nom", in.Name)
	set("pivot", in.Pivot)
	set("typologie", in.Typologies)
	set("adresse", in.Address)
	set("complement_adresse", in.AddressComplement)
	set("code_postal", in.PostalCode)
	set("commune", in.Commune)
	set("latitude", in.Latitude)
	set("longitude", in.Longitude)
	set("telephone", in.Phone)
	set("courriels", in.Emails)
	set("site_web", in.Websites)
	set("prise_rdv", in.BookingURL)
	set("fiche_acces_libre", in.AccessibilityURL)
	set("horaires", in.Hours)
	set("presentation_resume", in.Summary)
	set("presentation_detail", in.Description)
	set("autres_formations_labels", in.OtherLabels)
	set("structure_parente", in.ParentStructure)
	set("source", in.Collector)
	for field, list := range lists(&in) {
		if len(*list) > 0 {
			v[field] = slices.Clone(*list)
		}
	}
	return v
}

// lists are the input's enumerations by field name.
func lists(in *places.Input) map[string]*[]string {
	return map[string]*[]string{
		"services": &in.Services, "publics_specifiquement_adresses": &in.Publics, "prise_en_charge_specifique": &in.SpecificSupport,
		"frais_a_charge": &in.Fees, "modalites_acces": &in.AccessModes, "modalites_accompagnement": &in.SupportModes,
		"itinerance": &in.Itinerance, "dispositif_programmes_nationaux": &in.NationalPrograms, "formations_labels": &in.TrainingLabels,
	}
}

// inputOf reads the submitted form.
func inputOf(v url.Values) places.Input {
	in := places.Input{
		Name: v.Get("nom"), Pivot: v.Get("pivot"), Typologies: v.Get("typologie"), Address: v.Get("adresse"),
		AddressComplement: v.Get("complement_adresse"), PostalCode: v.Get("code_postal"), Commune: v.Get("commune"),
		Latitude: v.Get("latitude"), Longitude: v.Get("longitude"), Phone: v.Get("telephone"), Emails: v.Get("courriels"),
		Websites: v.Get("site_web"), BookingURL: v.Get("prise_rdv"), AccessibilityURL: v.Get("fiche_acces_libre"),
		Hours: v.Get("horaires"), Summary: v.Get("presentation_resume"), Description: v.Get("presentation_detail"),
		OtherLabels: v.Get("autres_formations_labels"), ParentStructure: v.Get("structure_parente"), Collector: v.Get("source"),
	}
	for field, list := range lists(&in) {
		*list = v[field]
	}
	return in
}

// formPage builds the page around a form: the saved place's sheet (nil for
// a new place) and the hours to show in words (those typed, or saved).
func (h *Handlers) formPage(f *ui.Form, sheet *places.Sheet, hoursExpr string) placeFormData {
	d := placeFormData{Action: "/espace/lieux", Typologies: structure.Typologies, Groups: map[string]checkGroup{}}
	d.Return = localReturn(f.Value("retour"), "/espace/lieux")
	for _, g := range placeCheckFields {
		cg := checkGroup{Form: f, Name: g.name, Legend: g.legend, Hint: g.hint}
		for _, c := range g.choices {
			o := checkOption{Value: c.Value, Label: c.Label, Checked: slices.Contains(f.Values[g.name], c.Value)}
			if g.name == "services" {
				o.Label, o.Hint = c.Value, c.Label
			}
			cg.Options = append(cg.Options, o)
		}
		d.Groups[g.name] = cg
	}
	if hoursExpr != "" {
		if sched, err := hours.Parse(hoursExpr); err == nil {
			d.HoursInWords = sched.Describe()
			for _, day := range sched.Week(h.site.Now()) {
				d.Week = append(d.Week, day.String())
			}
		}
	}
	if sheet == nil {
		return d
	}
	p := sheet.Place
	d.ID, d.Place = p.ID, p
	d.Action = "/espace/lieux/" + strconv.FormatInt(p.ID, 10)
	d.CommuneCentre = p.CoordsFrom == place.CoordsFromCommune
	d.Completion, d.Stale, d.Open, d.Owner = sheet.Completion, sheet.Stale, p.Open(), sheet.Owner
	d.Reports, d.Accepted = sheet.Reports, sheet.Accepted
	for field, vals := range p.Unknown {
		for _, v := range vals {
			d.Unknown = append(d.Unknown, field+" : "+v)
		}
	}
	slices.Sort(d.Unknown)
	return d
}

func formTitle(sheet *places.Sheet) string {
	if sheet == nil {
		return "Ajouter un lieu"
	}
	return "Modifier « " + sheet.Place.Name + " »"
}

// PlaceNew is the form of a new place of the actor's structure.
func (h *Handlers) PlaceNew(w http.ResponseWriter, r *http.Request) {
	in, err := h.places.Draft(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: formValues(in)}
	h.site.Render(w, r, http.StatusOK, "placeedit_form", ui.Page{Title: formTitle(nil), Form: f, Data: h.formPage(f, nil, "")})
}

// PlaceEdit is the form of a place the actor may edit.
func (h *Handlers) PlaceEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	sheet, err := h.places.Sheet(r.Context(), ui.Actor(r), id, ui.QueryID(r, "signalement"))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: formValues(places.InputOf(&sheet.Place))}
	f.Set("version", places.Version(&sheet.Place))
	f.Set("retour", localReturn(r.URL.Query().Get("retour"), "/espace/lieux"))
	h.site.Render(w, r, http.StatusOK, "placeedit_form", ui.Page{Title: formTitle(&sheet), Form: f, Data: h.formPage(f, &sheet, sheet.Place.Hours)})
}

// PlaceCreate records a new place of the actor's structure.
func (h *Handlers) PlaceCreate(w http.ResponseWriter, r *http.Request) { h.savePlace(w, r, 0) }

// PlaceUpdate saves a place the actor may edit.
func (h *Handlers) PlaceUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	h.savePlace(w, r, id)
}

// savePlace saves the form, dated today, or only checks it ("Vérifier sans
// enregistrer"); on any error the form comes back with everything typed.
func (h *Handlers) savePlace(w http.ResponseWriter, r *http.Request, id int64) {
	if !h.parseForm(w, r) {
		return
	}
	ctx, a := r.Context(), ui.Actor(r)
	f := ui.NewForm(r)
	in := inputOf(r.PostForm)
	preview := r.PostForm.Get("action") == "apercu"
	var ap places.Applied
	var err error
	switch {
	case preview:
		ap, err = h.places.Preview(ctx, a, id, in)
	case id == 0:
		ap, err = h.places.Create(ctx, a, in)
	default:
		ap, err = h.places.Update(ctx, a, id, r.PostForm.Get("version"), in)
	}
	if err == nil && !preview {
		msg := "La fiche « " + ap.Place.Name + " » est enregistrée et datée d'aujourd'hui."
		if ap.Converted != "" {
			msg += " Horaires convertis au format OpenStreetMap : « " + ap.Converted + " »."
		}
		h.site.Flash(r, msg)
		ui.Redirect(w, r, localReturn(r.PostForm.Get("retour"), "/espace/lieux"))
		return
	}
	status := http.StatusOK
	if err != nil {
		if !f.Fail(err) {
			h.site.ServerError(w, r, err)
			return
		}
		status = http.StatusUnprocessableEntity
	}
	var sheet *places.Sheet
	if id != 0 {
		accepted, _ := strconv.ParseInt(f.Value("signalement"), 10, 64) // keep the correction in view
		sh, serr := h.places.Sheet(ctx, a, id, accepted)
		if serr != nil {
			h.site.Fail(w, r, serr)
			return
		}
		sheet = &sh
		if apperr.Is(err, apperr.Conflict) {
			// Show the newer version's stamp: a second click saves, once this person has looked again.
			f.Set("version", places.Version(&sh.Place))
		}
	}
	shown := ap.Place.Hours
	if f.Error("horaires") != "" {
		shown = ""
	}
	d := h.formPage(f, sheet, shown)
	d.Converted, d.PreviewOnly = ap.Converted, preview && err == nil
	h.site.Render(w, r, status, "placeedit_form", ui.Page{Title: formTitle(sheet), Form: f, Data: d})
}
