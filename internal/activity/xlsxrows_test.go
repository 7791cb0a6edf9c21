package activity

import (
	"bytes"
	"reflect"
	"strconv"
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

// TestReadCoopBatchesHandsEachLineOnce: read by batches, an export gives
// the lines ReadCoop gives, in order, each once — also when the streaming
// reader gives up midway (a date cell on the last line) and the general
// one reads the file again.
func TestReadCoopBatchesHandsEachLineOnce(t *testing.T) {
	at := time.Date(2026, 3, 5, 9, 30, 0, 0, time.UTC)
	var acts []Activity
	for i := range 5 {
		acts = append(acts, Activity{ID: int64(i + 1), Type: TypeIndividual, Date: "2026-03-05", Duration: 30 + i, Canal: "a_distance",
			Themes: []string{"email"}, CreatedAt: at.Add(time.Duration(i) * time.Minute), UpdatedAt: at.Add(time.Duration(i) * time.Minute)})
	}
	acts[2].Duration = -1 // a line with a problem is handed too
	f := excelize.NewFile()
	sh := "Activités"
	_ = f.SetSheetName("Sheet1", sh)
	header := make([]any, len(CoopColumns))
	for i, c := range CoopColumns {
		header[i] = c
	}
	_ = f.SetSheetRow(sh, "A1", &header)
	for i, r := range CoopRows(acts, nil, time.UTC) {
		row := make([]any, len(r))
		for k, c := range r {
			row[k] = c
		}
		if i == len(acts)-1 {
			row[0] = time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
		}
		_ = f.SetSheetRow(sh, "A"+strconv.Itoa(i+2), &row)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	_ = f.SetCellStyle(sh, "A6", "A6", style)
	var file bytes.Buffer
	if err := f.Write(&file); err != nil {
		t.Fatal(err)
	}
	streamed := 0
	if err := xlsxSheetRows(file.Bytes(), coopSheet, func(int, []string) error { streamed++; return nil }); err != errUnreadable || streamed < 3 {
		t.Fatalf("the streaming reader should give up on the last line: %v after %d rows", err, streamed)
	}
	want, err := ReadCoop(bytes.NewReader(file.Bytes()))
	if err != nil || len(want) != len(acts) {
		t.Fatalf("%v: %d lines", err, len(want))
	}
	for _, n := range []int{1, 2, 500} {
		var got []CoopLine
		if err := ReadCoopBatches(bytes.NewReader(file.Bytes()), n, func(lines []CoopLine) error {
			if len(lines) == 0 || len(lines) > n {
				t.Fatalf("batch of %d: %d lines", n, len(lines))
			}
			got = append(got, lines...)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("batches of %d:\n got  %+v\n want %+v", n, got, want)
		}
	}
	if err := ReadCoopBatches(bytes.NewReader([]byte("bonjour")), 1, func([]CoopLine) error { return nil }); err == nil {
		t.Fatal("a file that is not an export is read")
	}
}
