package web_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/scope"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// Server-side latency: requests go through the whole handler stack
// (session, actor, guard, handler, SQL, template) in process, without the
// network. p50 and p99 are reported next to ns/op.

func eachStore(b *testing.B, fn func(b *testing.B, st *store.Store)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, storetest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { fn(b, storetest.Postgres(b)) })
}

func sessionCookie(s *site, role account.Role) string {
	c := s.login(role)
	u, _ := url.Parse(s.http.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "parcours_session" {
			return ck.Name + "=" + ck.Value
		}
	}
	s.t.Fatal("no session cookie")
	return ""
}

func reportPercentiles(b *testing.B, d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	pct := func(p float64) float64 {
		return float64(d[min(len(d)-1, int(float64(len(d))*p))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

func BenchmarkRecordActivity(b *testing.B) {
	eachStore(b, func(b *testing.B, st *store.Store) {
		s := newSite(b, st)
		cookie := sessionCookie(s, account.RoleMediation)
		persons, _, err := st.ListPersons(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), store.PersonFilter{})
		if err != nil || len(persons) == 0 {
			b.Fatal(err)
		}
		h := s.srv.Handler()
		form := activityForm("", "note")
		durations := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			form.Set("personne", itoa(persons[i%len(persons)].ID))
			req := httptest.NewRequest("POST", "/espace/activites", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Cookie", cookie)
			rec := httptest.NewRecorder()
			start := time.Now()
			h.ServeHTTP(rec, req)
			durations = append(durations, time.Since(start))
			if rec.Code != http.StatusSeeOther {
				b.Fatalf("status %d: %.500s", rec.Code, rec.Body.String())
			}
		}
		b.StopTimer()
		reportPercentiles(b, durations)
	})
}

var (
	benchFirst = []string{"Marie", "Jean", "Hélène", "Éric", "Zoé", "Noël", "François", "Agnès", "Loïc", "Chloé", "Léa", "Jérôme", "Aïcha", "Mehdi", "Anaïs", "Gaëlle"}
	benchLast  = []string{"Dupont", "Martin", "Lefèvre", "Bénard", "Girard", "Moreau", "Müller", "Ørsted", "Nguyễn", "Da Silva", "Le Goff", "Haddad", "Étienne", "Fournier", "Gauthier", "Perrin"}
)

func BenchmarkListPersons(b *testing.B) {
	eachStore(b, func(b *testing.B, st *store.Store) {
		s := newSite(b, st)
		ctx := context.Background()
		ccas := s.demo.Structures[demo.CCAS]
		rng := rand.New(rand.NewPCG(1, 2))
		persons := make([]person.Person, 10_000)
		for i := range persons {
			persons[i] = person.Person{StructureID: ccas, Kind: person.Followed, FirstName: benchFirst[rng.IntN(len(benchFirst))],
				LastName: benchLast[rng.IntN(len(benchLast))] + fmt.Sprintf("-%d", i), BirthYear: 1930 + rng.IntN(80), Gender: "feminin",
				SocialStatus: "retraite", CommuneCode: "17299", Status: person.InProgress}
		}
		// Seeding in parallel (PostgreSQL takes concurrent writers; SQLite queues them).
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := w; i < len(persons); i += 8 {
					if err := st.CreatePerson(ctx, scope.OfStructure(persons[i].StructureID), &persons[i], nil, journal.Entry{Who: "bench", Action: journal.Create, What: "bench"}, s.clock.Now()); err != nil {
						errs <- err
						return
					}
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
		if err := st.Analyze(ctx); err != nil { // what autovacuum does a minute after a bulk load
			b.Fatal(err)
		}
		cookie := sessionCookie(s, account.RoleReception)
		h := s.srv.Handler()
		queries := []string{"", "", "helene", "DUPONT", "le goff", "chloe gir", "muller", "nguyen", "etienne-1", "zoe"}
		durations := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			q := queries[i%len(queries)]
			path := "/espace/personnes?q=" + url.QueryEscape(q) + "&page=" + itoa(int64(1+i%4))
			if q == "" {
				path = "/espace/personnes?page=" + itoa(int64(1+rng.IntN(200)))
			}
			req := httptest.NewRequest("GET", path, nil)
			req.Header.Set("Cookie", cookie)
			rec := httptest.NewRecorder()
			start := time.Now()
			h.ServeHTTP(rec, req)
			durations = append(durations, time.Since(start))
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "personnes") {
				b.Fatalf("%s: status %d", path, rec.Code)
			}
		}
		b.StopTimer()
		reportPercentiles(b, durations)
	})
}
