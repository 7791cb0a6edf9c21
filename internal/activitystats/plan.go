package activitystats

import (
	"strconv"

	"github.com/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/csvsafe"
)

// ActionPlan is the progress of the territory's action plan a bilan shows:
// the actions by status, and each action with its indicators. It names no
// person: no small-cell protection applies.
type ActionPlan struct {
	Intro    string  // whose actions: the territory's, or those a structure leads or co-leads
	ByStatus []Count // actions by status, in the plan's order
	Actions  []PlanAction
}

// PlanAction is one action of the plan.
type PlanAction struct {
	ID                           int64 // the action's page, for those who read the plan
	Title, Status, Lead, CoLeads string
	Indicators                   []PlanIndicator
}

// PlanIndicator is an indicator of an action: its target and the value reached.
type PlanIndicator struct {
	Name            string
	Target, Current int
}

// Progress says the value reached in percent of the target: "42 %".
func (i PlanIndicator) Progress() string {
	if i.Target <= 0 {
		return ""
	}
	return strconv.Itoa(i.Current*100/i.Target) + " %"
}

const planSheet = "Plan d'action"

// writePlanSheet adds the plan's sheet to the workbook.
func (b Bilan) writePlanSheet(f *excelize.File, write func(string, [][]any) error) error {
	p := b.Plan
	if _, err := f.NewSheet(planSheet); err != nil {
		return err
	}
	text := func(s string) any { return csvsafe.Cell(s) }
	rows := [][]any{{text(b.Title + " – plan d'action")}, {text(b.Period)}, {text(p.Intro)}, {}, {"Statut", "Actions"}}
	total := 0
	for _, c := range p.ByStatus {
		rows = append(rows, []any{text(c.Label), c.N})
		total += c.N
	}
	rows = append(rows, []any{"Total", total}, []any{}, []any{"Action", "Statut", "Pilote", "Co-pilotes", "Indicateur", "Cible", "Valeur atteinte", "Avancement"})
	for _, a := range p.Actions {
		head := []any{text(a.Title), text(a.Status), text(a.Lead), text(a.CoLeads)}
		if len(a.Indicators) == 0 {
			rows = append(rows, head)
		}
		for _, i := range a.Indicators {
			rows = append(rows, append(append([]any{}, head...), text(i.Name), i.Target, i.Current, i.Progress()))
		}
	}
	if len(p.Actions) == 0 {
		rows = append(rows, []any{"Aucune action."})
	}
	return write(planSheet, rows)
}

// writePlanPDF adds the plan's section to the PDF.
func (b Bilan) writePlanPDF(pdf *fpdf.Fpdf, tr func(string) string, heading func(string), width float64) {
	p := b.Plan
	heading("Plan d'action")
	pdf.SetFont("Helvetica", "", 9)
	pdf.MultiCell(width, 5, tr(p.Intro), "", "L", false)
	for _, c := range p.ByStatus {
		pdf.CellFormat(width-25, 5.5, tr(c.Label), "B", 0, "L", false, 0, "")
		pdf.CellFormat(25, 5.5, strconv.Itoa(c.N), "B", 1, "R", false, 0, "")
	}
	pdf.Ln(2)
	if len(p.Actions) == 0 {
		pdf.MultiCell(width, 5, tr("Aucune action."), "", "L", false)
	}
	for _, a := range p.Actions {
		if pdf.GetY() > 260 {
			pdf.AddPage()
		}
		pdf.SetFont("Helvetica", "B", 9)
		pdf.MultiCell(width, 5, tr(a.Title+" – "+a.Status), "", "L", false)
		pdf.SetFont("Helvetica", "", 8)
		who := "Pilote : " + a.Lead
		if a.CoLeads != "" {
			who += " ; co-pilotes : " + a.CoLeads
		}
		pdf.MultiCell(width, 4.5, tr(who), "", "L", false)
		for _, i := range a.Indicators {
			line := i.Name + " : " + strconv.Itoa(i.Current) + " sur " + strconv.Itoa(i.Target)
			if pr := i.Progress(); pr != "" {
				line += " (" + pr + ")"
			}
			pdf.MultiCell(width, 4.5, tr("• "+line), "", "L", false)
		}
		pdf.Ln(1)
	}
}
