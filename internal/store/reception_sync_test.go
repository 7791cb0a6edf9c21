package store_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

var j = journal.Entry{Who: "A", Action: journal.Create, What: "x"}

func (f *receptionFixture) evaluation(personID int64, yes int, at time.Time) evaluation.Evaluation {
	f.t.Helper()
	e := evaluation.Evaluation{PersonID: personID, Themes: []string{"email"}, Answers: make([]bool, len(evaluation.Questions))}
	for i := 0; i < yes; i++ {
		e.Answers[i] = true
	}
	e.Compute(at)
	if err := f.st.CreateEvaluation(f.ctx, scope.OfStructure(f.a), &e, j, at); err != nil {
		f.t.Fatal(err)
	}
	return e
}

func (f *receptionFixture) activity(personID int64, date string, at time.Time) activity.Activity {
	f.t.Helper()
	a := activity.Activity{AuthorID: f.userA, Type: activity.TypeIndividual, Date: date, Duration: 30, Canal: "a_distance",
		Themes: []string{"email"}, Autonomy: "autonome", PersonID: personID}
	a.Normalize()
	if err := activitystore.New(f.st).CreateActivity(f.ctx, scope.OfStructure(f.a), &a, j, at); err != nil {
		f.t.Fatal(err)
	}
	return a
}

func (f *receptionFixture) referral(personID int64, at time.Time) referral.Referral {
	f.t.Helper()
	r := referral.Referral{ReceiverStructureID: f.b, ReceiverName: "France Services B", PersonID: personID, PersonName: "Une Personne",
		ContactMethod: "referent", Service: "Aide aux démarches administratives", Informed: true, CreatedBy: f.userA}
	if err := f.st.CreateReferral(f.ctx, scope.OfStructure(f.a), store.NewReferral{Referral: &r, Who: "Agent A", Journal: j}, at); err != nil {
		f.t.Fatal(err)
	}
	return r
}

// TestZeroScopeIsRefused: every scoped method of the reception refuses a
// scope that names no structure, rather than reading everyone's rows.
func TestZeroScopeIsRefused(t *testing.T) {
	st := storetest.SQLite(t)
	f := newReceptionFixture(t, st)
	ctx, zero, now := f.ctx, scope.Structure{}, f.now
	p := person.Person{Kind: person.Followed, FirstName: "A", LastName: "B"}
	e := evaluation.Evaluation{}
	r := referral.Referral{}
	a := activity.Activity{}
	calls := map[string]error{
		"CreatePerson":       st.CreatePerson(ctx, zero, &p, nil, j, now),
		"UpdatePerson":       st.UpdatePerson(ctx, zero, &p, j, now),
		"SetFollowStatus":    st.SetFollowStatus(ctx, zero, 1, person.Waiting, j, now),
		"MergePersons":       st.MergePersons(ctx, zero, 1, 2, j, now),
		"DeletePerson":       st.DeletePerson(ctx, zero, 1, j, now),
		"AddConsent":         st.AddConsent(ctx, zero, &person.Consent{}, j, now),
		"WithdrawConsent":    st.WithdrawConsent(ctx, zero, 1, 1, 0, j, now),
		"CreateEvaluation":   st.CreateEvaluation(ctx, zero, &e, j, now),
		"Welcome":            st.Welcome(ctx, zero, &p, nil, &e, j, j, now),
		"UpdateEvaluation":   st.UpdateEvaluation(ctx, zero, &e, j, now),
		"CreateReferral":     st.CreateReferral(ctx, zero, store.NewReferral{Referral: &r}, now),
		"DecideReferral":     st.DecideReferral(ctx, zero, 1, referral.Decision{Accept: true}, 0, "x", now),
		"CreateActivity":     activitystore.New(st).CreateActivity(ctx, zero, &a, j, now),
		"AddJournal":         st.AddJournal(ctx, zero, j),
		"Person":             second(st.Person(ctx, zero, 1)),
		"ListPersons":        third(st.ListPersons(ctx, zero, store.PersonFilter{})),
		"ProbableDuplicates": second(st.ProbableDuplicates(ctx, zero, &p)),
		"Consents":           second(st.Consents(ctx, zero, 1)),
		"FollowCounts":       second(st.FollowCounts(ctx, zero)),
		"WaitingList":        second(st.WaitingList(ctx, zero)),
		"PersonAttributes":   second(st.PersonAttributes(ctx, zero, []int64{1})),
		"Evaluation":         second(st.Evaluation(ctx, zero, 1)),
		"Evaluations":        second(st.Evaluations(ctx, zero, 1)),
		"ListEvaluations":    second(st.ListEvaluations(ctx, zero, store.EvaluationFilter{PersonID: 1})),
		"Referral":           second(st.Referral(ctx, zero, 1)),
		"ListReferrals":      second(st.ListReferrals(ctx, zero, store.ReferralFilter{})),
		"RenewReferralLink":  second(st.RenewReferralLink(ctx, zero, 1, now, 0, "x", "x", nil, now)),
		"Activity":           second(activitystore.New(st).Activity(ctx, zero, 1)),
		"ListActivities":     third(activitystore.New(st).ListActivities(ctx, zero, activitystore.ActivityFilter{})),
		"ListJournal":        third(st.ListJournal(ctx, zero, store.JournalFilter{})),
	}
	_, _, err := activitystore.New(st).LastActivity(ctx, zero, 1)
	calls["LastActivity"] = err
	for name, err := range calls {
		if !errors.Is(err, scope.ErrMissing) {
			t.Errorf("%s with a zero scope: %v", name, err)
		}
	}
}

func second[T any](_ T, err error) error        { return err }
func third[T, U any](_ T, _ U, err error) error { return err }

// TestReceptionScopes: another structure's rows are not found, on both
// databases, for every read and write of the reception.
func TestReceptionScopes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newReceptionFixture(t, st)
		ctx, a, b := f.ctx, scope.OfStructure(f.a), scope.OfStructure(f.b)
		p := f.person(f.a, "Line", "Scope", 1950)
		e := f.evaluation(p.ID, 3, f.now)
		act := f.activity(p.ID, "2026-03-01", f.now)
		r := f.referral(p.ID, f.now)
		consents, err := st.Consents(ctx, a, p.ID)
		if err != nil || len(consents) != 1 {
			t.Fatalf("consents: %v %v", consents, err)
		}
		notFound := map[string]error{
			"Person":           second(st.Person(ctx, b, p.ID)),
			"Evaluation":       second(st.Evaluation(ctx, b, e.ID)),
			"Activity":         second(activitystore.New(st).Activity(ctx, b, act.ID)),
			"UpdateEvaluation": st.UpdateEvaluation(ctx, b, &e, j, f.now),
			"CreateEvaluation": st.CreateEvaluation(ctx, b, &evaluation.Evaluation{PersonID: p.ID, Answers: e.Answers}, j, f.now),
			"AddConsent":       st.AddConsent(ctx, b, &person.Consent{PersonID: p.ID, Purpose: person.ConsentSMS, Version: "v", Wording: "w"}, j, f.now),
			"WithdrawConsent":  st.WithdrawConsent(ctx, b, p.ID, consents[0].ID, 0, j, f.now),
			"RenewLink":        second(st.RenewReferralLink(ctx, b, r.ID, f.now, 0, "x", "x", nil, f.now)),
			"SetFollowStatus":  st.SetFollowStatus(ctx, b, p.ID, person.Lost, j, f.now),
			"DeletePerson":     st.DeletePerson(ctx, b, p.ID, j, f.now),
		}
		for name, err := range notFound {
			if !apperr.Is(err, apperr.NotFound) {
				t.Errorf("%s on another structure's row: %v", name, err)
			}
		}
		if list, _ := st.Evaluations(ctx, b, p.ID); len(list) != 0 {
			t.Error("another structure lists the evaluations")
		}
		if list, _ := st.ListEvaluations(ctx, b, store.EvaluationFilter{PersonID: p.ID}); len(list) != 0 {
			t.Error("another structure lists the evaluations")
		}
		if list, _ := st.Consents(ctx, b, p.ID); len(list) != 0 {
			t.Error("another structure lists the consents")
		}
		if list, n, _ := activitystore.New(st).ListActivities(ctx, b, activitystore.ActivityFilter{}); len(list) != 0 || n != 0 {
			t.Error("another structure lists the activities")
		}
		if _, ok, _ := activitystore.New(st).LastActivity(ctx, b, f.userA); ok {
			t.Error("another structure's last activity")
		}
		if attrs, _ := st.PersonAttributes(ctx, b, []int64{p.ID}); len(attrs) != 0 {
			t.Error("another structure reads the attributes")
		}
		if entries, _, _ := st.ListJournal(ctx, b, store.JournalFilter{PersonID: p.ID}); len(entries) != 0 {
			t.Error("another structure reads the journal")
		}
		// A third structure sees none of the referral; the receiver sees it.
		third := newStructure(t, st, "Tiers", 0)
		if refs, _ := st.ListReferrals(ctx, scope.OfStructure(third.ID), store.ReferralFilter{}); len(refs) != 0 {
			t.Error("a third structure lists the referral")
		}
		if refs, _ := st.ListReferrals(ctx, b, store.ReferralFilter{Box: store.BoxReceived}); len(refs) != 1 {
			t.Error("the receiver's inbox")
		}
		if refs, _ := st.ListReferrals(ctx, b, store.ReferralFilter{Box: store.BoxSent}); len(refs) != 0 {
			t.Error("the receiver did not send it")
		}
		// A period keeps the referrals created in it: [from, until).
		for _, c := range []struct {
			from, until time.Time
			want        int
		}{{f.now, f.now.Add(time.Second), 1}, {f.now.Add(time.Second), time.Time{}, 0}, {time.Time{}, f.now, 0}, {f.now.Add(-time.Hour), time.Time{}, 1}} {
			if refs, _ := st.ListReferrals(ctx, b, store.ReferralFilter{CreatedFrom: c.from, CreatedUntil: c.until}); len(refs) != c.want {
				t.Errorf("created in [%v, %v): %d referrals, want %d", c.from, c.until, len(refs), c.want)
			}
		}
		if sid, err := st.PlatformPersonStructure(ctx, p.ID); err != nil || sid != f.a {
			t.Fatalf("the platform's answer: %d %v", sid, err)
		}
		if _, err := st.PlatformPersonStructure(ctx, 999999); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("an unknown person: %v", err)
		}
		if err := st.Analyze(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

// TestConsentsAddWithdraw: a consent keeps its wording and is withdrawn once.
func TestConsentsAddWithdraw(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newReceptionFixture(t, st)
		a := scope.OfStructure(f.a)
		p := f.person(f.a, "Aline", "Accord", 1960)
		c, _ := person.NewConsent(person.ConsentSMS, "CCAS A")
		c.PersonID, c.CollectedBy = p.ID, f.userA
		if err := st.AddConsent(f.ctx, a, &c, j, f.now); err != nil {
			t.Fatal(err)
		}
		if err := st.WithdrawConsent(f.ctx, a, p.ID, c.ID, f.userA, j, f.now); err != nil {
			t.Fatal(err)
		}
		if err := st.WithdrawConsent(f.ctx, a, p.ID, c.ID, f.userA, j, f.now); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("withdrawn twice: %v", err)
		}
		list, err := st.Consents(f.ctx, a, p.ID)
		if err != nil || len(list) != 2 || list[0].ID != c.ID || list[0].Active() || list[0].Wording != c.Wording || list[0].Collector != "Agent A" {
			t.Fatalf("%+v %v", list, err)
		}
	})
}

// TestDuplicatesWhenYearOrCommuneIsUnknown: the same names (accents and case
// ignored) are a probable duplicate whenever the birth year or the commune
// is unknown on either side; a different known year is another person.
func TestDuplicatesWhenYearOrCommuneIsUnknown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newReceptionFixture(t, st)
		a := scope.OfStructure(f.a)
		known := f.person(f.a, "Hélène", "Bérard", 1950) // commune 17299
		noYear := person.Person{Kind: person.Followed, FirstName: "helene", LastName: "BERARD", CommuneCode: "17299"}
		noCommune := person.Person{Kind: person.Followed, FirstName: "Hélène", LastName: "Bérard", BirthYear: 1950}
		nothing := person.Person{Kind: person.Followed, FirstName: "HÉLÈNE", LastName: "bérard"}
		otherYear := person.Person{Kind: person.Followed, FirstName: "Hélène", LastName: "Bérard", BirthYear: 1980}
		otherCommune := person.Person{Kind: person.Followed, FirstName: "Hélène", LastName: "Bérard", BirthYear: 1950, CommuneCode: "75056"}
		for name, c := range map[string]struct {
			p    person.Person
			want bool
		}{"year unknown": {noYear, true}, "commune unknown": {noCommune, true}, "both unknown": {nothing, true}, "another year": {otherYear, false}, "another commune": {otherCommune, false}} {
			dups, err := st.ProbableDuplicates(f.ctx, a, &c.p)
			if err != nil || (len(dups) == 1 && dups[0].ID == known.ID) != c.want {
				t.Errorf("%s: %v %v", name, dups, err)
			}
		}
		// And the other way: the file on record lacks what the new one has.
		bare := person.Person{Kind: person.Followed, FirstName: "Jean", LastName: "Sans"}
		bare.Normalize()
		if err := st.CreatePerson(f.ctx, a, &bare, nil, j, f.now); err != nil {
			t.Fatal(err)
		}
		full := person.Person{Kind: person.Followed, FirstName: "Jean", LastName: "Sans", BirthYear: 1940, CommuneCode: "17299"}
		if dups, _ := st.ProbableDuplicates(f.ctx, a, &full); len(dups) != 1 || dups[0].ID != bare.ID {
			t.Fatalf("a file without year nor commune: %v", dups)
		}
	})
}

// TestEvaluationsMoveTheFollowUp: a welcome saves the person and their
// evaluation at once; an evaluation suggesting an individual accompaniment
// puts a person not yet accompanied on the waiting list, and a correction
// changes the deadline but not the status.
func TestEvaluationsMoveTheFollowUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newReceptionFixture(t, st)
		a := scope.OfStructure(f.a)
		p := person.Person{Kind: person.Followed, FirstName: "Nouvelle", LastName: "Arrivée", Status: person.InProgress, CreatedBy: f.userA}
		p.Normalize()
		e := evaluation.Evaluation{Themes: []string{"email"}, Deadline: "2026-04-01", Answers: make([]bool, len(evaluation.Questions))}
		e.Compute(f.now)
		if e.NextStep != evaluation.StepIndividual {
			t.Fatalf("fixture: %s", e.NextStep)
		}
		if err := st.Welcome(f.ctx, a, &p, nil, &e, j, j, f.now); err != nil {
			t.Fatal(err)
		}
		if p.ID == 0 || e.ID == 0 || e.PersonID != p.ID || p.Status != person.Waiting || p.WaitingSince.IsZero() || p.Deadline != "2026-04-01" {
			t.Fatalf("welcome: %+v %+v", p, e)
		}
		got, _ := st.Person(f.ctx, a, p.ID)
		if got.Status != person.Waiting {
			t.Fatalf("stored status %s", got.Status)
		}
		entries, _, _ := st.ListJournal(f.ctx, a, store.JournalFilter{PersonID: p.ID})
		if len(entries) != 2 {
			t.Fatalf("the file and the evaluation are journaled: %d", len(entries))
		}
		// Accompanied since: a new evaluation leaves them en cours.
		f.activity(p.ID, "2026-03-02", f.now)
		if got, _ = st.Person(f.ctx, a, p.ID); got.Status != person.InProgress {
			t.Fatalf("after an activity: %s", got.Status)
		}
		again := f.evaluation(p.ID, 0, f.now.Add(time.Hour))
		if got, _ = st.Person(f.ctx, a, p.ID); got.Status != person.InProgress || again.NextStep != evaluation.StepIndividual {
			t.Fatalf("an accompanied person stays en cours: %s", got.Status)
		}
		// A correction of the latest evaluation moves the deadline only.
		again.Deadline = "2026-02-01"
		if err := st.UpdateEvaluation(f.ctx, a, &again, j, f.now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		read, err := st.Evaluation(f.ctx, a, again.ID)
		if err != nil || read.Deadline != "2026-02-01" || !read.UpdatedAt.After(read.CreatedAt) {
			t.Fatalf("corrected: %+v %v", read, err)
		}
		if got, _ = st.Person(f.ctx, a, p.ID); got.Deadline != "2026-02-01" || got.Status != person.InProgress {
			t.Fatalf("person after the correction: %s %s", got.Deadline, got.Status)
		}
		// The first evaluation is not the latest: correcting it leaves the person's deadline.
		e.Deadline = "2026-05-05"
		if err := st.UpdateEvaluation(f.ctx, a, &e, j, f.now.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, _ = st.Person(f.ctx, a, p.ID); got.Deadline != "2026-02-01" {
			t.Fatalf("an older evaluation moved the deadline: %s", got.Deadline)
		}
		// The synchronisation list: by id, after a cursor, changed since.
		all, err := st.ListEvaluations(f.ctx, a, store.EvaluationFilter{PersonID: p.ID})
		if err != nil || len(all) != 2 || all[0].ID != e.ID {
			t.Fatalf("list: %v %v", all, err)
		}
		if page, _ := st.ListEvaluations(f.ctx, a, store.EvaluationFilter{PersonID: p.ID, AfterID: e.ID, Limit: 1}); len(page) != 1 || page[0].ID != again.ID {
			t.Fatalf("after the cursor: %v", page)
		}
		if since, _ := st.ListEvaluations(f.ctx, a, store.EvaluationFilter{PersonID: p.ID, UpdatedSince: f.now.Add(150 * time.Minute)}); len(since) != 1 || since[0].ID != e.ID {
			t.Fatalf("changed since: %v", since)
		}
	})
}

// TestPersonsSync: the API's list by id after a cursor, changed since.
func TestPersonsSync(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newReceptionFixture(t, st)
		a := scope.OfStructure(f.a)
		p1 := f.person(f.a, "Zoé", "Premier", 1950)
		p2 := f.person(f.a, "Anne", "Second", 1950)
		page, total, err := st.ListPersons(f.ctx, a, store.PersonFilter{ByID: true, Limit: 1})
		if err != nil || total != 2 || len(page) != 1 || page[0].ID != p1.ID {
			t.Fatalf("by id: %v %d %v", page, total, err)
		}
		if page, _, _ = st.ListPersons(f.ctx, a, store.PersonFilter{ByID: true, AfterID: p1.ID}); len(page) != 1 || page[0].ID != p2.ID {
			t.Fatalf("after the cursor: %v", page)
		}
		later := f.now.Add(time.Hour)
		if err := st.SetFollowStatus(f.ctx, a, p2.ID, person.Autonomous, j, later); err != nil {
			t.Fatal(err)
		}
		if page, _, _ = st.ListPersons(f.ctx, a, store.PersonFilter{ByID: true, UpdatedSince: later}); len(page) != 1 || page[0].ID != p2.ID {
			t.Fatalf("changed since: %v", page)
		}
	})
}

// TestReferralMessagesAndLinks: a referral to a place without Parcours is
// saved with the consent given and the e-mail to the place in one
// transaction; its link is renewed by the sender, reminded once by the
// chores, answered through the link; lists synchronise by id and change.
func TestReferralMessagesAndLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newReceptionFixture(t, st)
		a := scope.OfStructure(f.a)
		pl := place.Place{Source: "test", SourceID: "sans", Status: place.StatusOpen, Pivot: "00000000000000", Name: "Lieu sans Parcours",
			Commune: "Rochefort", PostalCode: "17300", InseeCode: "17299", Address: "1 rue", Services: []string{"Aide aux démarches administratives"}, UpdatedOn: f.now}
		if err := placestore.New(st).CreatePlace(f.ctx, &pl, f.now); err != nil {
			t.Fatal(err)
		}
		anon := person.Person{Kind: person.Anonymous, Gender: "feminin"}
		anon.Normalize()
		if err := st.CreatePerson(f.ctx, a, &anon, nil, j, f.now); err != nil {
			t.Fatal(err)
		}
		c, _ := person.NewConsent(person.ConsentShare, "CCAS A")
		r := referral.Referral{ReceiverPlaceID: pl.ID, ReceiverName: pl.Name, PersonID: anon.ID, PersonName: "Nom donné", ContactMethod: "referent",
			Service: "Aide aux démarches administratives", Informed: true, LinkExpiresAt: f.now.Add(referral.LinkValidity)}
		mail := func(r referral.Referral) ([]notify.Message, error) {
			return []notify.Message{{StructureID: r.SenderStructureID, Kind: notify.ReferralLink, Channel: notify.Email, To: "lieu@example.fr",
				Subject: "Orientation", Body: "lien " + strconv.FormatInt(r.ID, 10), Key: "orientation:" + strconv.FormatInt(r.ID, 10) + ":" + r.LinkExpiresAt.Format(time.RFC3339)}}, nil
		}
		if err := st.CreateReferral(f.ctx, a, store.NewReferral{Referral: &r, Consent: &c, ConsentJournal: j, Who: "Agent A", Journal: j, Mail: mail}, f.now); err != nil {
			t.Fatal(err)
		}
		if r.SenderName != "CCAS A" || r.ConsentID == 0 || c.PersonID != anon.ID {
			t.Fatalf("created: %+v", r)
		}
		msgs, _, err := st.ListMessages(f.ctx, scope.OfStructure(f.a), store.MessageFilter{})
		if err != nil || len(msgs) != 1 || msgs[0].Body != "lien "+strconv.FormatInt(r.ID, 10) {
			t.Fatalf("the e-mail is recorded with the referral: %v %v", msgs, err)
		}
		if _, err := st.ReferralForLink(f.ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		toStructure := f.referral(f.person(f.a, "Par", "Boîte", 1950).ID, f.now)
		if _, err := st.ReferralForLink(f.ctx, toStructure.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a referral to a structure has no link: %v", err)
		}
		renewed, err := st.RenewReferralLink(f.ctx, a, r.ID, f.now.Add(9*24*time.Hour), f.userA, "Agent A", "Nouveau lien", mail, f.now.Add(time.Hour))
		if err != nil || !renewed.LinkExpiresAt.Equal(f.now.Add(9*24*time.Hour)) || renewed.Events[len(renewed.Events)-1].Kind != "lien" {
			t.Fatalf("renewed: %+v %v", renewed, err)
		}
		if msgs, _, _ = st.ListMessages(f.ctx, scope.OfStructure(f.a), store.MessageFilter{}); len(msgs) != 2 {
			t.Fatalf("the new link is e-mailed: %d messages", len(msgs))
		}
		if _, err := st.RenewReferralLink(f.ctx, a, toStructure.ID, f.now, 0, "x", "x", nil, f.now); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a link for a referral to a structure: %v", err)
		}
		// The chores remind both once; only the link's gets the plan.
		var planned []int64
		remind := func(r referral.Referral) (store.Reminder, error) {
			planned = append(planned, r.ID)
			return store.Reminder{NewLink: f.now.Add(20 * 24 * time.Hour), LinkDetail: "Nouveau lien pour le rappel"}, nil
		}
		for k := 0; k < 2; k++ {
			rem, exp, err := st.ReferralChores(f.ctx, f.now.Add(11*24*time.Hour), remind)
			if err != nil || rem != 2-2*k || exp != 0 {
				t.Fatalf("run %d: %d %d %v", k, rem, exp, err)
			}
		}
		if len(planned) != 1 || planned[0] != r.ID {
			t.Fatalf("reminder plans: %v", planned)
		}
		got, _ := st.Referral(f.ctx, a, r.ID)
		if !got.LinkExpiresAt.Equal(f.now.Add(20*24*time.Hour)) || got.RemindedAt.IsZero() {
			t.Fatalf("after the reminder: %+v", got)
		}
		// Synchronisation: by id, after a cursor, changed since.
		if refs, _ := st.ListReferrals(f.ctx, a, store.ReferralFilter{ByID: true, Limit: 1}); len(refs) != 1 || refs[0].ID != r.ID {
			t.Fatalf("by id: %v", refs)
		}
		if refs, _ := st.ListReferrals(f.ctx, a, store.ReferralFilter{ByID: true, AfterID: r.ID}); len(refs) != 1 || refs[0].ID != toStructure.ID {
			t.Fatalf("after the cursor: %v", refs)
		}
		answered := f.now.Add(12 * 24 * time.Hour)
		if err := st.DecideReferralByLink(f.ctx, r.ID, referral.Decision{Accept: true}, "Lien signé", answered); err != nil {
			t.Fatal(err)
		}
		if err := st.DecideReferralByLink(f.ctx, toStructure.ID, referral.Decision{Accept: true}, "Lien signé", answered); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a link answer for a referral to a structure: %v", err)
		}
		if refs, _ := st.ListReferrals(f.ctx, a, store.ReferralFilter{UpdatedSince: answered}); len(refs) != 1 || refs[0].ID != r.ID || refs[0].State != referral.Accepted {
			t.Fatalf("changed since the answer: %v", refs)
		}
		if refs, _ := st.ListReferrals(f.ctx, a, store.ReferralFilter{PersonID: anon.ID, State: referral.Accepted}); len(refs) != 1 {
			t.Fatalf("by person and state: %v", refs)
		}
	})
}

// TestActivitiesLists: filters of the activity lists, the synchronisation
// and the author's last context.
func TestActivitiesLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newReceptionFixture(t, st)
		a := scope.OfStructure(f.a)
		p := f.person(f.a, "Paul", "Liste", 1950)
		first := f.activity(p.ID, "2026-02-10", f.now)
		second := f.activity(0, "2026-03-01", f.now.Add(time.Hour))
		if list, n, _ := activitystore.New(st).ListActivities(f.ctx, a, activitystore.ActivityFilter{From: "2026-03-01"}); n != 1 || list[0].ID != second.ID {
			t.Fatalf("from: %v", list)
		}
		if list, n, _ := activitystore.New(st).ListActivities(f.ctx, a, activitystore.ActivityFilter{To: "2026-02-28"}); n != 1 || list[0].ID != first.ID {
			t.Fatalf("to: %v", list)
		}
		if list, n, _ := activitystore.New(st).ListActivities(f.ctx, a, activitystore.ActivityFilter{PersonID: p.ID}); n != 1 || list[0].ID != first.ID {
			t.Fatalf("person: %v", list)
		}
		if _, n, _ := activitystore.New(st).ListActivities(f.ctx, a, activitystore.ActivityFilter{AuthorID: f.userA}); n != 2 {
			t.Fatalf("author: %d", n)
		}
		if list, _, _ := activitystore.New(st).ListActivities(f.ctx, a, activitystore.ActivityFilter{ByID: true, AfterID: first.ID}); len(list) != 1 || list[0].ID != second.ID {
			t.Fatalf("after the cursor: %v", list)
		}
		if list, _, _ := activitystore.New(st).ListActivities(f.ctx, a, activitystore.ActivityFilter{UpdatedSince: f.now.Add(30 * time.Minute)}); len(list) != 1 || list[0].ID != second.ID {
			t.Fatalf("changed since: %v", list)
		}
		last, ok, err := activitystore.New(st).LastActivity(f.ctx, a, f.userA)
		if err != nil || !ok || last.ID != second.ID {
			t.Fatalf("last: %v %v %v", last, ok, err)
		}
		if _, ok, _ := activitystore.New(st).LastActivity(f.ctx, a, 999999); ok {
			t.Fatal("another author has none")
		}
		got, err := activitystore.New(st).Activity(f.ctx, a, first.ID)
		if err != nil || got.PersonName != "Paul Liste" || got.UpdatedAt.IsZero() {
			t.Fatalf("%+v %v", got, err)
		}
		// Erasing the person changes the activity: the synchronisation sees it.
		if err := st.DeletePerson(f.ctx, a, p.ID, j, f.now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if list, _, _ := activitystore.New(st).ListActivities(f.ctx, a, activitystore.ActivityFilter{UpdatedSince: f.now.Add(2 * time.Hour)}); len(list) != 0 {
			t.Fatalf("an activity without notes is unchanged by the erasure: %v", list)
		}
		e := journal.Entry{Who: "Lecteur", Action: journal.Read, What: "lecture", PersonID: p.ID, At: f.now}
		if err := st.AddJournal(f.ctx, a, e); err != nil {
			t.Fatal(err)
		}
		if entries, total, _ := st.ListJournal(f.ctx, a, store.JournalFilter{PersonID: p.ID, Limit: 1}); total < 2 || len(entries) != 1 {
			t.Fatalf("journal: %d %v", total, entries)
		}
	})
}
