package partnerships

import (
	"context"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/partnership"
	"github.com/parcours-numerique/parcours/internal/scope"
)

// CharterPage is the charter of the actor's territory as it reads it.
type CharterPage struct {
	Current  partnership.CharterVersion // Version 0: none published yet
	Versions []partnership.CharterVersion
	Signed   *partnership.CharterSignature // the actor's structure's signature of the current version
	CanSign  bool                          // it may sign the current version for its structure
	Manage   bool                          // the coordination: publishes new versions
}

// territoryOf is the territory whose charter the actor reads: the one its
// structure belongs to, or the one it coordinates.
func territoryOf(a *account.Actor) (int64, error) {
	if t, err := pilot(a); err == nil {
		id, _, _ := t.ID()
		return id, nil
	}
	if err := a.Require(account.PermNetwork); err != nil {
		return 0, err
	}
	if a.Membership.StructureTerritoryID == 0 {
		return 0, apperr.New(apperr.Conflict, "Votre structure n'est rattachée à aucun territoire : la charte est celle des acteurs d'un territoire. L'administration de la plateforme peut la rattacher.")
	}
	return a.Membership.StructureTerritoryID, nil
}

// Charter returns the current charter of the actor's territory, its
// signatories, and whether the actor's structure signed it; the
// coordination reads every version.
func (s *Service) Charter(ctx context.Context, a *account.Actor) (CharterPage, error) {
	tid, err := territoryOf(a)
	if err != nil {
		return CharterPage{}, err
	}
	var p CharterPage
	if p.Current, _, err = s.st.CurrentCharter(ctx, tid); err != nil {
		return p, err
	}
	if _, err := pilot(a); err == nil {
		p.Manage = true
		if p.Versions, err = s.st.CharterVersions(ctx, scope.OfTerritory(tid)); err != nil {
			return p, err
		}
	}
	for i, g := range p.Current.Signatures {
		if g.StructureID == a.StructureID() {
			p.Signed = &p.Current.Signatures[i]
		}
	}
	p.CanSign = p.Current.ID != 0 && p.Signed == nil && a.Can(account.PermCharterSign) && a.Membership.StructureTerritoryID == tid
	return p, nil
}

// PublishCharter publishes a new version of the charter of the actor's
// territory, dated today; earlier signatures stay with their version.
func (s *Service) PublishCharter(ctx context.Context, a *account.Actor, body string) (partnership.CharterVersion, error) {
	t, err := pilot(a)
	if err != nil {
		return partnership.CharterVersion{}, err
	}
	body, err = partnership.NewCharterText(body)
	if err != nil {
		return partnership.CharterVersion{}, err
	}
	v := partnership.CharterVersion{Body: body, PublishedOn: s.Today()}
	now := s.cfg.Now()
	err = s.st.PublishCharter(ctx, t, &v, entry(a, journal.Create, "Charte des acteurs : nouvelle version publiée", now), now)
	return v, err
}

// SignCharter records that the actor's structure signs a version of its
// territory's charter, with the signer's name and role.
func (s *Service) SignCharter(ctx context.Context, a *account.Actor, versionID int64, name, role, day string, accepted bool) (partnership.CharterSignature, error) {
	if err := a.Require(account.PermCharterSign); err != nil {
		return partnership.CharterSignature{}, err
	}
	// A version of another territory is not found, whatever the form says.
	if err := s.st.CharterVersionFor(ctx, a.Scope(), versionID); err != nil {
		return partnership.CharterSignature{}, err
	}
	g, err := partnership.NewCharterSignature(name, role, day, s.Today(), accepted)
	if err != nil {
		return g, err
	}
	now := s.cfg.Now()
	err = s.st.SignCharter(ctx, a.Scope(), versionID, &g, a.User.ID, entry(a, journal.Create, "Charte des acteurs signée pour la structure", now), now)
	return g, err
}

// PublicCharter is the current charter of a territory (0: the platform's
// first) and the structures that signed it, for anyone: the signer's role
// and the day, never their name. ok is false when none is published.
func (s *Service) PublicCharter(ctx context.Context, territoryID int64) (v partnership.CharterVersion, territory string, ok bool, err error) {
	if territoryID == 0 {
		ts, err := s.st.ListTerritories(ctx)
		if err != nil || len(ts) == 0 {
			return v, "", false, err
		}
		territoryID = ts[0].ID
	}
	t, err := s.st.Territory(ctx, territoryID)
	if err != nil {
		return v, "", false, err
	}
	v, ok, err = s.st.CurrentCharter(ctx, territoryID)
	for i := range v.Signatures {
		v.Signatures[i].SignerName = ""
	}
	return v, t.Name, ok, err
}
