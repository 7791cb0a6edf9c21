package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/signedlink"

	"github.com/parcours-numerique/parcours/internal/scope"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestReceptionPersonFile: over HTTP on both databases, a probable
// duplicate is shown, created anyway when it is another person, then merged
// with its history; a consent keeps its exact wording and is withdrawn; a
// deleted person leaves only anonymous figures in the exports; the
// mediator's home shows the follow-up counts.
func TestReceptionPersonFile(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		ccas := s.demo.Structures[demo.CCAS]
		reception, mediation := s.login(account.RoleReception), s.login(account.RoleMediation)

		// A first file, then the same person typed differently: a probable duplicate.
		first := lastID(t, s.do(reception, "POST", "/espace/accueil", firstEvaluationForm("Hélène", "Bérard")), "/espace/evaluations/")
		pid := regexp.MustCompile(`/espace/personnes/(\d+)`).FindStringSubmatch(s.do(reception, "GET", "/espace/evaluations/"+first, nil).body)[1]
		again := firstEvaluationForm("HELENE", "berard")
		dup := s.do(reception, "POST", "/espace/accueil", again)
		if dup.status != http.StatusConflict || !strings.Contains(dup.body, "dossier n° "+pid) {
			t.Fatalf("duplicate: %d", dup.status)
		}
		// The "another person" box is part of the form that is sent again.
		form := strings.Index(dup.body, `<form method="post" action="/espace/accueil"`)
		box := strings.Index(dup.body, `name="doublon_ok"`)
		if form < 0 || box < form || strings.Contains(dup.body[form:box], "</form>") {
			t.Fatal("the « C'est une autre personne » box is outside the form")
		}
		again.Set("doublon_ok", "oui")
		second := lastID(t, s.do(reception, "POST", "/espace/accueil", again), "/espace/evaluations/")
		dupID := regexp.MustCompile(`/espace/personnes/(\d+)`).FindStringSubmatch(s.do(reception, "GET", "/espace/evaluations/"+second, nil).body)[1]
		if dupID == pid {
			t.Fatal("a second file was created")
		}
		page := s.do(reception, "GET", "/espace/personnes/"+pid, nil)
		if !strings.Contains(page.body, "Doublons probables") || !strings.Contains(page.body, `value="`+dupID+`"`) {
			t.Fatalf("the person page proposes the merge:\n%.2000s", page.body)
		}
		lastID(t, s.do(reception, "POST", "/espace/personnes/"+pid+"/fusion", url.Values{"doublon": {dupID}}), "/espace/personnes/")
		if r := s.do(reception, "GET", "/espace/personnes/"+dupID, nil); r.status != http.StatusSeeOther || r.header.Get("Location") != "/espace/personnes/"+pid {
			t.Fatalf("the merged file leads to the kept one: %d %s", r.status, r.header.Get("Location"))
		}
		page = s.do(reception, "GET", "/espace/personnes/"+pid, nil)
		if strings.Count(page.body, "<h3 class=\"govuk-heading-s\">Évaluation du") != 2 || strings.Contains(page.body, "Doublons probables") {
			t.Fatalf("the merge keeps both evaluations:\n%.3000s", page.body)
		}
		if !strings.Contains(page.body, "Niveau et équipement au fil du temps") {
			t.Fatal("the level over time")
		}

		// Consent: the exact text read, versioned, then withdrawn.
		wording := "J'accepte que CCAS de Rochefort (démo) garde mon nom et mes coordonnées pour suivre mon accompagnement."
		if !strings.Contains(page.body, "« "+wording) || !strings.Contains(page.body, "texte suivi-v1") {
			t.Fatalf("the consent keeps its wording:\n%.3000s", page.body)
		}
		cid := regexp.MustCompile(`/espace/personnes/` + pid + `/consentements/(\d+)/retrait`).FindStringSubmatch(page.body)
		if cid == nil {
			t.Fatal("no withdrawal button")
		}
		lastID(t, s.do(reception, "POST", "/espace/personnes/"+pid+"/consentements/"+cid[1]+"/retrait", url.Values{}), "/espace/personnes/")
		consents, err := st.Consents(ctx, scope.OfStructure(ccas), mustID(t, pid))
		if err != nil {
			t.Fatal(err)
		}
		var withdrawn bool
		for _, c := range consents {
			if itoa(c.ID) == cid[1] {
				withdrawn = !c.Active() && strings.HasPrefix(c.Wording, wording)
			}
		}
		if !withdrawn {
			t.Fatalf("consent %s not withdrawn with its wording kept: %+v", cid[1], consents)
		}
		if r := s.do(reception, "POST", "/espace/personnes/"+pid+"/consentements/"+cid[1]+"/retrait", url.Values{}); r.status != http.StatusNotFound {
			t.Fatalf("withdrawn twice: %d", r.status)
		}

		// Deleting a person: the identity goes, the figures stay, without a name.
		lastID(t, s.do(mediation, "POST", "/espace/activites", activityForm(pid, "Note avant effacement")), "/espace/activites/")
		if r := s.do(reception, "POST", "/espace/personnes/"+pid+"/suppression", url.Values{}); r.status != 422 || !strings.Contains(r.body, `id="confirmer-error"`) {
			t.Fatalf("deletion without confirmation: %d", r.status)
		}
		if r := s.do(reception, "POST", "/espace/personnes/"+pid+"/suppression", url.Values{"confirmer": {"oui"}}); r.status != http.StatusSeeOther {
			t.Fatalf("deletion: %d", r.status)
		}
		if r := s.do(reception, "GET", "/espace/personnes/"+pid, nil); r.status != http.StatusNotFound {
			t.Fatalf("deleted person: %d", r.status)
		}
		if r := s.do(reception, "GET", "/espace/personnes?q=berard", nil); r.status != 200 || strings.Contains(r.body, "Bérard") {
			t.Fatal("a deleted person is listed")
		}
		x := s.do(mediation, "GET", "/espace/activites/export.xlsx", nil)
		if x.status != 200 || x.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("xlsx: %d %s", x.status, x.header.Get("Content-Type"))
		}
		book, err := excelize.OpenReader(bytes.NewReader([]byte(x.body)))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := book.GetRows("Activités")
		if err != nil || len(rows) < 2 || strings.Join(rows[0], "|") != strings.Join(activity.CoopColumns, "|") {
			t.Fatalf("xlsx header: %v %v", err, rows[:1])
		}
		for _, r := range rows[1:] {
			for _, c := range r {
				if strings.Contains(c, "Bérard") || strings.Contains(c, "Hélène") || strings.Contains(c, "Note") {
					t.Fatalf("the export carries a name or a note: %v", r)
				}
			}
		}
		csvFile := s.do(mediation, "GET", "/espace/activites/export.csv", nil)
		if csvFile.status != 200 || !strings.HasPrefix(csvFile.body, "\ufeffDate,Type,") {
			t.Fatalf("csv: %d %.200s", csvFile.status, csvFile.body)
		}
		csvRows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvFile.body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var deletedRow []string
		for _, r := range csvRows[1:] {
			if len(r) > 13 && r[13] == "Suivi n° "+pid {
				deletedRow = r
			}
		}
		if deletedRow == nil || deletedRow[15] != "Féminin" || deletedRow[16] != "soixante_dix_plus" || deletedRow[17] != "Retraité·e" || !strings.Contains(deletedRow[18], "Rochefort") {
			t.Fatalf("the deleted person's figures stay: %v", deletedRow)
		}

		// The mediator's home: followed / finished / waiting, like Rochefort's 57 / 9 / 10.
		counts, err := st.FollowCounts(ctx, scope.OfStructure(ccas))
		if err != nil {
			t.Fatal(err)
		}
		home := s.do(mediation, "GET", "/espace", nil)
		for _, want := range []string{
			`<span class="parcours-figure__number">` + itoa(int64(counts["en_cours"])) + `</span> <a class="govuk-link" href="/espace/personnes?statut=en_cours">`,
			`<span class="parcours-figure__number">` + itoa(int64(counts["autonome"])) + `</span> <a class="govuk-link" href="/espace/personnes?statut=autonome">`,
			`<span class="parcours-figure__number">` + itoa(int64(counts["en_attente"])) + `</span> <a class="govuk-link" href="/espace/attente">`,
		} {
			if !strings.Contains(home.body, want) {
				t.Errorf("the mediator's home lacks %s", want)
			}
		}
		if counts["en_cours"] == 0 || counts["autonome"] == 0 || counts["en_attente"] == 0 {
			t.Fatalf("the demo has persons in each state: %v", counts)
		}
		if r := s.do(s.login(account.RolePartner), "GET", "/espace", nil); strings.Contains(r.body, "parcours-figure__number") {
			t.Fatal("a partner sees the follow-up counts")
		}

		// Every read and write of the file is in the journal, the decision included.
		entries, _, err := st.ListJournal(ctx, scope.OfStructure(ccas), store.JournalFilter{PersonID: mustID(t, pid)})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range entries {
			seen[e.Action] = true
		}
		for _, a := range []string{journal.Create, journal.Read, journal.Update, journal.Merge, journal.Delete} {
			if !seen[a] {
				t.Errorf("the journal lacks a %q entry: %+v", a, entries)
			}
		}
	})
}

// TestReceptionSignedLink: a place without Parcours gets the link by e-mail
// (a prepared message) or printed; once the 8 days are over the sender makes
// a new link, and the old one stays expired.
func TestReceptionSignedLink(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		ccas := s.demo.Structures[demo.CCAS]
		reception := s.login(account.RoleReception)
		pl := place.Place{Source: "test", SourceID: "avec-courriel", Status: place.StatusOpen, Pivot: "00000000000000", Name: "Maison de quartier sans Parcours",
			Commune: "Rochefort", PostalCode: "17300", InseeCode: "17299", Address: "3 rue du Test", Hours: "Mo-Fr 09:00-17:00",
			Emails: []string{"accueil@maison-quartier.example.fr"}, Services: []string{"Aide aux démarches administratives"}, UpdatedOn: s.clock.Now()}
		if err := placestore.New(st).CreatePlace(ctx, &pl, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		persons, _, err := st.ListPersons(ctx, scope.OfStructure(ccas), store.PersonFilter{Query: "moreau", Limit: 1})
		if err != nil || len(persons) != 1 {
			t.Fatal(err)
		}
		// Sent 9 days ago: the first link (8 days) has expired, the referral (30 days) has not.
		sentAt := s.clock.Now().Add(-9 * 24 * time.Hour)
		r := referral.Referral{SenderStructureID: ccas, ReceiverPlaceID: pl.ID, ReceiverName: pl.Name, PersonID: persons[0].ID, PersonName: "Jeannine Moreau",
			ContactMethod: "referent", Service: "Aide aux démarches administratives", Informed: true, LinkExpiresAt: sentAt.Add(referral.LinkValidity)}
		if err := st.CreateReferral(ctx, scope.OfStructure(ccas), store.NewReferral{Referral: &r, Who: "Agnès Accueil", Journal: journal.Entry{Who: "Agnès Accueil", Action: journal.Create, What: "test"}}, sentAt); err != nil {
			t.Fatal(err)
		}
		secret, err := st.ReferralSecret(ctx)
		if err != nil {
			t.Fatal(err)
		}
		old := signedlink.New(secret, referral.LinkPurpose).Sign(r.ID, r.LinkExpiresAt)
		anon := s.client()
		if res := s.do(anon, "GET", "/orientation/"+old, nil); res.status != 404 || !strings.Contains(res.body, "valable 8 jours") {
			t.Fatalf("an 8-day-old link: %d", res.status)
		}
		view := s.do(reception, "GET", "/espace/orientations/"+itoa(r.ID), nil)
		if !strings.Contains(view.body, "Le lien de réponse a expiré") || strings.Contains(view.body, "mailto:") {
			t.Fatalf("expired link on the sender's page:\n%.3000s", view.body)
		}
		if res := s.do(s.login(account.RolePartner), "POST", "/espace/orientations/"+itoa(r.ID)+"/lien", url.Values{}); res.status != http.StatusForbidden {
			t.Fatalf("a partner renews a link: %d", res.status)
		}
		lastID(t, s.do(reception, "POST", "/espace/orientations/"+itoa(r.ID)+"/lien", url.Values{}), "/espace/orientations/")
		view = s.do(reception, "GET", "/espace/orientations/"+itoa(r.ID), nil)
		m := regexp.MustCompile(`/orientation/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)`).FindStringSubmatch(view.body)
		if m == nil || m[1] == old || !strings.Contains(view.body, "Nouveau lien de réponse, valable jusqu") {
			t.Fatalf("new link %v:\n%.3000s", m, view.body)
		}
		mail := regexp.MustCompile(`href="(mailto:[^"]+)"`).FindStringSubmatch(view.body)
		if mail == nil || !strings.HasPrefix(mail[1], "mailto:accueil@maison-quartier.example.fr?subject=") || !strings.Contains(mail[1], m[1]) || strings.Contains(mail[1], "Moreau") {
			t.Fatalf("the e-mail carries the link and not the name: %v", mail)
		}
		// The server e-mails the new link to the place (outbox without SMTP), without the name.
		if msg := referralMail(t, st, ccas, notify.ReferralLink, "accueil@maison-quartier.example.fr"); !strings.Contains(msg.Body, m[1]) || strings.Contains(msg.Body+msg.Subject, "Moreau") || msg.Status != notify.Outbox {
			t.Fatalf("the e-mail to the place: %+v", msg)
		}
		page := s.do(anon, "GET", "/orientation/"+m[1], nil)
		if page.status != 200 || !strings.Contains(page.body, "Jeannine Moreau") || !strings.Contains(page.body, "sans compte, jusqu'au") {
			t.Fatalf("the new link: %d\n%.2000s", page.status, page.body)
		}
		if res := s.do(anon, "POST", "/orientation/"+m[1], url.Values{"decision": {"refuser"}, "motifs": {"non_eligible"}}); res.status != 200 || !strings.Contains(res.body, "Refusée") {
			t.Fatalf("refusal through the link: %d", res.status)
		}
		if res := s.do(reception, "POST", "/espace/orientations/"+itoa(r.ID)+"/lien", url.Values{}); res.status != http.StatusConflict {
			t.Fatalf("a link for an answered referral: %d", res.status)
		}
		entries, _, _ := st.ListJournal(ctx, scope.OfStructure(ccas), store.JournalFilter{PersonID: persons[0].ID, Limit: 5})
		var answered bool
		for _, e := range entries {
			answered = answered || (e.Action == journal.Update && strings.Contains(e.What, "refusée") && strings.Contains(e.Who, "Lien signé") && e.UserID == 0)
		}
		if !answered {
			t.Fatalf("the answer through the link is journaled: %+v", entries)
		}
	})
}

// referralMail returns the only message of that kind sent to that address.
func referralMail(t *testing.T, st *store.Store, structureID int64, kind notify.Kind, to string) notify.Message {
	t.Helper()
	msgs, _, err := st.ListMessages(context.Background(), scope.OfStructure(structureID), store.MessageFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var found []notify.Message
	for _, m := range msgs {
		if m.Kind == kind && m.To == to {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d messages %q to %s, want 1", len(found), kind, to)
	}
	return found[0]
}

// TestReferralReminderByMail: a place without Parcours that has not answered
// in 10 days gets a reminder by e-mail with a new 8-day link, once.
func TestReferralReminderByMail(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		ccas := s.demo.Structures[demo.CCAS]
		pl := place.Place{Source: "test", SourceID: "relance", Status: place.StatusOpen, Pivot: "00000000000000", Name: "Épicerie solidaire sans Parcours",
			Commune: "Rochefort", PostalCode: "17300", InseeCode: "17299", Address: "5 rue du Test", Hours: "Mo-Fr 09:00-17:00",
			Emails: []string{"contact@epicerie.example.fr"}, Services: []string{"Aide aux démarches administratives"}, UpdatedOn: s.clock.Now()}
		if err := placestore.New(st).CreatePlace(ctx, &pl, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		sentAt := s.clock.Now().Add(-10*24*time.Hour - time.Hour)
		r := referral.Referral{SenderStructureID: ccas, ReceiverPlaceID: pl.ID, ReceiverName: pl.Name, PersonName: "Paul Anonyme",
			ContactMethod: "referent", Service: "Aide aux démarches administratives", Informed: true, LinkExpiresAt: sentAt.Add(referral.LinkValidity)}
		if err := st.CreateReferral(ctx, scope.OfStructure(ccas), store.NewReferral{Referral: &r, Who: "Agnès Accueil", Journal: journal.Entry{Who: "Agnès Accueil", Action: journal.Create, What: "test"}}, sentAt); err != nil {
			t.Fatal(err)
		}
		s.srv.RunReceptionChores(ctx)
		s.srv.RunReceptionChores(ctx) // a second pass sends nothing more
		msg := referralMail(t, st, ccas, notify.ReferralReminder, "contact@epicerie.example.fr")
		tok := regexp.MustCompile(`/orientation/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)`).FindStringSubmatch(msg.Body)
		if tok == nil || strings.Contains(msg.Body, "Paul") || !strings.HasPrefix(msg.Subject, "Rappel") {
			t.Fatalf("reminder: %+v", msg)
		}
		if page := s.do(s.client(), "GET", "/orientation/"+tok[1], nil); page.status != 200 || !strings.Contains(page.body, "Paul Anonyme") {
			t.Fatalf("the reminder's new link: %d", page.status)
		}
		if out := s.do(s.login(account.RoleReception), "GET", "/espace/agenda/envois", nil); out.status != 200 || !strings.Contains(out.body, "Relance d&#39;orientation") && !strings.Contains(out.body, "Relance d'orientation") {
			t.Fatalf("the reminder is not in the outbox page (%d)", out.status)
		}
		got, err := st.Referral(ctx, scope.OfStructure(ccas), r.ID)
		if err != nil || !got.LinkExpiresAt.After(s.clock.Now().Add(7*24*time.Hour)) {
			t.Fatalf("the link was not renewed: %v %v", got.LinkExpiresAt, err)
		}
	})
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not an id: %q", s)
		}
		n = n*10 + int64(c-'0')
	}
	return n
}
