//go:build browser

package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// TestAgendaResidentPagesInChromium checks, as TestPagesInChromium does,
// the pages whose address is only known once something is booked: the
// booking form of a free slot, the resident's signed pages (appointment,
// registration on the waiting list then offered a seat, opt-out), and the
// activity report of a session once its attendance is recorded.
func TestAgendaResidentPagesInChromium(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	anon := s.client()
	r := s.do(anon, "GET", "/rendez-vous/motifs/1", nil)
	links := slotLinkRE.FindAllStringSubmatch(r.body, -1)
	if len(links) < 2 {
		t.Fatal("no free slot")
	}
	r = s.do(anon, "POST", "/rendez-vous/motifs/1/reserver", url.Values{"creneau": {strings.TrimPrefix(links[1][1], "/rendez-vous/motifs/1/reserver?creneau=")},
		"nom": {"Lucie Fabre"}, "telephone": {"06 12 34 56 78"}, "courriel": {"lucie@exemple.fr"}, "accord": {"oui"}})
	appointment := r.header.Get("Location")
	// The tablet cycle is full: join its waiting list, then get a seat offered.
	r = s.do(anon, "POST", "/ateliers/1/inscription", url.Values{"nom": {"Léon Blanc"}, "courriel": {"leon@exemple.fr"}, "accord": {"oui"}, "attente": {"oui"}})
	waiting := r.header.Get("Location")
	var optOut string
	for _, m := range s.outbox() {
		if m.Channel == notify.Email && m.AppointmentID != 0 {
			optOut = optOutLinkRE.FindString(m.Body)
		}
	}
	if appointment == "" || waiting == "" || optOut == "" {
		t.Fatalf("setup: %q %q %q", appointment, waiting, optOut)
	}
	med := s.login(account.RoleMediation)
	regs, _ := workshopstore.New(s.store).Registrations(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), 6)
	if r := s.do(med, "POST", "/espace/ateliers/6/seances/17", url.Values{"presents": {itoa(regs[0].ID)}, "sans_inscription": {"2"}}); r.status != 303 {
		t.Fatalf("attendance: %d", r.status)
	}
	cookie := ""
	u, _ := urlParse(s.http.URL)
	for _, ck := range med.Jar.Cookies(u) {
		if ck.Name == "parcours_session" {
			cookie = ck.Value
		}
	}
	pages := []struct {
		page   browserPage
		cookie string
	}{
		{page: browserPage{path: links[0][1], want: "J'accepte"}},
		{page: browserPage{path: appointment, want: "Votre rendez-vous est pris"}},
		{page: browserPage{path: strings.TrimSuffix(appointment, "?nouveau=1"), want: "Annuler mon rendez-vous"}},
		{page: browserPage{path: strings.TrimSuffix(appointment, "?nouveau=1") + "?annuler=1", want: "Oui, annuler mon rendez-vous"}},
		{page: browserPage{path: waiting, want: "liste d'attente"}},
		{page: browserPage{path: optOut, want: "Ne plus recevoir de messages"}},
		{page: browserPage{path: "/espace/ateliers/6/seances/17/compte-rendu", role: account.RoleMediation, want: "Participants sans dossier"}, cookie: cookie},
	}
	check := func(t *testing.T, p browserPage, cookie string) {
		t.Run(strings.TrimPrefix(p.path, "/"), func(t *testing.T) {
			t.Parallel()
			checkLayouts(t, s.http.URL, p, cookie, axe)
		})
	}
	// The pages before the seat is offered, checked at once; the group ends
	// when they all have.
	t.Run("before the offer", func(t *testing.T) {
		for _, p := range pages {
			check(t, p.page, p.cookie)
		}
	})
	// Seats free until the waiting resident is first in line; then the
	// pending offers expire and the seat reaches them: their page offers it.
	leon := func() workshop.Registration {
		regs, _ = workshopstore.New(s.store).Registrations(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), 1)
		for _, reg := range regs {
			if reg.Name == "Léon Blanc" {
				return reg
			}
		}
		t.Fatal("Léon Blanc is not registered")
		return workshop.Registration{}
	}
	for range 5 {
		if l := leon(); l.Status != workshop.Waiting || l.Rank == 1 {
			break
		}
		for _, reg := range regs {
			if reg.Status == workshop.Registered {
				if r := s.do(med, "POST", "/espace/ateliers/1/inscriptions/"+itoa(reg.ID)+"/annulation", url.Values{}); r.status != 303 || r.header.Get("Location") != "/espace/ateliers/1" {
					t.Fatalf("cancel: %d %s", r.status, r.header.Get("Location"))
				}
				break
			}
		}
	}
	s.clock.Advance(25 * time.Hour) // the offers made so far expire: the seats go down the list
	defer s.clock.Advance(-25 * time.Hour)
	s.srv.RunAgendaChores(context.Background())
	offered := leon().Status == workshop.Offered
	if !offered {
		for _, reg := range regs {
			t.Logf("%s: %s (rang %d)", reg.Name, reg.Status, reg.Rank)
		}
		t.Fatal("the seat never reached the waiting resident")
	}
	if _, total, _ := s.store.ListMessages(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), store.MessageFilter{Status: notify.Outbox}); total == 0 {
		t.Fatal("no message")
	}
	t.Run("after the offer", func(t *testing.T) {
		check(t, browserPage{path: strings.TrimSuffix(waiting, "?nouveau=1"), want: "Une place pour vous"}, "")
	})
}
