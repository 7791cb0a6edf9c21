package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// placeFormFields are the form's fields in page order (schema names), for
// the error summary.
var placeFormFields = []string{
	"nom", "pivot", "typologie", "adresse", "complement_adresse", "code_postal", "commune", "latitude", "longitude",
	"telephone", "courriels", "site_web", "prise_rdv", "fiche_acces_libre", "horaires", "presentation_resume",
	"presentation_detail", "services", "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
	"modalites_acces", "modalites_accompagnement", "itinerance", "dispositif_programmes_nationaux", "formations_labels",
	"autres_formations_labels", "structure_parente", "source",
}

// placeCheckFields are the enumerations shown as checkboxes, with their legend.
var placeCheckFields = []struct {
	name, legend, hint string
	choices            []place.Choice
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
	Form    *form
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
	Week          []string // the hours in French, day by day
	Converted     string   // French hours turned into OSM syntax by this submission
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

// placeFormValues fills the form with a saved place.
func placeFormValues(p *place.Place) url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("nom", p.Name)
	set("pivot", p.Pivot)
	set("typologie", strings.Join(p.Typologies, ", "))
	set("adresse", p.Address)
	set("complement_adresse", p.AddressComplement)
	set("code_postal", p.PostalCode)
	set("commune", p.Commune)
	if p.HasCoords && p.CoordsFrom != place.CoordsFromCommune {
		// Six decimals (about 10 cm) hide float noise such as -0.9693689999999999.
		set("latitude", strconv.FormatFloat(math.Round(p.Latitude*1e6)/1e6, 'f', -1, 64))
		set("longitude", strconv.FormatFloat(math.Round(p.Longitude*1e6)/1e6, 'f', -1, 64))
	}
	if p.Phone != "" {
		set("telephone", frenchPhone(p.Phone))
	}
	set("courriels", strings.Join(p.Emails, ", "))
	set("site_web", strings.Join(p.Websites, "\n"))
	set("prise_rdv", p.BookingURL)
	set("fiche_acces_libre", p.AccessibilityURL)
	set("horaires", p.Hours)
	set("presentation_resume", p.Summary)
	set("presentation_detail", p.Description)
	for field, list := range map[string][]string{
		"services": p.Services, "publics_specifiquement_adresses": p.Publics, "prise_en_charge_specifique": p.SpecificSupport,
		"frais_a_charge": p.Fees, "modalites_acces": p.AccessModes, "modalites_accompagnement": p.SupportModes,
		"itinerance": p.Itinerance, "dispositif_programmes_nationaux": p.NationalPrograms, "formations_labels": p.TrainingLabels,
	} {
		if len(list) > 0 {
			v[field] = slices.Clone(list)
		}
	}
	set("autres_formations_labels", strings.Join(p.OtherLabels, "\n"))
	set("structure_parente", p.ParentStructure)
	set("source", p.Collector)
	if !p.ModifiedAt.IsZero() {
		v.Set("version", strconv.FormatInt(p.ModifiedAt.UnixMicro(), 10))
	}
	return v
}

// frenchPhone writes +33546000000 as 05 46 00 00 00 for the form.
func frenchPhone(p string) string {
	if !strings.HasPrefix(p, "+33") || len(p) != 12 {
		return p
	}
	d := "0" + p[3:]
	return d[0:2] + " " + d[2:4] + " " + d[4:6] + " " + d[6:8] + " " + d[8:10]
}

// placeFromForm applies the submitted form to base and checks the result
// with the place validator (the one imports use) plus what only a form can
// get wrong: the commune, the coordinates. converted is set when French
// hours were turned into OSM syntax.
func placeFromForm(v url.Values, base place.Place) (p place.Place, converted string, err error) {
	p = base
	var errs apperr.Validation
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }

	p.Name = get("nom")
	p.Pivot = get("pivot")
	p.Typologies = nil
	for _, t := range splitWords(get("typologie")) {
		p.Typologies = append(p.Typologies, canonicalTypology(t))
	}
	p.Address = get("adresse")
	p.AddressComplement = get("complement_adresse")
	p.PostalCode = get("code_postal")

	c, field, msg := resolvePlaceCommune(get("commune"), p.PostalCode)
	if msg != "" {
		errs.Add(field, msg)
		p.Commune, p.InseeCode = get("commune"), ""
	} else {
		p.Commune, p.InseeCode = c.Name, c.Code
		switch {
		case p.PostalCode == "" && len(c.PostalCodes) > 0:
			p.PostalCode = c.PostalCodes[0]
		case len(p.PostalCode) == 5 && len(c.PostalCodes) > 0 && !slices.Contains(c.PostalCodes, p.PostalCode):
			errs.Add("code_postal", fmt.Sprintf("Le code postal de %s est %s.", c.Name, strings.Join(c.PostalCodes, " ou ")))
		}
	}

	lat, lon := get("latitude"), get("longitude")
	switch {
	case lat == "" && lon == "":
		p.HasCoords, p.CoordsFrom = false, place.CoordsFromCommune
		if msg == "" && c.HasCoords {
			p.Latitude, p.Longitude, p.HasCoords = c.Lat, c.Lon, true
		}
	case lat == "":
		errs.Add("latitude", "Indiquez aussi la latitude, ou laissez les deux vides pour placer le lieu au centre de la commune.")
	case lon == "":
		errs.Add("longitude", "Indiquez aussi la longitude, ou laissez les deux vides pour placer le lieu au centre de la commune.")
	default:
		la, errLa := parseDecimal(lat)
		lo, errLo := parseDecimal(lon)
		if errLa != nil {
			errs.Add("latitude", "La latitude doit être un nombre, par exemple 45.9421 ou 45,9421.")
		}
		if errLo != nil {
			errs.Add("longitude", "La longitude doit être un nombre, par exemple -0.9612 ou -0,9612.")
		}
		if errLa == nil && errLo == nil {
			p.Latitude, p.Longitude, p.HasCoords, p.CoordsFrom = la, lo, true, place.CoordsFromSource
			if msg == "" && c.HasCoords && la >= -90 && la <= 90 && lo >= -180 && lo <= 180 {
				if km := commune.DistanceKm(c.Lat, c.Lon, la, lo); km > 30 {
					errs.Add("latitude", fmt.Sprintf("Ce point est à %.0f km de %s : vérifiez la latitude et la longitude (les avez-vous inversées ?).", km, c.Name))
				}
			}
		}
	}

	p.Phone = get("telephone")
	p.Emails = splitWords(get("courriels"))
	p.Websites = nil
	for _, u := range splitWords(get("site_web")) {
		p.Websites = append(p.Websites, withScheme(u))
	}
	p.BookingURL = withScheme(get("prise_rdv"))
	p.AccessibilityURL = withScheme(get("fiche_acces_libre"))

	p.Hours = get("horaires")
	if p.Hours != "" {
		if osm, err := hours.FromFrench(p.Hours); err == nil {
			if _, err := hours.Parse(p.Hours); err != nil {
				converted = osm
			}
			p.Hours = osm
		}
		p.HoursText = "" // the owner's hours replace the text an import could not read
	}

	p.Summary = strings.TrimSpace(strings.ReplaceAll(v.Get("presentation_resume"), "\r\n", "\n"))
	p.Description = strings.TrimSpace(strings.ReplaceAll(v.Get("presentation_detail"), "\r\n", "\n"))
	p.Services = v["services"]
	p.Publics = v["publics_specifiquement_adresses"]
	p.SpecificSupport = v["prise_en_charge_specifique"]
	p.Fees = v["frais_a_charge"]
	p.AccessModes = v["modalites_acces"]
	p.SupportModes = v["modalites_accompagnement"]
	p.Itinerance = v["itinerance"]
	p.NationalPrograms = v["dispositif_programmes_nationaux"]
	p.TrainingLabels = v["formations_labels"]
	p.OtherLabels = strings.Split(strings.ReplaceAll(v.Get("autres_formations_labels"), "\r\n", "\n"), "\n")
	p.ParentStructure = get("structure_parente")
	p.Collector = get("source")

	p.Normalize()
	if e, ok := apperr.As(p.Validate()); ok {
		for _, fe := range e.Fields {
			switch fe.Field {
			case "code_insee", "commune":
				if !errs.Has("commune") {
					errs.Add("commune", fe.Message)
				}
			case "latitude":
				if !errs.Has("latitude") {
					errs.Add("latitude", fe.Message)
				}
			case "horaires":
				errs.Add("horaires", fe.Message+". Écrivez par exemple « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 », ou en français « du lundi au vendredi de 9h à 12h et de 14h à 17h ».")
			case "code_postal":
				if !errs.Has("code_postal") {
					errs.Add("code_postal", fe.Message)
				}
			default:
				errs.Add(fe.Field, fe.Message)
			}
		}
	}
	return p, converted, sortedErrors(errs.Err())
}

// sortedErrors puts field errors in page order, for the summary.
func sortedErrors(err error) error {
	e, ok := apperr.As(err)
	if !ok {
		return err
	}
	rank := func(f string) int {
		if i := slices.Index(placeFormFields, f); i >= 0 {
			return i
		}
		return len(placeFormFields)
	}
	slices.SortStableFunc(e.Fields, func(a, b apperr.FieldError) int { return rank(a.Field) - rank(b.Field) })
	return e
}

// resolvePlaceCommune finds the commune from its name (with the postal
// code to tell homonyms apart) or its INSEE code. On failure it names the
// field to blame: the commune, or the postal code that matches none of the
// communes of that name.
func resolvePlaceCommune(input, postalCode string) (c commune.Commune, field, msg string) {
	in := strings.TrimSpace(input)
	if in == "" {
		return c, "commune", "Saisissez la commune."
	}
	if len(postalCode) == 5 {
		if code, msg := resolveCommune(in + " (" + postalCode + ")"); msg == "" {
			c, _ = commune.Lookup(code)
			return c, "", ""
		}
	}
	code, msg := resolveCommune(in)
	if msg == "" {
		c, _ = commune.Lookup(code)
		return c, "", ""
	}
	if len(postalCode) == 5 && !commune.ValidCode(strings.ToUpper(in)) {
		for _, cand := range commune.Search(in, 50) {
			if textfold.Key(cand.Name) == textfold.Key(in) {
				return c, "code_postal", fmt.Sprintf("Aucune commune nommée %s n'a le code postal %s : vérifiez-le.", cand.Name, postalCode)
			}
		}
	}
	return c, "commune", msg
}

// parseDecimal reads a coordinate typed with a comma or a point.
func parseDecimal(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(s, ",", "."), " ", ""), 64)
	if err == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return 0, strconv.ErrSyntax
	}
	return f, err
}

// splitWords splits a list typed with commas, semicolons, spaces or lines.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t'
	})
}

// withScheme adds https:// to an address typed without it ("www.ccas.fr").
func withScheme(u string) string {
	if u != "" && !strings.Contains(u, "://") && strings.Contains(u, ".") && !strings.ContainsAny(u, " @") {
		return "https://" + u
	}
	return u
}

func canonicalTypology(code string) string {
	for _, t := range structure.Typologies {
		if strings.EqualFold(t.Code, code) {
			return t.Code
		}
	}
	return code
}

// placeFormPage builds the page data around a form.
func (s *Server) placeFormPage(r *http.Request, f *form, saved *place.Place, current *place.Place) (placeFormData, error) {
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
	if current != nil && current.Hours != "" {
		if sched, err := hours.Parse(current.Hours); err == nil {
			for _, day := range sched.Week(s.cfg.Now()) {
				d.Week = append(d.Week, day.String())
			}
		}
	}
	if saved == nil || saved.ID == 0 {
		return d, nil
	}
	d.ID, d.Place = saved.ID, *saved
	d.Action = "/espace/lieux/" + strconv.FormatInt(saved.ID, 10)
	d.CommuneCentre = saved.CoordsFrom == place.CoordsFromCommune
	d.Completion = place.CompletionOf(saved)
	d.Stale = saved.Stale(s.cfg.Now())
	d.Open = saved.Open()
	for field, vals := range saved.Unknown {
		for _, v := range vals {
			d.Unknown = append(d.Unknown, field+" : "+v)
		}
	}
	slices.Sort(d.Unknown)
	if saved.StructureID != 0 {
		if st, err := s.store.Structure(r.Context(), saved.StructureID); err == nil {
			d.Owner = st.Name
		}
	}
	a := actorFrom(r)
	scope, err := s.reportScope(r.Context(), a)
	if err != nil {
		return d, err
	}
	if d.Reports, err = s.store.PlaceReports(r.Context(), scope, store.ReportFilter{PlaceID: saved.ID, Status: placereport.StatusNew}); err != nil {
		return d, err
	}
	accepted := r.URL.Query().Get("signalement")
	if accepted == "" {
		accepted = f.Value("signalement") // the form came back with errors: keep the correction in view
	}
	if id, err := strconv.ParseInt(accepted, 10, 64); err == nil {
		if rep, err := s.store.PlaceReport(r.Context(), scope, id); err == nil && rep.PlaceID == saved.ID {
			d.Accepted = &rep
		}
	}
	return d, nil
}

func (s *Server) placeNew(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	f := &form{Values: url.Values{}}
	if st, err := s.store.Structure(r.Context(), a.StructureID()); err == nil {
		f.Set("pivot", st.SIRET)
		if st.SIRET == "" {
			f.Set("pivot", st.RNA)
		}
		f.Set("source", st.Name)
		f.Set("typologie", st.Typology)
	}
	f.Values["itinerance"] = []string{"Fixe"}
	d, err := s.placeFormPage(r, f, nil, nil)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "placeedit_form", page{Title: "Ajouter un lieu", Form: f, Data: d})
}

func (s *Server) placeEdit(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadEditablePlace(w, r)
	if !ok {
		return
	}
	f := &form{Values: placeFormValues(&p)}
	f.Set("retour", localReturn(r.URL.Query().Get("retour"), "/espace/lieux"))
	d, err := s.placeFormPage(r, f, &p, &p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "placeedit_form", page{Title: "Modifier « " + p.Name + " »", Form: f, Data: d})
}

func (s *Server) placeCreate(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	base := place.Place{StructureID: a.StructureID(), Source: place.SourceParcours, Status: place.StatusOpen}
	s.savePlace(w, r, base)
}

func (s *Server) placeUpdate(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadEditablePlace(w, r)
	if !ok {
		return
	}
	s.savePlace(w, r, p)
}

// savePlace runs the form through the validator and saves it with today as
// date_maj; on any error the form comes back with everything typed.
func (s *Server) savePlace(w http.ResponseWriter, r *http.Request, base place.Place) {
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible.")
		return
	}
	f := newForm(r)
	preview := r.PostForm.Get("action") == "apercu"
	in := base
	in.UpdatedOn = s.today() // every save confirms the listing
	p, converted, err := placeFromForm(r.PostForm, in)
	if err == nil && base.ID != 0 && r.PostForm.Get("version") != strconv.FormatInt(base.ModifiedAt.UnixMicro(), 10) {
		// Someone saved meanwhile: show their version's stamp so that a second
		// click saves, but only after this person has looked again.
		f.Values.Set("version", strconv.FormatInt(base.ModifiedAt.UnixMicro(), 10))
		err = apperr.New(apperr.Conflict, "Quelqu'un a enregistré cette fiche pendant que vous la modifiiez. Vos saisies sont gardées ci-dessous : vérifiez-les, puis enregistrez à nouveau.")
	}
	if err == nil && !preview {
		if base.ID == 0 {
			err = s.store.CreatePlace(r.Context(), &p, s.cfg.Now())
		} else {
			err = s.store.UpdatePlace(r.Context(), &p, s.cfg.Now())
		}
	}
	if err != nil || preview {
		status := http.StatusOK
		if err != nil {
			if !f.Fail(err) {
				s.serverError(w, r, err)
				return
			}
			status = http.StatusUnprocessableEntity
		}
		var saved *place.Place
		if base.ID != 0 {
			saved = &base
		}
		current := &p
		if f.Error("horaires") != "" {
			current = nil
		}
		d, derr := s.placeFormPage(r, f, saved, current)
		if derr != nil {
			s.serverError(w, r, derr)
			return
		}
		d.Converted, d.PreviewOnly = converted, preview && err == nil
		title := "Ajouter un lieu"
		if base.ID != 0 {
			title = "Modifier « " + base.Name + " »"
		}
		s.render(w, r, status, "placeedit_form", page{Title: title, Form: f, Data: d})
		return
	}
	msg := "La fiche « " + p.Name + " » est enregistrée et datée d'aujourd'hui."
	if converted != "" {
		msg += " Horaires convertis au format OpenStreetMap : « " + converted + " »."
	}
	s.flash(r, msg)
	redirect(w, r, localReturn(r.PostForm.Get("retour"), "/espace/lieux"))
}
