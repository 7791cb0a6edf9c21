package diagnostic

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/fragility"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/service/fragilityindex"
	"github.com/parcours-numerique/parcours/internal/surveyanalysis"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type fragilityData struct {
	Ix          fragilityindex.TerritoryIndex
	Rows        []fragilityRow
	Methods     []ui.Option
	References  []ui.Option
	Territories []ui.Option
	Map         template.HTML
	Base100     bool
	ImportedAt  string
	Indicators  []string
	Empty       string // why there is no table
}

type fragilityRow struct {
	fragilityindex.Row
	Score, Percentile, Places, Services, Accompanied, Priority string
	Values                                                     []string
	Flag                                                       string
}

var priorityLabels = map[int]string{1: "Fragile, offre ou activité faible", 2: "Fragile", 3: "—"}

// Fragility puts side by side, for each commune of the territory, the
// fragility index by one method, the offer and the activity.
func (h *Handlers) Fragility(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	q := r.URL.Query()
	tid, _ := strconv.ParseInt(q.Get("territoire"), 10, 64)
	query := fragilityindex.Query{Method: q.Get("methode"), Reference: q.Get("reference"), TerritoryID: tid}
	f := &ui.Form{}
	f.Set("methode", firstNonEmpty(query.Method, fragilityindex.MethodLaMedNum2022))
	f.Set("reference", firstNonEmpty(query.Reference, fragilityindex.ReferenceFrance))
	f.Set("territoire", q.Get("territoire"))
	d := fragilityData{
		Methods: []ui.Option{
			{Value: fragilityindex.MethodLaMedNum2022, Label: "La MedNum 2022 (−10 à +10, position nationale)"},
			{Value: fragilityindex.MethodBase100, Label: "Base 100, méthode 2019–2020 (rapport à un territoire de référence)"},
		},
		References: []ui.Option{
			{Value: fragilityindex.ReferenceFrance, Label: "France"},
			{Value: fragilityindex.ReferenceDepartment, Label: "Le ou les départements du territoire"},
			{Value: fragilityindex.ReferenceTerritory, Label: "Le territoire lui-même"},
		},
	}
	ts, err := h.fragility.Territories(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if len(ts) > 1 {
		d.Territories = []ui.Option{{Value: "", Label: "Choisissez un territoire"}}
		for _, t := range ts {
			d.Territories = append(d.Territories, ui.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name})
		}
	}
	ix, err := h.fragility.Index(r.Context(), a, query)
	switch {
	case err == nil:
	case apperr.Is(err, apperr.Invalid) && len(d.Territories) > 0 && tid == 0:
		d.Empty = "Choisissez un territoire pour voir ses communes."
	case apperr.Is(err, apperr.Conflict) || apperr.Is(err, apperr.Invalid):
		d.Empty = apperr.MessageOf(err)
	default:
		h.site.Fail(w, r, err)
		return
	}
	if err == nil {
		d.Ix, d.Base100, d.ImportedAt = ix, ix.Method == fragilityindex.MethodBase100, frtime.Date(ix.ImportedAt)
		for _, ind := range fragility.Core {
			d.Indicators = append(d.Indicators, ind.Label())
		}
		for _, row := range ix.Rows {
			d.Rows = append(d.Rows, fragilityView(row))
		}
		d.Map = communeMap(ix.Rows)
	}
	h.site.Render(w, r, http.StatusOK, "diagnostic_fragility", ui.Page{Title: "Fragilité numérique du territoire", Form: f, Data: d})
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func fragilityView(r fragilityindex.Row) fragilityRow {
	v := fragilityRow{Row: r, Score: "non calculé", Places: itoa(r.Places), Services: itoa(r.Services), Accompanied: itoa(r.Accompanied), Priority: priorityLabels[r.Priority]}
	if r.Scored {
		v.Score = surveyanalysis.Decimal(r.Score.Score, 1)
		v.Percentile = strconv.Itoa(int(math.Round(r.Percentile*100))) + " %"
	}
	if r.Population > 0 {
		v.Places += " (" + surveyanalysis.Decimal(r.PlacesPer10k, 1) + ")"
		v.Services += " (" + surveyanalysis.Decimal(r.ServicesPer10k, 1) + ")"
		v.Accompanied += " (" + surveyanalysis.Decimal(r.AccompaniedPer1, 1) + ")"
	}
	values := map[fragility.Indicator]string{}
	for _, p := range r.Score.Parts {
		values[p.Indicator] = surveyanalysis.Decimal(p.Value.Value, 1) + " %"
	}
	for _, ind := range fragility.Core {
		s, ok := values[ind]
		if !ok {
			s = "manquant"
		}
		v.Values = append(v.Values, s)
	}
	var flags []string
	if r.LowOffer {
		flags = append(flags, "offre faible")
	}
	if r.LowActivity {
		flags = append(flags, "activité faible")
	}
	v.Flag = strings.Join(flags, ", ")
	return v
}

// communeMap draws the communes at their coordinates, coloured by priority:
// a plain SVG that needs neither JavaScript nor map tiles.
func communeMap(rows []fragilityindex.Row) template.HTML {
	minLat, maxLat, minLon, maxLon := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	n := 0
	for _, r := range rows {
		if !r.HasCoords {
			continue
		}
		n++
		minLat, maxLat = math.Min(minLat, r.Lat), math.Max(maxLat, r.Lat)
		minLon, maxLon = math.Min(minLon, r.Lon), math.Max(maxLon, r.Lon)
	}
	if n == 0 {
		return ""
	}
	const w, hgt, pad = 600.0, 420.0, 40.0
	kx := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	spanX, spanY := math.Max((maxLon-minLon)*kx, 1e-3), math.Max(maxLat-minLat, 1e-3)
	scale := math.Min((w-2*pad)/spanX, (hgt-2*pad)/spanY)
	colors := map[int]string{1: "#d4351c", 2: "#f47738", 3: "#00616b"}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="parcours-chart" role="img" aria-labelledby="carte-titre carte-desc" viewBox="0 0 %.0f %.0f" width="100%%" xmlns="http://www.w3.org/2000/svg">`, w, hgt+40)
	b.WriteString(`<title id="carte-titre">Carte des communes du territoire</title><desc id="carte-desc">Chaque commune est un point à sa position ; rouge : fragile avec une offre ou une activité faible ; orange : fragile ; vert sombre : les autres. Les valeurs sont dans le tableau.</desc>`)
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%.0f" height="%.0f" fill="#f3f2f1"/>`, w, hgt)
	for _, r := range rows {
		if !r.HasCoords {
			continue
		}
		x := pad + (r.Lon-minLon)*kx*scale
		y := hgt - pad - (r.Lat-minLat)*scale
		radius := 5 + math.Min(10, math.Sqrt(float64(r.Population))/30)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" fill-opacity="0.8" stroke="#0b0c0c" stroke-width="1"/>`, x, y, radius, colors[r.Priority])
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" fill="#0b0c0c">%s</text>`, x+radius+2, y+4, html.EscapeString(r.Name))
	}
	legend := []struct{ p int }{{1}, {2}, {3}}
	x := 4.0
	for _, l := range legend {
		fmt.Fprintf(&b, `<circle cx="%.0f" cy="%.0f" r="6" fill="%s"/><text x="%.0f" y="%.0f" font-size="12" fill="#0b0c0c">%s</text>`,
			x+6, hgt+20, colors[l.p], x+16, hgt+24, html.EscapeString(map[int]string{1: "fragile, offre ou activité faible", 2: "fragile", 3: "autres"}[l.p]))
		x += 210
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
