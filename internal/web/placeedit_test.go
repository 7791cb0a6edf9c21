package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// demoPlace finds a demo place by name.
func (s *site) demoPlace(name string) place.Place {
	s.t.Helper()
	ps, err := placestore.New(s.store).PlacesInTerritory(context.Background(), scope.Platform())
	if err != nil {
		s.t.Fatal(err)
	}
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	s.t.Fatalf("no demo place %q", name)
	return place.Place{}
}

func (s *site) placeByID(id int64) place.Place {
	s.t.Helper()
	p, err := placestore.New(s.store).Place(context.Background(), id)
	if err != nil {
		s.t.Fatal(err)
	}
	return p
}

// todayParis is date_maj for a save made now.
func (s *site) todayParis() time.Time {
	loc, _ := time.LoadLocation("Europe/Paris")
	y, m, d := s.clock.Now().In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

// editForm opens a place's edit form and returns its values as a browser
// would submit them.
func (s *site) editForm(c *http.Client, p place.Place) url.Values {
	s.t.Helper()
	r := s.do(c, "GET", "/espace/lieux/"+itoa(p.ID)+"/modifier", nil)
	if r.status != 200 {
		s.t.Fatalf("edit form: status %d", r.status)
	}
	m := versionRE.FindStringSubmatch(r.body)
	if m == nil {
		s.t.Fatal("the edit form carries the version of the place")
	}
	v := url.Values{"version": {m[1]}, "nom": {p.Name}, "pivot": {p.Pivot}, "typologie": {strings.Join(p.Typologies, ", ")},
		"adresse": {p.Address}, "code_postal": {p.PostalCode}, "commune": {p.Commune}, "telephone": {p.Phone},
		"courriels": {strings.Join(p.Emails, ", ")}, "site_web": {strings.Join(p.Websites, "\n")}, "horaires": {p.Hours},
		"presentation_resume": {p.Summary}, "prise_rdv": {p.BookingURL}, "fiche_acces_libre": {p.AccessibilityURL}, "source": {p.Collector}}
	if p.CoordsFrom == place.CoordsFromSource {
		v.Set("latitude", strconv.FormatFloat(p.Latitude, 'f', -1, 64))
		v.Set("longitude", strconv.FormatFloat(p.Longitude, 'f', -1, 64))
	}
	for k, list := range map[string][]string{"services": p.Services, "publics_specifiquement_adresses": p.Publics,
		"prise_en_charge_specifique": p.SpecificSupport, "frais_a_charge": p.Fees, "modalites_acces": p.AccessModes,
		"modalites_accompagnement": p.SupportModes, "itinerance": p.Itinerance, "dispositif_programmes_nationaux": p.NationalPrograms} {
		v[k] = list
	}
	return v
}

func TestPlaceEdit(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	mediation := s.login(account.RoleMediation)
	main := s.demoPlace("Espace numérique du CCAS (démo)")

	t.Run("BadInputGetsFrenchErrorsAndKeepsEverything", func(t *testing.T) {
		v := s.editForm(mediation, main)
		v.Set("nom", "")
		v.Set("telephone", "12 34")
		v.Set("courriels", "pas-une-adresse")
		v.Set("horaires", "le matin quand il fait beau")
		v.Set("latitude", "quarante-cinq")
		v.Set("code_postal", "75001")
		v.Set("presentation_resume", strings.Repeat("é", 300))
		v["services"] = []string{"Aide aux démarches administratives", "Loisirs et créations numériques"}
		r := s.do(mediation, "POST", "/espace/lieux/"+itoa(main.ID), v)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.status)
		}
		for _, want := range []string{
			"Il y a un problème",
			`id="nom-error"`, "Le nom du lieu est obligatoire.",
			`id="telephone-error"`, "Le téléphone doit être un seul numéro français",
			`id="courriels-error"`, "« pas-une-adresse » n'est pas une adresse e-mail valide.",
			`id="horaires-error"`, "Horaires illisibles", "du lundi au vendredi de 9h à 12h",
			`id="latitude-error"`, "La latitude doit être un nombre",
			`id="code_postal-error"`, "Aucune commune nommée Rochefort n'a le code postal 75001 : vérifiez-le.",
			`id="presentation_resume-error"`, "Le résumé fait 300 caractères : 280 au plus.",
			// What was typed is still there.
			`value="12 34"`, "le matin quand il fait beau", `value="quarante-cinq"`, `value="pas-une-adresse"`,
			`value="Loisirs et créations numériques" checked`,
		} {
			if !strings.Contains(r.body, want) {
				t.Errorf("the form lacks %q", want)
			}
		}
		if got := s.placeByID(main.ID); got.Name != main.Name || got.Phone != main.Phone || !got.ModifiedAt.Equal(main.ModifiedAt) {
			t.Fatal("nothing is saved when the form is refused")
		}
	})

	t.Run("SaveConvertsFrenchHoursAndDatesTheListing", func(t *testing.T) {
		s.clock.Advance(time.Minute)
		v := s.editForm(mediation, main)
		v.Set("horaires", "Du lundi au vendredi : 9h-12h / 14h-17h")
		v.Set("telephone", "05.36.49.00.99")
		v.Set("site_web", "www.ccas-rochefort.demo.parcours.test")
		v.Del("latitude")
		v.Del("longitude")
		r := s.do(mediation, "POST", "/espace/lieux/"+itoa(main.ID), v)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/espace/lieux" {
			t.Fatalf("status %d, location %q\n%.2000s", r.status, r.header.Get("Location"), r.body)
		}
		got := s.placeByID(main.ID)
		centre, _ := commune.Lookup(demo.CentreCode)
		if got.Hours != "Mo-Fr 09:00-12:00,14:00-17:00" || got.Phone != "+33536490099" || got.Websites[0] != "https://www.ccas-rochefort.demo.parcours.test" ||
			!got.UpdatedOn.Equal(s.todayParis()) || got.CoordsFrom != place.CoordsFromCommune || got.Latitude != centre.Lat || !got.HasCoords {
			t.Fatalf("saved: hours %q phone %q sites %v date %v coords %s %v", got.Hours, got.Phone, got.Websites, got.UpdatedOn, got.CoordsFrom, got.Latitude)
		}
		list := s.do(mediation, "GET", "/espace/lieux", nil)
		if !strings.Contains(list.body, "Horaires convertis au format OpenStreetMap : « Mo-Fr 09:00-12:00,14:00-17:00 »") {
			t.Fatalf("the owner is told how the hours were read:\n%.3000s", list.body)
		}
		edit := s.do(mediation, "GET", "/espace/lieux/"+itoa(main.ID)+"/modifier", nil)
		if !strings.Contains(edit.body, "lundi : 9 h – 12 h, 14 h – 17 h") || !strings.Contains(edit.body, "ce lieu est placé au centre de sa commune") {
			t.Fatal("the edit form shows the week in French and says the position is the commune's centre")
		}
		main = got
	})

	t.Run("CheckWithoutSaving", func(t *testing.T) {
		v := s.editForm(mediation, main)
		v.Set("horaires", "lundi-vendredi 9h-12h")
		v.Set("action", "apercu")
		r := s.do(mediation, "POST", "/espace/lieux/"+itoa(main.ID), v)
		if r.status != 200 || !strings.Contains(r.body, "Rien n'est encore enregistré") || !strings.Contains(r.body, "Mo-Fr 09:00-12:00") ||
			!strings.Contains(r.body, "vendredi : 9 h – 12 h") {
			t.Fatalf("status %d\n%.1500s", r.status, r.body)
		}
		if got := s.placeByID(main.ID); got.Hours != main.Hours {
			t.Fatal("checking does not save")
		}
	})

	t.Run("HoursInWordsBeforeSaving", func(t *testing.T) {
		v := s.editForm(mediation, main)
		v.Set("horaires", "du lundi au vendredi de 9h à 12h sauf jours fériés")
		v.Set("action", "apercu")
		r := s.do(mediation, "POST", "/espace/lieux/"+itoa(main.ID), v)
		if r.status != 200 || !strings.Contains(r.body, "Mo-Fr 09:00-12:00; PH off") || !strings.Contains(r.body, "Vos horaires, en mots") ||
			!strings.Contains(r.body, "Du lundi au vendredi : 9 h – 12 h") || !strings.Contains(r.body, "Jours fériés : fermé") {
			t.Fatalf("the preview does not say the public holidays are closed: %d\n%.3000s", r.status, r.body)
		}
		// What is not understood is refused, named, never dropped.
		v.Set("horaires", "du lundi au vendredi de 9h à 12h sauf vacances scolaires")
		v.Del("action")
		r = s.do(mediation, "POST", "/espace/lieux/"+itoa(main.ID), v)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="horaires-error"`) ||
			!strings.Contains(r.body, "« sauf vacances scolaires » n'est pas compris") || strings.Contains(r.body, "Vos horaires, en mots") {
			t.Fatalf("half-understood hours: %d\n%.3000s", r.status, r.body)
		}
		if got := s.placeByID(main.ID); got.Hours != main.Hours {
			t.Fatalf("hours saved: %q", got.Hours)
		}
	})

	t.Run("SomeoneSavedMeanwhile", func(t *testing.T) {
		v := s.editForm(mediation, main)
		s.clock.Advance(time.Minute)
		other := s.editForm(mediation, main)
		other.Set("presentation_resume", "Version de l'autre personne.")
		if r := s.do(mediation, "POST", "/espace/lieux/"+itoa(main.ID), other); r.status != http.StatusSeeOther {
			t.Fatalf("first save: %d", r.status)
		}
		v.Set("presentation_resume", "Ma version.")
		r := s.do(mediation, "POST", "/espace/lieux/"+itoa(main.ID), v)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Quelqu'un a enregistré cette fiche") || !strings.Contains(r.body, "Ma version.") {
			t.Fatalf("status %d", r.status)
		}
		if got := s.placeByID(main.ID); got.Summary != "Version de l'autre personne." {
			t.Fatal("the other person's save is not overwritten")
		}
		// The form now carries the newer version: a second click saves.
		v.Set("version", versionRE.FindStringSubmatch(r.body)[1])
		if r := s.do(mediation, "POST", "/espace/lieux/"+itoa(main.ID), v); r.status != http.StatusSeeOther {
			t.Fatalf("second click: %d", r.status)
		}
		main = s.placeByID(main.ID)
	})

	t.Run("AnotherStructuresPlaceIsNotFound", func(t *testing.T) {
		fs := s.demoPlace("France Services Rochefort Océan (démo)")
		national := s.demoPlace("Tiers-lieu La Corderie numérique (démo)")
		partner := s.login(account.RolePartner)
		coordination := s.login(account.RoleCoordination)
		for _, tc := range []struct {
			who    *http.Client
			method string
			path   string
			want   int
			name   string // the place's name, which a 404 must not show
		}{
			{mediation, "GET", "/espace/lieux/" + itoa(fs.ID) + "/modifier", 404, fs.Name},
			{mediation, "POST", "/espace/lieux/" + itoa(fs.ID), 404, fs.Name},
			{mediation, "POST", "/espace/lieux/" + itoa(fs.ID) + "/confirmation", 404, fs.Name},
			{mediation, "POST", "/espace/lieux/" + itoa(fs.ID) + "/fermeture", 404, fs.Name},
			{mediation, "GET", "/espace/lieux/" + itoa(national.ID) + "/modifier", 404, national.Name}, // national data: the coordinator's
			{mediation, "GET", "/espace/lieux/999999/modifier", 404, ""},
			{partner, "GET", "/espace/lieux/" + itoa(main.ID) + "/modifier", 404, main.Name},
			{partner, "GET", "/espace/lieux/" + itoa(fs.ID) + "/modifier", 200, ""},
			{coordination, "GET", "/espace/lieux/" + itoa(national.ID) + "/modifier", 200, ""},
			{coordination, "GET", "/espace/lieux/" + itoa(fs.ID) + "/modifier", 404, fs.Name}, // owned by a structure of the territory: its own to edit
		} {
			var form url.Values
			if tc.method == "POST" {
				form = url.Values{}
			}
			r := s.do(tc.who, tc.method, tc.path, form)
			if r.status != tc.want {
				t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, r.status, tc.want)
			}
			if r.status == 404 && tc.name != "" && strings.Contains(r.body, tc.name) {
				t.Errorf("%s %s: the 404 page names the place", tc.method, tc.path)
			}
		}
		if got := s.placeByID(fs.ID); !got.Open() || !got.UpdatedOn.Equal(fs.UpdatedOn) {
			t.Fatal("another structure's place is untouched")
		}
	})

	t.Run("StillTrueConfirmsAStaleListing", func(t *testing.T) {
		stale := s.demoPlace("Permanence numérique du Petit-Marseille (démo)")
		if !stale.Stale(s.clock.Now()) {
			t.Fatal("the demo has a stale CCAS place")
		}
		list := s.do(mediation, "GET", "/espace/lieux", nil)
		if !strings.Contains(list.body, "1 fiche n'a pas été confirmée depuis plus d'un an") || !strings.Contains(list.body, "À confirmer") {
			t.Fatalf("the owner sees the reminder:\n%.3000s", list.body)
		}
		r := s.do(mediation, "POST", "/espace/lieux/"+itoa(stale.ID)+"/confirmation", url.Values{})
		if r.status != http.StatusSeeOther {
			t.Fatalf("status %d", r.status)
		}
		got := s.placeByID(stale.ID)
		if !got.UpdatedOn.Equal(s.todayParis()) || got.Stale(s.clock.Now()) || got.Hours != stale.Hours || got.Name != stale.Name {
			t.Fatalf("confirmed: %v", got.UpdatedOn)
		}
		list = s.do(mediation, "GET", "/espace/lieux", nil)
		if strings.Contains(list.body, "pas été confirmée depuis plus d'un an") || !strings.Contains(list.body, "est confirmée exacte au") {
			t.Fatal("the reminder is gone and the owner is thanked")
		}
	})

	t.Run("ClosedPlacesLeaveTheOpenList", func(t *testing.T) {
		second := s.demoPlace("Point numérique de Vergeroux (démo)")
		r := s.do(mediation, "POST", "/espace/lieux/"+itoa(second.ID)+"/fermeture", url.Values{})
		if r.status != http.StatusSeeOther {
			t.Fatalf("status %d", r.status)
		}
		open, err := placestore.New(s.store).ListPlaces(ctx, placestore.PlaceFilter{StructureID: s.demo.Structures[demo.CCAS]})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range open {
			if p.ID == second.ID {
				t.Fatal("a closed place is not among the open places that the search and open data read")
			}
		}
		list := s.do(mediation, "GET", "/espace/lieux", nil)
		closedAt := strings.Index(list.body, "Lieux qui n'existent plus")
		if closedAt < 0 || strings.LastIndex(list.body, second.Name) < closedAt {
			t.Fatal("the owner still sees the closed place, under the closed ones")
		}
		if r := s.do(mediation, "POST", "/espace/lieux/"+itoa(second.ID)+"/reouverture", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("reopen: %d", r.status)
		}
		if reopened := s.placeByID(second.ID); !reopened.Open() {
			t.Fatal("reopened")
		}
	})

	t.Run("CreateAPlace", func(t *testing.T) {
		partner := s.login(account.RolePartner)
		fsStructure, err := s.store.Structure(ctx, s.demo.Structures[demo.FranceServices])
		if err != nil {
			t.Fatal(err)
		}
		form := s.do(partner, "GET", "/espace/lieux/nouveau", nil)
		if !strings.Contains(form.body, `value="`+fsStructure.SIRET+`"`) || !strings.Contains(form.body, "Services proposés") {
			t.Fatal("the new place form starts with the structure's SIRET")
		}
		v := url.Values{"nom": {"Permanence France Services à Fouras (démo)"}, "pivot": {fsStructure.SIRET}, "adresse": {"2 rue de la Halle"},
			"commune": {"Fouras"}, "code_postal": {""}, "horaires": {"Mardi 14h-17h30"}, "services": {"Aide aux démarches administratives"},
			"itinerance": {"Fixe"}}
		r := s.do(partner, "POST", "/espace/lieux", v)
		if r.status != http.StatusSeeOther {
			t.Fatalf("status %d\n%.3000s", r.status, r.body)
		}
		ps, _ := placestore.New(s.store).ListPlaces(ctx, placestore.PlaceFilter{StructureID: s.demo.Structures[demo.FranceServices]})
		var created *place.Place
		for i := range ps {
			if ps[i].Name == v.Get("nom") {
				created = &ps[i]
			}
		}
		if created == nil || created.InseeCode != "17168" || created.PostalCode != "17450" || created.Hours != "Tu 14:00-17:30" ||
			created.Source != place.SourceParcours || !created.UpdatedOn.Equal(s.todayParis()) || created.CoordsFrom != place.CoordsFromCommune {
			t.Fatalf("created: %+v", created)
		}
	})
}

func TestPlaceErrorReports(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	fs := s.demoPlace("France Services Rochefort Océan (démo)")
	visitor := s.client()
	partner := s.login(account.RolePartner)
	coordination := s.login(account.RoleCoordination)
	mediation := s.login(account.RoleMediation)

	t.Run("BadInput", func(t *testing.T) {
		r := s.do(visitor, "POST", "/lieux/"+itoa(fs.ID)+"/signaler", url.Values{"section": {""}, "correction": {"  "}, "contact": {"pas un contact"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.status)
		}
		for _, want := range []string{"Choisissez ce qui n'est pas juste.", "Écrivez ce qui est faux", "Écrivez une adresse e-mail ou un numéro de téléphone français", `value="pas un contact"`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("lacks %q", want)
			}
		}
		long := s.do(visitor, "POST", "/lieux/"+itoa(fs.ID)+"/signaler", url.Values{"section": {"autre"}, "correction": {strings.Repeat("a", 1001)}})
		if long.status != http.StatusUnprocessableEntity || !strings.Contains(long.body, "Votre message fait 1\u00a0001 caractères : 1\u00a0000 au plus.") {
			t.Fatalf("too long: status %d", long.status)
		}
		if r := s.do(visitor, "GET", "/lieux/999999/signaler", nil); r.status != 404 {
			t.Fatalf("unknown place: %d", r.status)
		}
	})

	var reportID int64
	t.Run("ReachesTheOwnerAndTheCoordinatorOnly", func(t *testing.T) {
		form := s.do(visitor, "GET", "/lieux/"+itoa(fs.ID)+"/signaler", nil)
		if form.status != 200 || !strings.Contains(form.body, fs.Name) || !strings.Contains(form.body, "effacé dès que votre signalement est traité") {
			t.Fatalf("form: %d", form.status)
		}
		r := s.do(visitor, "POST", "/lieux/"+itoa(fs.ID)+"/signaler", url.Values{"section": {"horaires"},
			"correction": {"Le samedi matin c'est fermé depuis septembre."}, "contact": {"06 12 34 56 78"}, "website": {""}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/lieux/"+itoa(fs.ID)+"/signaler/merci" {
			t.Fatalf("status %d location %q\n%.1500s", r.status, r.header.Get("Location"), r.body)
		}
		thanks := s.do(visitor, "GET", r.header.Get("Location"), nil)
		if thanks.status != 200 || !strings.Contains(thanks.body, "Merci, votre signalement est envoyé") {
			t.Fatalf("thanks: %d", thanks.status)
		}
		all, _ := placestore.New(s.store).PlaceReportsInTerritory(ctx, scope.Platform(), placestore.ReportFilter{PlaceID: fs.ID})
		if len(all) != 1 || all[0].Contact != "+33612345678" || all[0].Section != placereport.SectionHours {
			t.Fatalf("stored: %+v", all)
		}
		reportID = all[0].ID
		for who, c := range map[string]*http.Client{"owner": partner, "coordinator": coordination} {
			q := s.do(c, "GET", "/espace/signalements", nil)
			if !strings.Contains(q.body, fs.Name) || !strings.Contains(q.body, "/espace/signalements/"+itoa(reportID)) {
				t.Errorf("the %s's queue lacks the report", who)
			}
			v := s.do(c, "GET", "/espace/signalements/"+itoa(reportID), nil)
			if v.status != 200 || !strings.Contains(v.body, "Le samedi matin c'est fermé depuis septembre.") || !strings.Contains(v.body, "+33612345678") {
				t.Errorf("the %s reads the report: %d", who, v.status)
			}
		}
		q := s.do(mediation, "GET", "/espace/signalements?etat=tous", nil)
		if strings.Contains(q.body, fs.Name) {
			t.Error("another structure's queue shows the report")
		}
		if v := s.do(mediation, "GET", "/espace/signalements/"+itoa(reportID), nil); v.status != 404 || strings.Contains(v.body, "samedi matin") {
			t.Errorf("another structure opens the report: %d", v.status)
		}
		if v := s.do(mediation, "POST", "/espace/signalements/"+itoa(reportID), url.Values{"decision": {"rejete"}, "note": {"x"}}); v.status != 404 {
			t.Errorf("another structure decides the report: %d", v.status)
		}
		list := s.do(partner, "GET", "/espace/lieux", nil)
		if !strings.Contains(list.body, "1 signalement") {
			t.Error("the owner's list shows the place's open report")
		}
	})

	t.Run("UnownedPlacesReportsGoToTheCoordinatorOnly", func(t *testing.T) {
		national := s.demoPlace("Point d'accès numérique CAF de Rochefort (démo)")
		demoReports, _ := placestore.New(s.store).PlaceReportsInTerritory(ctx, scope.Platform(), placestore.ReportFilter{PlaceID: national.ID})
		if len(demoReports) != 1 {
			t.Fatalf("the demo has a report on a national place: %d", len(demoReports))
		}
		path := "/espace/signalements/" + itoa(demoReports[0].ID)
		for _, c := range []*http.Client{partner, mediation} {
			if r := s.do(c, "GET", path, nil); r.status != 404 {
				t.Errorf("a structure opens a report on an unowned place: %d", r.status)
			}
		}
		if r := s.do(coordination, "GET", path, nil); r.status != 200 || !strings.Contains(r.body, "Accepter : je corrige la fiche") {
			t.Errorf("the coordinator moderates it and may correct the listing: %d", r.status)
		}
	})

	t.Run("OnlyTheOwnerAccepts", func(t *testing.T) {
		path := "/espace/signalements/" + itoa(reportID)
		v := s.do(coordination, "GET", path, nil)
		if strings.Contains(v.body, "Accepter : je corrige la fiche") || !strings.Contains(v.body, "qui corrige cette fiche") {
			t.Fatal("the coordinator may only reject a report on a structure's place")
		}
		r := s.do(coordination, "POST", path, url.Values{"decision": {"traite"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Seule la structure qui tient cette fiche peut l'accepter") {
			t.Fatalf("status %d", r.status)
		}
		r = s.do(partner, "POST", path, url.Values{"decision": {"rejete"}, "note": {""}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Dites en quelques mots pourquoi") {
			t.Fatalf("a rejection needs a note: %d", r.status)
		}
	})

	t.Run("AcceptingLeadsToTheEditForm", func(t *testing.T) {
		path := "/espace/signalements/" + itoa(reportID)
		r := s.do(partner, "POST", path, url.Values{"decision": {"traite"}, "note": {"Merci, corrigé."}})
		want := "/espace/lieux/" + itoa(fs.ID) + "/modifier?signalement=" + itoa(reportID) + "&retour=/espace/signalements"
		if r.status != http.StatusSeeOther || r.header.Get("Location") != want {
			t.Fatalf("status %d, location %q", r.status, r.header.Get("Location"))
		}
		edit := s.do(partner, "GET", want, nil)
		if edit.status != 200 || !strings.Contains(edit.body, "Correction signalée : Les horaires") || !strings.Contains(edit.body, "Le samedi matin c'est fermé") ||
			!strings.Contains(edit.body, "Signalement accepté. Appliquez la correction") {
			t.Fatalf("edit: %d", edit.status)
		}
		got, err := placestore.New(s.store).PlaceReportInTerritory(ctx, scope.Platform(), reportID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != placereport.StatusDone || got.Decider != "Paul Partenaire" || got.Note != "Merci, corrigé." || got.Contact != "" {
			t.Fatalf("decided: %+v", got)
		}
		if p := s.placeByID(fs.ID); p.Hours != fs.Hours {
			t.Fatal("accepting changes nothing by itself")
		}
		// A mistake while applying the correction keeps the correction in view.
		v := s.editForm(partner, fs)
		v.Set("signalement", itoa(reportID))
		v.Set("retour", "/espace/signalements")
		v.Set("horaires", "Mo-Fr 08:30-12:30,13:30-17:00; Sa 25:00-26:00")
		bad := s.do(partner, "POST", "/espace/lieux/"+itoa(fs.ID), v)
		if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Le samedi matin c'est fermé") || !strings.Contains(bad.body, `id="horaires-error"`) {
			t.Fatalf("refused correction: %d", bad.status)
		}
		v.Set("horaires", "Mo-Fr 08:30-12:30,13:30-17:00; PH off")
		if ok := s.do(partner, "POST", "/espace/lieux/"+itoa(fs.ID), v); ok.status != http.StatusSeeOther || ok.header.Get("Location") != "/espace/signalements" {
			t.Fatalf("applied correction: %d %q", ok.status, ok.header.Get("Location"))
		}
		if p := s.placeByID(fs.ID); p.Hours != "Mo-Fr 08:30-12:30,13:30-17:00; PH off" {
			t.Fatalf("hours %q", p.Hours)
		}
		again := s.do(coordination, "POST", path, url.Values{"decision": {"rejete"}, "note": {"Doublon"}})
		if again.status != http.StatusUnprocessableEntity || !strings.Contains(again.body, "Ce signalement a déjà été traité par Paul Partenaire.") {
			t.Fatalf("a decided report: %d", again.status)
		}
		list := s.do(partner, "GET", "/espace/lieux", nil)
		if strings.Contains(list.body, "1 signalement") {
			t.Error("the list no longer shows a report once decided")
		}
	})

	t.Run("CoordinatorHandsAnUnownedPlaceToAStructure", func(t *testing.T) {
		national := s.demoPlace("Espace numérique de Fouras (démo)")
		page := s.do(coordination, "GET", "/espace/territoire/lieux", nil)
		for _, want := range []string{"Lieux sans structure", national.Name, "Point numérique de Trizay (démo)", "Parcours n'envoie pas encore d'e-mail"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("the coordinator's page lacks %q", want)
			}
		}
		path := "/espace/territoire/lieux/" + itoa(national.ID) + "/attribution"
		r := s.do(coordination, "POST", path, url.Values{"structure": {""}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="structure-`+itoa(national.ID)+`-error"`) {
			t.Fatalf("no structure chosen: %d", r.status)
		}
		library := s.demo.Structures[demo.Library]
		if r := s.do(coordination, "POST", path, url.Values{"structure": {itoa(library)}}); r.status != http.StatusSeeOther {
			t.Fatalf("assign: %d", r.status)
		}
		if got := s.placeByID(national.ID); got.StructureID != library {
			t.Fatalf("owner %d", got.StructureID)
		}
		if r := s.do(coordination, "POST", path, url.Values{"structure": {itoa(s.demo.Structures[demo.CCAS])}}); r.status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.body, "est déjà tenu à jour par une structure") {
			t.Fatalf("an owned place cannot be handed again: %d", r.status)
		}
		if r := s.do(mediation, "POST", path, url.Values{"structure": {itoa(library)}}); r.status != http.StatusForbidden {
			t.Fatalf("a mediator cannot hand places: %d", r.status)
		}
	})
}

func TestPlaceReportSpam(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	p := s.demoPlace("Espace multimédia de la médiathèque des Remparts (démo)")
	path := "/lieux/" + itoa(p.ID) + "/signaler"
	count := func() int {
		rs, err := placestore.New(s.store).PlaceReportsInTerritory(ctx, scope.Platform(), placestore.ReportFilter{PlaceID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		return len(rs)
	}
	c := s.client()

	t.Run("HoneypotIsDroppedSilently", func(t *testing.T) {
		r := s.do(c, "POST", path, url.Values{"section": {"autre"}, "correction": {"Achetez des montres"}, "website": {"https://spam.example"}})
		if r.status != http.StatusSeeOther || !strings.HasSuffix(r.header.Get("Location"), "/signaler/merci") {
			t.Fatalf("a robot sees a success: %d", r.status)
		}
		if count() != 0 {
			t.Fatal("the robot's report is not stored")
		}
	})
	t.Run("TooManyLinks", func(t *testing.T) {
		r := s.do(c, "POST", path, url.Values{"section": {"autre"}, "correction": {"https://a.example https://b.example www.c.example"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "trop d'adresses web") {
			t.Fatalf("status %d", r.status)
		}
	})
	t.Run("RateLimitPerAddress", func(t *testing.T) {
		form := url.Values{"section": {"horaires"}, "correction": {"Fermé le mardi."}}
		for i := 0; i < 5; i++ {
			if r := s.do(c, "POST", path, form); r.status != http.StatusSeeOther {
				t.Fatalf("report %d: status %d", i+1, r.status)
			}
		}
		form.Set("correction", "Un sixième message.")
		r := s.do(c, "POST", path, form)
		if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "réessayez dans une heure") || !strings.Contains(r.body, "Un sixième message.") {
			t.Fatalf("sixth report in an hour: status %d", r.status)
		}
		if count() != 5 {
			t.Fatalf("%d reports stored", count())
		}
		s.clock.Advance(61 * time.Minute)
		if r := s.do(c, "POST", path, form); r.status != http.StatusSeeOther {
			t.Fatalf("an hour later: %d", r.status)
		}
	})
}
