package activitystats

// Document is the figures as the API and the open data publish them: a
// hidden count is null with masque true.
type Document struct {
	Title     string          `json:"titre"`
	From      string          `json:"du"`
	To        string          `json:"au"`
	Threshold int             `json:"seuil_secret_statistique"` // 0: not protected (a structure's own figures)
	Method    string          `json:"methode"`
	Tables    []DocumentTable `json:"tableaux"`
	Plan      *DocumentPlan   `json:"plan_action,omitempty"` // bilans only
}

// DocumentPlan is the action plan's progress in a bilan.
type DocumentPlan struct {
	Intro    string               `json:"perimetre"`
	ByStatus []DocumentCell       `json:"actions_par_statut"`
	Actions  []DocumentPlanAction `json:"actions"`
}

// DocumentPlanAction is one action of the plan with its indicators.
type DocumentPlanAction struct {
	Title      string                  `json:"intitule"`
	Status     string                  `json:"statut"`
	Lead       string                  `json:"pilote"`
	CoLeads    string                  `json:"copilotes"`
	Indicators []DocumentPlanIndicator `json:"indicateurs"`
}

// DocumentPlanIndicator is an indicator: its target and the value reached.
type DocumentPlanIndicator struct {
	Name    string `json:"nom"`
	Target  int    `json:"cible"`
	Current int    `json:"valeur"`
}

// DocumentTable is one table of a Document.
type DocumentTable struct {
	Name  string         `json:"nom"`
	Title string         `json:"titre"`
	Unit  string         `json:"unite"`
	Total *int           `json:"total"`
	Cells []DocumentCell `json:"cellules"`
}

// DocumentCell is one cell of a DocumentTable.
type DocumentCell struct {
	Code   string `json:"code"`
	Label  string `json:"libelle"`
	N      *int   `json:"nombre"`
	Hidden bool   `json:"masque"`
}

func number(c Count) *int {
	if c.Hidden {
		return nil
	}
	n := c.N
	return &n
}

// Document returns the bilan's indicators and tables for publication.
func (b Bilan) Document() Document {
	d := Document{Title: b.Title, From: b.Figures.From, To: b.Figures.To, Threshold: b.Protected, Method: b.Method()}
	ind := DocumentTable{Name: "indicateurs", Title: "Indicateurs", Unit: "nombre", Cells: []DocumentCell{}}
	for _, c := range b.Indicators() {
		ind.Cells = append(ind.Cells, DocumentCell{Code: c.Key, Label: c.Label, N: number(c), Hidden: c.Hidden})
	}
	d.Tables = append(d.Tables, ind)
	for _, t := range b.Figures.Tables {
		total := Count{N: t.Total, Hidden: b.Protected > 0 && t.Total > 0 && t.Total < b.Protected}
		dt := DocumentTable{Name: t.Name, Title: t.Title, Unit: t.Unit, Total: number(total), Cells: []DocumentCell{}}
		for _, c := range t.Counts {
			dt.Cells = append(dt.Cells, DocumentCell{Code: c.Key, Label: c.Label, N: number(c), Hidden: c.Hidden})
		}
		d.Tables = append(d.Tables, dt)
	}
	if p := b.Plan; p != nil {
		d.Plan = &DocumentPlan{Intro: p.Intro, ByStatus: []DocumentCell{}, Actions: []DocumentPlanAction{}}
		for _, c := range p.ByStatus {
			n := c.N
			d.Plan.ByStatus = append(d.Plan.ByStatus, DocumentCell{Code: c.Key, Label: c.Label, N: &n})
		}
		for _, a := range p.Actions {
			da := DocumentPlanAction{Title: a.Title, Status: a.Status, Lead: a.Lead, CoLeads: a.CoLeads, Indicators: []DocumentPlanIndicator{}}
			for _, i := range a.Indicators {
				da.Indicators = append(da.Indicators, DocumentPlanIndicator(i))
			}
			d.Plan.Actions = append(d.Plan.Actions, da)
		}
	}
	return d
}
