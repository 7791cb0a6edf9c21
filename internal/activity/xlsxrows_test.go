package activity

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestStreamingReaderReadsAsTheGeneralOne: La Coop exports read by the
// streaming reader give the same lines, activities and problems as read by
// the spreadsheet library — workshops over several lines, text with
// markup characters and accents, empty cells, a line with a problem; a
// file it cannot read as the library would (a day stored as a spreadsheet
// date, a boolean) is read the general way, the day as that day.
func TestStreamingReaderReadsAsTheGeneralOne(t *testing.T) {
	at := time.Date(2026, 3, 5, 9, 30, 0, 0, time.UTC)
	acts := []Activity{
		{ID: 1, Type: TypeIndividual, Date: "2026-03-05", Duration: 45, Canal: "a_distance", CommuneCode: "17299", Themes: []string{"email", "sante"},
			Equipment: []string{"telephone"}, Autonomy: "autonome", AnonGender: "feminin", AnonAgeBand: "soixante_dix_plus", Notes: "R&D <urgent> « été »", CreatedAt: at, UpdatedAt: at},
		{ID: 2, Type: TypeWorkshop, Date: "2026-03-06", Duration: 90, Canal: "lieu_activite", PlaceName: "Médiathèque & co", Themes: []string{"bureautique"},
			Title: "Atelier \"tableur\"", Level: "debutant", AnonTotal: 3, CreatedAt: at.Add(time.Hour), UpdatedAt: at.Add(time.Hour)},
		{ID: 3, Type: TypeIndividual, Date: "2026-03-07", Duration: 0, Canal: "inconnu", Themes: []string{"email"}, CreatedAt: at.Add(2 * time.Hour), UpdatedAt: at.Add(2 * time.Hour)},
	}
	var file bytes.Buffer
	if err := WriteCoopXLSX(&file, CoopRows(acts, nil, time.UTC)); err != nil {
		t.Fatal(err)
	}
	compare := func(name string, data []byte, wantLines int) {
		t.Helper()
		fast, err := ReadCoop(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		general, err := readCoopGeneral(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(fast, general) {
			t.Fatalf("%s:\n streaming %+v\n general   %+v", name, fast, general)
		}
		n := 0
		for _, l := range fast {
			n += len(l.Lines)
		}
		if n != wantLines {
			t.Fatalf("%s: %d lines accounted, want %d", name, n, wantLines)
		}
	}
	compare("Parcours's export", file.Bytes(), 5)
	var streamed int
	if err := xlsxSheetRows(file.Bytes(), coopSheet, func(int, []string) error { streamed++; return nil }); err != nil {
		t.Fatalf("the streaming reader gave up on Parcours's own export: %v", err)
	}

	// A sheet written by a spreadsheet: the day a date cell, the text in
	// shared strings, an empty row, a boolean the streaming reader leaves
	// to the general one.
	f := excelize.NewFile()
	sh := "Activités"
	_ = f.SetSheetName("Sheet1", sh)
	header := make([]any, len(CoopColumns))
	for i, c := range CoopColumns {
		header[i] = c
	}
	_ = f.SetSheetRow(sh, "A1", &[]any{"Export des activités"})
	_ = f.SetSheetRow(sh, "A3", &header)
	rows := CoopRows(acts[:1], nil, time.UTC)
	row := make([]any, len(rows[0]))
	for i, c := range rows[0] {
		row[i] = c
	}
	row[0] = time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	_ = f.SetSheetRow(sh, "A5", &row)
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	_ = f.SetCellStyle(sh, "A5", "A5", style)
	var sheet bytes.Buffer
	if err := f.Write(&sheet); err != nil {
		t.Fatal(err)
	}
	if err := xlsxSheetRows(sheet.Bytes(), coopSheet, func(int, []string) error { return nil }); err != errUnreadable {
		t.Fatalf("a date cell is read the general way (its text makes the row's key): %v", err)
	}
	compare("a spreadsheet's dates", sheet.Bytes(), 1)
	got, _ := ReadCoop(bytes.NewReader(sheet.Bytes()))
	if got[0].Problem != "" || got[0].Activity.Date != "2026-03-05" || got[0].Lines[0] != 5 {
		t.Fatalf("date cell: %+v", got[0])
	}
	_ = f.SetCellBool(sh, "Z5", true)
	sheet.Reset()
	_ = f.Write(&sheet)
	if err := xlsxSheetRows(sheet.Bytes(), coopSheet, func(int, []string) error { return nil }); err != errUnreadable {
		t.Fatalf("a boolean cell: %v", err)
	}
	compare("a boolean cell", sheet.Bytes(), 1)
}
