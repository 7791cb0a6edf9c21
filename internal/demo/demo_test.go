package demo_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
	"github.com/parcours-numerique/parcours/internal/store/passstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/survey"
)

func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		d, err := demo.Load(ctx, st, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Structures) != 5 || len(d.Users) != len(account.Roles) || len(d.Communes) < 5 || d.Communes[0].Code != demo.CentreCode {
			t.Fatalf("demo territory: %d structures, %d users, %d communes", len(d.Structures), len(d.Users), len(d.Communes))
		}
		for _, role := range account.Roles {
			u, err := st.UserByEmail(ctx, demo.Email(role))
			if err != nil {
				t.Fatal(err)
			}
			if ok, _ := account.VerifyPassword(ctx, u.PasswordHash, demo.Password); !ok {
				t.Fatalf("%s cannot log in with the demo password", role)
			}
			ms, _ := st.Memberships(ctx, u.ID)
			if len(ms) != 1 || ms[0].Role != role {
				t.Fatalf("%s: memberships %+v", role, ms)
			}
			if role == account.RoleCoordination && ms[0].CoordinatedTerritoryID != d.ID {
				t.Fatal("the coordination account's structure coordinates the demo territory")
			}
		}
		if v, _ := st.Setting(ctx, store.SettingDemo); v != "1" {
			t.Fatal("the database is marked as a demo")
		}
		if _, err := demo.Load(ctx, st, time.Now()); !errors.Is(err, demo.ErrNotEmpty) {
			t.Fatalf("a second load must refuse: %v", err)
		}
	})
}

func TestDiagnosticDemo(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	d, err := demo.Load(ctx, st, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	list, err := surveystore.New(st).ListQuestionnaires(ctx, scope.OfStructure(d.Structures[demo.CCAS]), surveystore.QuestionnaireFilter{})
	if err != nil || len(list) != 1 || !list[0].Open || list[0].CurrentVersion != 1 || list[0].Counts[survey.Complete] != demo.DiagnosticAnswers {
		t.Fatalf("demo questionnaire %+v: %v", list, err)
	}
	if list[0].Settings.Margins == nil || len(list[0].Settings.Crosstabs) != 5 {
		t.Fatalf("settings %+v", list[0].Settings)
	}
}

// TestPassAndEquipmentDemo: the demo's carnet went from the funder to a
// redeemed pass at France Services, and its refurbished phone to the first
// of the priority list, whose explanation was kept with the decision.
func TestPassAndEquipmentDemo(t *testing.T) {
	ctx := context.Background()
	st := storetest.SQLite(t)
	d, err := demo.Load(ctx, st, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ccas := scope.OfStructure(d.Structures[demo.CCAS])
	f, err := passstore.New(st).PassFigures(ctx, ccas, time.Now().Format("2006-01-02"))
	if err != nil || f.CarnetsIssued != 2 || f.CarnetsDistributed != 1 || f.PassesRedeemed != 1 || len(f.ByPlace) != 1 || f.ByPlace[0].Label != demo.PassPlaceName {
		t.Fatalf("pass figures %+v %v", f, err)
	}
	given, err := equipmentstore.New(st).EquipmentRequests(ctx, ccas, "telephone", "remise")
	if err != nil || len(given) != 1 || given[0].RankAtDecision != 1 || !strings.HasPrefix(given[0].Explanation, "Rang 1 : ") || !strings.HasPrefix(given[0].PersonName, "Odette") {
		t.Fatalf("phone given %+v %v", given, err)
	}
	loans, err := equipmentstore.New(st).Loans(ctx, ccas, true)
	if err != nil || len(loans) != 1 || loans[0].DeviceLabel != "Tablette Lenovo Tab M10" {
		t.Fatalf("loans %+v %v", loans, err)
	}
}
