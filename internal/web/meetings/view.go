package meetings

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/pdfdoc"
	meetingsvc "github.com/parcours-numerique/parcours/internal/service/meetings"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type viewData struct {
	Meeting  meeting.Meeting
	Organize bool
	Started  bool
}

// View shows a meeting: when, where, agenda, invitations, attendance,
// minutes and decisions.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	a := ui.Actor(r)
	m, err := h.svc.Get(r.Context(), a, id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "meetings_view", ui.Page{Title: m.Title,
		Data: viewData{Meeting: m, Organize: meetingsvc.CanOrganize(a), Started: m.Started(h.site.Now())}})
}

// MinutesPDF prints the meeting's minutes and decisions on A4 pages.
func (h *Handlers) MinutesPDF(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	m, err := h.svc.Get(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	pdf, err := minutesPDF(m)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="compte-rendu-reunion-`+itoa(m.ID)+`.pdf"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	_, _ = w.Write(pdf)
}

// minutesPDF writes the minutes: the meeting, who came, the minutes and
// the decisions with their structure and due date.
func minutesPDF(m meeting.Meeting) ([]byte, error) {
	doc := pdfdoc.New("Compte rendu – "+m.Title, m.UpdatedAt)
	pdf, t, width := doc.Fpdf, doc.T, doc.Width
	pdf.SetTextColor(0, 97, 107)
	pdf.SetFont("Helvetica", "B", 18)
	pdf.MultiCell(width, 8, t("Compte rendu"), "", "L", false)
	pdf.SetFont("Helvetica", "B", 13)
	pdf.MultiCell(width, 7, t(m.Title), "", "L", false)
	pdf.SetTextColor(27, 28, 31)
	pdf.SetFont("Helvetica", "", 10)
	line := func(s string) { pdf.MultiCell(width, 5, t(s), "", "L", false) }
	heading := func(s string) {
		pdf.Ln(3)
		pdf.SetFont("Helvetica", "B", 12)
		pdf.MultiCell(width, 6.5, t(s), "B", "L", false)
		pdf.SetFont("Helvetica", "", 10)
	}
	line(m.When())
	if w := m.Where(); w != "" {
		line(w)
	}
	if m.Agenda != "" {
		heading("Ordre du jour")
		line(m.Agenda)
	}
	heading("Participants")
	if m.AttendanceAt.IsZero() {
		line("Les présences n'ont pas été notées.")
	} else {
		line(strconv.Itoa(m.Participants()) + " participants.")
		for _, in := range m.Invitations {
			switch {
			case in.UserID == 0 && in.People > 0:
				line("• " + in.StructureName + " : " + strconv.Itoa(in.People) + " " + plural(in.People, "personne", "personnes"))
			case in.UserID == 0:
				line("• " + in.StructureName + " : absente")
			case in.Present:
				line("• " + in.UserName + " (" + in.StructureName + ") : présent(e)")
			default:
				line("• " + in.UserName + " (" + in.StructureName + ") : absent(e)")
			}
		}
	}
	heading("Compte rendu")
	if m.Minutes == "" {
		line("Le compte rendu n'est pas encore écrit.")
	} else {
		line(m.Minutes)
	}
	heading("Décisions")
	if len(m.Decisions) == 0 {
		line("Aucune décision.")
	}
	for i, d := range m.Decisions {
		var who []string
		if d.Structure != "" {
			who = append(who, "porteur : "+d.Structure)
		}
		if d.Due != "" {
			who = append(who, "échéance : "+d.DueLabel())
		}
		s := strconv.Itoa(i+1) + ". " + d.Text
		if len(who) > 0 {
			s += " (" + strings.Join(who, ", ") + ")"
		}
		line(s)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func plural(n int, one, many string) string {
	if n < 2 {
		return one
	}
	return many
}
