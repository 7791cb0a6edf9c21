// Package demo creates the fictitious demo territory ("compte démo") that
// `parcours demo` and `parcours serve --demo` load into an empty database.
// Each capability adds its demo data as one more step.
package demo

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/factorstore"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// Password is the password of every demo account.
const Password = "parcours-demo"

// FactorSecret is the TOTP key (base32) of the demo accounts whose role
// demands a second factor (administration and coordination): add it to an
// authentication application, or compute the code with
// account.FactorCode. It is public, like the password.
const FactorSecret = "PARCOURSDEMOPARCOURSDEMO"

// CentreCode is the real commune the fictitious territory is built around:
// Rochefort (Charente-Maritime), whose CCAS the field reports describe.
const CentreCode = "17299"

// TerritoryName is the demo territory's name, shown in the header.
const TerritoryName = "Pays rochefortais (démonstration)"

// Structure keys of the demo.
const (
	CCAS           = "ccas"
	FranceServices = "france_services"
	SocialCentre   = "centre_social"
	Library        = "mediatheque"
	Association    = "association"
)

// Email returns the demo account of a role.
func Email(r account.Role) string { return string(r) + "@demo.parcours.test" }

// Territory is what the steps share: the ids of what earlier steps created.
type Territory struct {
	ID         int64
	Centre     commune.Commune
	Communes   []commune.Commune // the territory's communes, nearest first
	Structures map[string]int64
	Users      map[account.Role]int64
	Aidant     int64 // the trained aidant (AidantEmail), a mediator of the CCAS
	Now        time.Time
}

// Step adds one capability's demo data.
type Step struct {
	Name string
	Run  func(ctx context.Context, st *store.Store, t *Territory) error
}

// steps run in order; each capability's step lives in its own file.
var steps = []Step{
	{"territoire, structures et comptes", loadTerritory},
	{"lieux", loadPlaces},
	{"accueil et accompagnement", loadReception},
	{"agenda", loadAgenda},
	{"itinérance", loadItinerant},
	{"diagnostic", loadDiagnostic},
	{"pass numérique et matériel", loadPassesAndEquipment},
	{"réseau des acteurs", loadNetwork},
	{"formations et mandats", loadMandates},
	{"activités de coordination", loadCoordination},
	{"bibliothèque de ressources", loadResources},
	{"réunions du réseau", loadMeetings},
	{"conventions et plan d'action", loadPartnerships},
}

// ErrNotEmpty means the database already holds data: the demo never mixes
// with real structures.
var ErrNotEmpty = errors.New("la base contient déjà des structures : le territoire de démonstration ne se charge que dans une base vide")

// Load creates the demo territory in an empty database.
func Load(ctx context.Context, st *store.Store, now time.Time) (*Territory, error) {
	n, err := st.CountStructures(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, ErrNotEmpty
	}
	centre, ok := commune.Lookup(CentreCode)
	if !ok {
		return nil, fmt.Errorf("commune %s absente de la liste des communes", CentreCode)
	}
	t := &Territory{Centre: centre, Structures: map[string]int64{}, Users: map[account.Role]int64{}, Now: now.UTC()}
	for _, s := range steps {
		if err := s.Run(ctx, st, t); err != nil {
			return nil, fmt.Errorf("démo, étape « %s » : %w", s.Name, err)
		}
	}
	if err := st.SetSetting(ctx, store.SettingDemo, "1"); err != nil {
		return nil, err
	}
	if err := st.SetSetting(ctx, store.SettingTerritoryName, TerritoryName); err != nil {
		return nil, err
	}
	return t, nil
}

// demoStructures are fictitious; their SIRET numbers are Luhn-valid numbers
// in a range no real establishment uses (SIREN 999 99x xxx).
var demoStructures = []struct {
	key      string
	name     string
	typology string
	siret    string
	rna      string
	address  string
}{
	{CCAS, "CCAS de Rochefort (démo)", "CCAS", siretWithKey("9999900000001"), "", "25 rue de la République"},
	{FranceServices, "France Services Rochefort Océan (démo)", "RFS", siretWithKey("9999900000002"), "", "2 avenue Maurice Chupin"},
	{SocialCentre, "Centre social Les Pertuis (démo)", "CSC", siretWithKey("9999900000003"), "", "10 rue des Pertuis"},
	{Library, "Médiathèque des Remparts (démo)", "BIB", siretWithKey("9999900000004"), "", "1 place des Remparts"},
	{Association, "Association Clic Solidaire (démo)", "ASSO", "", "W179999999", "8 rue du Port"},
}

// siretWithKey appends the Luhn check digit to 13 digits.
func siretWithKey(first13 string) string {
	for d := '0'; d <= '9'; d++ {
		if structure.ValidateSIRET(first13+string(d)) == "" {
			return first13 + string(d)
		}
	}
	panic("no Luhn key for " + first13)
}

var passwordHash = sync.OnceValues(func() (string, error) {
	return account.HashPassword(context.Background(), Password)
})

var demoUsers = []struct {
	role      account.Role
	name      string
	structure string
}{
	{account.RoleAdmin, "Alix Administratrice", CCAS},
	{account.RoleCoordination, "Camille Coordinatrice", CCAS},
	{account.RoleMediation, "Mehdi Médiateur", CCAS},
	{account.RoleReception, "Agnès Accueil", CCAS},
	{account.RolePartner, "Paul Partenaire", FranceServices},
}

func loadTerritory(ctx context.Context, st *store.Store, t *Territory) error {
	near := commune.Within(t.Centre.Lat, t.Centre.Lon, 12)
	sort.SliceStable(near, func(i, j int) bool {
		return commune.DistanceKm(t.Centre.Lat, t.Centre.Lon, near[i].Lat, near[i].Lon) < commune.DistanceKm(t.Centre.Lat, t.Centre.Lon, near[j].Lat, near[j].Lon)
	})
	terr := structure.Territory{Name: TerritoryName}
	for _, c := range near {
		if c.Kind == "ARM" {
			continue
		}
		t.Communes = append(t.Communes, c)
		terr.CommuneCodes = append(terr.CommuneCodes, c.Code)
	}
	if err := st.CreateTerritory(ctx, &terr, t.Now); err != nil {
		return err
	}
	t.ID = terr.ID
	for _, d := range demoStructures {
		s := structure.Structure{Name: d.name, Typology: d.typology, SIRET: d.siret, RNA: d.rna, CommuneCode: CentreCode, Address: d.address, TerritoryID: terr.ID}
		s.Normalize()
		if err := s.Validate(); err != nil {
			return err
		}
		if err := st.CreateStructure(ctx, &s, t.Now); err != nil {
			return err
		}
		t.Structures[d.key] = s.ID
	}
	if err := st.SetTerritoryCoordinator(ctx, terr.ID, t.Structures[CCAS]); err != nil {
		return err
	}
	// One hash for all, once per process: the demo password is public anyway,
	// and start-up (and the test suite) stays fast.
	hash, err := passwordHash()
	if err != nil {
		return err
	}
	for _, u := range demoUsers {
		id, err := st.CreateUser(ctx, account.NewUser{Email: Email(u.role), Name: u.name, StructureID: t.Structures[u.structure], Role: u.role}, hash, t.Now)
		if err != nil {
			return err
		}
		t.Users[u.role] = id
		if account.RequiresFactor([]account.Membership{{Role: u.role}}) {
			if err := factorstore.New(st).SetPendingFactor(ctx, id, FactorSecret); err != nil {
				return err
			}
			if err := factorstore.New(st).EnableFactor(ctx, id, 0, nil, t.Now); err != nil {
				return err
			}
		}
	}
	return nil
}
