// Package structures holds the use cases of the platform's tenants: the
// administration of structures and territories, a structure's page (its
// team for itself and the administration only) and the territory page of a
// coordinator. Web pages and commands call these methods and nothing else.
package structures

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// Service is the structures' use cases.
type Service struct {
	st  *store.Store
	now func() time.Time
}

// New returns the service.
func New(st *store.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, now: now}
}

// platform is the scope of an administrator's reads and writes.
func platform(a *account.Actor) (scope.Territory, error) {
	if err := a.Require(account.PermManagePlatform); err != nil {
		return scope.Territory{}, err
	}
	ts, _ := a.TerritoryScope()
	return ts, nil
}

// List returns the structures the actor administers, by name; query keeps
// those whose name contains it, accents and case ignored.
func (s *Service) List(ctx context.Context, a *account.Actor, query string) ([]structure.Structure, error) {
	ts, err := platform(a)
	if err != nil {
		return nil, err
	}
	return s.st.ListStructuresInTerritory(ctx, ts, strings.TrimSpace(query))
}

// Get returns a structure the actor administers, to edit it.
func (s *Service) Get(ctx context.Context, a *account.Actor, id int64) (structure.Structure, error) {
	ts, err := platform(a)
	if err != nil {
		return structure.Structure{}, err
	}
	st, err := s.st.Structure(ctx, id)
	if err != nil {
		return st, err
	}
	if !inTerritory(ts, st.TerritoryID) {
		return structure.Structure{}, apperr.NotFoundError()
	}
	return st, nil
}

func inTerritory(ts scope.Territory, territoryID int64) bool {
	id, all, err := ts.ID()
	return err == nil && (all || id == territoryID)
}

// Input is a structure as the administration types it: the commune by its
// name, postal code or INSEE code.
type Input struct {
	Name        string
	Typology    string // data·inclusion code
	SIRET       string
	RNA         string
	Commune     string
	Address     string
	TerritoryID int64 // 0: none
}

// validate turns the input into a structure, or the errors of its fields
// (name, typology, siret, rna, commune, address, territory).
func (s *Service) validate(ctx context.Context, in Input) (structure.Structure, error) {
	code, communeMsg := commune.ResolveCode(in.Commune)
	st := structure.Structure{Name: in.Name, Typology: in.Typology, SIRET: in.SIRET, RNA: in.RNA, CommuneCode: code, Address: in.Address, TerritoryID: in.TerritoryID}
	st.Normalize()
	var v apperr.Validation
	if e, ok := apperr.As(st.Validate()); ok {
		for _, f := range e.Fields {
			// The resolver says better than the generic message what to type.
			if f.Field != "commune" || communeMsg == "" {
				v.Add(f.Field, f.Message)
			}
		}
	}
	if communeMsg != "" {
		v.Add("commune", communeMsg)
	}
	if st.TerritoryID != 0 {
		if _, err := s.st.Territory(ctx, st.TerritoryID); apperr.Is(err, apperr.NotFound) {
			v.Add("territory", "Choisissez un territoire de la liste.")
		} else if err != nil {
			return st, err
		}
	}
	return st, v.Err()
}

// Create records a new structure.
func (s *Service) Create(ctx context.Context, a *account.Actor, in Input) (structure.Structure, error) {
	if _, err := platform(a); err != nil {
		return structure.Structure{}, err
	}
	st, err := s.validate(ctx, in)
	if err != nil {
		return st, err
	}
	err = s.st.CreateStructure(ctx, &st, s.now())
	return st, err
}

// Update corrects a structure the actor administers.
func (s *Service) Update(ctx context.Context, a *account.Actor, id int64, in Input) (structure.Structure, error) {
	ts, err := platform(a)
	if err != nil {
		return structure.Structure{}, err
	}
	if _, err := s.Get(ctx, a, id); err != nil {
		return structure.Structure{}, err
	}
	st, err := s.validate(ctx, in)
	if err != nil {
		return st, err
	}
	st.ID = id
	if err := s.st.UpdateStructureInTerritory(ctx, ts, st, s.now()); err != nil {
		return st, err
	}
	return s.st.Structure(ctx, id)
}

// Page is a structure's page as the actor may see it.
type Page struct {
	Structure   structure.Structure
	Territory   string // the territory's name, "" when none
	Members     []account.Member
	ShowMembers bool // the team: for the structure itself and the administration only
	CanEdit     bool
}

// Page returns a structure's page: to its own staff, to the coordinator of
// its territory (without the team) and to the administration. Anyone else
// gets the same not found as for a structure that does not exist.
func (s *Service) Page(ctx context.Context, a *account.Actor, id int64) (Page, error) {
	if err := a.Require(account.PermViewOwnStructure); err != nil {
		return Page{}, err
	}
	st, err := s.st.Structure(ctx, id)
	if err != nil {
		return Page{}, err
	}
	if !a.CanSeeStructure(st.ID, st.TerritoryID) {
		return Page{}, apperr.NotFoundError()
	}
	p := Page{Structure: st, CanEdit: a.Can(account.PermManagePlatform)}
	if st.TerritoryID != 0 {
		t, err := s.st.Territory(ctx, st.TerritoryID)
		if err != nil {
			return Page{}, err
		}
		p.Territory = t.Name
	}
	switch {
	case st.ID == a.StructureID():
		p.ShowMembers = true
		p.Members, err = s.st.StructureMembers(ctx, a.Scope())
	case a.Can(account.PermManagePlatform):
		ts, _ := a.TerritoryScope()
		p.ShowMembers = true
		p.Members, err = s.st.StructureMembersInTerritory(ctx, ts, st.ID)
	}
	return p, err
}

// TerritoryPage is the network of the territory a coordinator coordinates.
type TerritoryPage struct {
	Territory  structure.Territory // zero when the actor's structure coordinates none
	Communes   []string            // "Rochefort (17300)"
	Structures []structure.Structure
}

// TerritoryPage returns the territory the actor's structure coordinates,
// its communes and its structures (never their teams nor their persons).
func (s *Service) TerritoryPage(ctx context.Context, a *account.Actor) (TerritoryPage, error) {
	if err := a.Require(account.PermViewTerritory); err != nil {
		return TerritoryPage{}, err
	}
	tid := a.Membership.CoordinatedTerritoryID
	if tid == 0 {
		return TerritoryPage{}, nil
	}
	t, err := s.st.Territory(ctx, tid)
	if err != nil {
		return TerritoryPage{}, err
	}
	sts, err := s.st.ListStructuresInTerritory(ctx, scope.OfTerritory(tid), "")
	if err != nil {
		return TerritoryPage{}, err
	}
	p := TerritoryPage{Territory: t, Structures: sts}
	for _, code := range t.CommuneCodes {
		if c, ok := commune.Lookup(code); ok {
			p.Communes = append(p.Communes, commune.Label(c))
		} else {
			p.Communes = append(p.Communes, code)
		}
	}
	return p, nil
}

// TerritoryRow is a territory in the administration's list.
type TerritoryRow struct {
	Territory   structure.Territory
	Coordinator string // the coordinating structure's name, "" when none
}

// Territories lists every territory with its coordinator, by name.
func (s *Service) Territories(ctx context.Context, a *account.Actor) ([]TerritoryRow, error) {
	if _, err := platform(a); err != nil {
		return nil, err
	}
	ts, err := s.st.ListTerritories(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]TerritoryRow, len(ts))
	for i, t := range ts {
		out[i].Territory = t
		if t.CoordinatorStructureID != 0 {
			st, err := s.st.Structure(ctx, t.CoordinatorStructureID)
			if err != nil {
				return nil, err
			}
			out[i].Coordinator = st.Name
		}
	}
	return out, nil
}

// Territory returns one territory with its communes, to edit it.
func (s *Service) Territory(ctx context.Context, a *account.Actor, id int64) (structure.Territory, error) {
	if _, err := platform(a); err != nil {
		return structure.Territory{}, err
	}
	return s.st.Territory(ctx, id)
}

// TerritoryInput is a territory as the administration types it: one
// commune per line, by name, postal code or INSEE code.
type TerritoryInput struct {
	Name          string
	Communes      []string // the lines typed; blank ones are skipped
	CoordinatorID int64    // the structure that coordinates it; 0: none yet
}

// validateTerritory returns the territory, or the errors of its fields
// (name, communes, coordinator).
func (s *Service) validateTerritory(ctx context.Context, in TerritoryInput) (structure.Territory, error) {
	var v apperr.Validation
	t := structure.Territory{Name: strings.Join(strings.Fields(in.Name), " "), CoordinatorStructureID: in.CoordinatorID}
	switch n := utf8.RuneCountInString(t.Name); {
	case n == 0:
		v.Add("name", "Saisissez le nom du territoire.")
	case n > 200:
		v.Add("name", "Le nom ne doit pas dépasser 200 caractères.")
	}
	seen := map[string]bool{}
	for i, line := range in.Communes {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		code, msg := commune.ResolveCode(line)
		if msg != "" {
			if !v.Has("communes") {
				v.Add("communes", "Ligne "+strconv.Itoa(i+1)+" (« "+line+" ») : "+msg)
			}
			continue
		}
		if !seen[code] {
			seen[code] = true
			t.CommuneCodes = append(t.CommuneCodes, code)
		}
	}
	if len(t.CommuneCodes) == 0 && !v.Has("communes") {
		v.Add("communes", "Saisissez au moins une commune.")
	}
	if t.CoordinatorStructureID != 0 {
		if _, err := s.st.Structure(ctx, t.CoordinatorStructureID); apperr.Is(err, apperr.NotFound) {
			v.Add("coordinator", "Choisissez une structure de la liste.")
		} else if err != nil {
			return t, err
		}
	}
	return t, v.Err()
}

// CreateTerritory records a new territory.
func (s *Service) CreateTerritory(ctx context.Context, a *account.Actor, in TerritoryInput) (structure.Territory, error) {
	if _, err := platform(a); err != nil {
		return structure.Territory{}, err
	}
	t, err := s.validateTerritory(ctx, in)
	if err != nil {
		return t, err
	}
	err = s.st.CreateTerritory(ctx, &t, s.now())
	return t, err
}

// UpdateTerritory corrects a territory: its name, communes and coordinator.
func (s *Service) UpdateTerritory(ctx context.Context, a *account.Actor, id int64, in TerritoryInput) (structure.Territory, error) {
	if _, err := platform(a); err != nil {
		return structure.Territory{}, err
	}
	if _, err := s.st.Territory(ctx, id); err != nil {
		return structure.Territory{}, err
	}
	t, err := s.validateTerritory(ctx, in)
	if err != nil {
		return t, err
	}
	t.ID = id
	return t, s.st.UpdateTerritory(ctx, t)
}
