package activity

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/csvsafe"
	"github.com/parcours-numerique/parcours/internal/person"
)

// Attributes are the statistical attributes of a followed person, kept
// after the identity is deleted.
type Attributes struct {
	BirthYear   int
	Gender      string
	Status      string
	CommuneCode string
}

// Columns of the export, one row per accompaniment, as the national tool
// (La Coop de la médiation numérique) lays them out.
var Columns = []string{
	"Date", "Type", "Médiateur", "Durée (min)", "Canal", "Lieu", "Commune de l'activité", "Matériel",
	"Thématiques", "Démarches administratives", "Précisions", "Titre de l'atelier", "Niveau de l'atelier",
	"Bénéficiaire", "Premier accompagnement", "Genre", "Tranche d'âge", "Statut", "Commune de résidence",
	"Niveau d'autonomie", "Orienté", "Orienté vers", "Identifiant de l'activité",
}

// Rows turns activities into export rows: one per individual session, one
// per participant of a workshop (followed ones with their attributes,
// anonymous ones with the counters' breakdown).
func Rows(acts []Activity, attrs map[int64]Attributes) [][]string {
	var out [][]string
	for i := range acts {
		a := &acts[i]
		day := a.Day()
		common := []string{
			a.Date, a.TypeLabel(), a.AuthorName, strconv.Itoa(a.Duration), a.CanalLabel(), a.PlaceName,
			person.CommuneLabel(a.CommuneCode), a.EquipmentLabels(), a.ThemeLabels(), a.ProcedureLabels(), a.Details,
			a.Title, a.LevelLabel(),
		}
		tail := func(who, first, gender, band, status, communeCode string) []string {
			row := append(append([]string{}, common...), who, first,
				person.Label(person.Genders, gender), band, person.Label(person.SocialStatuses, status), person.CommuneLabel(communeCode))
			oriented := ""
			if a.Type == TypeIndividual {
				oriented = yesNo(a.Oriented)
			}
			return append(row, a.AutonomyLabel(), oriented, person.Label(OrientationKinds, a.OrientationKind), strconv.FormatInt(a.ID, 10))
		}
		followed := func(id int64, first bool) []string {
			at := attrs[id]
			return tail("Suivi n° "+strconv.FormatInt(id, 10), yesNo(first), at.Gender, person.AgeBandOf(at.BirthYear, day), at.Status, at.CommuneCode)
		}
		if a.Type == TypeIndividual {
			if a.PersonID != 0 {
				out = append(out, followed(a.PersonID, a.FirstTime))
			} else {
				out = append(out, tail("Anonyme", "", a.AnonGender, a.AnonAgeBand, a.AnonStatus, a.AnonCommune))
			}
			continue
		}
		for _, p := range a.Participants {
			out = append(out, followed(p.PersonID, p.FirstTime))
		}
		genders := spread(a.AnonCounts, "genre", person.Genders, a.AnonTotal, "non_communique")
		bands := spread(a.AnonCounts, "age", person.AgeBands, a.AnonTotal, person.AgeBandUnknown)
		statuses := spread(a.AnonCounts, "statut", person.SocialStatuses, a.AnonTotal, "non_communique")
		for k := 0; k < a.AnonTotal; k++ {
			out = append(out, tail("Anonyme", yesNo(k >= a.AnonReturning), genders[k], bands[k], statuses[k], ""))
		}
	}
	return out
}

// spread lists n values from the counters of one dimension, the rest unknown.
func spread(counts map[string]int, dim string, vocab []Choice, n int, unknown string) []string {
	out := make([]string, 0, n)
	for _, c := range vocab {
		for k := 0; k < counts[AnonKey(dim, c.Value)] && len(out) < n; k++ {
			out = append(out, c.Value)
		}
	}
	for len(out) < n {
		out = append(out, unknown)
	}
	return out
}

func yesNo(b bool) string {
	if b {
		return "Oui"
	}
	return "Non"
}

// WriteCSV writes the rows as CSV (comma, UTF-8 with BOM so that
// spreadsheets read accents), every cell protected (csvsafe).
func WriteCSV(w io.Writer, rows [][]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// coopDurationColumn is the one numeric column of CoopColumns.
const coopDurationColumn = 15

// WriteCoopXLSX writes rows of La Coop's layout (CoopColumns) as its export
// does, in a sheet "Activités", so that La Coop and Parcours read each
// other's files.
func WriteCoopXLSX(w io.Writer, rows [][]string) error {
	return writeXLSX(w, CoopColumns, rows, coopDurationColumn)
}

// writeXLSX writes a sheet "Activités": text cells as strings (never
// formulas), protected like the CSV; the numeric column as numbers.
func writeXLSX(w io.Writer, columns []string, rows [][]string, numeric int) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Activités"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	header := make([]any, len(columns))
	for i, c := range columns {
		header[i] = c
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for n, r := range rows {
		cells := make([]any, len(r))
		for i, c := range r {
			if i == numeric {
				if d, err := strconv.Atoi(c); err == nil {
					cells[i] = d
					continue
				}
			}
			cells[i] = excelize.Cell{Value: csvsafe.Cell(c)}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
