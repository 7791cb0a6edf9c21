package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/api"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/icalendar/icaltest"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

var (
	slotLinkRE      = regexp.MustCompile(`href="(/rendez-vous/motifs/\d+/reserver\?creneau=[0-9-]+)"`)
	slotRadioRE     = regexp.MustCompile(`name="creneau" type="radio" value="([0-9-]+)"`)
	optOutLinkRE    = regexp.MustCompile(`(/messages/arret/[A-Za-z0-9._-]+)`)
	calendarFeedURL = regexp.MustCompile(`(http://[^<\s]+/agenda/agents/[A-Za-z0-9_-]+/calendrier\.ics)`)
)

func (s *site) agendaToken(role account.Role) string {
	s.t.Helper()
	structureID := s.demo.Structures[demo.CCAS]
	if role == account.RolePartner {
		structureID = s.demo.Structures[demo.FranceServices]
	}
	secret, hash, prefix := api.NewToken()
	if _, err := s.store.CreateAPIToken(context.Background(), s.demo.Users[role], structureID, "test agenda", hash, prefix, s.clock.Now()); err != nil {
		s.t.Fatal(err)
	}
	return secret
}

func (s *site) agendaAPI(token, method, path, body string) response {
	s.t.Helper()
	return s.apiExchange(token, method, path, body)
}

func (s *site) raw(c *http.Client, path string) ([]byte, http.Header, int) {
	s.t.Helper()
	res, err := c.Get(s.http.URL + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return b, res.Header, res.StatusCode
}

// outbox lists the CCAS's messages, newest first.
func (s *site) outbox() []notify.Message {
	s.t.Helper()
	msgs, _, err := s.store.ListMessages(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), store.MessageFilter{Limit: 500})
	if err != nil {
		s.t.Fatal(err)
	}
	return msgs
}

// TestAgendaPublicBooking: a resident books online with the minimum, gets
// the messages (in the outbox), the calendar file, and cancels; two
// residents racing for one slot: one gets it, the other hears "Complet".
func TestAgendaPublicBooking(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	anon := s.client()
	if r := s.do(anon, "GET", "/rendez-vous", nil); r.status != 200 || !strings.Contains(r.body, "Accompagnement numérique") || strings.Contains(r.body, "Premier entretien") {
		t.Fatalf("index: %d (a staff-only motive must not show)", r.status)
	}
	r := s.do(anon, "GET", "/rendez-vous/motifs/1", nil)
	links := slotLinkRE.FindAllStringSubmatch(r.body, -1)
	if r.status != 200 || len(links) < 3 {
		t.Fatalf("slots: %d, %d links", r.status, len(links))
	}
	if r := s.do(anon, "GET", "/rendez-vous/motifs/3", nil); r.status != 404 {
		t.Fatalf("a staff-only motive online: %d", r.status)
	}
	form := s.do(anon, "GET", links[0][1], nil)
	if form.status != 200 || !strings.Contains(form.body, "J'accepte que CCAS de Rochefort (démo) garde mon nom") {
		t.Fatalf("form: %d", form.status)
	}
	slot := strings.TrimPrefix(links[0][1], "/rendez-vous/motifs/1/reserver?creneau=")
	post := func(c *http.Client, v url.Values) response {
		return s.do(c, "POST", "/rendez-vous/motifs/1/reserver", v)
	}

	t.Run("FieldErrorsInFrench", func(t *testing.T) {
		before := len(s.outbox())
		r := post(anon, url.Values{"creneau": {slot}, "telephone": {"12"}})
		for _, want := range []string{"Écrivez votre prénom et votre nom.", "Écrivez un numéro de téléphone à 10 chiffres", "Cochez la case pour accepter"} {
			if r.status != 422 || !strings.Contains(r.body, want) {
				t.Errorf("%d: missing %q", r.status, want)
			}
		}
		if len(s.outbox()) != before {
			t.Fatal("a refused booking recorded messages")
		}
	})

	var page string
	t.Run("Book", func(t *testing.T) {
		before := len(s.outbox())
		r := post(anon, url.Values{"creneau": {slot}, "nom": {"Lucie Fabre"}, "telephone": {"06 12 34 56 78"}, "courriel": {"lucie@exemple.fr"},
			"besoin": {"Ouvrir un compte Ameli"}, "accord": {"oui"}})
		if r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/mon-rendez-vous/") {
			t.Fatalf("%d %s\n%s", r.status, r.header.Get("Location"), r.body)
		}
		page = strings.TrimSuffix(r.header.Get("Location"), "?nouveau=1")
		if r := s.do(anon, "GET", r.header.Get("Location"), nil); r.status != 200 || !strings.Contains(r.body, "Votre rendez-vous est pris") || !strings.Contains(r.body, "Apportez votre téléphone") {
			t.Fatalf("resident page: %d", r.status)
		}
		msgs := s.outbox()
		if len(msgs) != before+2 {
			t.Fatalf("%d new messages, 2 expected (SMS and e-mail)", len(msgs)-before)
		}
		for _, m := range msgs[:2] {
			if m.Status != notify.Outbox || strings.Contains(m.Body, "Ameli") || !strings.Contains(m.Body, page) {
				t.Fatalf("%+v", m)
			}
			if m.Channel == notify.SMS && strings.Contains(m.Body, "Accompagnement") {
				t.Fatalf("the SMS names the motive: %s", m.Body)
			}
		}
		ics, h, code := s.raw(anon, page+"/rendez-vous.ics")
		if code != 200 || h.Get("Content-Type") != "text/calendar; charset=utf-8" {
			t.Fatalf("ics: %d %s", code, h.Get("Content-Type"))
		}
		p := icaltest.Parse(t, ics)
		if len(p.Events) != 1 || !strings.Contains(p.Events[0].Location, "25 rue de la République") || p.Events[0].TZID != "Europe/Paris" || !strings.HasSuffix(p.Events[0].URL, page) {
			t.Fatalf("%+v", p)
		}
	})

	t.Run("TheSlotIsGone", func(t *testing.T) {
		r := post(anon, url.Values{"creneau": {slot}, "nom": {"Autre Personne"}, "courriel": {"autre@exemple.fr"}, "accord": {"oui"}})
		if r.status != 422 || !strings.Contains(r.body, "Complet") || !strings.Contains(r.body, "Choisissez un autre créneau") {
			t.Fatalf("%d", r.status)
		}
		if r := s.do(anon, "GET", "/rendez-vous/motifs/1", nil); strings.Contains(r.body, "creneau="+slot+`"`) {
			t.Fatal("the booked slot is still offered")
		}
	})

	t.Run("ForgedLink", func(t *testing.T) {
		if r := s.do(anon, "GET", page+"x", nil); r.status != 404 {
			t.Fatalf("%d", r.status)
		}
	})

	t.Run("OptOutLink", func(t *testing.T) {
		var link string
		for _, m := range s.outbox() {
			if m.Channel == notify.Email {
				link = optOutLinkRE.FindString(m.Body)
				break
			}
		}
		if link == "" {
			t.Fatal("no opt-out link in the e-mail")
		}
		if r := s.do(anon, "GET", link, nil); r.status != 200 || !strings.Contains(r.body, "lu•••@exemple.fr") {
			t.Fatalf("%d", r.status)
		}
		if r := s.do(anon, "POST", link, url.Values{}); r.status != 200 || !strings.Contains(r.body, "C'est noté") {
			t.Fatalf("%d", r.status)
		}
		if out, _ := s.store.OptedOut(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), "lucie@exemple.fr"); !out {
			t.Fatal("not recorded")
		}
	})

	t.Run("Cancel", func(t *testing.T) {
		// One tap never cancels: the page asks once.
		before := len(s.outbox())
		r := s.do(anon, "POST", page+"/annulation", url.Values{})
		if r.status != 303 || !strings.HasSuffix(r.header.Get("Location"), "?annuler=1#annulation") {
			t.Fatalf("a post without the confirmation: %d %s", r.status, r.header.Get("Location"))
		}
		if r := s.do(anon, "GET", page, nil); strings.Contains(r.body, "Annulé") || !strings.Contains(r.body, `href="`+page+`?annuler=1#annulation"`) {
			t.Fatal("the appointment must stay, and the page offers a link (no form) to cancel")
		}
		if len(s.outbox()) != before {
			t.Fatal("nothing is sent before the confirmation")
		}
		ask := s.do(anon, "GET", page+"?annuler=1", nil)
		if !strings.Contains(ask.body, "Voulez-vous vraiment annuler votre rendez-vous du") || !strings.Contains(ask.body, `name="confirme" value="oui"`) || !strings.Contains(ask.body, "Non, je garde mon rendez-vous") {
			t.Fatalf("the question:\n%s", ask.body)
		}
		r = s.do(anon, "POST", page+"/annulation", url.Values{"confirme": {"oui"}})
		if r.status != 303 {
			t.Fatalf("%d", r.status)
		}
		if r := s.do(anon, "GET", r.header.Get("Location"), nil); !strings.Contains(r.body, "Votre rendez-vous est annulé") || !strings.Contains(r.body, "Vous allez recevoir un message qui le confirme.") {
			t.Fatal("no confirmation of the cancellation")
		}
		msgs := s.outbox()
		sms, mail := msgs[0], msgs[1]
		if sms.Channel == notify.Email {
			sms, mail = mail, sms
		}
		if sms.Kind != notify.Cancellation || sms.Status != notify.Outbox || mail.Status != notify.OptedOut {
			t.Fatalf("after the opt-out the e-mail is not sent: %+v %+v", sms, mail)
		}
		if r := s.do(anon, "GET", "/rendez-vous/motifs/1", nil); !strings.Contains(r.body, "creneau="+slot+`"`) {
			t.Fatal("the freed slot is not offered again")
		}
	})

	t.Run("RaceForOneSlot", func(t *testing.T) {
		r := s.do(anon, "GET", "/rendez-vous/motifs/1", nil)
		last := slotLinkRE.FindAllStringSubmatch(r.body, -1)
		slot := strings.TrimPrefix(last[len(last)-1][1], "/rendez-vous/motifs/1/reserver?creneau=")
		const n = 8
		results := make([]response, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = post(s.client(), url.Values{"creneau": {slot}, "nom": {"Course " + itoa(int64(i))}, "courriel": {"course@exemple.fr"}, "accord": {"oui"}})
			}()
		}
		wg.Wait()
		won := 0
		for _, r := range results {
			switch {
			case r.status == 303:
				won++
			case r.status == 422 && strings.Contains(r.body, "Complet"):
			default:
				t.Fatalf("%d\n%s", r.status, r.body)
			}
		}
		if won != 1 {
			t.Fatalf("%d bookings of one slot", won)
		}
	})
}

// TestAgendaStaffJourney: staff book for a followed person, mark "présent"
// (which proposes the activity report), move and cancel; organise
// permanences, motives and absences; a partner books for a person it orients.
func TestAgendaStaffJourney(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	med := s.login(account.RoleMediation)
	rec := s.login(account.RoleReception)
	ctx := context.Background()
	persons, _, _ := s.store.ListPersons(ctx, scope.OfStructure(s.demo.Structures[demo.CCAS]), store.PersonFilter{Query: "moreau", Limit: 1})
	pid := itoa(persons[0].ID)

	r := s.do(rec, "GET", "/espace/agenda/rendez-vous/nouveau?motif=1&personne="+pid, nil)
	slots := slotRadioRE.FindAllStringSubmatch(r.body, -1)
	if r.status != 200 || len(slots) < 3 || !strings.Contains(r.body, "Jeannine Moreau") {
		t.Fatalf("%d, %d slots", r.status, len(slots))
	}
	var apptURL string
	t.Run("BookForAPerson", func(t *testing.T) {
		r := s.do(rec, "POST", "/espace/agenda/rendez-vous", url.Values{"motif": {"1"}, "creneau": {slots[0][1]}, "personne": {pid}, "accord": {"oui"}})
		if r.status != 303 {
			t.Fatalf("%d\n%s", r.status, r.body)
		}
		apptURL = r.header.Get("Location")
		r = s.do(rec, "GET", apptURL, nil)
		if !strings.Contains(r.body, "Jeannine Moreau") || !strings.Contains(r.body, "Dossier n° "+pid) {
			t.Fatalf("%d", r.status)
		}
		entries, _, _ := s.store.ListJournal(ctx, scope.OfStructure(s.demo.Structures[demo.CCAS]), store.JournalFilter{})
		found := false
		for _, e := range entries {
			found = found || (itoa(e.PersonID) == pid && strings.Contains(e.What, "Rendez-vous"))
		}
		if !found {
			t.Fatal("the booking for a followed person is not in the journal")
		}
	})
	t.Run("ContactNeedsConsent", func(t *testing.T) {
		r := s.do(rec, "POST", "/espace/agenda/rendez-vous", url.Values{"motif": {"1"}, "creneau": {slots[1][1]}, "nom": {"Paul Lenoir"}, "telephone": {"0612345678"}})
		if r.status != 422 || !strings.Contains(r.body, "Cochez la case si la personne accepte") {
			t.Fatalf("%d", r.status)
		}
	})
	t.Run("PresentProposesTheActivityReport", func(t *testing.T) {
		if r := s.do(med, "POST", apptURL+"/statut", url.Values{"statut": {"present"}}); r.status != 303 {
			t.Fatalf("%d", r.status)
		}
		r := s.do(med, "GET", apptURL, nil)
		m := regexp.MustCompile(`href="(/espace/activites/nouvelle\?[^"]+)"`).FindStringSubmatch(r.body)
		if m == nil {
			t.Fatalf("no link to the activity report:\n%s", r.body)
		}
		link, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		q := link.Query()
		if q.Get("personne") != pid || q.Get("date") == "" || q.Get("duree") == "" {
			t.Fatalf("the link does not carry the person, date and duration: %s", link)
		}
		form := s.do(med, "GET", link.String(), nil)
		if form.status != 200 || !strings.Contains(form.body, "Moreau") || !strings.Contains(form.body, `value="`+q.Get("date")+`"`) {
			t.Fatalf("the activity form is not pre-filled from the appointment (%d): %s", form.status, link)
		}
	})
	t.Run("MoveThenCancel", func(t *testing.T) {
		r := s.do(rec, "POST", "/espace/agenda/rendez-vous", url.Values{"motif": {"1"}, "creneau": {slots[1][1]}, "nom": {"Paul Lenoir"}, "telephone": {"0612345678"}, "accord": {"oui"}})
		if r.status != 303 {
			t.Fatalf("%d", r.status)
		}
		u := r.header.Get("Location")
		id := strings.TrimPrefix(u, "/espace/agenda/rendez-vous/")
		r = s.do(rec, "GET", "/espace/agenda/rendez-vous/nouveau?deplacer="+id, nil)
		free := slotRadioRE.FindAllStringSubmatch(r.body, -1)
		if r := s.do(rec, "POST", u+"/deplacement", url.Values{"creneau": {free[len(free)-1][1]}}); r.status != 303 {
			t.Fatalf("move: %d\n%s", r.status, r.body)
		}
		if r := s.do(rec, "POST", u+"/deplacement", url.Values{"creneau": {slots[0][1]}}); r.status != 422 || !strings.Contains(r.body, "Complet") {
			t.Fatalf("move onto a taken slot: %d", r.status)
		}
		if r := s.do(rec, "POST", u+"/annulation", url.Values{"qui": {"personne"}}); r.status != 303 {
			t.Fatalf("cancel: %d", r.status)
		}
		kinds := map[notify.Kind]int{}
		for _, m := range s.outbox() {
			if itoa(m.AppointmentID) == id {
				kinds[m.Kind]++
			}
		}
		if kinds[notify.Confirmation] != 1 || kinds[notify.Change] != 1 || kinds[notify.Cancellation] != 1 {
			t.Fatalf("%v", kinds)
		}
	})
	t.Run("PartnerBooksForAPersonItOrients", func(t *testing.T) {
		p := s.login(account.RolePartner)
		r := s.do(p, "GET", "/espace/agenda/orienter/2", nil)
		free := slotRadioRE.FindAllStringSubmatch(r.body, -1)
		if r.status != 200 || len(free) == 0 || !strings.Contains(r.body, "André Marchand") {
			t.Fatalf("%d, %d slots (the open orientation must be offered)", r.status, len(free))
		}
		refs, _ := s.store.ListReferrals(ctx, scope.OfStructure(s.demo.Structures[demo.FranceServices]), store.ReferralFilter{Box: store.BoxSent})
		r = s.do(p, "POST", "/espace/agenda/orienter/2", url.Values{"creneau": {free[0][1]}, "nom": {"André Marchand"}, "telephone": {"0712345678"},
			"orientation": {itoa(refs[0].ID)}, "accord": {"oui"}})
		if r.status != 303 {
			t.Fatalf("%d\n%s", r.status, r.body)
		}
		if r := s.do(p, "GET", "/espace/agenda/reservations", nil); !strings.Contains(r.body, "André Marchand") || !strings.Contains(r.body, "CCAS de Rochefort") {
			t.Fatal("the partner does not see its booking")
		}
		if r := s.do(p, "GET", "/espace/agenda/orienter/3", nil); r.status != 404 {
			t.Fatalf("a staff-only motive for a partner: %d", r.status)
		}
	})
	t.Run("OrganisePermanenceMotiveAbsence", func(t *testing.T) {
		r := s.do(med, "POST", "/espace/agenda/motifs", url.Values{"nom": {"Atelier individuel smartphone"}, "duree": {"45"}, "lieu_type": {"sur_place"},
			"reservable_par": {"tous"}, "delai_min": {"2"}, "delai_max": {"30"}})
		if r.status != 303 {
			t.Fatalf("motive: %d\n%s", r.status, r.body)
		}
		motives, _ := agendastore.New(s.store).ListMotives(ctx, scope.OfStructure(s.demo.Structures[demo.CCAS]), false)
		mid := itoa(motives[0].ID)
		for _, m := range motives {
			if m.Name == "Atelier individuel smartphone" {
				mid = itoa(m.ID)
			}
		}
		places, _ := placestore.New(s.store).ListPlaces(ctx, placestore.PlaceFilter{StructureID: s.demo.Structures[demo.CCAS]})
		bad := s.do(med, "POST", "/espace/agenda/permanences", url.Values{"lieu": {itoa(places[1].ID)}, "jour": {"1"}, "debut": {"14:00"}, "fin": {"13:00"}, "du": {"demain"}, "mode": {"rdv"}})
		for _, want := range []string{"Date illisible", "après l'heure de début", "au moins une personne", "au moins un motif"} {
			if bad.status != 422 || !strings.Contains(bad.body, want) {
				t.Errorf("permanence errors: %d, missing %q", bad.status, want)
			}
		}
		r = s.do(med, "POST", "/espace/agenda/permanences", url.Values{"lieu": {itoa(places[1].ID)}, "agents": {itoa(s.demo.Users[account.RoleMediation])},
			"jour": {"1"}, "debut": {"14:00"}, "fin": {"16:00"}, "frequence": {"2"}, "du": {s.clock.Now().Format("02/01/2006")}, "mode": {"rdv"}, "motifs": {mid}})
		if r.status != 303 {
			t.Fatalf("permanence: %d\n%s", r.status, r.body)
		}
		r = s.do(anon(s), "GET", "/rendez-vous/motifs/"+mid, nil)
		if r.status != 200 || len(slotLinkRE.FindAllString(r.body, -1)) == 0 {
			t.Fatalf("the new permanence offers no slot online: %d", r.status)
		}
		// The absence covers today too: a permanence on today's weekday offers today's slots.
		day := s.clock.Now().In(frtime.Paris).Format("2006-01-02")
		r = s.do(med, "POST", "/espace/agenda/absences", url.Values{"agent": {itoa(s.demo.Users[account.RoleMediation])}, "debut_date": {day}, "debut_heure": {"00:00"},
			"fin_date": {s.clock.Now().AddDate(0, 0, 60).Format("2006-01-02")}, "fin_heure": {"23:00"}})
		if r.status != 303 {
			t.Fatalf("absence: %d\n%s", r.status, r.body)
		}
		r = s.do(anon(s), "GET", "/rendez-vous/motifs/"+mid, nil)
		if len(slotLinkRE.FindAllString(r.body, -1)) != 0 {
			t.Fatal("slots are offered while the only staff member is absent")
		}
	})
}

func anon(s *site) *http.Client { return s.client() }

// TestWorkshopJourney: residents fill a workshop online, the next ones
// join the waiting list; a cancellation offers the seat, which the
// resident confirms from their link; the session's attendance makes the
// collective activity report; the monthly programme prints as HTML and PDF.
func TestWorkshopJourney(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	med := s.login(account.RoleMediation)
	ctx := context.Background()
	ccas := s.demo.Structures[demo.CCAS]
	// The messaging workshop (id 2): 8 seats, 3 taken.
	register := func(name string, wait bool) response {
		v := url.Values{"nom": {name}, "courriel": {strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@exemple.fr"}, "accord": {"oui"}}
		if wait {
			v.Set("attente", "oui")
		}
		return s.do(s.client(), "POST", "/ateliers/2/inscription", v)
	}
	var links []string
	for i := range 5 {
		r := register("Inscrite "+itoa(int64(i)), false)
		if r.status != 303 {
			t.Fatalf("%d\n%s", r.status, r.body)
		}
		links = append(links, r.header.Get("Location"))
	}
	r := register("Trop Tard", false)
	if r.status != 409 || !strings.Contains(r.body, "Complet") || !strings.Contains(r.body, "M'inscrire sur la liste d'attente") {
		t.Fatalf("full: %d", r.status)
	}
	r = register("Trop Tard", true)
	if r.status != 303 {
		t.Fatalf("waiting list: %d", r.status)
	}
	waiting := strings.TrimSuffix(r.header.Get("Location"), "?nouveau=1")
	if r := s.do(s.client(), "GET", waiting, nil); !strings.Contains(r.body, "n° 1") || !strings.Contains(r.body, "liste d'attente") {
		t.Fatalf("rank: %s", r.body)
	}
	// A registered resident cancels from their link: the seat is offered.
	first := strings.TrimSuffix(links[0], "?nouveau=1")
	if r := s.do(s.client(), "POST", first+"/annulation", url.Values{}); r.status != 303 || !strings.HasSuffix(r.header.Get("Location"), "?annuler=1#annulation") {
		t.Fatalf("without the confirmation the page asks: %d", r.status)
	}
	if r := s.do(s.client(), "GET", first+"?annuler=1", nil); !strings.Contains(r.body, "Voulez-vous vraiment annuler votre inscription") {
		t.Fatal("the question is not asked")
	}
	if r := s.do(s.client(), "POST", first+"/annulation", url.Values{"confirme": {"oui"}}); r.status != 303 {
		t.Fatalf("%d", r.status)
	}
	r = s.do(s.client(), "GET", waiting, nil)
	if !strings.Contains(r.body, "Une place s'est libérée") {
		t.Fatalf("no offer on the waiting person's page:\n%s", r.body)
	}
	offer := s.outbox()[0]
	if offer.Kind != notify.Offer || offer.To != "trop.tard@exemple.fr" || !strings.Contains(offer.Body, waiting) {
		t.Fatalf("offer message: %+v", offer)
	}
	if r := s.do(s.client(), "POST", waiting+"/confirmation", url.Values{}); r.status != 303 {
		t.Fatalf("confirm: %d", r.status)
	}
	if counter, held, _ := workshopstore.New(s.store).SeatCount(ctx, scope.OfStructure(ccas), 2); counter != 8 || held != 8 {
		t.Fatalf("seats %d/%d", counter, held)
	}
	ics, _, _ := s.raw(s.client(), waiting+"/atelier.ics")
	if p := icaltest.Parse(t, ics); len(p.Events) != 4 || !strings.Contains(p.Events[0].Summary, "séance 1 sur 4") {
		t.Fatalf("%+v", p)
	}
	t.Run("OfferExpiresWithTheClock", func(t *testing.T) {
		// The tablet cycle (id 1) has an offer made at load time.
		regs, _ := workshopstore.New(s.store).Registrations(ctx, scope.OfStructure(ccas), 1)
		var offered workshop.Registration
		for _, r := range regs {
			if r.Status == workshop.Offered {
				offered = r
			}
		}
		s.clock.Advance(25 * time.Hour)
		defer s.clock.Advance(-25 * time.Hour)
		s.srv.RunAgendaChores(ctx)
		got, _ := workshopstore.New(s.store).Registration(ctx, scope.OfStructure(ccas), offered.ID)
		if got.Status != workshop.Expired {
			t.Fatalf("after the deadline: %s", got.Status)
		}
		regs, _ = workshopstore.New(s.store).Registrations(ctx, scope.OfStructure(ccas), 1)
		next := 0
		for _, r := range regs {
			if r.Status == workshop.Offered {
				next++
			}
		}
		if next != 1 {
			t.Fatalf("%d offers after the expiry (the next person gets one)", next)
		}
	})
	t.Run("AttendanceMakesTheActivityReport", func(t *testing.T) {
		// The past workshop (id 6, session 17): two followed persons, two without a file.
		regs, _ := workshopstore.New(s.store).Registrations(ctx, scope.OfStructure(ccas), 6)
		v := url.Values{"sans_inscription": {"3"}}
		for _, r := range regs[:3] {
			v.Add("presents", itoa(r.ID))
		}
		r := s.do(med, "POST", "/espace/ateliers/6/seances/17", v)
		if r.status != 303 || !strings.HasSuffix(r.header.Get("Location"), "/compte-rendu") {
			t.Fatalf("%d %s\n%s", r.status, r.header.Get("Location"), r.body)
		}
		r = s.do(med, "GET", r.header.Get("Location"), nil)
		if !strings.Contains(r.body, "Jeannine Moreau") || !strings.Contains(r.body, `name="anon_total" type="text" value="4"`) {
			t.Fatalf("report form not prefilled:\n%s", r.body)
		}
		r = s.do(med, "POST", "/espace/ateliers/6/seances/17/compte-rendu", url.Values{"duree": {"120"}, "anon_total": {"4"}, "anon_deja": {"1"},
			"thematiques": {"navigation_sur_internet"}, "materiel": {"ordinateur"}})
		if r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/espace/activites/") {
			t.Fatalf("%d\n%s", r.status, r.body)
		}
		acts, _, _ := activitystore.New(s.store).ListActivities(ctx, scope.OfStructure(ccas), activitystore.ActivityFilter{Limit: 1})
		a := acts[0]
		if a.Type != activity.TypeWorkshop || a.Title != "Découvrir internet" || len(a.Participants) != 2 || a.AnonTotal != 4 || a.Count() != 6 {
			t.Fatalf("%+v", a)
		}
		if r := s.do(med, "POST", "/espace/ateliers/6/seances/17/compte-rendu", url.Values{"duree": {"120"}, "anon_total": {"4"}, "thematiques": {"email"}}); r.status != 303 {
			t.Fatalf("second submission: %d", r.status)
		}
		all, _, _ := activitystore.New(s.store).ListActivities(ctx, scope.OfStructure(ccas), activitystore.ActivityFilter{Limit: 500})
		reports := 0
		for _, a := range all {
			if a.Title == "Découvrir internet" {
				reports++
			}
		}
		if reports != 1 {
			t.Fatalf("%d reports for one session", reports)
		}
	})
	t.Run("PrintableProgramme", func(t *testing.T) {
		paris, _ := time.LoadLocation("Europe/Paris")
		month := s.clock.Now().AddDate(0, 0, 8).In(paris).Format("2006-01")
		r := s.do(s.client(), "GET", "/ateliers/programme?mois="+month+"&structure="+itoa(ccas), nil)
		if r.status != 200 || !strings.Contains(r.body, "Bien utiliser sa messagerie") || !strings.Contains(r.body, "Télécharger en PDF") {
			t.Fatalf("%d", r.status)
		}
		pdf, h, code := s.raw(s.client(), "/ateliers/programme.pdf?mois="+month+"&structure="+itoa(ccas))
		if code != 200 || h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF-") {
			t.Fatalf("%d %s", code, h.Get("Content-Type"))
		}
		text := pdfText(t, pdf)
		if text != "" && (!strings.Contains(text, "Bien utiliser sa messagerie") || !strings.Contains(text, "Ateliers numériques")) {
			t.Fatalf("the PDF reads:\n%s", text)
		}
	})
}

// pdfText extracts the text of a PDF with poppler's pdftotext ("" when it
// is missing, outside CI).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is missing: .ci/run installs poppler-utils")
		}
		t.Log("pdftotext missing: the PDF's text is not checked")
		return ""
	}
	path := filepath.Join(t.TempDir(), "programme.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestAgendaFeeds: a site's public feed and a staff member's private feed,
// parsed back by ical.js; neither names a person.
func TestAgendaFeeds(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	b, h, code := s.raw(s.client(), "/agenda/lieux/1/calendrier.ics")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/calendar") {
		t.Fatalf("%d", code)
	}
	p := icaltest.Parse(t, b)
	perms, workshops := 0, 0
	for _, e := range p.Events {
		switch {
		case strings.HasPrefix(e.UID, "permanence-"):
			perms++
		case strings.HasPrefix(e.UID, "atelier-"):
			workshops++
		}
		if strings.Contains(e.Summary+e.Description, "Moreau") || strings.Contains(e.Summary+e.Description, "Hervé") {
			t.Fatalf("a person in the public feed: %+v", e)
		}
	}
	if perms < 20 || workshops < 8 || p.Name == "" {
		t.Fatalf("%d permanences, %d workshop sessions", perms, workshops)
	}
	if _, _, code := s.raw(s.client(), "/agenda/lieux/999999/calendrier.ics"); code != 404 {
		t.Fatalf("unknown site: %d", code)
	}
	med := s.login(account.RoleMediation)
	r := s.do(med, "POST", "/espace/agenda/calendriers", url.Values{})
	feed := calendarFeedURL.FindString(r.body)
	if r.status != 200 || feed == "" {
		t.Fatalf("%d: no feed address", r.status)
	}
	path := strings.TrimPrefix(feed, s.http.URL)
	b, _, code = s.raw(s.client(), path)
	if code != 200 {
		t.Fatalf("%d", code)
	}
	p = icaltest.Parse(t, b)
	appts := 0
	for _, e := range p.Events {
		if strings.HasPrefix(e.UID, "rdv-") {
			appts++
		}
		if strings.Contains(e.Summary+e.Description+e.Location, "Moreau") || strings.Contains(e.Summary+e.Description, "Hervé") {
			t.Fatalf("a person's name in the staff feed: %+v", e)
		}
	}
	if appts == 0 {
		t.Fatal("no appointment in the staff feed")
	}
	// A new address ends the old one.
	s.do(med, "POST", "/espace/agenda/calendriers", url.Values{})
	if _, _, code := s.raw(s.client(), path); code != 404 {
		t.Fatalf("an old feed address still works: %d", code)
	}
}

// TestAgendaAPI runs the operations of the OpenAPI document.
func TestAgendaAPI(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	med := s.agendaToken(account.RoleMediation)
	rec := s.agendaToken(account.RoleReception)
	places, _ := placestore.New(s.store).ListPlaces(context.Background(), placestore.PlaceFilter{StructureID: s.demo.Structures[demo.CCAS]})
	var slots struct {
		Slots []struct {
			Slot string `json:"creneau"`
		} `json:"creneaux"`
	}
	t.Run("CreatePermanenceAndListSlots", func(t *testing.T) {
		r := s.agendaAPI(med, "POST", "/api/v1/permanences", `{"lieu":`+itoa(places[2].ID)+`,"agents":[`+itoa(s.demo.Users[account.RoleMediation])+`],"jour":6,"debut":"9:00","fin":"8:00","du":"2026-13-01","mode":"rdv"}`)
		var e struct {
			Error struct {
				Fields map[string]string `json:"fields"`
			} `json:"error"`
		}
		_ = json.Unmarshal([]byte(r.body), &e)
		// The document refuses the impossible date before any rule runs.
		if r.status != 422 || e.Error.Fields["du"] == "" {
			t.Fatalf("%d %s", r.status, r.body)
		}
		r = s.agendaAPI(med, "POST", "/api/v1/permanences", `{"lieu":`+itoa(places[2].ID)+`,"agents":[`+itoa(s.demo.Users[account.RoleMediation])+`],"jour":6,"debut":"9:00","fin":"8:00","du":"2026-12-01","mode":"rdv"}`)
		e.Error.Fields = nil
		_ = json.Unmarshal([]byte(r.body), &e)
		if r.status != 422 || e.Error.Fields["fin"] == "" || e.Error.Fields["motifs"] == "" {
			t.Fatalf("%d %s", r.status, r.body)
		}
		r = s.agendaAPI(med, "POST", "/api/v1/permanences", `{"lieu":`+itoa(places[2].ID)+`,"agents":[`+itoa(s.demo.Users[account.RoleMediation])+`],"jour":6,"debut":"09:00","fin":"12:00","du":"`+s.clock.Now().Format("2006-01-02")+`","mode":"rdv","motifs":[1]}`)
		if r.status != 201 || !strings.Contains(r.body, `"recurrence":"Chaque samedi, 9 h – 12 h`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
		if r := s.agendaAPI(rec, "POST", "/api/v1/permanences", `{}`); r.status != 403 {
			t.Fatalf("reception organises: %d", r.status)
		}
		r = s.agendaAPI(rec, "GET", "/api/v1/creneaux?motif=1&lieu="+itoa(places[2].ID), "")
		if err := json.Unmarshal([]byte(r.body), &slots); err != nil || r.status != 200 || len(slots.Slots) < 6 {
			t.Fatalf("%d %s", r.status, r.body)
		}
	})
	t.Run("BookRaceAndCancel", func(t *testing.T) {
		body := `{"motif":1,"creneau":"` + slots.Slots[0].Slot + `","nom":"Jean API","telephone":"0612345678","accord":true}`
		results := make([]response, 6)
		var wg sync.WaitGroup
		for i := range results {
			wg.Add(1)
			go func() { defer wg.Done(); results[i] = s.agendaAPI(rec, "POST", "/api/v1/rendez-vous", body) }()
		}
		wg.Wait()
		var id int64
		won := 0
		for _, r := range results {
			switch r.status {
			case 201:
				won++
				var a struct {
					ID int64 `json:"id"`
				}
				_ = json.Unmarshal([]byte(r.body), &a)
				id = a.ID
			case 409:
				if !strings.Contains(r.body, `"code":"conflict"`) || !strings.Contains(r.body, "Complet") {
					t.Fatalf("%s", r.body)
				}
			default:
				t.Fatalf("%d %s", r.status, r.body)
			}
		}
		if won != 1 {
			t.Fatalf("%d bookings won", won)
		}
		// The API and the pages share one agenda service: without a channel,
		// the confirmation goes to the outbox as soon as it is recorded.
		delivered := 0
		for _, m := range s.outbox() {
			if m.AppointmentID == id && m.Status == notify.Outbox {
				delivered++
			}
		}
		if delivered != 1 {
			t.Fatalf("delivered %d confirmations, want 1", delivered)
		}
		if r := s.agendaAPI(rec, "POST", "/api/v1/rendez-vous/"+itoa(id)+"/annulation", `{"qui":"personne"}`); r.status != 200 || !strings.Contains(r.body, `"statut":"excuse"`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
		if r := s.agendaAPI(rec, "POST", "/api/v1/rendez-vous/"+itoa(id)+"/annulation", ""); r.status != 422 {
			t.Fatalf("cancelled twice: %d", r.status)
		}
	})
	t.Run("WorkshopFullWaitingListAttendance", func(t *testing.T) {
		start := s.clock.Now().Add(-time.Hour).Format(time.RFC3339)
		r := s.agendaAPI(med, "POST", "/api/v1/ateliers", `{"titre":"Atelier API","thematiques":["email"],"niveau":"debutant","lieu":`+itoa(places[0].ID)+`,"places":1,"seances":[{"debut":"`+start+`","duree":120}]}`)
		var w struct {
			ID       int64 `json:"id"`
			Sessions []struct {
				ID int64 `json:"id"`
			} `json:"seances"`
		}
		if err := json.Unmarshal([]byte(r.body), &w); err != nil || r.status != 201 || len(w.Sessions) != 1 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		path := "/api/v1/ateliers/" + itoa(w.ID) + "/inscriptions"
		if r := s.agendaAPI(rec, "POST", path, `{"nom":"Une"}`); r.status != 201 || !strings.Contains(r.body, `"statut":"inscrit"`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
		r = s.agendaAPI(rec, "POST", path, `{"nom":"Deux"}`)
		if r.status != 409 || !strings.Contains(r.body, "Complet") || !strings.Contains(r.body, "liste d'attente") {
			t.Fatalf("full: %d %s", r.status, r.body)
		}
		if r := s.agendaAPI(rec, "POST", path, `{"nom":"Deux","liste_attente":true}`); r.status != 201 || !strings.Contains(r.body, `"rang":1`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
		r = s.agendaAPI(rec, "GET", "/api/v1/ateliers", "")
		if r.status != 200 || !strings.Contains(r.body, `"liste_attente":1`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
		regs, _ := workshopstore.New(s.store).Registrations(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), w.ID)
		r = s.agendaAPI(med, "POST", "/api/v1/seances/"+itoa(w.Sessions[0].ID)+"/presences", `{"presents":[`+itoa(regs[0].ID)+`],"sans_inscription":2}`)
		if r.status != 200 || !strings.Contains(r.body, `"presents":[`+itoa(regs[0].ID)+`]`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
		r = s.agendaAPI(rec, "POST", "/api/v1/inscriptions/"+itoa(regs[0].ID)+"/annulation", "")
		if r.status != 200 || !strings.Contains(r.body, `"place_proposee"`) || !strings.Contains(r.body, `"statut":"offre"`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
		if r := s.agendaAPI(rec, "GET", "/api/v1/ateliers/"+itoa(w.ID), ""); r.status != 200 || !strings.Contains(r.body, `"presences_notees_le"`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
		if r := s.agendaAPI(rec, "GET", "/api/v1/inscriptions/"+itoa(regs[1].ID), ""); r.status != 200 || !strings.Contains(r.body, `"a_confirmer_avant"`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
		r = s.agendaAPI(rec, "GET", "/api/v1/inscriptions?atelier="+itoa(w.ID), "")
		if r.status != 200 || strings.Count(r.body, `"atelier":`+itoa(w.ID)) != 2 || !strings.Contains(r.body, `"suivant":null`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
	})
	t.Run("ReadBackAndSynchronise", func(t *testing.T) {
		page := func(path string) (items []map[string]any, next string) {
			t.Helper()
			r := s.agendaAPI(rec, "GET", path, "")
			var body map[string]any
			if err := json.Unmarshal([]byte(r.body), &body); err != nil || r.status != 200 {
				t.Fatalf("%s: %d %s", path, r.status, r.body)
			}
			for k, v := range body {
				if k == "suivant" {
					next, _ = v.(string)
					continue
				}
				for _, it := range v.([]any) {
					items = append(items, it.(map[string]any))
				}
			}
			return items, next
		}
		// Every permanence, a page of one at a time.
		var ids []float64
		for path := "/api/v1/permanences?limite=1"; path != ""; {
			items, next := page(path)
			if len(items) > 1 {
				t.Fatalf("%d items on a page of 1", len(items))
			}
			for _, it := range items {
				ids = append(ids, it["id"].(float64))
				if r := s.agendaAPI(rec, "GET", "/api/v1/permanences/"+itoa(int64(it["id"].(float64))), ""); r.status != 200 || !strings.Contains(r.body, `"modifie_le"`) {
					t.Fatalf("%d %s", r.status, r.body)
				}
			}
			path = ""
			if next != "" {
				path = "/api/v1/permanences?limite=1&curseur=" + url.QueryEscape(next)
			}
		}
		all, _ := page("/api/v1/permanences")
		if len(ids) != len(all) || len(ids) < 5 {
			t.Fatalf("%d permanences by pages of one, %d at once", len(ids), len(all))
		}
		// A booking made a minute later is the only appointment changed since.
		s.clock.Advance(time.Minute)
		before := s.clock.Now().Format(time.RFC3339)
		r := s.agendaAPI(rec, "GET", "/api/v1/creneaux?motif=1", "")
		var sl struct {
			Slots []struct {
				Slot string `json:"creneau"`
			} `json:"creneaux"`
		}
		_ = json.Unmarshal([]byte(r.body), &sl)
		r = s.agendaAPI(rec, "POST", "/api/v1/rendez-vous", `{"motif":1,"creneau":"`+sl.Slots[len(sl.Slots)-1].Slot+`","nom":"Synchro"}`)
		var a struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal([]byte(r.body), &a); err != nil || r.status != 201 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		changed, next := page("/api/v1/rendez-vous?modifie_depuis=" + url.QueryEscape(before))
		if len(changed) != 1 || int64(changed[0]["id"].(float64)) != a.ID || next != "" {
			t.Fatalf("changed since %s: %+v", before, changed)
		}
		if r := s.agendaAPI(rec, "GET", "/api/v1/rendez-vous/"+itoa(a.ID), ""); r.status != 200 || !strings.Contains(r.body, `"nom":"Synchro"`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
		for path, field := range map[string]string{
			"/api/v1/rendez-vous?modifie_depuis=2026-01-01": "modifie_depuis", "/api/v1/rendez-vous?curseur=pasuncurseur": "curseur",
			"/api/v1/ateliers?inconnu=1": "inconnu", "/api/v1/permanences?limite=0": "limite",
			"/api/v1/inscriptions?curseur=" + url.QueryEscape(next+"x"): "curseur",
		} {
			r := s.agendaAPI(rec, "GET", path, "")
			var e struct {
				Error struct {
					Fields map[string]string `json:"fields"`
				} `json:"error"`
			}
			if err := json.Unmarshal([]byte(r.body), &e); err != nil || r.status != 422 || e.Error.Fields[field] == "" {
				t.Errorf("%s: %d %s", path, r.status, r.body)
			}
		}
		// A session on Christmas Day is refused unless kept on purpose.
		christmas := time.Date(s.clock.Now().Year(), 12, 25, 14, 0, 0, 0, frtime.Paris).Format(time.RFC3339)
		body := `{"titre":"Noël","thematiques":["email"],"niveau":"debutant","lieu":` + itoa(places[0].ID) + `,"places":3,"seances":[{"debut":"` + christmas + `","duree":60}]}`
		if r := s.agendaAPI(med, "POST", "/api/v1/ateliers", body); r.status != 422 || !strings.Contains(r.body, "jour férié") {
			t.Fatalf("%d %s", r.status, r.body)
		}
		body = strings.Replace(body, `"duree":60`, `"duree":60,"jour_ferie_maintenu":true`, 1)
		if r := s.agendaAPI(med, "POST", "/api/v1/ateliers", body); r.status != 201 || !strings.Contains(r.body, `"jour_ferie_maintenu":true`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
	})
}

// TestReferralCarriesAnAppointment: the sender of an orientation to a
// structure whose agenda is open to partners is offered to book there, and
// the booking form proposes that orientation.
func TestReferralCarriesAnAppointment(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	fs := s.demo.Structures[demo.FranceServices]
	m := agenda.Motive{Name: "Dossier CAF avec un agent", Duration: 30, Location: agenda.LocationOnSite, BookableBy: agenda.BookPartners, MaxDelayDays: 30}
	if err := agendastore.New(s.store).CreateMotive(ctx, scope.OfStructure(fs), &m, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	rec := s.login(account.RoleReception)
	persons, _, err := s.store.ListPersons(ctx, scope.OfStructure(s.demo.Structures[demo.CCAS]), store.PersonFilter{Query: "moreau", Limit: 1})
	if err != nil || len(persons) == 0 {
		t.Fatalf("demo person: %v", err)
	}
	refID := lastID(t, s.do(rec, "POST", "/espace/orientations", referralForm(itoa(persons[0].ID), "structure-"+itoa(fs))), "/espace/orientations/")
	view := s.do(rec, "GET", "/espace/orientations/"+refID, nil)
	book := "/espace/agenda/orienter?structure=" + itoa(fs) + "&orientation=" + refID
	if view.status != 200 || !strings.Contains(html.UnescapeString(view.body), book) {
		t.Fatalf("no booking link on the sender's view (%d)", view.status)
	}
	list := s.do(rec, "GET", book, nil)
	motive := "/espace/agenda/orienter/" + itoa(m.ID) + "?orientation=" + refID
	if list.status != 200 || !strings.Contains(list.body, motive) || strings.Contains(list.body, "Aide aux démarches en ligne") {
		t.Fatalf("the partner motives are not those of the receiving structure (%d)", list.status)
	}
	form := s.do(rec, "GET", motive, nil)
	if form.status != 200 || !regexp.MustCompile(`<option value="`+refID+`"[^>]*selected`).MatchString(form.body) {
		t.Fatalf("the booking form does not propose the orientation (%d)", form.status)
	}
	// From the person's file: the list carries the person to the form, which takes their name.
	pid := itoa(persons[0].ID)
	list = s.do(rec, "GET", "/espace/agenda/orienter?structure="+itoa(fs)+"&personne="+pid, nil)
	if !strings.Contains(list.body, "/espace/agenda/orienter/"+itoa(m.ID)+"?personne="+pid) {
		t.Fatalf("the partner motives do not carry the person (%d)", list.status)
	}
	form = s.do(rec, "GET", "/espace/agenda/orienter/"+itoa(m.ID)+"?personne="+pid, nil)
	if form.status != 200 || !regexp.MustCompile(`name="nom"[^>]*value="Jeannine Moreau"`).MatchString(form.body) {
		t.Fatalf("the booking form does not take the person's name (%d)", form.status)
	}
	// The receiver does not get the link: it is the sender's to use.
	if r := s.do(s.login(account.RolePartner), "GET", "/espace/orientations/"+refID, nil); strings.Contains(r.body, "/espace/agenda/orienter?") {
		t.Fatal("the receiving structure is offered to book in its own agenda")
	}
}

// TestEvaluationSuggestsAWorkshop: a person autonomous with support is
// offered the coming workshops of the intermediate level, and the link
// opens the registration with the person's file.
func TestEvaluationSuggestsAWorkshop(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	rec := s.login(account.RoleReception)
	v := firstEvaluationForm("Odile", "Marchand")
	v["thematiques"] = []string{"email"}
	v.Del("demarches")
	for i := range 8 {
		v.Set("q"+string(rune('1'+i)), "oui")
	}
	evalID := lastID(t, s.do(rec, "POST", "/espace/accueil", v), "/espace/evaluations/")
	r := s.do(rec, "GET", "/espace/evaluations/"+evalID, nil)
	if r.status != 200 || !strings.Contains(r.body, "Atelier collectif") || !strings.Contains(r.body, "Ateliers à venir") || !strings.Contains(r.body, "Bien utiliser sa messagerie") {
		t.Fatalf("no workshop of the intermediate level suggested (%d)\n%s", r.status, s.logBuf.String())
	}
	if strings.Contains(r.body, "Premiers pas sur la tablette") {
		t.Fatal("a beginners' workshop is suggested to a person autonomous with support")
	}
	m := regexp.MustCompile(`href="(/espace/ateliers/\d+\?personne=(\d+))"`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("no link to register the person")
	}
	if form := s.do(rec, "GET", m[1], nil); form.status != 200 || !regexp.MustCompile(`name="personne"[^>]*value="`+m[2]+`"`).MatchString(form.body) {
		t.Fatalf("the registration form does not hold the person (%d)", form.status)
	}
}

// TestOfferDelayIsOneForWebAndAPI: the offer delay given to the application
// (--offer-delay) holds for a seat freed through the API as through the
// pages; the API used to keep its own service with the default delay.
func TestOfferDelayIsOneForWebAndAPI(t *testing.T) {
	t.Parallel()
	const delay = 36 * time.Hour
	s := newSiteWith(t, storetest.SQLite(t), app.Config{OfferDelay: delay})
	ctx := context.Background()
	ccas := scope.OfStructure(s.demo.Structures[demo.CCAS])
	med, token := s.login(account.RoleMediation), s.agendaToken(account.RoleMediation)
	places, _ := placestore.New(s.store).ListPlaces(ctx, placestore.PlaceFilter{StructureID: s.demo.Structures[demo.CCAS]})
	start := s.clock.Now().AddDate(0, 0, 10).Format(time.RFC3339)
	offer := func(cancel func(workshopID, regID int64)) time.Time {
		r := s.agendaAPI(token, "POST", "/api/v1/ateliers", `{"titre":"Une place","thematiques":["email"],"niveau":"debutant","lieu":`+itoa(places[0].ID)+`,"places":1,"seances":[{"debut":"`+start+`","duree":60,"jour_ferie_maintenu":true}]}`)
		var w struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal([]byte(r.body), &w); err != nil || r.status != 201 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		var ids []int64
		for _, body := range []string{`{"nom":"Assise"}`, `{"nom":"Attend","liste_attente":true}`} {
			r := s.agendaAPI(token, "POST", "/api/v1/ateliers/"+itoa(w.ID)+"/inscriptions", body)
			var reg struct {
				ID int64 `json:"id"`
			}
			if err := json.Unmarshal([]byte(r.body), &reg); err != nil || r.status != 201 {
				t.Fatalf("%d %s", r.status, r.body)
			}
			ids = append(ids, reg.ID)
		}
		cancel(w.ID, ids[0])
		got, err := workshopstore.New(s.store).Registration(ctx, ccas, ids[1])
		if err != nil || got.Status != workshop.Offered {
			t.Fatalf("%v %+v", err, got)
		}
		return got.OfferExpiresAt
	}
	byAPI := offer(func(_, reg int64) {
		r := s.agendaAPI(token, "POST", "/api/v1/inscriptions/"+itoa(reg)+"/annulation", "")
		if r.status != 200 || !strings.Contains(r.body, `"a_confirmer_avant"`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
	})
	byWeb := offer(func(w, reg int64) {
		if r := s.do(med, "POST", "/espace/ateliers/"+itoa(w)+"/inscriptions/"+itoa(reg)+"/annulation", url.Values{}); r.status != 303 {
			t.Fatalf("%d", r.status)
		}
	})
	want := s.clock.Now().Add(delay)
	if !byAPI.Equal(byWeb) || !byAPI.Equal(want.UTC().Truncate(time.Microsecond)) {
		t.Fatalf("deadlines: API %v, pages %v, want %v (now + %v)", byAPI, byWeb, want, delay)
	}
}
