package commune

import (
	"slices"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code, name, dep, kind, parent string
		postalCodes                   []string
		population                    int
		hasCoords                     bool
	}{
		{"78551", "Saint-Germain-en-Laye", "78", KindCommune, "", []string{"78100", "78112"}, 44380, true},
		{"91312", "Igny", "91", KindCommune, "", []string{"91430"}, 10213, true},
		{"91318", "Janville-sur-Juine", "91", KindCommune, "", []string{"91510"}, 1953, true},
		{"17299", "Rochefort", "17", KindCommune, "", []string{"17300"}, 23092, true},
		{"66008", "Argelès-sur-Mer", "66", KindCommune, "", []string{"66700"}, 10792, true},
		{"2A004", "Ajaccio", "2A", KindCommune, "", []string{"20000", "20090", "20167"}, 73822, true},
		{"97411", "Saint-Denis", "974", KindCommune, "", []string{"97400", "97417", "97490"}, 154765, true},
		{"97611", "Mamoudzou", "976", KindCommune, "", []string{"97600", "97605"}, 0, true},
		{"01001", "L'Abergement-Clémenciat", "01", KindCommune, "", []string{"01400"}, 832, true},
		{"01033", "Valserhône", "01", KindCommune, "", []string{"01200"}, 16295, true},
		{"85165", "L'Oie", "85", KindCommune, "", []string{"85140"}, 1259, false},
		{"75056", "Paris", "75", KindCommune, "", nil, 2133111, true},
		{"75111", "Paris 11e Arrondissement", "75", KindArrondissement, "75056", []string{"75011"}, 142583, true},
		{"75116", "Paris 16e Arrondissement", "75", KindArrondissement, "75056", []string{"75016", "75116"}, 162061, true},
		{"13055", "Marseille", "13", KindCommune, "", nil, 873076, true},
		{"13201", "Marseille 1er Arrondissement", "13", KindArrondissement, "13055", []string{"13001"}, 39436, true},
		{"69123", "Lyon", "69", KindCommune, "", nil, 522250, true},
		{"69381", "Lyon 1er Arrondissement", "69", KindArrondissement, "69123", []string{"69001"}, 29016, true},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			c, ok := Lookup(tt.code)
			if !ok {
				t.Fatalf("Lookup(%q) not found", tt.code)
			}
			if c.Code != tt.code || c.Name != tt.name || c.Department != tt.dep || c.Kind != tt.kind || c.Parent != tt.parent {
				t.Errorf("Lookup(%q) = %+v, want name %q dep %q kind %s parent %q", tt.code, c, tt.name, tt.dep, tt.kind, tt.parent)
			}
			if tt.postalCodes != nil && !slices.Equal(c.PostalCodes, tt.postalCodes) {
				t.Errorf("PostalCodes = %v, want %v", c.PostalCodes, tt.postalCodes)
			}
			if c.Population != tt.population || c.HasCoords != tt.hasCoords {
				t.Errorf("Population, HasCoords = %d, %v, want %d, %v", c.Population, c.HasCoords, tt.population, tt.hasCoords)
			}
			if !c.HasCoords && (c.Lat != 0 || c.Lon != 0) {
				t.Errorf("unknown coordinates are %v, %v, want 0, 0", c.Lat, c.Lon)
			}
		})
	}
	for _, code := range []string{"", "99999", "2A999", "78 551", "7855", "2a004", "20004"} {
		if c, ok := Lookup(code); ok {
			t.Errorf("Lookup(%q) = %+v, want not found", code, c)
		}
	}
}

func TestLookupCoordinates(t *testing.T) {
	t.Parallel()
	c, _ := Lookup("78551")
	if c.Lat != 48.93095 || c.Lon != 2.10524 {
		t.Errorf("Saint-Germain-en-Laye at %v, %v, want 48.93095, 2.10524", c.Lat, c.Lon)
	}
	// A whole city sits at the population-weighted centroid of its arrondissements.
	paris, _ := Lookup("75056")
	if d := DistanceKm(paris.Lat, paris.Lon, 48.8566, 2.3522); d > 2 {
		t.Errorf("Paris centroid %v, %v is %.1f km from the Hôtel de Ville", paris.Lat, paris.Lon, d)
	}
}

func TestWholeCities(t *testing.T) {
	t.Parallel()
	d := loaded()
	for _, city := range []struct {
		code string
		arms int
	}{{"75056", 20}, {"13055", 16}, {"69123", 9}} {
		c, _ := Lookup(city.code)
		var pop int
		var cps []string
		n := 0
		for i := range d.rows {
			a := d.commune(i)
			if a.Parent != city.code {
				continue
			}
			n++
			if a.Kind != KindArrondissement || a.Department != c.Department {
				t.Errorf("%s: child %+v", city.code, a)
			}
			pop += a.Population
			cps = append(cps, a.PostalCodes...)
		}
		slices.Sort(cps)
		if n != city.arms || pop != c.Population || !slices.Equal(cps, c.PostalCodes) {
			t.Errorf("%s: %d arrondissements, population %d, postal codes %v; city has %d, %v",
				city.code, n, pop, cps, c.Population, c.PostalCodes)
		}
	}
}

// TestData pins the counts of the embedded data, so that a regeneration
// that changes them is noticed.
func TestData(t *testing.T) {
	t.Parallel()
	d := loaded()
	counts := map[string]int{}
	var noCoords []string
	for i := range d.rows {
		c := d.commune(i)
		counts[c.Kind]++
		if !c.HasCoords {
			noCoords = append(noCoords, c.Kind+" "+c.Code)
		}
		if c.Department != DepartmentOf(c.Code) || c.Department == "" {
			t.Errorf("%s: department %q", c.Code, c.Department)
		}
		if len(c.PostalCodes) == 0 || !slices.IsSorted(c.PostalCodes) {
			t.Errorf("%s: postal codes %v", c.Code, c.PostalCodes)
		}
		if c.Kind == KindDelegated && (c.Parent != c.Code || c.Population != 0) {
			t.Errorf("commune déléguée %+v", c)
		}
	}
	want := map[string]int{KindCommune: 34934, KindArrondissement: 45, KindDelegated: 500}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%d rows of kind %s, want %d", counts[k], k, n)
		}
	}
	wantNoCoords := []string{"COM 60694", "COMD 60694", "COM 85165", "COM 85212"}
	if !slices.Equal(noCoords, wantNoCoords) {
		t.Errorf("rows without coordinates: %v, want %v", noCoords, wantNoCoords)
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	const ok = "78551\tCOM\t\tSaint-Germain-en-Laye\t78100,78112\t48.89643\t2.0904\t44380\n"
	if _, err := parseTSV(header + "\n" + ok); err != nil {
		t.Fatalf("valid row: %v", err)
	}
	tests := []struct{ name, body string }{
		{"ErrHeader", "code\tkind\n"},
		{"ErrFields", header + "\n78551\tCOM\t\tX\t78100\t1\t2\n"},
		{"ErrCode", header + "\n7855\tCOM\t\tX\t78100\t1\t2\t3\n"},
		{"ErrKind", header + "\n78551\tCOMA\t\tX\t78100\t1\t2\t3\n"},
		{"ErrParentOfCommune", header + "\n78551\tCOM\t78000\tX\t78100\t1\t2\t3\n"},
		{"ErrUnknownParent", header + "\n75101\tARM\t75056\tX\t75001\t1\t2\t3\n"},
		{"ErrPostalCode", header + "\n78551\tCOM\t\tX\t7810\t1\t2\t3\n"},
		{"ErrNoPostalCode", header + "\n78551\tCOM\t\tX\t\t1\t2\t3\n"},
		{"ErrLatitude", header + "\n78551\tCOM\t\tX\t78100\t91\t2\t3\n"},
		{"ErrNaN", header + "\n78551\tCOM\t\tX\t78100\tNaN\t2\t3\n"},
		{"ErrPopulation", header + "\n78551\tCOM\t\tX\t78100\t1\t2\t-3\n"},
		{"ErrOrder", header + "\n" + ok + ok},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := parseTSV(tt.body); err == nil {
				t.Errorf("parseTSV(%q) succeeded", tt.body)
			}
		})
	}
}

func FuzzParseTSV(f *testing.F) {
	text, err := gunzip(communesGz)
	if err != nil {
		f.Fatal(err)
	}
	lines := strings.SplitAfter(text, "\n")
	f.Add(strings.Join(lines[:50], ""))
	f.Add(header + "\n01033\tCOM\t\tValserhône\t01200\t46.12335\t5.79442\t16295\n01033\tCOMD\t01033\tBellegarde-sur-Valserine\t01200\t46.12335\t5.79442\t0\n")
	f.Add(header + "\n75056\tCOM\t\tParis\t75001,75116\t48.85982\t2.34561\t2133111\n75116\tARM\t75056\tParis 16e\t75016,75116\t48.85716\t2.26298\t162061\n")
	f.Fuzz(func(t *testing.T, text string) {
		d, err := parseTSV(text)
		if err != nil {
			return
		}
		for i := range d.rows {
			_ = Label(d.commune(i))
		}
		d.names()
		d.postal()
		g := d.geo()
		g.nearest(48.8, 2.3)
		g.within(48.8, 2.3, 50)
	})
}

func TestByPostalCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cp    string
		codes []string
	}{
		{"78100", []string{"78551"}},
		{"91430", []string{"91312", "91635"}}, // Igny, Vauhallan
		{"20090", []string{"2A004"}},
		{"75011", []string{"75056", "75111"}},
		{"75116", []string{"75056", "75116"}},
		{"7810", nil},
		{"781000", nil},
		{"ABCDE", nil},
		{"00000", nil},
	}
	for _, tt := range tests {
		t.Run(tt.cp, func(t *testing.T) {
			t.Parallel()
			got := ByPostalCode(tt.cp)
			if codes := codesOf(got); !slices.Equal(codes, tt.codes) {
				t.Errorf("ByPostalCode(%q) = %v, want %v", tt.cp, codes, tt.codes)
			}
		})
	}
	// 01200 serves ten communes; Valserhône, the largest, comes first and its
	// commune déléguée, whose population is unknown, last.
	got := ByPostalCode("01200")
	if len(got) != 10 || got[0].Name != "Valserhône" || got[9].Name != "Bellegarde-sur-Valserine" || got[9].Kind != KindDelegated {
		t.Fatalf("ByPostalCode(01200) = %v", codesOf(got))
	}
	for i, c := range got {
		if !slices.Contains(c.PostalCodes, "01200") || (i > 0 && c.Population > got[i-1].Population) {
			t.Errorf("ByPostalCode(01200)[%d] = %+v", i, c)
		}
	}
}

func TestDepartmentOf(t *testing.T) {
	t.Parallel()
	tests := []struct{ code, want string }{
		{"78551", "78"},
		{"01001", "01"},
		{"2A004", "2A"},
		{"2B033", "2B"},
		{"97411", "974"},
		{"97611", "976"},
		{"97101", "971"},
		{"75056", "75"},
		{"", ""},
		{"7855", ""},
		{"785510", ""},
		{"2C004", ""},
		{"2A0B4", ""},
		{"20004", ""},
		{"00001", ""},
		{"ABCDE", ""},
		{"78-51", ""},
	}
	for _, tt := range tests {
		if got := DepartmentOf(tt.code); got != tt.want {
			t.Errorf("DepartmentOf(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestValidCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code string
		want bool
	}{
		{"78551", true},
		{"2A004", true},
		{"97411", true},
		{"75056", true},
		{"75111", true},
		{"99999", false},
		{"2A999", false},
		{"78100", false}, // a postal code, not an INSEE code
		{"", false},
		{"78 551", false},
		{"2a004", false},
	}
	for _, tt := range tests {
		if got := ValidCode(tt.code); got != tt.want {
			t.Errorf("ValidCode(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestLabel(t *testing.T) {
	t.Parallel()
	tests := []struct{ code, want string }{
		{"78551", "Saint-Germain-en-Laye (78100)"},
		{"2A004", "Ajaccio (20000)"},
		{"97411", "Saint-Denis (97400)"},
		{"75056", "Paris (75001)"},
		{"66008", "Argelès-sur-Mer (66700)"},
	}
	for _, tt := range tests {
		c, _ := Lookup(tt.code)
		if got := Label(c); got != tt.want {
			t.Errorf("Label(%s) = %q, want %q", tt.code, got, tt.want)
		}
	}
	if got := Label(Commune{Name: "Nulle-Part"}); got != "Nulle-Part" {
		t.Errorf("Label without postal code = %q", got)
	}
}

func codesOf(cs []Commune) []string {
	var codes []string
	for _, c := range cs {
		codes = append(codes, c.Code)
	}
	return codes
}

var sinkCommune Commune

func BenchmarkLookup(b *testing.B) {
	loaded()
	b.ReportAllocs()
	for b.Loop() {
		sinkCommune, _ = Lookup("78551")
	}
}

func BenchmarkByPostalCode(b *testing.B) {
	loaded().postal()
	b.ReportAllocs()
	for b.Loop() {
		sinkCommune = ByPostalCode("75011")[0]
	}
}
