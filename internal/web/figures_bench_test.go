package web_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/activities"
	"github.com/parcours-numerique/parcours/internal/service/figures"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
)

// cpuTime is the process's CPU time so far: on a loaded machine the wall
// time of a benchmark says more about the neighbours than about the code.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// benchSize is how many activities the figures' benchmarks generate:
// PARCOURS_BENCH_ACTIVITIES, 100,000 by default (the target is 10 million).
func benchSize(b *testing.B) int {
	if n, err := strconv.Atoi(os.Getenv("PARCOURS_BENCH_ACTIVITIES")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// pick draws a value by weight.
func pick[T any](r *rand.Rand, values []T, weights []int) T {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return values[i]
		}
		x -= w
	}
	return values[len(values)-1]
}

// generateActivities makes n anonymous activities over the year before
// end, with the distributions of the field reports: 85 % individual, most
// sessions 30 to 60 minutes, e-mail, démarches and handling the phone first.
func generateActivities(r *rand.Rand, n int, end time.Time) []activity.Activity {
	themes := []string{"aide_aux_demarches_administratives", "email", "prendre_en_main_du_materiel", "navigation_sur_internet", "sante",
		"securite_numerique", "bureautique", "reseaux_sociaux", "banque_et_achats_en_ligne", "insertion_professionnelle", "intelligence_artificielle"}
	themeW := []int{30, 20, 15, 10, 6, 5, 4, 3, 3, 3, 1}
	out := make([]activity.Activity, n)
	for i := range out {
		a := activity.Activity{Date: end.AddDate(0, 0, -r.IntN(365)).Format(activity.DateLayout),
			Duration:  pick(r, []int{15, 30, 45, 60, 90, 120}, []int{5, 25, 20, 30, 10, 10}),
			Canal:     pick(r, []string{"lieu_activite", "a_distance", "domicile", "autre"}, []int{70, 15, 10, 5}),
			Equipment: []string{pick(r, []string{"telephone", "ordinateur", "tablette", "aucun"}, []int{45, 35, 10, 10})},
			Themes:    []string{pick(r, themes, themeW)}}
		if a.Canal != "lieu_activite" {
			a.CommuneCode = pick(r, []string{"17299", "17306", "17004"}, []int{6, 2, 1})
		}
		if a.Themes[0] == activity.ThemeProcedures {
			a.Procedures = []string{pick(r, []string{"social_sante", "logement", "argent_impots", "travail_formation"}, []int{4, 3, 3, 2})}
		}
		if r.IntN(100) < 85 {
			a.Type = activity.TypeIndividual
			a.Autonomy = pick(r, []string{"entierement_accompagne", "partiellement_autonome", "autonome"}, []int{5, 3, 2})
			a.Oriented = r.IntN(10) == 0
			if a.Oriented {
				a.OrientationKind = pick(r, []string{"administration", "aide_sociale", "aide_aux_demarches_administratives"}, []int{2, 1, 1})
			}
			a.AnonGender = pick(r, []string{"feminin", "masculin", "non_communique"}, []int{58, 38, 4})
			a.AnonAgeBand = pick(r, []string{"vingt_cinq_trente_neuf", "quarante_cinquante_neuf", "soixante_soixante_neuf", "soixante_dix_plus", person.AgeBandUnknown}, []int{15, 25, 25, 30, 5})
			a.AnonStatus = pick(r, []string{"retraite", "sans_emploi", "en_emploi", "non_communique"}, []int{45, 30, 15, 10})
		} else {
			a.Type, a.Title, a.Level = activity.TypeWorkshop, "Atelier "+a.Themes[0], "debutant"
			a.AnonTotal = 3 + r.IntN(8)
			a.AnonCounts = map[string]int{activity.AnonKey("genre", "feminin"): a.AnonTotal / 2}
		}
		out[i] = a
	}
	return out
}

// BenchmarkTerritoryFigures reads a year of the territory's figures from
// the generated activities (PARCOURS_BENCH_ACTIVITIES, 100,000 by default)
// on each database: dashboard-year, the coordinator's dashboard (target:
// under 300 ms with 10 million activities), and bilan-xlsx, the year's
// bilan as XLSX (target: under 5 s).
func BenchmarkTerritoryFigures(b *testing.B) {
	eachFixture(b, func(b *testing.B, fx benchFixture) {
		svc := figures.New(fx.st, func() time.Time { return benchEnd })
		b.Run("dashboard-year", func(b *testing.B) {
			cpu := cpuTime()
			for b.Loop() {
				v, err := svc.Dashboard(context.Background(), fx.coord, figures.Filter{})
				if err != nil || v.Sessions < benchSize(b) {
					b.Fatalf("%v: %d sessions", err, v.Sessions)
				}
			}
			reportCPU(b, cpu)
		})
		b.Run("bilan-xlsx", func(b *testing.B) {
			cpu := cpuTime()
			for b.Loop() {
				bl, _, err := svc.Bilan(context.Background(), fx.coord, figures.Filter{})
				if err != nil {
					b.Fatal(err)
				}
				var buf bytes.Buffer
				if err := bl.WriteXLSX(&buf); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
		// The first read after a write rebuilds the month written: one
		// activity recorded today, then the dashboard.
		b.Run("dashboard-after-write", func(b *testing.B) {
			ctx := context.Background()
			ccas := scope.OfStructure(fx.ccas)
			as := activitystore.New(fx.st)
			b.Cleanup(func() { // the kept database as it was
				_, _ = fx.st.Writer().ExecContext(ctx, "DELETE FROM activities WHERE source_key LIKE 'bench-write:%'")
				_, _ = svc.Rebuild(ctx, false)
			})
			cpu := cpuTime()
			for b.Loop() {
				a := activity.Activity{Type: activity.TypeIndividual, Date: benchEnd.Format(activity.DateLayout), Duration: 30, Canal: "a_distance",
					CommuneCode: "17299", Themes: []string{"email"}, Autonomy: "autonome", AnonGender: "feminin"}
				if _, err := as.ImportActivities(ctx, ccas, []activity.Activity{a}, []string{fmt.Sprint("bench-write:", time.Now().UnixNano())}, benchEnd); err != nil {
					b.Fatal(err)
				}
				if _, err := svc.Dashboard(ctx, fx.coord, figures.Filter{}); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	})
}

// BenchmarkImportCoop100k: a La Coop export of 100,000 lines imported into
// a structure (target: under 10 s); each iteration imports into a new
// database's structure, the file made once.
func BenchmarkImportCoop100k(b *testing.B) {
	lines := 100_000
	if n, err := strconv.Atoi(os.Getenv("PARCOURS_BENCH_IMPORT_LINES")); err == nil && n > 0 {
		lines = n // a smaller file for a profile
	}
	end := time.Now().In(frtime.Paris)
	acts := generateActivities(rand.New(rand.NewPCG(7, 7)), lines, end)
	for i := range acts {
		acts[i].ID = int64(i + 1) // distinct keys: La Coop's "ID CRA" is absent, the recording minute differs
		acts[i].CreatedAt = end.Add(-time.Duration(i) * time.Minute)
		acts[i].UpdatedAt = acts[i].CreatedAt
		acts[i].AnonTotal, acts[i].AnonCounts = min(acts[i].AnonTotal, 1), nil
	}
	var file bytes.Buffer
	if err := activity.WriteCoopXLSX(&file, activity.CoopRows(acts, nil, frtime.Paris)); err != nil {
		b.Fatal(err)
	}
	b.Logf("La Coop file: %d lines, %d bytes", lines, file.Len())
	eachStore(b, func(b *testing.B, st *store.Store) {
		s := newSite(b, st)
		svc := activities.New(activitystore.New(st), s.clock.Now)
		med := &account.Actor{User: account.User{ID: s.demo.Users[account.RoleMediation], Active: true},
			Membership: account.Membership{StructureID: s.demo.Structures[demo.CCAS], Role: account.RoleMediation}}
		b.ResetTimer()
		cpu := cpuTime()
		for b.Loop() {
			rep, err := svc.ImportCoop(context.Background(), med, bytes.NewReader(file.Bytes()))
			if err != nil || len(rep.Lines) != lines {
				b.Fatalf("%v: %d lines", err, len(rep.Lines))
			}
			b.ReportMetric(float64(rep.Imported), "imported")
		}
		reportCPU(b, cpu)
	})
}
