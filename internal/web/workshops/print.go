package workshops

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type printDay struct {
	Label    string
	Sessions []workshops.Dated
}

type printData struct {
	MonthLabel    string
	StructureName string
	Days          []printDay
	PDFURL        string
	Prev, Next    string
}

// month gathers the published sessions of ?mois= (this month by default),
// of ?structure= or of every structure, by day.
func (h *Handlers) month(r *http.Request) (printData, error) {
	day := h.site.Now()
	if m, err := time.ParseInLocation("2006-01", r.URL.Query().Get("mois"), frtime.Paris); err == nil {
		day = m
	}
	sid := ui.QueryID(r, "structure")
	m, err := h.workshops.MonthProgramme(r.Context(), day, sid)
	if err != nil {
		return printData{}, err
	}
	d := printData{MonthLabel: frtime.MonthName(m.Start.Month()) + " " + strconv.Itoa(m.Start.Year()), StructureName: m.StructureName}
	for _, ds := range m.Sessions {
		label := frtime.Day(ds.Session.Start)
		if n := len(d.Days); n == 0 || d.Days[n-1].Label != label {
			d.Days = append(d.Days, printDay{Label: label})
		}
		d.Days[len(d.Days)-1].Sessions = append(d.Days[len(d.Days)-1].Sessions, ds)
	}
	q := url.Values{}
	if sid != 0 {
		q.Set("structure", ui.Itoa(sid))
	}
	q.Set("mois", m.Start.Format("2006-01"))
	d.PDFURL = "/ateliers/programme.pdf?" + q.Encode()
	q.Set("mois", m.Start.AddDate(0, -1, 0).Format("2006-01"))
	d.Prev = "/ateliers/programme?" + q.Encode()
	q.Set("mois", m.Start.AddDate(0, 1, 0).Format("2006-01"))
	d.Next = "/ateliers/programme?" + q.Encode()
	return d, nil
}

// Print is the monthly programme, laid out for printing.
func (h *Handlers) Print(w http.ResponseWriter, r *http.Request) {
	d, err := h.month(r)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "workshop_print", ui.Page{Title: "Programme des ateliers – " + d.MonthLabel, Data: d})
}

// PrintPDF is the same programme as a PDF file.
func (h *Handlers) PrintPDF(w http.ResponseWriter, r *http.Request) {
	d, err := h.month(r)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	b, err := programmePDF(d, h.site.Config.TerritoryName)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="programme-ateliers.pdf"`)
	w.Write(b)
}
