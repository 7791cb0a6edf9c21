package fragility

import (
	"os"
	"sort"
	"strings"
	"testing"
)

// realDir is shared/data/fragilite, outside the repository: the files are never copied in.
const realDir = "../../../shared/data/fragilite"

// readReal reads the real files, skipping when they are absent, except in CI where they must be.
func readReal(tb testing.TB) (*Dataset, *Report) {
	tb.Helper()
	if _, err := os.Stat(realDir); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("CI=true but the fragility files are missing at %s: %v", realDir, err)
		}
		tb.Skipf("fichiers réels absents (%s) : test ignoré hors CI", realDir)
	}
	d, rep, err := ReadDir(realDir, BatchMedNum2020)
	if err != nil {
		tb.Fatal(err)
	}
	return d, rep
}

func TestRealFiles(t *testing.T) {
	t.Parallel()
	d, rep := readReal(t)
	if rep.Communes != 35410 || len(d.Communes) != 35410 {
		t.Errorf("communes %d", rep.Communes)
	}
	files := map[string]struct{ rows, communes, duplicates int }{
		"data_scol_menage_demandeurEmplois.csv": {36114, 35003, 1111},
		"taux_couverture_THD.csv":               {35359, 35359, 0},
		"taux_couverture_mobile.csv":            {35010, 35010, 0},
		"taux_pauvrete.csv":                     {35267, 35267, 0},
	}
	for name, want := range files {
		f, ok := rep.File(name)
		if !ok {
			t.Fatalf("%s not read", name)
		}
		if f.Rows != want.rows || f.Communes != want.communes || f.Count(Duplicate) != want.duplicates || f.Count(BadCode) != 0 || f.Count(PaddedCode) != 0 || f.Separator != ',' {
			t.Errorf("%s: rows %d communes %d duplicates %d bad %d padded %d", name, f.Rows, f.Communes, f.Count(Duplicate), f.Count(BadCode), f.Count(PaddedCode))
		}
		for _, c := range f.Columns {
			// No value in these files is out of range: the oddities are elsewhere (below).
			if c.Implausible() != 0 || c.Count(Conflict) != 0 {
				t.Errorf("%s %s: %d implausible, %d conflicting", name, c.Header, c.Implausible(), c.Count(Conflict))
			}
		}
	}
	missing := map[Indicator]struct{ inFile, overall int }{
		LowDiploma:      {10, 417},
		Aged65:          {10, 417},
		OnePerson:       {17, 424},
		SingleParent:    {17, 424},
		JobSeekers:      {34931, 35338},
		NoVeryHighSpeed: {433, 484},
		NoMobile:        {0, 400},
		Poverty:         {0, 143},
	}
	for _, f := range rep.Files {
		for _, c := range f.Columns {
			if want, ok := missing[c.Indicator]; ok && c.Count(Missing) != want.inFile {
				t.Errorf("%s: %d empty cells, want %d", c.Header, c.Count(Missing), want.inFile)
			}
		}
	}
	for _, cov := range rep.Indicators {
		if want, ok := missing[cov.Indicator]; ok && cov.Missing != want.overall {
			t.Errorf("%s: %d communes without a value, want %d", cov.Indicator, cov.Missing, want.overall)
		}
	}
	// The mobile column is on a 0–1 scale; THD is on 0–100.
	mobile, _ := rep.File("taux_couverture_mobile.csv")
	thd, _ := rep.File("taux_couverture_THD.csv")
	if !mobile.Columns[0].Fraction || thd.Columns[0].Fraction {
		t.Errorf("scale: mobile %v THD %v", mobile.Columns[0].Fraction, thd.Columns[0].Fraction)
	}
	// 84 % of the "poverty" values are the same figure repeated across a department.
	poverty, _ := rep.File("taux_pauvrete.csv")
	if n := poverty.Columns[0].Count(Repeated); n != 29213 {
		t.Errorf("repeated poverty values %d", n)
	}
	// Leading zeros and Corsica survive.
	for _, code := range []string{"01001", "2A004", "2B033"} {
		c, ok := d.Commune(code)
		if !ok {
			t.Errorf("%s missing", code)
			continue
		}
		if _, ok := c.Value(Poverty); !ok {
			t.Errorf("%s without poverty", code)
		}
	}
	c, _ := d.Commune("01001")
	if v, _ := c.Value(NoMobile); v.Value != 100 { // coverage 0.0 → 0 % → non-coverage 100 %
		t.Errorf("01001 mobile %v", v.Value)
	}
	if v, _ := c.Value(LowDiploma); v.Year != 2017 || !strings.Contains(v.Source, "recensement") {
		t.Errorf("source %+v", v)
	}
	// Paris is in the THD file only as a whole (75056), not by arrondissement.
	if _, ok := d.Commune("75056"); !ok {
		t.Error("75056 missing")
	}
	if c, _ := d.Commune("75111"); c != nil {
		if _, ok := c.Value(NoVeryHighSpeed); ok {
			t.Error("75111 unexpectedly has THD")
		}
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil || !strings.Contains(b.String(), "colonne donnée entre 0 et 1 : multipliée par 100") {
		t.Errorf("report: %v\n%s", err, b.String())
	}
}

func TestRealIndexDirection(t *testing.T) {
	t.Parallel()
	d, _ := readReal(t)
	// Paris arrondissements have no THD row: allow one missing indicator.
	lm, err := LaMedNum2022{MaxMissing: 1}.Compute(d)
	if err != nil {
		t.Fatal(err)
	}
	if lm.Scored() < 34900 {
		t.Errorf("only %d communes scored", lm.Scored())
	}
	score := func(r *Result, code string) float64 {
		s, ok := r.Commune(code)
		if !ok || !s.Scored {
			t.Fatalf("%s not scored in %s", code, r.Method)
		}
		return s.Score
	}
	// Paris 11e against Saint-Amand-Jartoudeix, a rural Creuse commune of 153 inhabitants (Insee 2021).
	paris, creuse := score(lm, "75111"), score(lm, "23181")
	if !(paris < 0 && creuse > 0) {
		t.Errorf("lamednum-2022: Paris 11e %.2f, Saint-Amand-Jartoudeix %.2f", paris, creuse)
	}
	var parisAll, creuseAll []float64
	for _, s := range lm.Scores {
		switch {
		case !s.Scored:
		case strings.HasPrefix(s.Code, "751"):
			parisAll = append(parisAll, s.Score)
		case strings.HasPrefix(s.Code, "23"):
			creuseAll = append(creuseAll, s.Score)
		}
	}
	sort.Float64s(parisAll)
	sort.Float64s(creuseAll)
	if len(parisAll) != 20 || len(creuseAll) < 250 || parisAll[len(parisAll)-1] >= creuseAll[len(creuseAll)/2] {
		t.Errorf("Paris %d arrondissements (max %.2f), Creuse %d communes (median %.2f)", len(parisAll), parisAll[len(parisAll)-1], len(creuseAll), creuseAll[len(creuseAll)/2])
	}
	france, err := ReferenceOf(d, "France", func(*Commune) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	b100, err := Base100{Reference: france, MaxMissing: 1}.Compute(d)
	if err != nil {
		t.Fatal(err)
	}
	if p, c := score(b100, "75111"), score(b100, "23181"); !(p < 100 && c > 100) {
		t.Errorf("base100-2020: Paris 11e %.1f, Saint-Amand-Jartoudeix %.1f", p, c)
	}
	if lm.Method == b100.Method {
		t.Error("two methods share a name")
	}
}

func BenchmarkLaMedNum2022Real(b *testing.B) {
	d, _ := readReal(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := (LaMedNum2022{MaxMissing: 1}).Compute(d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadDirReal(b *testing.B) {
	readReal(b)
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := ReadDir(realDir, BatchMedNum2020); err != nil {
			b.Fatal(err)
		}
	}
}
