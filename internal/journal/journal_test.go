package journal

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestWriteCSV(t *testing.T) {
	at := time.Date(2026, 3, 2, 13, 5, 0, 0, time.UTC)
	var b bytes.Buffer
	err := WriteCSV(&b, []Entry{{Who: "=cmd|' /C calc'!A0", PersonID: 12, Action: Read, What: "Dossier", At: at}, {Who: "Agnès", Action: List, What: "Liste", At: at}, {Who: "Lien signé", Action: Update, What: "+33 =SUM(A1)", At: at}}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"\ufeffDate,Qui,Action,Quoi,Personne\n", "2026-03-02 13:05:00,'=cmd|' /C calc'!A0,Lecture,Dossier,12\n", ",Agnès,Liste ou recherche,Liste,\n", ",Lien signé,Modification,'+33 =SUM(A1),\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}
