package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestItinerantAPI: an organiser declares a service and a monthly stop,
// cancels a passage through the API; anyone reads the upcoming passages;
// the reception desk may read but not organise; every exchange is checked
// against the OpenAPI document.
func TestItinerantAPI(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ccas := s.demo.Structures[demo.CCAS]
	mediation := s.token(account.RoleMediation, ccas)
	reception := s.token(account.RoleReception, ccas)
	decode := func(r response, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(r.body), v); err != nil {
			t.Fatalf("%v: %s", err, r.body)
		}
	}

	if r := s.api(reception, "POST", "/api/v1/itinerance", `{"nom":"Bus"}`); r.status != 403 {
		t.Fatalf("reception creates a service: %d", r.status)
	}
	r := s.api(mediation, "POST", "/api/v1/itinerance", `{"nom":"","telephone":"12"}`)
	if r.status != 422 || !strings.Contains(r.body, `"nom":"Saisissez le nom du service`) || !strings.Contains(r.body, `"telephone":`) {
		t.Fatalf("invalid service: %d %s", r.status, r.body)
	}
	var svc struct {
		ID int64 `json:"id"`
	}
	r = s.api(mediation, "POST", "/api/v1/itinerance", `{"nom":"Conseillère en itinérance","telephone":"05 46 00 00 00"}`)
	if r.status != 201 {
		t.Fatalf("create service: %d %s", r.status, r.body)
	}
	decode(r, &svc)
	base := "/api/v1/itinerance/" + itoa(svc.ID)

	r = s.api(mediation, "POST", base+"/arrets", `{"adresse":"Salle polyvalente","code_insee":"17059","jour":1,"debut":"9h","fin":"12:00","recurrence":"mensuel","rang":0,"du":"2026-01-01"}`)
	if r.status != 422 || !strings.Contains(r.body, `"rang":`) {
		t.Fatalf("monthly stop without rank: %d %s", r.status, r.body)
	}
	from := s.clock.Now().In(frtime.Paris).Format("2006-01-02")
	r = s.api(mediation, "POST", base+"/arrets", `{"adresse":"Salle polyvalente","code_insee":"17059","jour":1,"debut":"9h","fin":"12:00","recurrence":"mensuel","rang":-1,"du":"`+from+`"}`)
	if r.status != 201 {
		t.Fatalf("create stop: %d %s", r.status, r.body)
	}
	var stop struct {
		ID      int64  `json:"id"`
		Commune string `json:"commune"`
		Start   string `json:"debut"`
	}
	decode(r, &stop)
	if stop.Commune != "Bourgneuf" || stop.Start != "09:00" {
		t.Fatalf("stop %+v", stop)
	}

	var passages struct {
		Passages []struct {
			Date      string `json:"date"`
			Cancelled bool   `json:"annule"`
			Reason    string `json:"raison"`
		} `json:"passages"`
	}
	decode(s.api("", "GET", base+"/passages", ""), &passages)
	if len(passages.Passages) == 0 {
		t.Fatal("no upcoming passage")
	}
	first := passages.Passages[0].Date
	stopPath := base + "/arrets/" + itoa(stop.ID) + "/annulations"
	if r := s.api(reception, "POST", stopPath, `{"date":"`+first+`","raison":"Formation"}`); r.status != 403 {
		t.Fatalf("reception cancels a passage: %d", r.status)
	}
	if r := s.api(mediation, "POST", "/api/v1/itinerance/999999/arrets/"+itoa(stop.ID)+"/annulations", `{"date":"`+first+`","raison":"Formation"}`); r.status != 404 {
		t.Fatalf("a stop through another service: %d", r.status)
	}
	if r := s.api(mediation, "POST", stopPath, `{"date":"`+first+`"}`); r.status != 422 || !strings.Contains(r.body, `"raison":`) {
		t.Fatalf("cancellation without reason: %d %s", r.status, r.body)
	}
	if r := s.api(mediation, "POST", stopPath, `{"date":"`+first+`","raison":"La conseillère est en formation."}`); r.status != 200 || !strings.Contains(r.body, "La conseillère est en formation.") {
		t.Fatalf("cancellation: %d %s", r.status, r.body)
	}
	decode(s.api("", "GET", base+"/passages", ""), &passages)
	if p := passages.Passages[0]; p.Date != first || !p.Cancelled || p.Reason != "La conseillère est en formation." {
		t.Fatalf("first passage after cancellation: %+v", p)
	}
	var one struct {
		Stops []struct {
			Cancellations []struct {
				Date string `json:"date"`
			} `json:"annulations"`
		} `json:"arrets"`
	}
	decode(s.api(reception, "GET", base, ""), &one)
	if len(one.Stops) != 1 || len(one.Stops[0].Cancellations) != 1 {
		t.Fatalf("service read by the reception desk: %+v", one)
	}
	if r := s.api("", "GET", "/api/v1/itinerance/999999/passages", ""); r.status != 404 {
		t.Fatalf("unknown service's passages: %d", r.status)
	}
}
