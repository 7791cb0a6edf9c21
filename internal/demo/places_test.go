package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

func TestDemoPlaces(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	now := time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)
	d, err := demo.Load(ctx, st, now)
	if err != nil {
		t.Fatal(err)
	}
	all, err := placestore.New(st).PlacesInTerritory(ctx, scope.Platform())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 25 || len(all) > 35 {
		t.Fatalf("about thirty places, got %d", len(all))
	}
	if all[0].StructureID != d.Structures[demo.CCAS] {
		t.Fatalf("the first place belongs to the CCAS (the browser tests open it): %+v", all[0].Name)
	}
	inTerritory := map[string]commune.Commune{}
	for _, c := range d.Communes {
		inTerritory[c.Code] = c
	}
	var unowned, stale, closed, saturday, phOff, appointment, noPhone int
	inCentre := map[int64]bool{}
	names := map[string]bool{}
	for _, p := range all {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
		if !strings.HasSuffix(p.Name, "(démo)") || names[p.Name] {
			t.Errorf("%q: names are fictitious, say so, and are unique", p.Name)
		}
		names[p.Name] = true
		c, ok := inTerritory[p.InseeCode]
		if !ok {
			t.Errorf("%s: commune %s outside the demo territory", p.Name, p.InseeCode)
			continue
		}
		if km := commune.DistanceKm(c.Lat, c.Lon, p.Latitude, p.Longitude); !p.HasCoords || km > 1.5 {
			t.Errorf("%s: %.1f km from its commune's centre", p.Name, km)
		}
		if p.StructureID == 0 {
			unowned++
			if p.Source == "" || p.Source == place.SourceParcours || p.SourceID == "" || p.Collector == "" {
				t.Errorf("%s: a national place has its source, id and collector", p.Name)
			}
		}
		if p.Stale(now) {
			stale++
		}
		if !p.Open() {
			closed++
		} else if p.InseeCode == demo.CentreCode {
			inCentre[p.StructureID] = true
		}
		if p.Phone == "" {
			noPhone++
		}
		if _, err := hours.Parse(p.Hours); err != nil {
			t.Errorf("%s: %v", p.Name, err)
			continue
		}
		if strings.Contains(p.Hours, "Sa") {
			saturday++
		}
		if strings.Contains(p.Hours, "PH off") {
			phOff++
		}
		if strings.Contains(p.Hours, "sur rendez-vous") {
			appointment++
		}
	}
	if unowned < 12 || stale < 3 || closed != 1 || saturday < 4 || phOff < 4 || appointment != 1 || noPhone < 3 {
		t.Fatalf("variety: %d unowned, %d stale, %d closed, %d open on Saturday, %d closed on holidays, %d on appointment, %d without phone",
			unowned, stale, closed, saturday, phOff, appointment, noPhone)
	}
	for key, id := range d.Structures {
		if !inCentre[id] {
			t.Errorf("structure %s has no open place in %s", key, demo.CentreCode)
		}
	}
	fs, err := placestore.New(st).ListPlaces(ctx, placestore.PlaceFilter{StructureID: d.Structures[demo.FranceServices], InseeCodes: []string{demo.CentreCode}, Service: "Aide aux démarches administratives"})
	if err != nil || len(fs) == 0 {
		t.Fatalf("the France Services of the demo offers help with procedures in Rochefort: %v", err)
	}

	terr, err := st.Territory(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	coordinator, err := placestore.New(st).PlaceReportsInTerritory(ctx, scope.OfTerritory(terr.ID), placestore.ReportFilter{Status: placereport.StatusNew})
	if err != nil || len(coordinator) != 2 {
		t.Fatalf("the coordinator sees the two open reports: %d %v", len(coordinator), err)
	}
	ccas, _ := placestore.New(st).PlaceReports(ctx, scope.OfStructure(d.Structures[demo.CCAS]), placestore.ReportFilter{Status: placereport.StatusNew})
	fsReports, _ := placestore.New(st).PlaceReports(ctx, scope.OfStructure(d.Structures[demo.FranceServices]), placestore.ReportFilter{})
	if len(ccas) != 1 || ccas[0].PlaceID != all[0].ID || len(fsReports) != 0 {
		t.Fatalf("the CCAS sees one report on its main place, France Services none: %d, %d", len(ccas), len(fsReports))
	}
}
