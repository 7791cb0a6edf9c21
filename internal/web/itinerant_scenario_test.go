package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/itinerant"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/itinerantstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

var (
	stopBookingRE = regexp.MustCompile(`href="(/rendez-vous/motifs/(\d+)\?lieu=\d+)">Accompagnement numérique`)
	slotValueRE   = regexp.MustCompile(`creneau=(\d+)-(\d+)"`)
)

// TestItinerantResidentJourney: in the demo, a resident searching from
// Vergeroux reads when the bus numérique next passes, and a visit at home;
// the bus's page shows its stops, the cancelled passage with its reason,
// and a stop's booking link, whose slots skip the cancelled day; the
// resident books one without JavaScript.
func TestItinerantResidentJourney(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	anon := s.client()
	ccas := scope.OfStructure(s.demo.Structures[demo.CCAS])
	st := itinerantstore.New(s.store)
	services, err := st.Services(ctx, ccas)
	if err != nil || len(services) != 1 || services[0].Name != demo.BusName {
		t.Fatalf("demo services: %v, %v", services, err)
	}
	bus := services[0]
	stops, err := st.Stops(ctx, ccas, bus.ID)
	if err != nil || len(stops) != 3 {
		t.Fatalf("demo stops: %d, %v", len(stops), err)
	}
	var vergeroux itinerant.Stop
	for _, stop := range stops {
		if stop.InseeCode == "17463" {
			vergeroux = stop
		}
	}
	if len(vergeroux.Cancelled) != 1 {
		t.Fatalf("the Vergeroux stop has %d cancelled dates, want 1", len(vergeroux.Cancelled))
	}
	cancelled := vergeroux.Cancelled[0].Date
	next, _, _ := vergeroux.Next(s.clock.Now())

	t.Run("CommuneSearchSaysWhenTheBusPasses", func(t *testing.T) {
		r := s.do(anon, "GET", "/lieux?code=17463&commune=Vergeroux+%2817300%29&rayon=10", nil)
		want := "Le bus numérique du Pays rochefortais passe ici " + next.When() + "."
		if r.status != 200 || !strings.Contains(r.body, want) {
			t.Fatalf("%d: the commune's results do not say %q", r.status, want)
		}
		if !strings.Contains(r.body, "Visite à domicile du conseiller numérique") || !strings.Contains(r.body, "Sans vous déplacer") {
			t.Error("the visit at home is not offered from the commune's results")
		}
		if r := s.do(anon, "GET", "/lieux?code=17146&commune=Echillais&rayon=10", nil); !strings.Contains(r.body, "passe ici jeudi") {
			t.Errorf("Échillais's results do not show the Thursday stop (%d)", r.status)
		}
		if r := s.do(anon, "GET", "/lieux?code=17299&commune=Rochefort&rayon=5", nil); strings.Contains(r.body, "passe ici") {
			t.Error("Rochefort's results show a bus that does not stop there")
		}
	})

	t.Run("PlacePageSaysWhenTheBusPasses", func(t *testing.T) {
		r := s.do(anon, "GET", "/lieux/"+itoa(vergeroux.PlaceID), nil)
		if r.status != 200 || !strings.Contains(r.body, "passe ici "+next.When()) || !strings.Contains(r.body, "Visite à domicile du conseiller numérique") {
			t.Fatalf("%d: the place's page misses the bus or the visit at home", r.status)
		}
	})

	t.Run("PrintedGuideListsTheStops", func(t *testing.T) {
		r := s.do(anon, "GET", "/lieux/guide.pdf?code=17463&rayon=10", nil)
		if r.status != 200 {
			t.Fatalf("guide: %d", r.status)
		}
		text := strings.Join(strings.Fields(pdfToText(t, []byte(r.body))), " ")
		for _, want := range []string{"Ils viennent près de chez vous", demo.BusName + " – Point numérique de Vergeroux (démo), Vergeroux",
			"Chaque mardi de 14 h à 17 h. Prochain passage : " + next.When(), "Parking de la salle des fêtes, Échillais"} {
			if !strings.Contains(text, want) {
				t.Errorf("the guide lacks %q:\n%s", want, text)
			}
		}
	})

	var bookHref, motive string
	t.Run("ServicePage", func(t *testing.T) {
		r := s.do(anon, "GET", "/itinerance/"+itoa(bus.ID), nil)
		if r.status != 200 || !strings.Contains(r.body, "Le bus passe au contrôle technique.") || !strings.Contains(r.body, "Parking de la salle des fêtes, Échillais") {
			t.Fatalf("%d: the public page misses the cancellation's reason or a stop", r.status)
		}
		m := stopBookingRE.FindStringSubmatch(r.body)
		if m == nil {
			t.Fatal("no booking link for the Vergeroux stop")
		}
		bookHref, motive = strings.ReplaceAll(m[1], "&amp;", "&"), m[2]
		if r := s.do(anon, "GET", "/itinerance/999999", nil); r.status != 404 {
			t.Errorf("unknown service: %d", r.status)
		}
	})

	t.Run("BookAStopSlot", func(t *testing.T) {
		day, _ := time.ParseInLocation(itinerant.DateLayout, cancelled, frtime.Paris)
		r := s.do(anon, "GET", bookHref+"&du="+day.AddDate(0, 0, -7).Format(itinerant.DateLayout)+"&au="+day.AddDate(0, 0, 8).Format(itinerant.DateLayout), nil)
		slots := slotValueRE.FindAllStringSubmatch(r.body, -1)
		var chosen string
		for _, sl := range slots {
			if sl[1] != itoa(vergeroux.PermanenceID) {
				continue
			}
			unix, _ := strconv.ParseInt(sl[2], 10, 64)
			date := time.Unix(unix, 0).In(frtime.Paris).Format(itinerant.DateLayout)
			if date == cancelled {
				t.Fatalf("a slot is offered on the cancelled day %s", date)
			}
			if chosen == "" {
				chosen = sl[1] + "-" + sl[2]
			}
		}
		if r.status != 200 || chosen == "" {
			t.Fatalf("%d: no slot of the stop's permanence (%d slots)", r.status, len(slots))
		}
		r = s.do(anon, "POST", "/rendez-vous/motifs/"+motive+"/reserver", url.Values{"creneau": {chosen}, "nom": {"Odette Martin"}, "telephone": {"06 12 34 56 78"}, "accord": {"oui"}})
		if r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/mon-rendez-vous/") {
			t.Fatalf("booking: %d %s", r.status, r.header.Get("Location"))
		}
		if r := s.do(anon, "GET", r.header.Get("Location"), nil); !strings.Contains(r.body, "Point numérique de Vergeroux") {
			t.Errorf("the resident's page does not name the stop's place (%d)", r.status)
		}
	})
}

// TestItinerantStaffForms: the organiser's forms answer in French next to
// the fields, and a cancelled date reaches the public page and the stop's
// permanence.
func TestItinerantStaffForms(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	med := s.login(account.RoleMediation)
	if r := s.do(med, "POST", "/espace/itinerance", url.Values{"nom": {""}, "telephone": {"12"}}); r.status != 422 ||
		!strings.Contains(r.body, "Saisissez le nom du service") || !strings.Contains(r.body, "Écrivez un numéro de téléphone à 10 chiffres") {
		t.Fatalf("service errors: %d", r.status)
	}
	r := s.do(med, "POST", "/espace/itinerance", url.Values{"nom": {"Conseillère en itinérance"}})
	if r.status != 303 {
		t.Fatalf("create: %d", r.status)
	}
	service := r.header.Get("Location")
	r = s.do(med, "POST", service+"/arrets", url.Values{"jour": {"2"}, "debut": {"quatorze"}, "fin": {"17:00"}, "recurrence": {"mensuel"}, "du": {"hier"}})
	for _, want := range []string{"Saisissez l'heure d'arrivée", "Date illisible", "Choisissez un lieu de la carte, ou écrivez l'adresse", "Choisissez la semaine du mois"} {
		if r.status != 422 || !strings.Contains(r.body, want) {
			t.Errorf("%d: missing %q", r.status, want)
		}
	}
	from := s.clock.Now().In(frtime.Paris).Format(itinerant.DateLayout)
	r = s.do(med, "POST", service+"/arrets", url.Values{"adresse": {"Salle polyvalente"}, "code_insee": {"17059"}, "jour": {"1"}, "debut": {"09:00"}, "fin": {"12:00"},
		"recurrence": {"mensuel"}, "rang": {"1"}, "du": {from}})
	if r.status != 303 {
		t.Fatalf("stop: %d", r.status)
	}
	ccas := scope.OfStructure(s.demo.Structures[demo.CCAS])
	id, _ := strconv.ParseInt(strings.TrimPrefix(service, "/espace/itinerance/"), 10, 64)
	stops, err := itinerantstore.New(s.store).Stops(context.Background(), ccas, id)
	if err != nil || len(stops) != 1 {
		t.Fatalf("stops: %v %v", stops, err)
	}
	next, _, _ := stops[0].Next(s.clock.Now())
	stopURL := service + "/arrets/" + itoa(stops[0].ID)
	if r := s.do(med, "POST", stopURL+"/annulations", url.Values{"date": {next.Date}}); r.status != 422 || !strings.Contains(r.body, "Écrivez la raison, les habitants la liront") {
		t.Fatalf("cancellation without reason: %d", r.status)
	}
	if r := s.do(med, "POST", stopURL+"/annulations", url.Values{"date": {next.Date}, "raison": {"La conseillère est en formation."}}); r.status != 303 {
		t.Fatalf("cancellation: %d", r.status)
	}
	r = s.do(s.client(), "GET", "/lieux?code=17059&commune=Bourgneuf&rayon=10", nil)
	if !strings.Contains(r.body, "pas de passage "+next.When()+" : La conseillère est en formation.") || strings.Contains(r.body, "passe ici "+next.When()) {
		t.Errorf("the commune's results do not tell the cancelled passage (%d)", r.status)
	}
}
