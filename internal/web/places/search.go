package places

import (
	"fmt"
	"github.com/parcours-numerique/parcours/internal/i18n"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placesearch"
	"github.com/parcours-numerique/parcours/internal/service/placefinder"
	"github.com/parcours-numerique/parcours/internal/textfold"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// Search parameters of /lieux, in French since people read and share the URLs.
const (
	paramCommune = "commune"         // a name, "Name (postal code)" or a postal code
	paramCode    = "code"            // an INSEE code, from the choice links
	paramLat     = "lat"             // position from the browser ("autour de moi")
	paramLon     = "lon"             //
	paramRadius  = "rayon"           // km
	paramPage    = "page"            //
	paramService = "service"         // services
	paramPublic  = "public"          // publics_specifiquement_adresses
	paramSupport = "prise_en_charge" // prise_en_charge_specifique
	paramFees    = "frais"           // frais_a_charge
	paramModes   = "accompagnement"  // modalites_accompagnement
	paramHours   = "horaires"        // maintenant, samedi
	paramAccess  = "acces"           // rdv, fiche
)

// resultsPerPage is the length of a page of results.
const resultsPerPage = 20

// filterGroup is one fieldset of checkboxes.
type filterGroup struct {
	Name    string // URL parameter
	Legend  string
	Hint    string
	Field   string // schema field, to place the index's errors
	Options []filterOption
}

type filterOption struct {
	ID      string // the first option's id is the group's name, for the error summary
	Value   string
	Label   string
	Hint    string
	Checked bool
}

// filterGroups builds the filters, in the order a resident thinks of them,
// with the plain labels of the place vocabularies.
func filterGroups(q url.Values) []filterGroup {
	fromVocab := func(vocab []place.Choice) []filterOption {
		out := make([]filterOption, len(vocab))
		for i, c := range vocab {
			out[i] = filterOption{Value: c.Value, Label: c.Label}
		}
		return out
	}
	groups := []filterGroup{
		{Name: paramService, Legend: "Pour quoi faire ?", Hint: "Les lieux qui proposent au moins une des aides cochées.", Field: "services", Options: fromVocab(place.Services)},
		{Name: paramHours, Legend: "Quand ?", Options: []filterOption{
			{Value: "maintenant", Label: "Ouvert maintenant"},
			{Value: "samedi", Label: "Ouvert le samedi"},
		}},
		{Name: paramFees, Legend: "Combien ça coûte ?", Field: "frais_a_charge", Options: fromVocab(place.Fees)},
		{Name: paramModes, Legend: "Comment être aidé ?", Field: "modalites_accompagnement", Options: fromVocab(place.SupportModes)},
		{Name: paramPublic, Legend: "Pour qui ?", Hint: "Les lieux qui accueillent en priorité ces personnes. Les autres lieux accueillent aussi tout le monde.", Field: "publics_specifiquement_adresses", Options: fromVocab(place.Publics)},
		{Name: paramSupport, Legend: "Besoin d'un accueil adapté ?", Field: "prise_en_charge_specifique", Options: fromVocab(place.SpecificSupport)},
		{Name: paramAccess, Legend: "Rendez-vous et accessibilité", Options: []filterOption{
			{Value: "rdv", Label: "Prise de rendez-vous en ligne"},
			{Value: "fiche", Label: "Fiche d'accessibilité", Hint: "Le lieu a décrit son accès sur Acceslibre : marches, rampe, toilettes, accueil des personnes sourdes ou aveugles…"},
		}},
	}
	for gi := range groups {
		chosen := q[groups[gi].Name]
		for oi := range groups[gi].Options {
			o := &groups[gi].Options[oi]
			o.Checked = slices.Contains(chosen, o.Value)
			o.ID = groups[gi].Name
			if oi > 0 {
				o.ID += "-" + strconv.Itoa(oi)
			}
		}
	}
	return groups
}

// placeSearchData is what placesearch_list.html shows.
type placeSearchData struct {
	Radii       []ui.Option
	Groups      []filterGroup
	FilterCount int
	Filters     template.HTML // the filters' fieldsets, rendered by filtersHTML
	Lat, Lon    string        // kept in the form while searching around a position

	Choices []communeChoice // "Choisissez votre commune"

	Searched bool
	Centre   string // "Rochefort (17300)", "votre position (près de Rochefort)"
	First    int    // rank of the first result of the page
	Radius   int
	Total    int
	Hits     []placeHit
	// OpeningNext: nothing matching is open now; Hits open next, soonest first.
	OpeningNext bool
	Page        int
	Pages       int
	PageLinks   []pageLink
	Prev        string
	Next        string
	Wider       []pageLink // the same search farther away, when it found little

	Passages []passageLine // when itinerant services next pass in the commune
	Remote   []placeOffer  // motives held at home or by video from the places found

	GuideCode  string // INSEE code for the printable guide of the commune
	GuideLabel string // that commune, "Rochefort (17300)"
	GuideRadii []ui.Option
	Map        *mapData
}

type communeChoice struct {
	Label string
	Href  string
}

type pageLink struct {
	Label   string
	Href    string
	Current bool
	Gap     bool // an ellipsis
}

// placeHit is one result line.
type placeHit struct {
	ID          int64
	Name        string
	Distance    string
	Address     string
	Approximate bool
	HasHours    bool
	Open        bool
	State       string
	Services    string // plain short labels joined by " · "
	Phone       string
	PhoneHref   template.URL // tel:+33…, built from a normalised number
	Lat, Lon    string
}

// searchCentre is where a search is centred.
type searchCentre struct {
	lat, lon float64
	label    string
	code     string // INSEE code when a commune
}

// searchKey names everything an anonymous /lieux page depends on: the
// query, the language and display settings, the snapshot of the places and
// the minute (what is open now). Itinerant passages and remote motives are
// not in it: they show within respcache's delay (pageTTL).
type searchKey struct {
	query   string
	lang    string
	display ui.Display
	index   uint64
	minute  int64
}

// Bounds of the cache of anonymous /lieux pages (gzip, 5 to 10 KB each).
const (
	pageCacheSize = 1024
	pageTTL       = 2 * time.Second
)

// Search is /lieux: the form, then the places near a commune or a position.
// Residents' pages are kept a moment, compressed: a commune searched again
// costs no rendering. Signed-in staff see their menu: never kept.
func (h *Handlers) Search(w http.ResponseWriter, r *http.Request) {
	if ui.Actor(r) != nil {
		h.search(w, r)
		return
	}
	gen, err := h.finder.Generation(r.Context())
	if err != nil {
		h.search(w, r) // which tells the index is unavailable
		return
	}
	key := searchKey{query: r.URL.RawQuery, lang: ui.LangOf(r).Code, display: ui.DisplayOf(r), index: gen, minute: h.site.Now().Unix() / 60}
	h.pages.Serve(w, r, key, h.search)
}

func (h *Handlers) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &ui.Form{Values: url.Values{}}
	d := placeSearchData{Groups: filterGroups(q), GuideRadii: radiusChoices(placefinder.GuideRadii)}
	for _, g := range d.Groups {
		for _, o := range g.Options {
			if o.Checked {
				d.FilterCount++
			}
		}
	}
	f.Set(paramCommune, q.Get(paramCommune))
	radius := placefinder.DefaultRadius
	if v := q.Get(paramRadius); v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(v, "km")))
		if err != nil || !slices.Contains(placefinder.SearchRadii, n) {
			f.Errors = append(f.Errors, apperr.FieldError{Field: paramRadius, Message: "Choisissez une distance dans la liste : de 5 à 100 km."})
		} else {
			radius = n
		}
	}
	f.Set(paramRadius, strconv.Itoa(radius))
	d.Radii = radiusChoices(placefinder.SearchRadii)
	d.Radius = radius

	centre, ok := searchCentreOf(q, f, &d)
	status := http.StatusOK
	if ok && !f.HasErrors() {
		status = h.runSearch(r, q, f, &d, centre)
	}
	if f.HasErrors() && status == http.StatusOK {
		status = http.StatusUnprocessableEntity
	}
	lang := ui.LangOf(r)
	filters, err := h.filtersHTML(lang, f, d.Groups, d.FilterCount)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	d.Filters = filters
	title := lang.T("search.title")
	if d.Searched {
		title = lang.T("results.title_near", "Centre", d.Centre)
		if d.Page > 1 {
			title += " (" + lang.T("search.page_of", "Page", d.Page, "Pages", d.Pages) + ")"
		}
	}
	h.site.Render(w, r, status, "placesearch_list", ui.Page{Title: title, Form: f, Data: d})
}

// filterBlock is what the "placesearch-filters" template shows.
type filterBlock struct {
	Lang   i18n.Lang
	Count  int
	Open   bool // shown unfolded: a filter has an error
	Groups []filterGroup
	Form   *ui.Form
}

// filterCacheSize bounds the cache of rendered filters (a few KB each).
const filterCacheSize = 512

// filtersHTML renders the filters' 40 checkboxes, the costliest part of the
// page to render, once per combination of choices: most searches share a
// handful of them. They stay folded (the summary counts the choices) so
// that the results come first on a phone, unless one of them has an error;
// those are not cached.
func (h *Handlers) filtersHTML(lang i18n.Lang, f *ui.Form, groups []filterGroup, count int) (template.HTML, error) {
	var key strings.Builder
	key.WriteString(lang.Code + ";")
	cacheable := true
	for _, g := range groups {
		if f.Error(g.Name) != "" {
			cacheable = false
		}
		key.WriteString(g.Name)
		for _, o := range g.Options {
			if o.Checked {
				key.WriteString("|" + o.Value)
			}
		}
		key.WriteByte(';')
	}
	if cacheable {
		h.mu.Lock()
		html, ok := h.filters[key.String()]
		h.mu.Unlock()
		if ok {
			return html, nil
		}
	}
	var buf strings.Builder
	if err := h.site.ExecuteTemplate(&buf, "placesearch_list", "placesearch-filters", filterBlock{Lang: lang, Count: count, Open: !cacheable, Groups: groups, Form: f}); err != nil {
		return "", err
	}
	// Escaped by html/template; the indentation goes (no <pre> in there).
	lines := strings.Split(buf.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, " ")
	}
	html := template.HTML(strings.Join(lines, "\n"))
	if cacheable {
		h.mu.Lock()
		if len(h.filters) >= filterCacheSize {
			clear(h.filters)
		}
		h.filters[key.String()] = html
		h.mu.Unlock()
	}
	return html, nil
}

// searchCentre reads the centre of the search: a chosen INSEE code, the
// commune typed, or the browser's position, in that order. It reports false
// when there is no centre yet (first visit, choice to make, error).
func searchCentreOf(q url.Values, f *ui.Form, d *placeSearchData) (searchCentre, bool) {
	if code := strings.ToUpper(strings.TrimSpace(q.Get(paramCode))); code != "" {
		c, found := commune.Lookup(code)
		if !found || !c.HasCoords {
			f.Errors = append(f.Errors, apperr.FieldError{Field: paramCommune, Message: "Cette commune est introuvable : saisissez son nom ou son code postal."})
			return searchCentre{}, false
		}
		if q.Get(paramCommune) == "" {
			f.Set(paramCommune, commune.Label(c))
		}
		return searchCentre{c.Lat, c.Lon, commune.Label(c), c.Code}, true
	}
	_, hasCommune := q[paramCommune]
	if text := strings.TrimSpace(q.Get(paramCommune)); text != "" || q.Get(paramLat) == "" {
		if !hasCommune {
			return searchCentre{}, false // first visit: the form only
		}
		c, choices, msg := resolveSearchCommune(text)
		if msg != "" {
			f.Errors = append(f.Errors, apperr.FieldError{Field: paramCommune, Message: msg})
			return searchCentre{}, false
		}
		if len(choices) > 0 {
			for _, ch := range choices {
				v := queryWithout(q, paramPage, paramLat, paramLon)
				v.Set(paramCode, ch.Code)
				v.Set(paramCommune, commune.Label(ch))
				d.Choices = append(d.Choices, communeChoice{Label: choiceLabel(ch), Href: "/lieux?" + v.Encode()})
			}
			return searchCentre{}, false
		}
		return searchCentre{c.Lat, c.Lon, commune.Label(c), c.Code}, true
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(q.Get(paramLat)), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(q.Get(paramLon)), 64)
	if err1 != nil || err2 != nil || math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		f.Errors = append(f.Errors, apperr.FieldError{Field: paramCommune, Message: "Votre position n'a pas pu être lue : saisissez votre commune ou son code postal."})
		return searchCentre{}, false
	}
	d.Lat, d.Lon = strconv.FormatFloat(lat, 'f', 5, 64), strconv.FormatFloat(lon, 'f', 5, 64)
	label := "votre position"
	c, found := commune.Nearest(lat, lon)
	if found && commune.DistanceKm(lat, lon, c.Lat, c.Lon) < 30 {
		if c.Parent != "" && c.Kind == commune.KindArrondissement {
			if p, ok := commune.Lookup(c.Parent); ok {
				c = p
			}
		}
		label += " (près de " + c.Name + ")"
	} else {
		c = commune.Commune{}
	}
	return searchCentre{lat, lon, label, c.Code}, true
}

// resolveSearchCommune reads what a resident typed: a postal code, an INSEE
// code, "Name (postal code)" as the suggestions write it, or a name, whole
// or started. It returns the commune, or the communes to choose from, or a
// French message.
func resolveSearchCommune(in string) (commune.Commune, []commune.Commune, string) {
	if in == "" {
		return commune.Commune{}, nil, "Saisissez le nom de votre commune ou son code postal."
	}
	if len([]rune(in)) > 100 {
		return commune.Commune{}, nil, "Le nom de commune est trop long : 100 caractères au plus."
	}
	name, cp := in, ""
	if i := strings.LastIndexByte(in, '('); i > 0 && strings.HasSuffix(in, ")") {
		name, cp = strings.TrimSpace(in[:i]), strings.TrimSpace(in[i+1:len(in)-1])
	} else if onlyDigits(strings.ReplaceAll(in, " ", "")) {
		name, cp = "", strings.ReplaceAll(in, " ", "")
	}
	located := func(list []commune.Commune) []commune.Commune {
		var out []commune.Commune
		seen := map[string]bool{}
		for _, c := range list {
			if c.HasCoords && !seen[c.Code] {
				seen[c.Code] = true
				out = append(out, c)
			}
		}
		return out
	}
	one := func(list []commune.Commune) (commune.Commune, []commune.Commune, string) {
		if len(list) == 1 {
			return list[0], nil, ""
		}
		return commune.Commune{}, list, ""
	}
	if name == "" {
		if len(cp) != 5 {
			if list := located(commune.Search(cp, 10)); len(cp) >= 2 && len(list) > 0 {
				return commune.Commune{}, list, ""
			}
			return commune.Commune{}, nil, "Un code postal compte 5 chiffres, par exemple 17300."
		}
		if list := preferArrondissements(located(commune.ByPostalCode(cp))); len(list) > 0 {
			return one(list)
		}
		if c, ok := commune.Lookup(cp); ok && c.HasCoords {
			return c, nil, "" // an INSEE code
		}
		return commune.Commune{}, nil, "Aucune commune n'a le code postal " + cp + " : vérifiez-le, ou saisissez le nom de la commune."
	}
	if commune.ValidCode(strings.ToUpper(name)) && cp == "" { // 2A004
		if c, ok := commune.Lookup(strings.ToUpper(name)); ok && c.HasCoords {
			return c, nil, ""
		}
	}
	key := textfold.Key(name)
	if key == "" {
		return commune.Commune{}, nil, "Saisissez le nom de votre commune ou son code postal."
	}
	found := located(commune.Search(name, 50))
	var exact []commune.Commune
	for _, c := range found {
		if textfold.Key(c.Name) == key && (cp == "" || slices.Contains(c.PostalCodes, cp)) {
			exact = append(exact, c)
		}
	}
	if len(exact) > 0 {
		return one(exact)
	}
	if cp != "" { // the name with a postal code it does not have
		if list := located(commune.ByPostalCode(cp)); len(list) > 0 {
			return commune.Commune{}, list, ""
		}
	}
	if len(found) > 10 {
		found = found[:10]
	}
	if len(found) == 0 {
		return commune.Commune{}, nil, "Aucune commune ne porte ce nom : vérifiez l'orthographe, ou saisissez le code postal."
	}
	return one(found)
}

// preferArrondissements drops Paris, Lyon or Marseille as a whole when
// one of its arrondissements has the postal code: 75015 is the 15e.
func preferArrondissements(list []commune.Commune) []commune.Commune {
	parents := map[string]bool{}
	for _, c := range list {
		if c.Kind == commune.KindArrondissement {
			parents[c.Parent] = true
		}
	}
	out := list[:0:0]
	for _, c := range list {
		if !parents[c.Code] {
			out = append(out, c)
		}
	}
	return out
}

// choiceLabel tells communes of the same name apart.
func choiceLabel(c commune.Commune) string {
	l := commune.Label(c)
	if c.Department != "" {
		l += " – département " + c.Department
	}
	return l
}

// runSearch fills d with the page of results; it returns the status of the
// page (503 when the index cannot be built).
func (h *Handlers) runSearch(r *http.Request, q url.Values, f *ui.Form, d *placeSearchData, centre searchCentre) int {
	sq := placesearch.Query{
		Lat: centre.lat, Lon: centre.lon, RadiusKm: float64(d.Radius),
		Services: q[paramService], Publics: q[paramPublic], SpecificSupport: q[paramSupport],
		Fees: q[paramFees], SupportModes: q[paramModes],
		OpenNow:            slices.Contains(q[paramHours], "maintenant"),
		OpenSaturday:       slices.Contains(q[paramHours], "samedi"),
		OnlineBooking:      slices.Contains(q[paramAccess], "rdv"),
		AccessibilitySheet: slices.Contains(q[paramAccess], "fiche"),
		Limit:              resultsPerPage,
	}
	d.Page = 1
	if p, err := strconv.Atoi(q.Get(paramPage)); err == nil && p > 1 {
		d.Page = min(p, 10000)
	}
	sq.Offset = (d.Page - 1) * resultsPerPage
	res, err := h.finder.SearchPublic(r.Context(), sq)
	if last := max(1, (res.Total+resultsPerPage-1)/resultsPerPage); err == nil && d.Page > last {
		// An old link, from before places closed: the last page.
		d.Page, sq.Offset = last, (last-1)*resultsPerPage
		res, err = h.finder.SearchPublic(r.Context(), sq)
	}
	if err != nil {
		// Filter values outside the vocabularies: a hand-edited URL.
		if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
			for _, fe := range e.Fields {
				f.Errors = append(f.Errors, apperr.FieldError{Field: paramOfField(fe.Field), Message: fe.Message})
			}
			return http.StatusUnprocessableEntity
		}
		h.log.Error("recherche de lieux", "err", err)
		f.Message = "La recherche est indisponible pour le moment. Réessayez dans quelques minutes."
		return http.StatusServiceUnavailable
	}
	d.Pages = max(1, (res.Total+resultsPerPage-1)/resultsPerPage)
	d.Searched, d.Centre, d.Total, d.OpeningNext = true, centre.label, res.Total, res.OpeningNext
	d.First = sq.Offset + 1
	for _, hit := range res.Hits {
		d.Hits = append(d.Hits, newPlaceHit(hit))
	}
	if c, ok := commune.Lookup(centre.code); ok {
		d.GuideCode, d.GuideLabel = c.Code, commune.Label(c)
		d.Passages = h.passagesIn(r, c.Code, 0)
	}
	placeIDs := make([]int64, len(d.Hits))
	for i, hit := range d.Hits {
		placeIDs[i] = hit.ID
	}
	d.Remote = h.remoteMotives(r, placeIDs)
	base := queryWithout(q, paramPage)
	pageURL := func(n int) string {
		v := queryWithout(base)
		if n > 1 {
			v.Set(paramPage, strconv.Itoa(n))
		}
		return "/lieux?" + v.Encode()
	}
	if d.Page > 1 {
		d.Prev = pageURL(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.Next = pageURL(d.Page + 1)
	}
	if d.Pages > 1 {
		last := 0
		for n := 1; n <= d.Pages; n++ {
			if n == 1 || n == d.Pages || (n >= d.Page-1 && n <= d.Page+1) {
				if last != 0 && n > last+1 {
					d.PageLinks = append(d.PageLinks, pageLink{Gap: true})
				}
				d.PageLinks = append(d.PageLinks, pageLink{Label: strconv.Itoa(n), Href: pageURL(n), Current: n == d.Page})
				last = n
			}
		}
	}
	if res.Total < 5 {
		for _, km := range placefinder.SearchRadii {
			if km > d.Radius && len(d.Wider) < 2 {
				v := queryWithout(base)
				v.Set(paramRadius, strconv.Itoa(km))
				d.Wider = append(d.Wider, pageLink{Label: fmt.Sprintf("%d km", km), Href: "/lieux?" + v.Encode()})
			}
		}
	}
	if len(d.Hits) > 0 {
		d.Map = &mapData{Tiles: h.cfg.TileURL, Attribution: mapAttribution(h.cfg.TileURL), Lat: centre.lat, Lon: centre.lon, RadiusKm: d.Radius}
	}
	return http.StatusOK
}

// paramOfField maps the index's field names to the form's parameters.
func paramOfField(field string) string {
	switch field {
	case "services":
		return paramService
	case "publics_specifiquement_adresses":
		return paramPublic
	case "prise_en_charge_specifique":
		return paramSupport
	case "frais_a_charge":
		return paramFees
	case "modalites_accompagnement":
		return paramModes
	case "rayon":
		return paramRadius
	}
	return paramCommune
}

func newPlaceHit(h placesearch.Hit) placeHit {
	ph := placeHit{
		ID: h.ID, Name: h.Name, Distance: distanceText(h.DistanceKm), Address: placeAddress(h.Address, h.PostalCode, h.Commune),
		Approximate: h.Approximate, HasHours: h.HasHours, Open: h.State.Open, State: h.State.Text,
		Lat: strconv.FormatFloat(h.Lat, 'f', 5, 64), Lon: strconv.FormatFloat(h.Lon, 'f', 5, 64),
	}
	labels := make([]string, len(h.Services))
	for i, v := range h.Services {
		labels[i] = shortServiceLabel(v)
	}
	ph.Services = strings.Join(labels, " · ")
	ph.Phone, ph.PhoneHref = phoneDisplay(h.Phone), phoneHref(h.Phone)
	return ph
}

// shortServiceLabel is the plain label without its examples ("Faire une
// démarche en ligne"), for result lines.
func shortServiceLabel(v string) string {
	l := place.LabelOf("services", v)
	if before, _, ok := strings.Cut(l, " : "); ok {
		return before
	}
	return l
}

func placeAddress(address, postalCode, communeName string) string {
	parts := []string{}
	if address != "" {
		parts = append(parts, address)
	}
	if tail := strings.TrimSpace(postalCode + " " + communeName); tail != "" {
		parts = append(parts, tail)
	}
	return strings.Join(parts, ", ")
}

// distanceText writes "800 m", "1,2 km", "35 km".
func distanceText(km float64) string {
	switch {
	case km < 0.95:
		return fmt.Sprintf("%d m", max(100, int(math.Round(km*10))*100))
	case km < 9.95:
		return strings.Replace(fmt.Sprintf("%.1f km", km), ".", ",", 1)
	}
	return fmt.Sprintf("%d km", int(math.Round(km)))
}

// phoneDisplay writes +33546000000 as 05 46 00 00 00.
func phoneDisplay(p string) string {
	if strings.HasPrefix(p, "+33") && len(p) == 12 {
		n := "0" + p[3:]
		return n[0:2] + " " + n[2:4] + " " + n[4:6] + " " + n[6:8] + " " + n[8:10]
	}
	return p
}

// phoneHref is a tel: link; html/template would reject the scheme as a
// string, and the number is only digits and "+" once normalised.
func phoneHref(p string) template.URL {
	if p == "" || strings.Trim(p, "+0123456789") != "" {
		return ""
	}
	return template.URL("tel:" + p)
}

func radiusChoices(list []int) []ui.Option {
	out := make([]ui.Option, len(list))
	for i, km := range list {
		out[i] = ui.Option{Value: strconv.Itoa(km), Label: fmt.Sprintf("%d km", km)}
	}
	return out
}

// queryWithout copies q without some parameters.
func queryWithout(q url.Values, drop ...string) url.Values {
	v := url.Values{}
	for k, vals := range q {
		if !slices.Contains(drop, k) && len(vals) > 0 {
			v[k] = append([]string(nil), vals...)
		}
	}
	return v
}

func onlyDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
