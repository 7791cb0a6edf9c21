package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// upload posts a file with the import form.
func (s *site) upload(c *http.Client, name string, content []byte, owner string) response {
	s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if owner != "" {
		_ = mw.WriteField("proprietaire", owner)
	}
	if content != nil {
		fw, _ := mw.CreateFormFile("fichier", name)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", s.http.URL+"/espace/lieux/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: html.UnescapeString(string(b)), header: res.Header}
}

// threeRows has two valid places and one that cannot be a place.
func threeRows() []byte {
	ok1 := onePlaceCSV("essai-1", "Espace numérique du port")
	ok2 := onePlaceCSV("essai-2", "Médiathèque du centre")
	bad := "essai-3,43493312300029,,Rochefort,1730,,1 rue X,,,,,,,,,,,,,,,Aide aux démarches administratives,,,,,,,,,,\n"
	return append(append(ok1, bytes.SplitN(ok2, []byte("\n"), 2)[1]...), bad...)
}

func TestPlaceImportFromTheWeb(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	coord := s.login(account.RoleCoordination)
	ccas := s.demo.Structures[demo.CCAS]
	before, _ := placestore.New(s.store).CountPlaces(ctx, true)

	if r := s.do(s.login(account.RoleMediation), "GET", "/espace/lieux/import", nil); r.status != http.StatusForbidden {
		t.Fatalf("a mediation role must not import: %d", r.status)
	}
	if r := s.do(coord, "GET", "/espace/lieux/import", nil); r.status != 200 || !strings.Contains(r.body, "À qui appartiennent ces lieux ?") {
		t.Fatalf("form: %d", r.status)
	}

	t.Run("BadUploads", func(t *testing.T) {
		for _, tc := range []struct {
			name    string
			content []byte
			owner   string
			want    string
		}{
			{"NoFile", nil, "national", "Choisissez le fichier à importer"},
			{"NoOwner", threeRows(), "", "Dites à qui appartiennent ces lieux."},
			{"Empty", []byte{}, "national", "Le fichier est vide."},
			{"Binary", []byte("PK\x03\x04\x00\x00binary"), "national", "ni un CSV ni un JSON"},
			{"NotPlaces", []byte(`[{"a": 1}]`), "national", "ne décrivent pas des lieux"},
			{"MissingColumns", []byte("nom,commune\nX,Y\n"), "national", "Colonnes obligatoires absentes de l'en-tête : id, code_postal, adresse, date_maj"},
			{"TooBig", bytes.Repeat([]byte("a"), 21<<20), "national", "Le fichier dépasse 20 Mo"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := s.upload(coord, "lieux.csv", tc.content, tc.owner)
				if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, tc.want) {
					t.Fatalf("status %d, want 422 with %q", r.status, tc.want)
				}
				if !strings.Contains(r.body, "Il y a un problème") {
					t.Fatal("the error summary is missing")
				}
			})
		}
	})

	// Upload, read the report: nothing is imported yet.
	r := s.upload(coord, "essai.csv", threeRows(), "structure")
	if r.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	report := r.header.Get("Location")
	r = s.do(coord, "GET", report, nil)
	for _, want := range []string{"Vérification : rien n'est encore importé", "schéma v1, CSV", "CCAS de Rochefort", "Lignes refusées",
		"Le nom du lieu est obligatoire.", "Le code postal doit compter 5 chiffres.", "Importer 2 lieux"} {
		if !strings.Contains(r.body, want) {
			t.Fatalf("the report lacks %q:\n%s", want, r.body)
		}
	}
	if n, _ := placestore.New(s.store).CountPlaces(ctx, true); n != before {
		t.Fatalf("the check imported something: %d → %d", before, n)
	}
	r = s.do(coord, "GET", report+"/rapport.json", nil)
	var rep map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.body), &rep); err != nil || len(rep) != 5 || r.header.Get("Content-Disposition") == "" {
		t.Fatalf("JSON report: %v %q %v", err, r.body, r.header)
	}

	// Confirm: the two valid places belong to the CCAS now.
	if r = s.do(coord, "POST", report+"/confirmation", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", r.status)
	}
	r = s.do(coord, "GET", report, nil)
	if !strings.Contains(r.body, "Import terminé") || !strings.Contains(r.body, "2 importés") {
		t.Fatalf("after the import: %s", r.body)
	}
	if n, _ := placestore.New(s.store).CountPlaces(ctx, true); n != before+2 {
		t.Fatalf("%d places, want %d", n, before+2)
	}
	owned := 0
	_ = placestore.New(s.store).EachPlace(ctx, placestore.PlaceFilter{StructureID: ccas}, func(p place.Place) error {
		if p.Source == "Démo" && strings.HasPrefix(p.SourceID, "essai-") {
			owned++
		}
		return nil
	})
	if owned != 2 {
		t.Fatalf("%d imported places owned by the CCAS", owned)
	}

	// Confirming again changes nothing.
	s.do(coord, "POST", report+"/confirmation", url.Values{})
	if r = s.do(coord, "GET", report, nil); !strings.Contains(r.body, "déjà été importé") {
		t.Fatalf("second confirmation: %s", r.body)
	}
	if n, _ := placestore.New(s.store).CountPlaces(ctx, true); n != before+2 {
		t.Fatalf("imported twice: %d", n)
	}

	// The same file again, as national data: the CCAS's places are not its to change.
	r = s.upload(coord, "essai.csv", threeRows(), "national")
	r = s.do(coord, "GET", r.header.Get("Location"), nil)
	if !strings.Contains(r.body, "appartient à une structure de Parcours") {
		t.Fatalf("ownership conflict not reported: %s", r.body)
	}

	// Abandon: the content is dropped, confirmation no longer possible.
	r = s.upload(coord, "autre.csv", onePlaceCSV("essai-9", "Lieu abandonné"), "structure")
	other := r.header.Get("Location")
	if r = s.do(coord, "POST", other+"/abandon", url.Values{}); r.status != http.StatusSeeOther || r.header.Get("Location") != "/espace/lieux/import" {
		t.Fatalf("abandon: %d %v", r.status, r.header)
	}
	s.do(coord, "POST", other+"/confirmation", url.Values{})
	if n, _ := placestore.New(s.store).CountPlaces(ctx, true); n != before+2 {
		t.Fatalf("an abandoned file was imported: %d", n)
	}
	if r = s.do(coord, "GET", "/espace/lieux/import", nil); !strings.Contains(r.body, "Abandonné") || !strings.Contains(r.body, "Importé le") {
		t.Fatalf("the list does not show the files' states: %s", r.body)
	}
}

func TestOpenDataCSV(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	if _, err := placefile.Import(ctx, placestore.New(s.store), threeRows(), placefile.Options{Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	r := s.do(s.client(), "GET", "/donnees/lieux.csv", nil)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(r.header.Get("Content-Disposition"), `attachment; filename="lieux-mediation-numerique_`) {
		t.Fatalf("%d %v", r.status, r.header)
	}
	lines := strings.Split(strings.TrimSuffix(r.body, "\n"), "\n")
	open, _ := placestore.New(s.store).CountPlaces(ctx, false)
	if lines[0] != placefile.SchemaCSVHeader || len(lines)-1 < open || open < 2 {
		t.Fatalf("header %q, %d lines for %d open places", lines[0], len(lines), open)
	}
	schema := officialSchemaOrSkip(t)
	issues, rows, err := schema.ValidateCSV(strings.NewReader(r.body))
	if err != nil || len(issues) > 0 || rows != open {
		t.Fatalf("the open-data CSV fails the schema: %d rows for %d, %v %v", rows, open, err, issues)
	}
}

// officialSchemaOrSkip reads the schema from ../shared/data.
func officialSchemaOrSkip(t *testing.T) *placefile.Schema {
	t.Helper()
	s, err := placefile.LoadSchema("../../../shared/data/schema-lieux-mediation-numerique_v1.0.2.json")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skipf("official schema absent (%v): skipped", err)
	}
	return s
}

type lieuxReply struct {
	Lieux          []map[string]any `json:"lieux"`
	CurseurSuivant *string          `json:"curseur_suivant"`
}

func (s *site) lieux(query string) (int, lieuxReply, string) {
	s.t.Helper()
	r := s.apiExchange("", "GET", "/api/v1/lieux"+query, "")
	var reply lieuxReply
	if r.status == 200 {
		if err := json.Unmarshal([]byte(r.body), &reply); err != nil {
			s.t.Fatal(err)
		}
	}
	return r.status, reply, r.body
}

func TestLieuxAPI(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	file := []byte(placefile.SchemaCSVHeader + "\n" +
		"api-1,43493312300029,Lieu A,Rochefort,17300,17299,1 rue A,,45.94,-0.96,,,,,,,,Test,,,2026-01-01,Aide aux démarches administratives,,,,,,,,,,\n" +
		"api-2,43493312300029,Lieu B,La Rochelle,17000,17300,2 rue B,,46.16,-1.15,,,,,,,,Test,,,2026-01-01,Loisirs et créations numériques,,,,,,,,,,\n" +
		"api-3,43493312300029,Lieu C,Paris,75011,75111,3 rue C,,48.86,2.38,,,,,,,,Test,,,2026-01-01,Aide aux démarches administratives|Loisirs et créations numériques,,,,,,,,,,\n")
	if _, err := placefile.Import(ctx, placestore.New(s.store), file, placefile.Options{Now: s.clock.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	open, _ := placestore.New(s.store).CountPlaces(ctx, false)

	// Every page, by cursor, gives every open place once.
	seen := map[string]bool{}
	cursor := ""
	pages := 0
	for {
		status, reply, body := s.lieux("?limite=2" + cursor)
		if status != 200 || len(reply.Lieux) > 2 {
			t.Fatalf("%d %s", status, body)
		}
		for _, l := range reply.Lieux {
			id := l["id"].(string)
			if seen[id] {
				t.Fatalf("id %s twice", id)
			}
			seen[id] = true
		}
		pages++
		if reply.CurseurSuivant == nil {
			break
		}
		cursor = "&curseur=" + url.QueryEscape(*reply.CurseurSuivant)
	}
	if len(seen) != open || pages != (open+1)/2 {
		t.Fatalf("%d places in %d pages, want %d", len(seen), pages, open)
	}

	// Records: the schema's field names, coordinates as numbers, no empty field.
	_, reply, body := s.lieux("?commune=75056")
	if len(reply.Lieux) != 1 || reply.Lieux[0]["id"] != "api-3" || reply.Lieux[0]["latitude"] != 48.86 || reply.Lieux[0]["code_insee"] != "75111" {
		t.Fatalf("commune=75056 (Paris with its arrondissements): %s", body)
	}
	if _, ok := reply.Lieux[0]["telephone"]; ok || !strings.Contains(body, `"id":"api-3","pivot":"43493312300029","nom":"Lieu C"`) {
		t.Fatalf("record shape: %s", body)
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"?commune=17300&departement=17", []string{"api-2"}},
		{"?departement=75", []string{"api-3"}},
		{"?service=" + url.QueryEscape("Loisirs et créations numériques") + "&departement=17", []string{"api-2"}},
		{"?modifie_depuis=" + url.QueryEscape(s.clock.Now().Add(30*time.Minute).Format(time.RFC3339)), []string{"api-1", "api-2", "api-3"}},
		{"?modifie_depuis=" + s.clock.Now().AddDate(0, 0, 2).Format("2006-01-02"), nil},
		{"?departement=33", nil},
	} {
		status, reply, body := s.lieux(tc.query)
		var got []string // the demo's places match too: only this test's are compared
		for _, l := range reply.Lieux {
			if id := l["id"].(string); strings.HasPrefix(id, "api-") {
				got = append(got, id)
			}
		}
		if status != 200 || strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: %d %v, want %v (%s)", tc.query, status, got, tc.want, body)
		}
	}

	// Each record reads back alone by the id the list gives it.
	_, page, _ := s.lieux("?departement=17&limite=1000")
	for _, l := range page.Lieux {
		id := l["id"].(string)
		r := s.apiExchange("", "GET", "/api/v1/lieux/"+url.PathEscape(id), "")
		var one map[string]any
		if r.status != 200 || json.Unmarshal([]byte(r.body), &one) != nil || one["id"] != id || one["nom"] != l["nom"] || one["date_maj"] != l["date_maj"] {
			t.Fatalf("GET /lieux/%s: %d %s", id, r.status, r.body)
		}
	}
	for _, id := range []string{"absent", "parcours-999999"} {
		if r := s.apiExchange("", "GET", "/api/v1/lieux/"+id, ""); r.status != http.StatusNotFound || !strings.Contains(r.body, `"code":"not_found"`) {
			t.Errorf("GET /lieux/%s: %d %s", id, r.status, r.body)
		}
	}
	closed := s.demoClosedPlace()
	if r := s.apiExchange("", "GET", "/api/v1/lieux/"+url.PathEscape(closed.SchemaID()), ""); r.status != http.StatusNotFound {
		t.Errorf("a closed place is still published: %d %s", r.status, r.body)
	}

	// Bad parameters: 422 naming every field at fault, first those the
	// OpenAPI document refuses, then those only the data can refuse.
	for _, tc := range []struct {
		query  string
		fields []string
	}{
		{"limite=0&service=Jardinage", []string{"limite", "service"}},
		{"commune=99999&curseur=xyz&modifie_depuis=hier&tri=nom", []string{"commune", "curseur", "modifie_depuis", "tri"}},
	} {
		r := s.apiExchange("", "GET", "/api/v1/lieux?"+tc.query, "")
		var e struct {
			Error struct {
				Code   string            `json:"code"`
				Fields map[string]string `json:"fields"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(r.body), &e); err != nil || r.status != http.StatusUnprocessableEntity || e.Error.Code != "invalid" {
			t.Fatalf("%d %s", r.status, r.body)
		}
		for _, f := range tc.fields {
			if e.Error.Fields[f] == "" {
				t.Errorf("%s: no message for %s: %v", tc.query, f, e.Error.Fields)
			}
		}
	}
}

func TestPlaceImportNationalFileFromTheWeb(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../../shared/data/lieux-mediation-numerique_v0.1_data-inclusion_2023-02.json")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skipf("real data absent (%v): skipped", err)
	}
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	before, _ := placestore.New(s.store).CountPlaces(ctx, true)
	admin := s.login(account.RoleAdmin)
	r := s.upload(admin, "national.json", data, "national")
	if r.status != http.StatusSeeOther {
		t.Fatalf("upload: %d", r.status)
	}
	report := r.header.Get("Location")
	if r = s.do(admin, "GET", report, nil); !strings.Contains(r.body, "schéma v0.1 (ancien vocabulaire), JSON") || !strings.Contains(r.body, "Importer 3811 lieux") {
		t.Fatalf("report: %s", r.body)
	}
	s.do(admin, "POST", report+"/confirmation", url.Values{})
	if n, _ := placestore.New(s.store).CountPlaces(ctx, true); n != before+3811 {
		t.Fatalf("%d places after the import, want %d", n, before+3811)
	}
	r = s.do(admin, "GET", "/donnees/lieux.csv", nil)
	if got := strings.Count(r.body, "\n") - 1; got < 3811 {
		t.Fatalf("the open-data CSV has %d rows", got)
	}
}

// demoClosedPlace is a place of the demo that no longer exists.
func (s *site) demoClosedPlace() place.Place {
	s.t.Helper()
	ps, err := placestore.New(s.store).PlacesInTerritory(context.Background(), scope.Platform())
	if err != nil {
		s.t.Fatal(err)
	}
	for _, p := range ps {
		if !p.Open() {
			return p
		}
	}
	s.t.Fatal("the demo has no closed place")
	return place.Place{}
}

// The list of places is kept a moment, compressed: a place written since
// the last read is in the next one all the same.
func TestLieuxAPIListsAPlaceWrittenSinceTheLastRead(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	names := func() []string {
		t.Helper()
		status, reply, body := s.lieux("?commune=69381")
		if status != 200 {
			t.Fatalf("%d %s", status, body)
		}
		var out []string
		for _, l := range reply.Lieux {
			out = append(out, l["nom"].(string))
		}
		return out
	}
	addPlace(t, s, "Médiathèque Terreaux", 0.5)
	if got := names(); !slices.Equal(got, []string{"Médiathèque Terreaux"}) || !slices.Equal(names(), got) {
		t.Fatalf("first reads: %v", got)
	}
	addPlace(t, s, "Point numérique Croix-Rousse", 1)
	if got := names(); !slices.Equal(got, []string{"Médiathèque Terreaux", "Point numérique Croix-Rousse"}) {
		t.Fatalf("the place written since the last read is missing: %v", got)
	}
}
