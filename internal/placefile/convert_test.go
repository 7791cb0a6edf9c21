package placefile_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// importOne imports a file into a new database and returns its report and
// the stored places by schema id.
func importOne(t *testing.T, data string, opt placefile.Options) (*placefile.Report, map[string]place.Place) {
	t.Helper()
	st := storetest.SQLite(t)
	rep, err := placefile.Import(context.Background(), placestore.New(st), []byte(data), opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep, stored(t, st)
}

func stored(t *testing.T, st *store.Store) map[string]place.Place {
	t.Helper()
	out := map[string]place.Place{}
	ps, err := placestore.New(st).PlacesInTerritory(context.Background(), scope.Platform())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		out[p.SourceID] = p
	}
	return out
}

func warningsOf(rep *placefile.Report, id string) string {
	var b strings.Builder
	for _, w := range rep.Warnings {
		if w.ID == id {
			b.WriteString(w.Field + ": " + w.Message + "\n")
		}
	}
	return b.String()
}

func TestV01Conversion(t *testing.T) {
	file := `[{
		"id": "v01-1", "nom": "Espace Jean Jaurès", "pivot": "21170299100017", "commune": "Rochefort", "code_postal": "17300",
		"adresse": "1 rue Jean Jaurès", "code_insee": "17299", "latitude": 45.94, "longitude": -0.96, "source": "Hinaura", "date_maj": "2022-04-24",
		"services": "Réaliser des démarches administratives avec un accompagnement;Prendre en main un ordinateur;Accompagner les démarches de santé;S'équiper en matériel informatique;Jardiner",
		"publics_accueillis": "Seniors (+ 65 ans);Adultes;Familles/enfants;Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes comportementales;Public langues étrangères;Personnes en situation d'illettrisme;Handicaps mentaux : déficiences limitant les activités d'une personne;Uniquement femmes",
		"conditions_acces": "Gratuit : Je peux accéder gratuitement au lieu et à ses services;Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au lieu;Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer",
		"labels_nationaux": "CNFS;Point numérique CAF;APTIC;France Services",
		"labels_autres": "SudLabs;Nièvre médiation numérique",
		"modalites_accompagnement": "Seul : j'ai accès à du matériel et une connexion;Avec de l'aide : je suis accompagné seul dans l'usage du numérique;Dans un atelier : j'apprends collectivement à utiliser le numérique;A ma place : une personne habilitée fait les démarches à ma place",
		"courriel": "contact@jaures.fr;pas-une-adresse", "accessibilite": "https://acceslibre.beta.gouv.fr/app/erp/jaures/",
		"cle_ban": "17299_1234_00001", "typologie": "PE;ASSO;XYZ", "telephone": "05 46 00 00 00",
		"horaires": "Du lundi au vendredi : 9h-12h / 14h-17h", "site_web": "https://jaures.fr;www.facebook.com/jaures"
	}]`
	rep, places := importOne(t, file, placefile.Options{Now: now})
	if rep.Format.Version != placefile.V01 || rep.Imported != 1 {
		t.Fatalf("%s %s", rep.Format, rep.Summary())
	}
	p := places["v01-1"]
	w := warningsOf(rep, "v01-1")
	check := func(what string, got, want []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", what, got, want)
		}
	}
	check("services", p.Services, []string{"Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien", "Acquisition de matériel informatique à prix solidaire"})
	check("publics", p.Publics, []string{"Seniors", "Familles et/ou enfants", "Femmes"})
	check("prise en charge", p.SpecificSupport, []string{"Illettrisme", "Handicaps mentaux"})
	check("frais", p.Fees, []string{"Gratuit"})
	check("dispositifs", p.NationalPrograms, []string{"Conseillers numériques", "Point d'accès numérique CAF", "France Services"})
	check("formations", p.TrainingLabels, []string{"SUD LABS (PACA)"})
	check("autres labels", p.OtherLabels, []string{"Accepte le Pass numérique", "APTIC", "Nièvre médiation numérique"})
	check("modalités", p.SupportModes, []string{"En autonomie", "Accompagnement individuel", "Dans un atelier collectif"})
	check("typologie", p.Typologies, []string{"FT", "ASSO"})
	check("courriels", p.Emails, []string{"contact@jaures.fr"})
	check("sites", p.Websites, []string{"https://jaures.fr", "https://www.facebook.com/jaures"})
	if p.AccessibilityURL != "https://acceslibre.beta.gouv.fr/app/erp/jaures/" || p.Phone != "+33546000000" || p.Collector != "Hinaura" || p.Source != "Hinaura" {
		t.Errorf("fields: %+v", p)
	}
	if p.Hours != "Mo-Fr 09:00-12:00,14:00-17:00" || p.HoursText != "" || !strings.Contains(w, "convertis au format OpenStreetMap") {
		t.Errorf("hours %q %q\n%s", p.Hours, p.HoursText, w)
	}
	// What has no faithful v1 value is kept aside and reported, never dropped in silence.
	for field, want := range map[string][]string{
		"services":           {"Jardiner"},
		"publics_accueillis": {"Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes comportementales", "Public langues étrangères"},
		"conditions_acces":   {"Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer"},
		"typologie":          {"XYZ"},
		"courriels":          {"pas-une-adresse"},
	} {
		check("unknown "+field, p.Unknown[field], want)
		if !strings.Contains(w, field+": ") {
			t.Errorf("no warning for %s:\n%s", field, w)
		}
	}
}

func TestV1CSVVariants(t *testing.T) {
	// French Excel: ";" between columns, header quoted at random, Windows-1252.
	header := strings.ReplaceAll(placefile.SchemaCSVHeader, ",", ";")
	long := strings.Repeat("Ateliers numériques pour tous. ", 12)
	row := []string{"x-1", "434 933 123 00029", "Lieu  du   port", "Rochefort", "17300", "17299", "1 rue « du Port » #2", "", "45,94", "-0,96",
		"ASSO|tiers_lieux", "05.46.00.00.00 / 06 00 00 00 00", "a@b.fr|mailto:c@d.fr", "www.port.fr", "lundi au vendredi 9h-12h (sauf vacances)",
		long, "", "", "Fixe", "", "2024-04-02T10:00:00Z",
		"Comprehension du monde numérique|aide aux démarches administratives", "Jeunes", "", "gratuit", "", "Étapes numériques(La Poste)", "",
		"Se présenter", "À distance", "https://acceslibre.beta.gouv.fr/app/17/a/lieu/erp/port (1)/", "https://rdv.exemple.fr:8443/rdv"}
	data := header + "\r\n" + strings.Join(row, ";") + "\r\n"
	win := make([]byte, 0, len(data))
	for _, r := range data { // re-encode as Windows-1252
		switch {
		case r < 0x80:
			win = append(win, byte(r))
		case r == '«':
			win = append(win, 0xAB)
		case r == '»':
			win = append(win, 0xBB)
		case r <= 0xFF:
			win = append(win, byte(r))
		case r == '…':
			win = append(win, 0x85)
		default:
			t.Fatalf("cannot encode %q", r)
		}
	}
	rep, places := importOne(t, string(win), placefile.Options{Now: now})
	if rep.Format.Comma != ';' || rep.Format.Version != placefile.V1 || rep.Imported != 1 {
		t.Fatalf("%s %s %+v", rep.Format, rep.Summary(), rep.Rejected)
	}
	p := places["x-1"]
	w := warningsOf(rep, "x-1")
	if !strings.Contains(rep.Warnings[0].Message, "Windows-1252") || rep.Warnings[0].Row != 0 {
		t.Errorf("encoding warning: %+v", rep.Warnings[0])
	}
	if p.Pivot != "43493312300029" || p.Name != "Lieu du port" || !p.HasCoords || p.Latitude != 45.94 || p.Longitude != -0.96 {
		t.Errorf("identity and coordinates: %+v", p)
	}
	if p.Address != "1 rue du Port n°2" || !strings.Contains(w, "adresse: Adresse") {
		t.Errorf("address %q\n%s", p.Address, w)
	}
	if p.Phone != "+33546000000" || !slices.Equal(p.Unknown["telephone"], []string{"06 00 00 00 00"}) || !strings.Contains(w, "Un seul numéro est gardé") {
		t.Errorf("phone %q %v\n%s", p.Phone, p.Unknown, w)
	}
	if !slices.Equal(p.Typologies, []string{"ASSO", "TIERS_LIEUX"}) || !slices.Equal(p.Emails, []string{"a@b.fr", "c@d.fr"}) || !slices.Equal(p.Websites, []string{"https://www.port.fr"}) {
		t.Errorf("lists: %q %q %q", p.Typologies, p.Emails, p.Websites)
	}
	if p.Hours != "" || p.HoursText != "lundi au vendredi 9h-12h (sauf vacances)" || !strings.Contains(w, "gardés en texte, à réécrire : Horaires non compris : « (sauf vacances) »") {
		t.Errorf("hours %q %q", p.Hours, p.HoursText)
	}
	if len([]rune(p.Summary)) > 280 || !strings.HasSuffix(p.Summary, "…") || p.Description != strings.TrimSpace(long) {
		t.Errorf("summary %d runes, description %q", len([]rune(p.Summary)), p.Description)
	}
	if !slices.Equal(p.Services, []string{"Compréhension du monde numérique", "Aide aux démarches administratives"}) ||
		!slices.Equal(p.Fees, []string{"Gratuit"}) || !slices.Equal(p.TrainingLabels, []string{place.EtapesNumeriques}) {
		t.Errorf("enumerations: %q %q %q", p.Services, p.Fees, p.TrainingLabels)
	}
	if p.UpdatedOn.Format("2006-01-02") != "2024-04-02" {
		t.Errorf("date %v", p.UpdatedOn)
	}
	if p.AccessibilityURL != "https://acceslibre.beta.gouv.fr/app/17/a/lieu/erp/port%20%281%29/" {
		t.Errorf("acceslibre URL %q", p.AccessibilityURL)
	}
	if p.BookingURL != "" || !slices.Equal(p.Unknown["prise_rdv"], []string{"https://rdv.exemple.fr:8443/rdv"}) {
		t.Errorf("booking URL with a port: %q %v", p.BookingURL, p.Unknown)
	}
}

func TestRejectedRowListsEveryError(t *testing.T) {
	file := placefile.SchemaCSVHeader + "\n" +
		",SIRET,,,1,99999,,,,,,,,,,,,,,,31/02/2024,,,,,,,,,,,\n" +
		"ok-1,,Lieu,Rochefort,17300,,1 rue A,,,,,,,,,,,,,,2024-01-01,,,,,,,,,,,\n" +
		"ok-1,,Lieu bis,Rochefort,17300,,2 rue A,,,,,,,,,,,,,,2024-01-01,,,,,,,,,,,\n" +
		"short,too,few\n"
	rep, err := placefile.Check([]byte(file), placefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total != 4 || rep.Imported != 1 || len(rep.Rejected) != 3 {
		t.Fatalf("%s %+v", rep.Summary(), rep.Rejected)
	}
	var fields []string
	for _, e := range rep.Rejected[0].Errors {
		fields = append(fields, e.Field)
	}
	if strings.Join(fields, ",") != "id,nom,commune,code_postal,adresse,date_maj" || rep.Rejected[0].Row != 1 {
		t.Errorf("every error, in the schema's order: %v", rep.Rejected[0].Errors)
	}
	if r := rep.Rejected[1]; r.Row != 3 || r.ID != "ok-1" || !strings.Contains(r.Errors[0].Message, "déjà utilisé par la ligne 2") {
		t.Errorf("duplicate id: %+v", r)
	}
	if r := rep.Rejected[2]; r.Row != 4 || !strings.Contains(r.Errors[0].Message, "3 colonnes au lieu de 32") {
		t.Errorf("short row: %+v", r)
	}
	// The place without SIRET gets the data's "unknown" and a warning; its coordinates come from the commune.
	w := warningsOf(rep, "ok-1")
	if !strings.Contains(w, "pivot: SIRET ou RNA absent") || !strings.Contains(w, "centre de la commune « Rochefort (17300) »") {
		t.Errorf("warnings:\n%s", w)
	}
}

func TestCoordinatesFromTheCommune(t *testing.T) {
	file := `[
		{"id": "c1", "nom": "A", "commune": "Le Mans Cedex 2", "code_postal": "72015", "adresse": "1 rue A", "pivot": "12345678901234", "date_maj": "2022-01-01", "services": "Prendre en main un ordinateur"},
		{"id": "c2", "nom": "B", "commune": "Ajaccio", "code_postal": "20000", "adresse": "1 rue B", "pivot": "12345678901234", "date_maj": "2022-01-01", "code_insee": "2A004"},
		{"id": "c3", "nom": "C", "commune": "Nulle-Part", "code_postal": "99999", "adresse": "1 rue C", "pivot": "12345678901234", "date_maj": "2022-01-01"},
		{"id": "c4", "nom": "D", "commune": "Rochefort", "code_postal": "17300", "adresse": "1 rue D", "pivot": "12345678901234", "date_maj": "2022-01-01", "latitude": 45.9, "longitude": -0.9}
	]`
	rep, places := importOne(t, file, placefile.Options{Now: now})
	if rep.Imported != 4 {
		t.Fatalf("%s %+v", rep.Summary(), rep.Rejected)
	}
	if p := places["c1"]; p.InseeCode != "72181" || p.CoordsFrom != place.CoordsFromCommune || !p.HasCoords {
		t.Errorf("CEDEX: %+v", p)
	}
	if p := places["c2"]; p.CoordsFrom != place.CoordsFromCommune || p.Department() != "2A" {
		t.Errorf("INSEE code: %+v", p)
	}
	if p := places["c3"]; p.HasCoords || !strings.Contains(warningsOf(rep, "c3"), "commune introuvable") {
		t.Errorf("unknown commune: %+v", p)
	}
	if p := places["c4"]; p.CoordsFrom != place.CoordsFromSource || p.InseeCode != "17299" {
		t.Errorf("own coordinates: %+v", p)
	}
}

func TestOwnershipAndUpdates(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	owner := newStructure(t, st)
	file := []byte(`[{"id": "o1", "nom": "Lieu", "commune": "Rochefort", "code_postal": "17300", "adresse": "1 rue A", "pivot": "12345678901234", "date_maj": "2022-01-01", "source": "reseau"}]`)
	rep, err := placefile.Import(ctx, placestore.New(st), file, placefile.Options{StructureID: owner, Now: now})
	if err != nil || rep.Imported != 1 {
		t.Fatal(rep, err)
	}
	// National data may not change a structure's place.
	rep, _ = placefile.Import(ctx, placestore.New(st), file, placefile.Options{Now: now})
	if len(rep.Rejected) != 1 || !strings.Contains(rep.Rejected[0].Errors[0].Message, "appartient à une structure de Parcours") {
		t.Fatalf("%+v", rep.Rejected)
	}
	// Its owner updates it; a changed field is written.
	changed := []byte(strings.Replace(string(file), `"nom": "Lieu"`, `"nom": "Lieu rénové"`, 1))
	rep, _ = placefile.Import(ctx, placestore.New(st), changed, placefile.Options{StructureID: owner, Now: now.Add(time.Hour)})
	if rep.Updated != 1 || rep.Unchanged != 0 {
		t.Fatal(rep.Summary())
	}
	p := stored(t, st)["o1"]
	if p.Name != "Lieu rénové" || p.StructureID != owner || !p.ModifiedAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("%+v", p)
	}
}

func newStructure(t *testing.T, st *store.Store) int64 {
	t.Helper()
	s := structure.Structure{Name: "Réseau", Typology: "ASSO", RNA: "W179999999", CommuneCode: "17299", Address: "1 rue Test"}
	s.Normalize()
	if err := st.CreateStructure(context.Background(), &s, now); err != nil {
		t.Fatal(err)
	}
	return s.ID
}

func TestOneTransactionUnlessToldOtherwise(t *testing.T) {
	var rows strings.Builder
	rows.WriteString(placefile.SchemaCSVHeader + "\n")
	for i := range 250 {
		rows.WriteString("t-" + strconv.Itoa(i) + ",12345678901234,Lieu " + strconv.Itoa(i) + ",Rochefort,17300,17299,1 rue A,,45.9,-0.9,,,,,,,,,,,2024-01-01,,,,,,,,,,,\n")
	}
	errStop := errors.New("stop")
	for _, tc := range []struct {
		every int
		kept  int
	}{{0, 0}, {50, 150}} { // stopped at row 200: rows 151–200 were the open batch
		st := storetest.SQLite(t)
		ctx, cancel := context.WithCancelCause(context.Background())
		_, err := placefile.Import(ctx, placestore.New(st), []byte(rows.String()), placefile.Options{CommitEvery: tc.every, Now: now, Progress: func(n int, _ float64) {
			if n >= 200 {
				cancel(errStop)
			}
		}})
		if err == nil {
			t.Fatal("the cancelled import must fail")
		}
		if n, _ := placestore.New(st).CountPlaces(context.Background(), true); n != tc.kept {
			t.Errorf("commit every %d: %d places kept, want %d", tc.every, n, tc.kept)
		}
	}
	// A dry run writes nothing.
	st := storetest.SQLite(t)
	rep, err := placefile.Import(context.Background(), placestore.New(st), []byte(rows.String()), placefile.Options{DryRun: true})
	if n, _ := placestore.New(st).CountPlaces(context.Background(), true); err != nil || n != 0 || rep.Imported != 250 {
		t.Fatalf("dry run: %v %d %s", err, n, rep.Summary())
	}
}

func TestUnreadableFiles(t *testing.T) {
	for _, tc := range []struct{ name, data, want string }{
		{"Empty", "  \n", "Le fichier est vide."},
		{"JSONObject", `{"lieux": []}`, "liste de lieux"},
		{"JSONBroken", `[{"id": "a", "nom": "b", "commune": "c", "code_postal": "17300", "adresse": "d", "date_maj": "2022-01-01"}, {"id": `, "JSON illisible"},
		{"NotPlaces", `[{"name": "x"}]`, "ne décrivent pas des lieux"},
		{"Binary", "PK\x03\x04\x00\x00", "ni un CSV ni un JSON"},
		{"NoColumns", "a,b,c\n1,2,3\n", "Colonnes obligatoires absentes de l'en-tête : id, nom, commune, code_postal, adresse, date_maj"},
		{"DuplicateColumn", "id,nom,commune,code_postal,adresse,date_maj,nom\n", "La colonne « nom » apparaît deux fois"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := placefile.Check([]byte(tc.data), placefile.Options{})
			if !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.MessageOf(err), tc.want) {
				t.Fatalf("%v, want %q", err, tc.want)
			}
		})
	}
}

func TestDuplicatesAreReported(t *testing.T) {
	file := `[
		{"id": "d1", "nom": "Médiathèque François Mitterrand", "commune": "Rochefort", "code_postal": "17300", "adresse": "1 rue A", "pivot": "21170299100017", "date_maj": "2022-01-01"},
		{"id": "d2", "nom": "Mediatheque Francois-Mitterand", "commune": "Rochefort", "code_postal": "17300", "adresse": "9 rue Z", "pivot": "00000000000000", "date_maj": "2022-01-01"},
		{"id": "d3", "nom": "Point numérique", "commune": "Rochefort", "code_postal": "17300", "adresse": "1, rue A", "pivot": "21170299100017", "date_maj": "2022-01-01"},
		{"id": "d4", "nom": "Médiathèque François Mitterrand", "commune": "Fouras", "code_postal": "17450", "adresse": "1 rue A", "pivot": "00000000000000", "date_maj": "2022-01-01"}
	]`
	rep, err := placefile.Check([]byte(file), placefile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if w := warningsOf(rep, "d2"); !strings.Contains(w, "nom presque identique, dans la même commune, à « Médiathèque François Mitterrand » (ligne 1") {
		t.Errorf("near-identical name: %s", w)
	}
	if w := warningsOf(rep, "d3"); !strings.Contains(w, "même SIRET et même adresse que « Médiathèque François Mitterrand »") {
		t.Errorf("same SIRET and address: %s", w)
	}
	if w := warningsOf(rep, "d4"); strings.Contains(w, "Doublon") {
		t.Errorf("another commune is no duplicate: %s", w)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte(placefile.SchemaCSVHeader + "\na,12345678901234,b,c,17300,,d,,1,2,,,,,,,,,,,2024-01-01,,,,,,,,,,,\n"))
	f.Add([]byte(`[{"id":"a","nom":"b","commune":"c","code_postal":"17300","adresse":"d","date_maj":"2022-01-01","services":"Prendre en main un ordinateur;x"}]`))
	f.Add([]byte("id;nom;commune;code_postal;adresse;date_maj\n\"a;b\";\"c\"\"\";d;1;e;f\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := placefile.Check(data, placefile.Options{})
		if err != nil {
			if !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if rep.Imported+rep.Updated+len(rep.Rejected) != rep.Total {
			t.Fatalf("counts: %s", rep.Summary())
		}
		for _, r := range rep.Rejected {
			if len(r.Errors) == 0 {
				t.Fatalf("rejected without reason: %+v", r)
			}
		}
	})
}

// Free-text hours are converted whole or kept whole with the row's warning
// naming what was not understood: never half-converted.
func TestFrenchHoursWholeOrReported(t *testing.T) {
	row := func(id, hours string) string {
		return id + ",43493312300029,Lieu " + id + ",Rochefort,17300,17299,1 rue de la République,,45.9421,-0.9588,ASSO,,,,\"" + hours + "\",,,Démo,,,2026-01-15,Aide aux démarches administratives,,,,,,,,,,\n"
	}
	file := placefile.SchemaCSVHeader + "\n" + row("feries", "du lundi au vendredi de 9h à 12h sauf jours fériés") + row("vacances", "du lundi au vendredi de 9h à 12h sauf vacances scolaires")
	rep, places := importOne(t, file, placefile.Options{Now: now})
	if rep.Imported != 2 {
		t.Fatalf("%s", rep.Summary())
	}
	if p := places["feries"]; p.Hours != "Mo-Fr 09:00-12:00; PH off" || p.HoursText != "" {
		t.Errorf("holidays: %q %q", p.Hours, p.HoursText)
	}
	p := places["vacances"]
	if p.Hours != "" || p.HoursText != "du lundi au vendredi de 9h à 12h sauf vacances scolaires" {
		t.Errorf("half-converted: %q %q", p.Hours, p.HoursText)
	}
	if w := warningsOf(rep, "vacances"); !strings.Contains(w, "horaires: ") || !strings.Contains(w, "« sauf vacances scolaires »") {
		t.Errorf("the row does not name what was not understood:\n%s", w)
	}
}

// A NUL byte, a control character or a right-to-left override in one row
// rejects that row with its reason, never the file, on both databases.
func TestInvalidTextRejectsTheRowNotTheFile(t *testing.T) {
	row := func(id, name string) string {
		return id + ",43493312300029," + name + ",Rochefort,17300,17299,1 rue de la République,,45.9421,-0.9588,ASSO,,,,,,,,Démo,,2026-01-15,Aide aux démarches administratives,,,,,,,,,,\n"
	}
	file := placefile.SchemaCSVHeader + "\n" + row("bon1", "Médiathèque") + row("nul", "Lieu\x00nul") + row("rtl", "Lieu\u202egpj.exe") + row("bon2", "Mairie")
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		rep, err := placefile.Import(context.Background(), placestore.New(st), []byte(file), placefile.Options{Now: now})
		if err != nil {
			t.Fatalf("the whole file failed: %v", err)
		}
		if rep.Imported != 2 || len(rep.Rejected) != 2 {
			t.Fatalf("want 2 imported and 2 rejected: %s", rep.Summary())
		}
		for _, r := range rep.Rejected {
			if len(r.Errors) != 1 || r.Errors[0].Field != "nom" || !strings.Contains(r.Errors[0].Message, "caractère invisible") {
				t.Errorf("row %d: %+v", r.Row, r.Errors)
			}
		}
		got := stored(t, st)
		if _, ok := got["bon1"]; !ok || len(got) != 2 {
			t.Errorf("stored: %v", got)
		}
	})
}
