// Package passes holds the use cases of the Pass numérique: a funder records
// its carnets (typed, or from the issuer's list: all lines or none) and
// allocates them to distributor structures; a distributor hands a carnet to
// one of its persons with the eligibility criteria; a qualified place
// redeems each pass once and prints its monthly statement; the funder and
// the bilans read the figures. Web pages and the API call these methods.
package passes

import (
	"context"
	"errors"
	"io"
	"slices"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/pass"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/store/passstore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Service is the Pass numérique's use cases.
type Service struct {
	st     *passstore.Store
	places *placestore.Store // the places it names
	now    func() time.Time
}

// New returns the service; now is its clock (nil: time.Now).
func New(st *passstore.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, places: placestore.New(st.Store), now: now}
}

func (s *Service) today() string { return s.now().In(frtime.Paris).Format("2006-01-02") }

// RecordCarnet records a carnet typed by the funder.
func (s *Service) RecordCarnet(ctx context.Context, a *account.Actor, in pass.NewCarnet) (pass.Carnet, error) {
	if err := a.Require(account.PermPassFund); err != nil {
		return pass.Carnet{}, err
	}
	if err := in.Check(); err != nil {
		return pass.Carnet{}, err
	}
	carnets, numbers, err := s.st.RecordedPassNumbers(ctx, a.Scope(), []string{in.Identifier}, in.Numbers)
	if err != nil {
		return pass.Carnet{}, err
	}
	var v apperr.Validation
	if carnets[in.Identifier] {
		v.Add("carnet", "Ce carnet est déjà enregistré.")
	}
	for _, n := range in.Numbers {
		if numbers[n] {
			v.Add("passes", "Le pass "+n+" est déjà enregistré dans un autre carnet.")
		}
	}
	if err := v.Err(); err != nil {
		return pass.Carnet{}, err
	}
	ids, err := s.st.CreateCarnets(ctx, a.Scope(), []pass.NewCarnet{in}, pass.Typed, s.now())
	if err != nil {
		return pass.Carnet{}, err
	}
	return s.st.Carnet(ctx, a.Scope(), ids[0])
}

// Import is the outcome of an issuer's list: every line with its result;
// Recorded is 0 unless every line was accepted.
type Import struct {
	List     pass.IssuerList
	Recorded int // carnets recorded
}

// ImportIssuerList records the carnets of the issuer's list, all of them or
// none: a single refused line leaves the database untouched, and the
// report says why for each line.
func (s *Service) ImportIssuerList(ctx context.Context, a *account.Actor, r io.Reader) (Import, error) {
	if err := a.Require(account.PermPassFund); err != nil {
		return Import{}, err
	}
	list, err := pass.ReadIssuerList(r)
	if errors.Is(err, pass.ErrUnreadable) {
		return Import{}, apperr.Wrap(apperr.Invalid, "Ce fichier n'est pas une liste de pass lisible : il faut un fichier CSV avec les colonnes carnet, pass et fin_validite.", err)
	}
	if err != nil {
		return Import{}, err
	}
	cs, ns := list.Numbers()
	carnets, numbers, err := s.st.RecordedPassNumbers(ctx, a.Scope(), cs, ns)
	if err != nil {
		return Import{}, err
	}
	list.MarkRecorded(carnets, numbers)
	out := Import{List: list}
	if list.Refused() > 0 {
		return out, nil
	}
	ids, err := s.st.CreateCarnets(ctx, a.Scope(), list.Carnets, pass.FromImport, s.now())
	out.Recorded = len(ids)
	return out, err
}

// Carnets lists the carnets the actor's structure funded (funder) or those
// allocated to it (distributor).
func (s *Service) Carnets(ctx context.Context, a *account.Actor, asDistributor bool) ([]pass.Carnet, error) {
	perm := account.PermPassFund
	if asDistributor {
		perm = account.PermPassDistribute
	}
	if err := a.Require(perm); err != nil {
		return nil, err
	}
	return s.st.Carnets(ctx, a.Scope(), passstore.CarnetFilter{Distributor: asDistributor})
}

// Carnet returns a carnet the actor's structure funded or distributes.
func (s *Service) Carnet(ctx context.Context, a *account.Actor, id int64) (pass.Carnet, error) {
	if !a.Can(account.PermPassFund) && !a.Can(account.PermPassDistribute) {
		return pass.Carnet{}, a.Require(account.PermPassFund)
	}
	return s.st.Carnet(ctx, a.Scope(), id)
}

// Allocate gives carnets of the funder to a distributor structure of its
// territory.
func (s *Service) Allocate(ctx context.Context, a *account.Actor, carnetIDs []int64, distributorID int64) (int, error) {
	if err := a.Require(account.PermPassFund); err != nil {
		return 0, err
	}
	if len(carnetIDs) == 0 {
		return 0, apperr.Field("carnets", "Choisissez au moins un carnet.")
	}
	funder, err := s.st.Structure(ctx, a.StructureID())
	if err != nil {
		return 0, err
	}
	d, err := s.st.Structure(ctx, distributorID)
	if err != nil || (funder.TerritoryID != 0 && d.TerritoryID != funder.TerritoryID) {
		return 0, apperr.Field("distributeur", "Choisissez une structure distributrice de votre territoire.")
	}
	return s.st.AllocateCarnets(ctx, a.Scope(), carnetIDs, distributorID, s.now())
}

// Handover is a carnet handed to a person.
type Handover struct {
	CarnetID int64
	PersonID int64
	Criteria []string // values of pass.Eligibility, at least one
}

// Distribute hands a carnet allocated to the actor's structure to one of
// its persons, records the eligibility criteria and journals it.
func (s *Service) Distribute(ctx context.Context, a *account.Actor, in Handover) error {
	if err := a.Require(account.PermPassDistribute); err != nil {
		return err
	}
	var v apperr.Validation
	if len(in.Criteria) == 0 {
		v.Add("criteres", "Cochez au moins un critère d'éligibilité.")
	}
	for _, c := range in.Criteria {
		if !pass.Eligibility.Has(c) {
			v.Add("criteres", "Critère inconnu : "+c+".")
		}
	}
	if in.PersonID <= 0 {
		v.Add("personne", "Choisissez la personne à qui le carnet est remis.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	c, err := s.st.Carnet(ctx, a.Scope(), in.CarnetID)
	if err != nil {
		return err
	}
	j := journal.By(a, journal.Update, "Carnet Pass numérique "+c.Identifier+" remis ("+pass.Eligibility.Labels(in.Criteria)+")")
	return s.st.DistributeCarnet(ctx, a.Scope(), in.CarnetID, in.PersonID, in.Criteria, a.User.ID, j, s.now())
}

// QualifiedPlaces lists the actor's structure's places that accept passes.
func (s *Service) QualifiedPlaces(ctx context.Context, a *account.Actor) ([]place.Place, error) {
	if err := a.Require(account.PermPassRedeem); err != nil {
		return nil, err
	}
	all, err := s.places.StructurePlaces(ctx, a.Scope())
	return slices.DeleteFunc(all, func(p place.Place) bool { return !pass.AcceptsPass(p) }), err
}

// Redeem is a pass presented at a place.
type Redeem struct {
	PlaceID int64
	Number  string
	Theme   string // a theme of the activity report
}

// Redeem marks a pass as used at one of the actor's structure's places that
// accept passes. A pass is never redeemed twice.
func (s *Service) Redeem(ctx context.Context, a *account.Actor, in Redeem) (pass.Pass, error) {
	if err := a.Require(account.PermPassRedeem); err != nil {
		return pass.Pass{}, err
	}
	var v apperr.Validation
	number := pass.NormalizeNumber(in.Number)
	if !pass.ValidNumber(number) {
		v.Add("numero", "Saisissez le numéro imprimé sur le pass, lettres et chiffres.")
	}
	if !vocab.List(activity.Themes).Has(in.Theme) {
		v.Add("theme", "Choisissez le thème de l'accompagnement payé par ce pass.")
	}
	p, err := s.places.StructurePlace(ctx, a.Scope(), in.PlaceID)
	if err != nil || !pass.AcceptsPass(p) {
		v.Add("lieu", "Choisissez un lieu de votre structure qui accepte le Pass numérique.")
	}
	if err := v.Err(); err != nil {
		return pass.Pass{}, err
	}
	return s.st.RedeemPass(ctx, a.Scope(), passstore.Redemption{Number: number, Place: p, Theme: in.Theme, UserID: a.User.ID}, s.now())
}

// Statement returns the passes redeemed in a month (YYYY-MM) at the
// actor's structure's places, or at one of them (placeID not 0).
func (s *Service) Statement(ctx context.Context, a *account.Actor, placeID int64, month string) (pass.Statement, error) {
	if err := a.Require(account.PermPassRedeem); err != nil {
		return pass.Statement{}, err
	}
	m, err := time.ParseInLocation("2006-01", month, frtime.Paris)
	if err != nil {
		return pass.Statement{}, apperr.Field("mois", "Choisissez le mois, par exemple 2026-03.")
	}
	st, err := s.st.Structure(ctx, a.StructureID())
	if err != nil {
		return pass.Statement{}, err
	}
	out := pass.Statement{StructureName: st.Name, Month: month}
	if placeID != 0 {
		p, err := s.places.StructurePlace(ctx, a.Scope(), placeID)
		if err != nil {
			return out, err
		}
		out.PlaceName = p.Name
	}
	out.Lines, err = s.st.PassStatement(ctx, a.Scope(), placeID, m)
	return out, err
}

// ThemeLabel names a theme of the activity report.
func ThemeLabel(v string) string {
	if v == "" {
		return "Non précisé"
	}
	return vocab.List(activity.Themes).Label(v)
}

// Figures counts the carnets the actor's structure funded: issued,
// allocated, distributed, started, passes used by place and theme, expired
// unused. Counts only, never persons.
func (s *Service) Figures(ctx context.Context, a *account.Actor) (pass.Figures, error) {
	if err := a.Require(account.PermPassFund); err != nil {
		return pass.Figures{}, err
	}
	f, err := s.st.PassFigures(ctx, a.Scope(), s.today())
	return labelled(f), err
}

// TerritoryFigures counts the carnets funded by every structure of the
// territory the actor coordinates (every structure for the platform), for
// the bilans. Counts only.
func (s *Service) TerritoryFigures(ctx context.Context, a *account.Actor) (pass.Figures, error) {
	t, ok := a.TerritoryScope()
	if !ok {
		return pass.Figures{}, a.Require(account.PermViewTerritory)
	}
	f, err := s.st.PassFiguresInTerritory(ctx, t, s.today())
	return labelled(f), err
}

func labelled(f pass.Figures) pass.Figures {
	for i, c := range f.ByTheme {
		f.ByTheme[i].Label = ThemeLabel(c.Key)
	}
	for i, c := range f.ByPlace {
		if c.Label == "" {
			f.ByPlace[i].Label = "Lieu n° " + c.Key
		}
	}
	return f
}
