package training_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	trainingsvc "github.com/parcours-numerique/parcours/internal/service/training"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/mandatestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/training"
)

// territoryWith makes a territory coordinated by a new structure, with one
// more structure in it, and returns the coordinator and the staff asked for.
func territoryWith(t *testing.T, st *store.Store, name string, now time.Time, roles ...account.Role) (*account.Actor, []*account.Actor) {
	t.Helper()
	ctx := context.Background()
	newStructure := func(n string, territory int64) int64 {
		s := structure.Structure{Name: n, Typology: "CCAS", CommuneCode: "92050", TerritoryID: territory}
		s.Normalize()
		if err := st.CreateStructure(ctx, &s, now); err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	actor := func(sid int64, r account.Role, email string) *account.Actor {
		id, err := st.CreateUser(ctx, account.NewUser{Email: email, Name: string(r) + " " + name, StructureID: sid, Role: r}, "", now)
		if err != nil {
			t.Fatal(err)
		}
		a, err := st.ActorForMembership(ctx, id, sid)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	terr := structure.Territory{Name: name}
	if err := st.CreateTerritory(ctx, &terr, now); err != nil {
		t.Fatal(err)
	}
	coordID := newStructure("Coordination "+name, terr.ID)
	if err := st.SetTerritoryCoordinator(ctx, terr.ID, coordID); err != nil {
		t.Fatal(err)
	}
	coord := actor(coordID, account.RoleCoordination, "coord@"+strings.ToLower(name)+".fr")
	sid := newStructure("CCAS "+name, terr.ID)
	var staff []*account.Actor
	for i, r := range roles {
		staff = append(staff, actor(sid, r, string(r)+string(rune('a'+i))+"@"+strings.ToLower(name)+".fr"))
	}
	return coord, staff
}

func TestTrainingRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 10, 9, 0, 0, 0, frtime.Paris)
		svc := trainingsvc.New(st, func() time.Time { return now })
		coord, staff := territoryWith(t, st, "Nanterre", now, account.RoleMediation)
		otherCoord, otherStaff := territoryWith(t, st, "Sevran", now, account.RoleMediation)
		aidant := staff[0]

		t.Run("ErrFieldsRequired", func(t *testing.T) {
			_, err := svc.AddCourse(ctx, coord, training.Course{Kind: "autre"})
			var e *apperr.Error
			if !errorsAs(err, &e) || e.FieldMap()["intitule"] == "" || e.FieldMap()["type"] == "" || e.FieldMap()["duree"] == "" {
				t.Fatalf("want field errors, got %v", err)
			}
		})
		c, err := svc.AddCourse(ctx, coord, training.Course{Title: " Formation Aidants Connect ", Kind: training.Aidant, Minutes: 7 * 60, Provider: "ANCT", Certificate: "Attestation"})
		if err != nil || c.ID == 0 || c.Title != "Formation Aidants Connect" || c.Hours() != "7 h" {
			t.Fatalf("course: %+v %v", c, err)
		}
		if _, err := svc.AddCourse(ctx, aidant, training.Course{Title: "x", Kind: training.General, Minutes: 60}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a mediator records courses: %v", err)
		}
		t.Run("ErrFutureDate", func(t *testing.T) {
			_, err := svc.RecordCompletion(ctx, coord, training.Completion{CourseID: c.ID, UserID: aidant.User.ID, CompletedOn: "11/03/2026"})
			if !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("future completion accepted: %v", err)
			}
		})
		t.Run("ErrOtherTerritory", func(t *testing.T) {
			_, err := svc.RecordCompletion(ctx, coord, training.Completion{CourseID: c.ID, UserID: otherStaff[0].User.ID, CompletedOn: "09/03/2026"})
			if !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("a professional of another territory recorded: %v", err)
			}
			if _, _, err := svc.Course(ctx, otherCoord, c.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another territory reads the course: %v", err)
			}
		})
		trained, err := mandatestore.New(st).AidantTrainedOn(ctx, aidant.User.ID, "2026-03-10")
		if err != nil || trained != "" {
			t.Fatalf("trained before any completion: %q %v", trained, err)
		}
		if _, err := svc.RecordCompletion(ctx, coord, training.Completion{CourseID: c.ID, UserID: aidant.User.ID, CompletedOn: "09/03/2026", CertificateRef: "AC-42"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RecordCompletion(ctx, coord, training.Completion{CourseID: c.ID, UserID: aidant.User.ID, CompletedOn: "09/03/2026"}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("second completion of one course: %v", err)
		}
		_, done, err := svc.Course(ctx, coord, c.ID)
		if err != nil || len(done) != 1 || done[0].UserID != aidant.User.ID || done[0].CompletedOn != "2026-03-09" || done[0].CertificateRef != "AC-42" {
			t.Fatalf("completions %+v %v", done, err)
		}
		if trained, _ = mandatestore.New(st).AidantTrainedOn(ctx, aidant.User.ID, "2026-03-10"); trained != "2026-03-09" {
			t.Fatalf("aidant training not read: %q", trained)
		}
		mine, err := svc.Mine(ctx, aidant)
		if err != nil || len(mine) != 1 || mine[0].CourseKind != training.Aidant {
			t.Fatalf("own record %+v %v", mine, err)
		}
		if list, _ := svc.Courses(ctx, otherCoord); len(list) != 0 {
			t.Fatalf("another territory lists %d courses", len(list))
		}
	})
}

func errorsAs(err error, e **apperr.Error) bool {
	x, ok := apperr.As(err)
	*e = x
	return ok
}

func TestParseHours(t *testing.T) {
	for in, want := range map[string]int{"30": 1800, "3,5": 210, "3.5": 210, "3 h 30": 210, "2h": 120} {
		if got, ok := training.ParseHours(in); !ok || got != want {
			t.Errorf("ParseHours(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "trois", "3 h 75", "-2"} {
		if _, ok := training.ParseHours(in); ok {
			t.Errorf("ParseHours(%q) accepted", in)
		}
	}
}
