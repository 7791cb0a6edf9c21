package commune

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSearch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, q string
		limit   int
		first   []string // codes the results start with
		has     []string // codes among the results
	}{
		{"Typed", "st germain en l", 10, []string{"78551"}, nil},
		{"Official", "Saint-Germain-en-Laye", 10, []string{"78551"}, nil},
		{"Upper", "SAINT GERMAIN EN LAYE", 10, []string{"78551"}, nil},
		{"WordStart", "germain en laye", 10, []string{"78551"}, nil},
		{"PostalCode", "78100", 10, []string{"78551"}, nil},
		{"PostalCodeWithSpaces", " 78100 ", 10, []string{"78551"}, nil},
		{"MarseilleCityFirst", "marseille", 20, []string{"13055", "13213", "13208"}, []string{"13201", "13216"}},
		{"ParisCityFirst", "paris", 30, []string{"75056", "75115"}, []string{"75101", "75120"}},
		{"Arrondissement", "paris 11", 5, []string{"75111"}, nil},
		{"LyonArrondissement", "lyon 3e", 5, []string{"69383"}, nil},
		{"EvryExactFirst", "evry", 5, []string{"89162", "91228"}, nil},
		{"EvryCourcouronnes", "Évry-Courc", 5, []string{"91228"}, nil},
		{"Igny", "igny", 5, []string{"91312", "70289", "51298"}, nil},
		{"Rochefort", "rochefort", 5, []string{"17299"}, nil},
		{"Argeles", "argeles sur mer", 5, []string{"66008"}, nil},
		{"Ajaccio", "ajaccio", 5, []string{"2A004"}, nil},
		{"SaintDenisByPopulation", "saint-denis", 5, []string{"97411", "93066"}, nil},
		{"ArticleSkipped", "havre", 5, []string{"76351"}, nil},
		{"ArticleTyped", "le havre", 5, []string{"76351"}, nil},
		{"ApostropheArticle", "abergement clem", 5, []string{"01001"}, nil},
		{"SteAbbreviation", "ste marie", 5, []string{"97418"}, nil},
		{"StForSainte", "st marie aux mines", 5, []string{"68298"}, nil},
		{"StStillTyped", "st", 10, nil, []string{"67482"}},
		{"StrasbourgPrefix", "stras", 5, []string{"67482"}, nil},
		{"DelegatedWhenAlone", "bellegarde sur valserine", 5, []string{"01033"}, nil},
		{"CommuneOverDelegated", "cherbourg", 5, []string{"50129"}, nil},
		{"CommuneNouvelle", "valserhone", 5, []string{"01033"}, nil},
		{"PostalPrefix", "7810", 5, []string{"78551"}, nil},
		{"Corsica", "20000", 5, []string{"2A004"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Search(tt.q, tt.limit)
			codes := codesOf(got)
			if len(got) > tt.limit {
				t.Errorf("Search(%q, %d) returned %d results", tt.q, tt.limit, len(got))
			}
			if len(codes) < len(tt.first) || !slices.Equal(codes[:len(tt.first)], tt.first) {
				t.Errorf("Search(%q) = %v, want it to start with %v", tt.q, codes, tt.first)
			}
			for _, c := range tt.has {
				if !slices.Contains(codes, c) {
					t.Errorf("Search(%q) = %v, want %s among them", tt.q, codes, c)
				}
			}
		})
	}
}

func TestSearchNothing(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"", "  ", "-'’", "zzzzzz", "123456", "saint germain en laye ouest"} {
		if got := Search(q, 10); got != nil {
			t.Errorf("Search(%q) = %v, want nil", q, codesOf(got))
		}
	}
}

func TestSearchDelegatedOnce(t *testing.T) {
	t.Parallel()
	got := Search("cherbourg", 0)
	for _, c := range got {
		if c.Code == "50129" && c.Kind != KindCommune {
			t.Errorf("Search(cherbourg) lists %+v instead of Cherbourg-en-Cotentin", c)
		}
	}
	if got := Search("bellegarde sur valserine", 5); len(got) == 0 || got[0].Kind != KindDelegated || got[0].Name != "Bellegarde-sur-Valserine" {
		t.Errorf("Search(bellegarde sur valserine) = %+v", got)
	}
}

// TestSearchOrder checks the order on every result: exact names, then name
// prefixes, then word starts, the most populated first within each.
func TestSearchOrder(t *testing.T) {
	t.Parallel()
	d := loaded()
	names := d.names()
	for _, q := range []string{"marseille", "saint", "st", "la chapelle", "paris", "bellegarde", "evry", "mont", "781", "2"} {
		got := Search(q, 0)
		if len(got) == 0 {
			t.Fatalf("Search(%q) found nothing", q)
		}
		key := strings.Join(queryVariants(q), "|")
		seen := map[string]bool{}
		prevTier, prevPop := uint8(0), int32(1<<31-1)
		for _, c := range got {
			if seen[c.Code] {
				t.Fatalf("Search(%q): %s twice", q, c.Code)
			}
			seen[c.Code] = true
			i := rowOf(t, c)
			tier := tierPrefix
			if !isDigits(q) {
				var ok bool
				tier, ok = names.matchTier(i, queryVariants(q))
				if !ok {
					t.Fatalf("Search(%q) returned %s %q which does not match %s", q, c.Code, c.Name, key)
				}
			}
			pop := d.rankPopulation(i)
			if tier < prevTier || (tier == prevTier && pop > prevPop) {
				t.Fatalf("Search(%q): %s %q (tier %d, population %d) after tier %d, population %d", q, c.Code, c.Name, tier, pop, prevTier, prevPop)
			}
			prevTier, prevPop = tier, pop
		}
	}
}

// TestSearchLimits checks that the short list kept for small limits gives
// the same results as the full ranking.
func TestSearchLimits(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"marseille", "saint", "st", "ste", "la chapelle", "paris", "bellegarde", "cherbourg", "evry", "mont", "781", "2", "a"} {
		all := Search(q, 0)
		for _, limit := range []int{1, 3, 10, maxBounded, maxBounded + 1, 200} {
			got := Search(q, limit)
			want := all[:min(limit, len(all))]
			if !slices.Equal(codesOf(got), codesOf(want)) || !slices.EqualFunc(got, want, func(a, b Commune) bool { return a.Name == b.Name }) {
				t.Errorf("Search(%q, %d) = %v, want %v", q, limit, codesOf(got), codesOf(want))
			}
		}
	}
}

func TestQueryVariants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q    string
		want []string
	}{
		{"paris", []string{"paris"}},
		{"st", []string{"st", "saint"}},
		{"st germain", []string{"saint germain", "sainte germain"}},
		{"ste marie", []string{"sainte marie"}},
		{"ste", []string{"ste", "sainte"}},
		{"mont st", []string{"mont st", "mont saint"}},
		{"st st st st st", nil},
	}
	for _, tt := range tests {
		got := queryVariants(tt.q)
		if tt.want == nil {
			if len(got) > 16 {
				t.Errorf("queryVariants(%q) gives %d variants", tt.q, len(got))
			}
			continue
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("queryVariants(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func FuzzSearch(f *testing.F) {
	for _, q := range []string{"st germain en l", "78100", "marseille", "évry", "st ste st", "2", "l", "-"} {
		f.Add(q, 10)
	}
	f.Fuzz(func(t *testing.T, q string, limit int) {
		limit %= 200
		got := Search(q, limit)
		if limit > 0 && len(got) > limit {
			t.Fatalf("Search(%q, %d) returned %d results", q, limit, len(got))
		}
		seen := map[string]bool{}
		for _, c := range got {
			if seen[c.Code] || !utf8.ValidString(c.Name) {
				t.Fatalf("Search(%q): duplicate or invalid %+v", q, c)
			}
			seen[c.Code] = true
		}
	})
}

func rowOf(t *testing.T, c Commune) int {
	t.Helper()
	d := loaded()
	for i := range d.rows {
		if d.rows[i].code == c.Code && d.rows[i].name == c.Name {
			return i
		}
	}
	t.Fatalf("no row for %+v", c)
	return -1
}

var sinkCommunes []Commune

func BenchmarkSearch(b *testing.B) {
	loaded().names()
	loaded().postal()
	for _, q := range []string{"st germain en l", "Saint-Germain-en-Laye", "marseille", "evry", "saint", "la chapelle", "78100", "781", "zzz"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkCommunes = Search(q, 10)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	for in, want := range map[string]string{
		"17299":              "17299",
		"2a004":              "2A004",
		"Rochefort (17300)":  "17299",
		"rochefort  (17300)": "17299",
		"Fouras":             "17168",
	} {
		c, msg := Resolve(in)
		if msg != "" || c.Code != want {
			t.Errorf("Resolve(%q) = %s, %q; want %s", in, c.Code, msg, want)
		}
	}
	for in, want := range map[string]string{
		"":                  "Saisissez la commune",
		"Nulleville":        "Commune introuvable",
		"Saint-Martin":      "Plusieurs communes correspondent",
		"Rochefort (75001)": "Commune introuvable",
	} {
		if c, msg := Resolve(in); !strings.HasPrefix(msg, want) || c.Code != "" {
			t.Errorf("Resolve(%q) = %s, %q; want %q", in, c.Code, msg, want)
		}
	}
}
