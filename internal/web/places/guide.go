package places

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/pdfdoc"
	"github.com/parcours-numerique/parcours/internal/place"
	itinerantsvc "github.com/parcours-numerique/parcours/internal/service/itinerant"
	"github.com/parcours-numerique/parcours/internal/service/placefinder"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// The "guide solidaire": the places of a commune and its neighbours on
// paper, for those who do not go online and for the reception desks that
// hand it out (field reports of Rochefort and Argelès).

// The PDF uses the core Helvetica font with the Windows-1252 encoding:
// it holds every letter French needs (é, è, ç, œ, Œ, Ÿ…), « », the
// typographic apostrophe and dashes, and € — and, being built into every
// PDF reader, it costs no embedded font file, so a guide stays a few
// dozen KB for a cheap printer or a slow phone.

// Guide is the printable guide of a commune's places and its neighbours'.
func (h *Handlers) Guide(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var c commune.Commune
	if code := strings.ToUpper(strings.TrimSpace(q.Get(paramCode))); code != "" {
		found, ok := commune.Lookup(code)
		if !ok || !found.HasCoords {
			h.site.RenderError(w, r, http.StatusUnprocessableEntity, "Commune introuvable", "Aucune commune n'a ce code. Cherchez votre commune sur la page « Trouver un lieu », puis choisissez « Imprimer le guide ».")
			return
		}
		c = found
	} else {
		found, choices, msg := resolveSearchCommune(strings.TrimSpace(q.Get(paramCommune)))
		if len(choices) > 0 {
			msg = "Plusieurs communes correspondent. Cherchez votre commune sur la page « Trouver un lieu », puis choisissez « Imprimer le guide »."
		}
		if msg != "" {
			h.site.RenderError(w, r, http.StatusUnprocessableEntity, "Choisissez la commune du guide", msg)
			return
		}
		c = found
	}
	radius := placefinder.DefaultRadius
	if v := q.Get(paramRadius); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !slices.Contains(placefinder.GuideRadii, n) {
			h.site.RenderError(w, r, http.StatusUnprocessableEntity, "Distance impossible", "Le guide couvre 5, 10, 20 ou 30 km autour de la commune.")
			return
		}
		radius = n
	}
	found, err := h.finder.GuidePublic(r.Context(), c, radius)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	g := guide{Guide: found, Site: h.site.AbsoluteURL(r, "/lieux"), Territory: h.site.Config.TerritoryName, Operator: h.site.Config.Operator,
		placeURL: func(id int64) string { return h.site.AbsoluteURL(r, fmt.Sprintf("/lieux/%d", id)) }}
	if h.cfg.Itinerant != nil {
		codes := []string{c.Code}
		for _, p := range found.Places {
			codes = append(codes, p.InseeCode)
		}
		if g.Passages, err = h.cfg.Itinerant.NextInCommunes(r.Context(), codes); err != nil {
			h.site.Fail(w, r, err)
			return
		}
	}
	pdf, err := g.render()
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	name := "guide-solidaire-" + strings.ReplaceAll(textfold.Key(c.Name), " ", "-") + ".pdf"
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	w.Write(pdf)
}

// guide is one printable guide.
type guide struct {
	placefinder.Guide
	Passages  []itinerantsvc.NextPassage // itinerant services stopping in the guide's communes
	Site      string
	Territory string
	Operator  string
	placeURL  func(id int64) string
}

const (
	guideMargin = pdfdoc.Margin
	guideLine   = 5.0 // mm, body text
)

func (g *guide) render() ([]byte, error) {
	doc := pdfdoc.New("Guide solidaire du numérique – "+g.Commune.Name, g.Now)
	pdf, t, text := doc.Fpdf, doc.T, doc.Width

	pdf.SetTextColor(0, 97, 107)
	pdf.SetFont("Helvetica", "B", 20)
	pdf.MultiCell(text, 9, t("Guide solidaire du numérique"), "", "L", false)
	pdf.SetFont("Helvetica", "B", 14)
	pdf.MultiCell(text, 7, t(fmt.Sprintf("%s et les communes à moins de %d km", commune.Label(g.Commune), g.RadiusKm)), "", "L", false)
	pdf.SetTextColor(27, 28, 31)
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "", 11)
	intro := "Les lieux où l'on peut se faire aider avec internet, un ordinateur ou un téléphone : démarches en ligne, e-mails, apprendre à se servir de son téléphone… L'aide est le plus souvent gratuite."
	pdf.MultiCell(text, guideLine, t(intro), "", "L", false)
	pdf.Ln(1)
	pdf.SetFont("Helvetica", "", 9)
	pdf.SetTextColor(74, 79, 86)
	edited := fmt.Sprintf("Guide édité le %s. Les horaires sont ceux de la semaine du %s : appelez avant de vous déplacer. Toujours à jour sur %s",
		frtime.Date(g.Now), strings.TrimSuffix(frtime.Date(mondayOf(g.Now)), " "+strconv.Itoa(mondayOf(g.Now).Year())), g.Site)
	if g.Territory != "" {
		edited += " (" + g.Territory + ")"
	}
	pdf.MultiCell(text, 4.5, t(edited+"."), "", "L", false)
	if g.Total > len(g.Places) && len(g.Places) == placefinder.GuideMaxPlaces {
		pdf.MultiCell(text, 4.5, t(fmt.Sprintf("Ce guide présente les %d lieux les plus proches sur %d.", len(g.Places), g.Total)), "", "L", false)
	}
	pdf.SetTextColor(27, 28, 31)
	pdf.Ln(4)
	if len(g.Places) == 0 {
		pdf.SetFont("Helvetica", "", 12)
		pdf.MultiCell(text, 6, t(fmt.Sprintf("Aucun lieu n'est connu à moins de %d km. Demandez à l'accueil de votre mairie : elle vous indiquera où être aidé.", g.RadiusKm)), "", "L", false)
	}

	// Places grouped by commune, communes in the order of their nearest place.
	var order []string
	byCommune := map[string][]placefinder.GuidePlace{}
	for _, p := range g.Places {
		key := p.Commune
		if _, ok := byCommune[key]; !ok {
			order = append(order, key)
		}
		byCommune[key] = append(byCommune[key], p)
	}
	_, pageH := pdf.GetPageSize()
	bottom := pageH - guideMargin - 5
	for _, name := range order {
		list := byCommune[name]
		// A commune heading never ends a page alone.
		if pdf.GetY()+12+g.placeHeight(pdf, t, text, list[0]) > bottom {
			pdf.AddPage()
		}
		pdf.SetFont("Helvetica", "B", 14)
		pdf.SetTextColor(0, 97, 107)
		pdf.MultiCell(text, 7, t(name+" "+guidePlural(len(list), "· 1 lieu", fmt.Sprintf("· %d lieux", len(list)))), "", "L", false)
		y := pdf.GetY()
		pdf.SetDrawColor(0, 97, 107)
		pdf.Line(guideMargin, y, guideMargin+text, y)
		pdf.SetTextColor(27, 28, 31)
		pdf.Ln(3)
		for _, p := range list {
			if h := g.placeHeight(pdf, t, text, p); pdf.GetY()+h > bottom && h < bottom-guideMargin {
				pdf.AddPage()
			}
			g.writePlace(pdf, t, text, p, false)
			pdf.Ln(3)
		}
		pdf.Ln(2)
	}
	g.writePassages(pdf, t, text, bottom)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// placeHeight measures a place's block so that it is not cut by a page end.
func (g *guide) placeHeight(pdf *fpdf.Fpdf, t func(string) string, width float64, p placefinder.GuidePlace) float64 {
	return g.writePlace(pdf, t, width, p, true)
}

// writePlace writes (or only measures, with dry) one place: name, address,
// contact, hours, services, fees and how to come.
func (g *guide) writePlace(pdf *fpdf.Fpdf, t func(string) string, width float64, p placefinder.GuidePlace, dry bool) float64 {
	h := 0.0
	para := func(style string, size, line float64, s string) {
		if s == "" {
			return
		}
		pdf.SetFont("Helvetica", style, size)
		n := len(pdf.SplitText(bytesAsRunes(t(s)), width))
		h += float64(n) * line
		if !dry {
			pdf.MultiCell(width, line, t(s), "", "L", false)
		}
	}
	para("B", 12, 6, p.Name)
	addr := placeAddress(p.Address, p.PostalCode, p.Commune)
	if p.AddressComplement != "" {
		addr = p.Address + " (" + p.AddressComplement + "), " + strings.TrimSpace(p.PostalCode+" "+p.Commune)
	}
	if p.HasCoords && p.CoordsFrom != place.CoordsFromCommune {
		addr += " – à " + distanceText(p.DistanceKm)
	}
	para("", 11, guideLine, addr)
	var contact []string
	if p.Phone != "" {
		contact = append(contact, "Tél. "+phoneDisplay(p.Phone))
	}
	if len(p.Emails) > 0 {
		contact = append(contact, p.Emails[0])
	}
	para("B", 11, guideLine, strings.Join(contact, " · "))
	if p.Hours != "" {
		if sc, err := hours.Parse(p.Hours); err == nil {
			para("", 11, guideLine, "Horaires : "+compactWeek(sc.Week(g.Now)))
		}
	} else if p.HoursText != "" {
		para("", 11, guideLine, "Horaires : "+p.HoursText)
	} else {
		line := "Horaires : non communiqués."
		if p.Phone != "" {
			line = "Horaires : non communiqués, appelez avant de venir."
		}
		para("", 11, guideLine, line)
	}
	if len(p.Services) > 0 {
		var labels []string
		for _, v := range p.Services {
			labels = append(labels, shortServiceLabel(v))
		}
		para("", 11, guideLine, "Pour : "+strings.Join(labels, ", ")+".")
	}
	var more []string
	if len(p.Fees) > 0 {
		more = append(more, strings.Join(labelsOf("frais_a_charge", p.Fees), ", "))
	}
	if len(p.AccessModes) > 0 {
		more = append(more, "Comment : "+strings.ToLower(strings.Join(labelsOf("modalites_acces", p.AccessModes), ", ")))
	}
	if len(more) > 0 {
		para("", 11, guideLine, strings.Join(more, ". ")+".")
	}
	para("", 9, 4.5, "Fiche complète : "+g.placeURL(p.ID)+" · informations du "+frtime.Date(p.UpdatedOn))
	return h
}

// compactWeek writes a week on one line, joining days with the same hours:
// "lundi – vendredi : 9 h – 12 h ; samedi – dimanche : fermé".
func compactWeek(week []hours.DayHours) string {
	type run struct{ first, last, hours string }
	var runs []run
	for _, d := range week {
		name, text, _ := strings.Cut(d.String(), " : ")
		if n := len(runs); n > 0 && runs[n-1].hours == text && d.Holiday == "" {
			runs[n-1].last = name
			continue
		}
		runs = append(runs, run{name, name, text})
	}
	parts := make([]string, len(runs))
	for i, r := range runs {
		days := r.first
		if r.last != r.first {
			days += " – " + r.last
		}
		parts[i] = days + " : " + r.hours
	}
	return strings.Join(parts, " ; ")
}

// bytesAsRunes turns a Windows-1252 string into runes of the same values,
// which is what fpdf's SplitText indexes its width table with.
func bytesAsRunes(s string) string {
	rs := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		rs[i] = rune(s[i])
	}
	return string(rs)
}

func guidePlural(n int, one, many string) string {
	if n <= 1 {
		return one
	}
	return many
}

// mondayOf is the Monday of t's week, in Europe/Paris.
func mondayOf(t time.Time) time.Time {
	p := t.In(hours.Location())
	return time.Date(p.Year(), p.Month(), p.Day()-(int(p.Weekday())+6)%7, 0, 0, 0, 0, hours.Location())
}

// writePassages writes the itinerant services that stop in the guide's
// communes: where, on which days, and when they next pass.
func (g *guide) writePassages(pdf *fpdf.Fpdf, t func(string) string, width, bottom float64) {
	if len(g.Passages) == 0 {
		return
	}
	if pdf.GetY()+30 > bottom {
		pdf.AddPage()
	}
	pdf.SetFont("Helvetica", "B", 14)
	pdf.SetTextColor(0, 97, 107)
	pdf.MultiCell(width, 7, t("Ils viennent près de chez vous"), "", "L", false)
	y := pdf.GetY()
	pdf.SetDrawColor(0, 97, 107)
	pdf.Line(guideMargin, y, guideMargin+width, y)
	pdf.SetTextColor(27, 28, 31)
	pdf.Ln(3)
	for _, n := range g.Passages {
		p := n.Next
		if pdf.GetY()+18 > bottom {
			pdf.AddPage()
		}
		pdf.SetFont("Helvetica", "B", 12)
		pdf.MultiCell(width, 6, t(p.ServiceName+" – "+p.Stop.Where()), "", "L", false)
		pdf.SetFont("Helvetica", "", 11)
		pdf.MultiCell(width, guideLine, t(p.Stop.RecurrenceText()+". Prochain passage : "+p.When()+"."), "", "L", false)
		pdf.Ln(3)
	}
}
