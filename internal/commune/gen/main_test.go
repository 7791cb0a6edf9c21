package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"testing"
)

// sourceCSV is the shared data next to the repository (see ../PROVENANCE.md).
const sourceCSV = "../../../../shared/data/communes-france_2024_insee-cp-latlng-population.csv"

// TestCommittedDataIsGenerated checks that communes.tsv.gz is exactly what
// the generator makes of the source. It compares the TSV rather than the
// gzip bytes, which a new Go release's compressor may change.
func TestCommittedDataIsGenerated(t *testing.T) {
	t.Parallel()
	f, err := os.Open(sourceCSV)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent: cannot check communes.tsv.gz against its source", sourceCSV)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, st, err := build(f)
	if err != nil {
		t.Fatal(err)
	}
	want := encode(recs)

	committed, err := os.ReadFile("../communes.tsv.gz")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(committed))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("communes.tsv.gz line %d is\n%q\nthe generator makes\n%q\nrun go generate ./internal/commune", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("communes.tsv.gz has %d lines, the generator makes %d; run go generate ./internal/commune", len(gl), len(wl))
	}

	a, err := compress(want)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := compress(want)
	if !bytes.Equal(a, b) {
		t.Error("compress is not deterministic")
	}
	if len(committed) > 1<<20 {
		t.Errorf("communes.tsv.gz is %d bytes, more than 1 MiB", len(committed))
	}
	if st.cities != 3 || st.droppedComd != 73 || len(st.noCoords) != 4 {
		t.Errorf("stats %+v", st)
	}
}

const testHeader = "insee_com,insee_reg,insee_dep,commune,commune_article,code_postal,commune_type,insee_parente,lat,lng,superficie_km2,population_2021\n"

// arrondissements are the minimal rows that let the three cities be built.
const arrondissements = `13201,93,13,Marseille 1er Arrondissement,Marseille 1er Arrondissement,13001,ARM,13055,43.3,5.38,1,100
69381,84,69,Lyon 1er Arrondissement,Lyon 1er Arrondissement,69001,ARM,69123,45.77,4.83,1,100
75101,11,75,Paris 1er Arrondissement,Paris 1er Arrondissement,75001,ARM,75056,48.862,2.33594,1.83,1000
75116,11,75,Paris 16e Arrondissement,Paris 16e Arrondissement,75016,ARM,75056,48.85716,2.26298,16.37,3000
75116,11,75,Paris 16e Arrondissement,Paris 16e Arrondissement,75116,ARM,75056,48.85716,2.26298,16.37,3000
`

func TestBuild(t *testing.T) {
	t.Parallel()
	csv := testHeader + `01033,84,01,Valserhône,Valserhône,01200,COM,,46.123351,5.794419,62.53,16295
01033,,,Bellegarde-sur-Valserine,Bellegarde-sur-Valserine,01200,COMD,01033,46.123351,5.794419,62.53,16295
05132,93,05,Saint-Bonnet,Saint-Bonnet-en-Champsaur,05500,COM,,44.68,6.07,1,2000
05132,,,Saint-Bonnet-en-Champsaur,Saint-Bonnet-en-Champsaur,05500,COMD,05132,44.68,6.07,1,2000
2A004,94,2A,Ajaccio,Ajaccio,20090,COM,,41.92274,8.70583,82,73822
2A004,94,2A,Ajaccio,Ajaccio,20000,COM,,41.92274,8.70583,82,73822
85165,52,85,Oie,L'Oie,85140,COM,,,,10,1259
` + arrondissements
	recs, st, err := build(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	got := string(encode(recs))
	want := header +
		"01033\tCOM\t\tValserhône\t01200\t46.12335\t5.79442\t16295\n" +
		"01033\tCOMD\t01033\tBellegarde-sur-Valserine\t01200\t46.12335\t5.79442\t0\n" +
		"05132\tCOM\t\tSaint-Bonnet-en-Champsaur\t05500\t44.68\t6.07\t2000\n" +
		"13055\tCOM\t\tMarseille\t13001\t43.3\t5.38\t100\n" +
		"13201\tARM\t13055\tMarseille 1er Arrondissement\t13001\t43.3\t5.38\t100\n" +
		"2A004\tCOM\t\tAjaccio\t20000,20090\t41.92274\t8.70583\t73822\n" +
		"69123\tCOM\t\tLyon\t69001\t45.77\t4.83\t100\n" +
		"69381\tARM\t69123\tLyon 1er Arrondissement\t69001\t45.77\t4.83\t100\n" +
		// Paris: 1000 × 1er + 3000 × 16e, weighted by population.
		"75056\tCOM\t\tParis\t75001,75016,75116\t48.85837\t2.28122\t4000\n" +
		"75101\tARM\t75056\tParis 1er Arrondissement\t75001\t48.862\t2.33594\t1000\n" +
		"75116\tARM\t75056\tParis 16e Arrondissement\t75016,75116\t48.85716\t2.26298\t3000\n" +
		"85165\tCOM\t\tL'Oie\t85140\t\t\t1259\n"
	if got != want {
		t.Errorf("encode(build()) =\n%s\nwant\n%s", got, want)
	}
	if st.droppedComd != 1 || st.cities != 3 || st.arm != 4 || st.comd != 1 || len(st.noCoords) != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestBuildRejects(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, csv string }{
		{"ErrMissingColumn", "insee_com,commune\n01001,X\n"},
		{"ErrCode", testHeader + "1001,84,01,X,X,01400,COM,,46,4,1,1\n" + arrondissements},
		{"ErrDepartment", testHeader + "01001,84,02,X,X,01400,COM,,46,4,1,1\n" + arrondissements},
		{"ErrKind", testHeader + "01001,84,01,X,X,01400,ARR,,46,4,1,1\n" + arrondissements},
		{"ErrPostalCode", testHeader + "01001,84,01,X,X,1400,COM,,46,4,1,1\n" + arrondissements},
		{"ErrPopulation", testHeader + "01001,84,01,X,X,01400,COM,,46,4,1,\n" + arrondissements},
		{"ErrLatitude", testHeader + "01001,84,01,X,X,01400,COM,,96,4,1,1\n" + arrondissements},
		{"ErrDisagree", testHeader + "01001,84,01,X,X,01400,COM,,46,4,1,1\n01001,84,01,X,X,01401,COM,,46,4,1,2\n" + arrondissements},
		{"ErrTwoNames", testHeader + "01001,84,01,X,X,01400,COM,,46,4,1,1\n01001,84,01,Y,Y,01400,COM,,46,4,1,1\n" + arrondissements},
		{"ErrOrphanDelegated", testHeader + "01001,,,X,X,01400,COMD,01001,46,4,1,1\n" + arrondissements},
		{"ErrUnknownCity", testHeader + "31555,76,31,Toulouse 1er,Toulouse 1er,31000,ARM,31555,43.6,1.44,1,1\n" + arrondissements},
		{"ErrCityInSource", testHeader + "75056,11,75,Paris,Paris,75001,COM,,48.8,2.3,1,1\n" + arrondissements},
		{"ErrNoArrondissement", testHeader + "01001,84,01,X,X,01400,COM,,46,4,1,1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, _, err := build(strings.NewReader(tt.csv)); err == nil {
				t.Error("build succeeded")
			}
		})
	}
}
