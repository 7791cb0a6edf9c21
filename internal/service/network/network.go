// Package network holds the use cases of the directory of the territory's
// actors: every staff member reads the directory of their structure's
// territory, and chooses whether, and how, they appear in it.
package network

import (
	"context"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/network"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/networkstore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// Service is the directory's use cases.
type Service struct {
	st     *networkstore.Store
	places *placestore.Store // the places it names
	now    func() time.Time
	letter LetterConfig
}

// New returns the service.
func New(st *networkstore.Store, now func() time.Time, letter LetterConfig) *Service {
	if now == nil {
		now = time.Now
	}
	letter.BaseURL = strings.TrimRight(letter.BaseURL, "/")
	return &Service{st: st, places: placestore.New(st.Store), now: now, letter: letter}
}

// Directory is the directory of one territory, as a search found it.
type Directory struct {
	Territory string
	Query     string
	Entries   []network.Entry
	Total     int // structures of the territory, before the search
	At        time.Time
}

// Directory returns the structures of the actor's territory with their open
// places and the staff members who agreed to be listed; query narrows it.
func (s *Service) Directory(ctx context.Context, a *account.Actor, query string) (Directory, error) {
	if err := a.Require(account.PermNetwork); err != nil {
		return Directory{}, err
	}
	tid := a.Membership.StructureTerritoryID
	if tid == 0 {
		return Directory{}, apperr.New(apperr.Conflict, "Votre structure n'est rattachée à aucun territoire : l'annuaire est celui des acteurs d'un territoire. L'administration de la plateforme peut la rattacher.")
	}
	t, err := s.st.Territory(ctx, tid)
	if err != nil {
		return Directory{}, err
	}
	// The directory shows every structure of the actor's territory: what a
	// professional of the network may know of the others (no person, no
	// figure), whatever their role.
	tc := scope.OfTerritory(tid)
	structures, err := s.st.ListStructuresInTerritory(ctx, tc, "")
	if err != nil {
		return Directory{}, err
	}
	all, err := s.places.PlacesInTerritory(ctx, tc)
	if err != nil {
		return Directory{}, err
	}
	var open []place.Place
	for _, p := range all {
		if p.Status == place.StatusOpen {
			open = append(open, p)
		}
	}
	listings, err := s.st.DirectoryListingsInTerritory(ctx, tc)
	if err != nil {
		return Directory{}, err
	}
	query = strings.TrimSpace(query)
	return Directory{
		Territory: t.Name,
		Query:     query,
		Entries:   network.Build(structures, open, listings, query),
		Total:     len(structures),
		At:        s.now(),
	}, nil
}

// MyListing returns the actor's listing in the structure they act for; ok
// is false when they are not listed.
func (s *Service) MyListing(ctx context.Context, a *account.Actor) (network.Listing, bool, error) {
	if err := a.Require(account.PermNetwork); err != nil {
		return network.Listing{}, false, err
	}
	return s.st.DirectoryListing(ctx, a.Scope(), a.User.ID)
}

// SetMyListing lists the actor in the directory with what they chose to
// show, or takes them out of it when listed is false.
func (s *Service) SetMyListing(ctx context.Context, a *account.Actor, listed bool, in network.ListingInput) error {
	if err := a.Require(account.PermNetwork); err != nil {
		return err
	}
	if !listed {
		return s.st.RemoveDirectoryListing(ctx, a.Scope(), a.User.ID)
	}
	in, err := in.Normalize()
	if err != nil {
		return err
	}
	return s.st.SetDirectoryListing(ctx, a.Scope(), network.Listing{
		UserID: a.User.ID, Function: in.Function, Phone: in.Phone, ShowEmail: in.ShowEmail,
	}, s.now())
}
