// Package resources holds the use cases of the library of teaching
// resources: every staff member of a structure of a territory searches and
// reads the territory's library and adds to it; only the author structure,
// or the coordination of the territory, changes or deletes a resource
// (journaled). A workshop's organisers pick resources as its material; the
// public page of a published workshop offers those with an open licence.
package resources

import (
	"context"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/resource"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/resourcestore"
)

// Service is the library's use cases.
type Service struct {
	st  *resourcestore.Store
	now func() time.Time
}

// New returns the service; now is its clock (nil: time.Now).
func New(st *resourcestore.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, now: now}
}

// library is the territory whose library the actor reads: its structure's.
func library(a *account.Actor) (scope.Territory, error) {
	if err := a.Require(account.PermResources); err != nil {
		return scope.Territory{}, err
	}
	tid := libraryID(a)
	if tid == 0 || !a.Scope().Valid() {
		return scope.Territory{}, apperr.New(apperr.Forbidden, "Votre structure n'est rattachée à aucun territoire : la bibliothèque de ressources est celle des acteurs d'un territoire. L'administration de la plateforme peut la rattacher.")
	}
	return scope.OfTerritory(tid), nil
}

// libraryID is the territory of the actor's structure (for a coordination
// outside any territory, the one it coordinates); 0 when none.
func libraryID(a *account.Actor) int64 {
	if a.Membership.StructureTerritoryID != 0 {
		return a.Membership.StructureTerritoryID
	}
	return a.Membership.CoordinatedTerritoryID
}

// CanChange reports whether the actor may change or delete the resource:
// its author structure, or the coordination of the territory it belongs to
// (the resource was read in the actor's library).
func CanChange(a *account.Actor, r resource.Resource) bool {
	if !a.Can(account.PermResources) {
		return false
	}
	if r.StructureID == a.StructureID() {
		return true
	}
	return a.Can(account.PermViewTerritory) && a.Membership.CoordinatedTerritoryID != 0 && a.Membership.CoordinatedTerritoryID == libraryID(a)
}

// Query is a search of the library.
type Query struct {
	Words    string
	Theme    string
	Level    string
	Audience string
}

// Search lists the resources of the actor's territory that match q;
// unknown choices are refused with the field they belong to.
func (s *Service) Search(ctx context.Context, a *account.Actor, q Query) ([]resource.Resource, error) {
	t, err := library(a)
	if err != nil {
		return nil, err
	}
	var v apperr.Validation
	if q.Theme != "" && !resource.Themes.Has(q.Theme) {
		v.Add("theme", "Thème inconnu.")
	}
	if q.Level != "" && !resource.Levels.Has(q.Level) {
		v.Add("niveau", "Niveau inconnu.")
	}
	if q.Audience != "" && !resource.Audiences.Has(q.Audience) {
		v.Add("public", "Public inconnu.")
	}
	if len(q.Words) > 200 {
		v.Add("q", "200 caractères au plus.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.st.SearchInTerritory(ctx, t, resourcestore.Filter{Words: q.Words, Theme: q.Theme, Level: q.Level, Audience: q.Audience})
}

// Get returns a resource of the actor's library.
func (s *Service) Get(ctx context.Context, a *account.Actor, id int64) (resource.Resource, error) {
	t, err := library(a)
	if err != nil {
		return resource.Resource{}, err
	}
	return s.st.InTerritory(ctx, t, id)
}

// File returns a resource's file, for download.
func (s *Service) File(ctx context.Context, a *account.Actor, id int64) (resource.Resource, []byte, error) {
	t, err := library(a)
	if err != nil {
		return resource.Resource{}, nil, err
	}
	return s.st.FileInTerritory(ctx, t, id)
}

// Upload is a file sent with a resource: its name as the person's computer
// named it, and its bytes.
type Upload struct {
	Name string
	Data []byte
}

// prepare checks the description and the file; it sets the file's fields.
func prepare(r *resource.Resource, f Upload) error {
	r.Normalize()
	var v apperr.Validation
	if len(f.Data) > 0 {
		ct, err := resource.Sniff(f.Data)
		if err != nil {
			v.Merge(err)
		}
		r.FileName, r.FileType, r.FileSize = f.Name, ct, int64(len(f.Data))
	}
	v.Merge(r.Validate(len(f.Data) > 0))
	return v.Err()
}

// Create adds a resource to the library, its author structure the actor's.
func (s *Service) Create(ctx context.Context, a *account.Actor, r resource.Resource, f Upload) (resource.Resource, error) {
	if _, err := library(a); err != nil {
		return r, err
	}
	r.ID, r.FileName, r.FileType, r.FileSize = 0, "", "", 0
	if err := prepare(&r, f); err != nil {
		return r, err
	}
	j := journal.By(a, journal.Create, "Ressource « "+r.Title+" » ajoutée à la bibliothèque")
	if err := s.st.Create(ctx, a.Scope(), &r, f.Data, a.User.ID, j, s.now()); err != nil {
		return r, err
	}
	return s.Get(ctx, a, r.ID)
}

// changeable reads a resource the actor may change.
func (s *Service) changeable(ctx context.Context, a *account.Actor, id int64) (resource.Resource, error) {
	old, err := s.Get(ctx, a, id)
	if err != nil {
		return old, err
	}
	if !CanChange(a, old) {
		return old, apperr.New(apperr.Forbidden, "Seule la structure qui a partagé cette ressource, ou la coordination du territoire, peut la modifier.")
	}
	return old, nil
}

// Update saves a resource: a new file replaces the old one; without one a
// file stays, and a link stays a link.
func (s *Service) Update(ctx context.Context, a *account.Actor, id int64, r resource.Resource, f Upload) (resource.Resource, error) {
	old, err := s.changeable(ctx, a, id)
	if err != nil {
		return r, err
	}
	r.ID, r.StructureID = id, old.StructureID
	if len(f.Data) == 0 && old.IsFile() {
		r.FileName, r.FileType, r.FileSize, r.Link = old.FileName, old.FileType, old.FileSize, ""
		r.Normalize()
		if err := r.Validate(true); err != nil {
			return r, err
		}
	} else {
		r.FileName, r.FileType, r.FileSize = "", "", 0
		if err := prepare(&r, f); err != nil {
			return r, err
		}
	}
	what := "Ressource n° " + strconv.FormatInt(id, 10) + " « " + r.Title + " » modifiée"
	if len(f.Data) > 0 {
		what += " (nouveau fichier)"
	}
	if err := s.st.Update(ctx, scope.OfStructure(old.StructureID), &r, f.Data, journal.By(a, journal.Update, what), s.now()); err != nil {
		return r, err
	}
	return s.Get(ctx, a, id)
}

// Delete removes a resource from the library and from workshops' material.
func (s *Service) Delete(ctx context.Context, a *account.Actor, id int64) error {
	old, err := s.changeable(ctx, a, id)
	if err != nil {
		return err
	}
	j := journal.By(a, journal.Delete, "Ressource n° "+strconv.FormatInt(id, 10)+" « "+old.Title+" » supprimée de la bibliothèque")
	return s.st.Delete(ctx, scope.OfStructure(old.StructureID), id, j, s.now())
}

// organiser checks the actor organises its structure's workshops and reads
// the library.
func organiser(a *account.Actor) (scope.Territory, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return scope.Territory{}, err
	}
	return library(a)
}

// Material lists the resources a workshop of the actor's structure uses.
// It is empty for an actor who does not read the library.
func (s *Service) Material(ctx context.Context, a *account.Actor, workshopID int64) ([]resource.Resource, error) {
	if _, err := library(a); err != nil {
		return nil, nil
	}
	if err := a.Require(account.PermAgenda); err != nil {
		return nil, nil
	}
	return s.st.Material(ctx, a.Scope(), workshopID)
}

// Attach adds a resource of the library to a workshop's material.
func (s *Service) Attach(ctx context.Context, a *account.Actor, workshopID, resourceID int64) (resource.Resource, error) {
	t, err := organiser(a)
	if err != nil {
		return resource.Resource{}, err
	}
	if resourceID == 0 {
		return resource.Resource{}, apperr.Field("ressource", "Choisissez une ressource de la bibliothèque.")
	}
	r, err := s.st.InTerritory(ctx, t, resourceID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return r, apperr.Field("ressource", "Cette ressource n'est pas dans la bibliothèque du territoire.")
	}
	if err != nil {
		return r, err
	}
	return r, s.st.Attach(ctx, a.Scope(), t, workshopID, resourceID, s.now())
}

// Detach removes a resource from a workshop's material.
func (s *Service) Detach(ctx context.Context, a *account.Actor, workshopID, resourceID int64) error {
	if _, err := organiser(a); err != nil {
		return err
	}
	return s.st.Detach(ctx, a.Scope(), workshopID, resourceID)
}

// PublicMaterial lists what a published workshop offers residents: its
// resources with an open licence.
func (s *Service) PublicMaterial(ctx context.Context, workshopID int64) ([]resource.Resource, error) {
	return s.st.PublicMaterial(ctx, workshopID)
}

// PublicMaterialFile returns the file of a resource a published workshop offers.
func (s *Service) PublicMaterialFile(ctx context.Context, workshopID, resourceID int64) (resource.Resource, []byte, error) {
	return s.st.PublicMaterialFile(ctx, workshopID, resourceID)
}
