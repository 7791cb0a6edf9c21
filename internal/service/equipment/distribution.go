package equipment

import (
	"context"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
)

// Criteria returns the structure's distribution criteria.
func (s *Service) Criteria(ctx context.Context, a *account.Actor) ([]equipment.Criterion, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return nil, err
	}
	return s.st.EquipmentCriteria(ctx, a.Scope())
}

// SetCriteria replaces the structure's distribution criteria, which the
// priority list then uses; the committee sets them. Journaled with the
// criteria that count and their weight.
func (s *Service) SetCriteria(ctx context.Context, a *account.Actor, cs []equipment.Criterion) error {
	if err := a.Require(account.PermEquipmentCommittee); err != nil {
		return err
	}
	if err := equipment.ValidateCriteria(cs); err != nil {
		return err
	}
	var counted []string
	for _, c := range cs {
		if c.Enabled && c.Points > 0 {
			counted = append(counted, equipment.CriterionLabel(c)+" ("+strconv.Itoa(c.Points)+")")
		}
	}
	j := journal.By(a, journal.Update, "Critères de distribution du matériel : "+strings.Join(counted, ", "))
	return s.st.SetEquipmentCriteria(ctx, a.Scope(), cs, j, s.now())
}

// NewRequest is a person's request for a device and the situation they
// declare.
type NewRequest struct {
	PersonID        int64
	Kind            string
	NoDevice        bool
	MinimumBenefits bool
	HouseholdSize   int
}

// AddRequest records a request of a person of the structure, journaled.
func (s *Service) AddRequest(ctx context.Context, a *account.Actor, in NewRequest) (equipment.Request, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return equipment.Request{}, err
	}
	var v apperr.Validation
	if !equipment.Kinds.Has(in.Kind) {
		v.Add("type", "Choisissez le type d'appareil demandé.")
	}
	if in.HouseholdSize < 0 || in.HouseholdSize > 20 {
		v.Add("taille_foyer", "Le foyer compte de 1 à 20 personnes (0 : non renseigné).")
	}
	if in.PersonID <= 0 {
		v.Add("personne", "Choisissez la personne qui demande un appareil.")
	}
	if err := v.Err(); err != nil {
		return equipment.Request{}, err
	}
	r := equipment.Request{PersonID: in.PersonID, Kind: in.Kind, NoDevice: in.NoDevice, MinimumBenefits: in.MinimumBenefits, HouseholdSize: in.HouseholdSize}
	j := journal.By(a, journal.Create, "Demande de matériel : "+strings.ToLower(equipment.Kinds.Label(in.Kind)))
	if err := s.st.CreateEquipmentRequest(ctx, a.Scope(), &r, j, s.now()); err != nil {
		return r, err
	}
	return s.st.EquipmentRequest(ctx, a.Scope(), r.ID)
}

// PriorityList ranks the waiting requests for one kind of device on the
// structure's criteria; every rank carries the criteria that scored. Names
// are shown: journaled.
func (s *Service) PriorityList(ctx context.Context, a *account.Actor, kind string) ([]equipment.Ranked, error) {
	if err := a.Require(account.PermEquipmentCommittee); err != nil {
		return nil, err
	}
	if !equipment.Kinds.Has(kind) {
		return nil, apperr.Field("type", "Choisissez le type d'appareil.")
	}
	cs, err := s.st.EquipmentCriteria(ctx, a.Scope())
	if err != nil {
		return nil, err
	}
	reqs, err := s.st.EquipmentRequests(ctx, a.Scope(), kind, equipment.Waiting)
	if err != nil {
		return nil, err
	}
	ranked := equipment.Rank(reqs, cs, s.now())
	return ranked, s.addJournal(ctx, a, journal.By(a, journal.List, "Liste de priorité : "+strings.ToLower(equipment.Kinds.Label(kind))))
}

// Request returns a request of the structure.
func (s *Service) Request(ctx context.Context, a *account.Actor, id int64) (equipment.Request, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return equipment.Request{}, err
	}
	return s.st.EquipmentRequest(ctx, a.Scope(), id)
}

// Requests lists the structure's requests, of one status when status is not "".
func (s *Service) Requests(ctx context.Context, a *account.Actor, status string) ([]equipment.Request, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return nil, err
	}
	list, err := s.st.EquipmentRequests(ctx, a.Scope(), "", status)
	if err != nil {
		return nil, err
	}
	return list, s.addJournal(ctx, a, journal.By(a, journal.List, "Liste des demandes de matériel"))
}

// CommitteeDecision is what the committee decided about a waiting request.
type CommitteeDecision struct {
	RequestID int64
	Granted   bool
	DeviceID  int64  // the device given, when granted
	Reasons   string // always required; the list's rank is recorded beside them
}

// Decide records the committee's decision with its reasons and the rank
// and explanation the request had in the priority list at that moment; a
// grant reserves the device until the handover.
func (s *Service) Decide(ctx context.Context, a *account.Actor, in CommitteeDecision) (equipment.Request, error) {
	if err := a.Require(account.PermEquipmentCommittee); err != nil {
		return equipment.Request{}, err
	}
	reasons := strings.TrimSpace(in.Reasons)
	var v apperr.Validation
	if len(reasons) < 10 || len(reasons) > 2000 {
		v.Add("motifs", "Écrivez les raisons de la décision du comité (10 à 2 000 caractères).")
	}
	if in.Granted && in.DeviceID <= 0 {
		v.Add("appareil", "Choisissez l'appareil attribué.")
	}
	if err := v.Err(); err != nil {
		return equipment.Request{}, err
	}
	r, err := s.st.EquipmentRequest(ctx, a.Scope(), in.RequestID)
	if err != nil {
		return r, err
	}
	ranked, err := s.PriorityList(ctx, a, r.Kind)
	if err != nil {
		return r, err
	}
	d := equipmentstore.Decision{RequestID: r.ID, Granted: in.Granted, Reasons: reasons, UserID: a.User.ID}
	if in.Granted {
		d.DeviceID = in.DeviceID
	}
	for _, rk := range ranked {
		if rk.Request.ID == r.ID {
			d.Rank, d.Explanation = rk.Rank, rk.Explanation()
		}
	}
	what := "Décision du comité : demande refusée"
	if in.Granted {
		what = "Décision du comité : appareil attribué"
	}
	if err := s.st.DecideEquipmentRequest(ctx, a.Scope(), d, journal.By(a, journal.Update, what), s.now()); err != nil {
		return r, err
	}
	return s.st.EquipmentRequest(ctx, a.Scope(), r.ID)
}

// HandOver records that the person signed for the device granted to them.
func (s *Service) HandOver(ctx context.Context, a *account.Actor, requestID int64, signed bool) (equipment.Request, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return equipment.Request{}, err
	}
	if !signed {
		return equipment.Request{}, apperr.Field("signature", "La remise se fait contre signature : cochez la case quand la personne a signé.")
	}
	if err := s.st.HandOverDevice(ctx, a.Scope(), requestID, journal.By(a, journal.Update, "Appareil remis contre signature"), s.now()); err != nil {
		return equipment.Request{}, err
	}
	return s.st.EquipmentRequest(ctx, a.Scope(), requestID)
}
