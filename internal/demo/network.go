package demo

import (
	"context"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/network"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/networkstore"
)

// loadNetwork lists the coordinator and the partner in the directory and
// posts a news item for the next letter.
func loadNetwork(ctx context.Context, st *store.Store, t *Territory) error {
	for _, l := range []struct {
		role      account.Role
		structure string
		listing   network.Listing
	}{
		{account.RoleCoordination, CCAS, network.Listing{Function: "coordinatrice du réseau d'inclusion numérique", Phone: "+33546990010", ShowEmail: true}},
		{account.RolePartner, FranceServices, network.Listing{Function: "conseiller France Services", Phone: "+33546990020"}},
	} {
		l.listing.UserID = t.Users[l.role]
		if err := networkstore.New(st).SetDirectoryListing(ctx, scope.OfStructure(t.Structures[l.structure]), l.listing, t.Now); err != nil {
			return err
		}
	}
	n := network.News{Title: "Formation des aidants numériques", Author: "Camille Coordinatrice",
		Body: "Deux journées pour les agents d'accueil et les bénévoles : repérer une personne en difficulté avec le numérique et l'orienter. Inscriptions auprès du CCAS."}
	return networkstore.New(st).CreateNews(ctx, scope.OfTerritory(t.ID), &n, t.Now.AddDate(0, 0, -3))
}
