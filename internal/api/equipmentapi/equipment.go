package equipmentapi

// Equipment: a structure's devices, loans with their printed agreement,
// requests, the explained priority list, committee decisions and handovers.

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/equipment"
	equipmentsvc "github.com/parcours-numerique/parcours/internal/service/equipment"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
)

// API serves the equipment's operations through the application's services.
type API struct {
	app *app.App
	log *slog.Logger
}

// New returns the equipment's operations.
func New(ap *app.App, log *slog.Logger) *API { return &API{app: ap, log: log} }

// Fail answers with the API's structured error.
func (a *API) Fail(w http.ResponseWriter, r *http.Request, err error) { apiio.Fail(a.log, w, r, err) }

// Routes lists this capability's API operations.
func (a *API) Routes() []apiio.Route {
	const m = apiio.Prefix + "/materiel"
	return []apiio.Route{
		{Pattern: "GET " + m + "/appareils", OperationID: "listDevices", Perm: account.PermEquipment, Handler: a.listDevices},
		{Pattern: "POST " + m + "/appareils", OperationID: "createDevice", Perm: account.PermEquipment, Handler: a.createDevice},
		{Pattern: "GET " + m + "/appareils/{id}", OperationID: "getDevice", Perm: account.PermEquipment, Handler: a.getDevice},
		{Pattern: "PUT " + m + "/appareils/{id}", OperationID: "replaceDevice", Perm: account.PermEquipment, Handler: a.replaceDevice},
		{Pattern: "PATCH " + m + "/appareils/{id}", OperationID: "updateDevice", Perm: account.PermEquipment, Handler: a.updateDevice},
		{Pattern: "POST " + m + "/prets", OperationID: "createLoan", Perm: account.PermEquipment, Handler: a.createLoan},
		{Pattern: "GET " + m + "/prets/{id}/convention", OperationID: "getLoanAgreement", Perm: account.PermEquipment, Handler: a.getLoanAgreement},
		{Pattern: "POST " + m + "/prets/{id}/signature", OperationID: "signLoanAgreement", Perm: account.PermEquipment, Handler: a.signLoanAgreement},
		{Pattern: "GET " + m + "/prets/{id}/convention-signee", OperationID: "getSignedLoanAgreement", Perm: account.PermEquipment, Handler: a.getSignedLoanAgreement},
		{Pattern: "POST " + m + "/prets/{id}/retour", OperationID: "returnLoan", Perm: account.PermEquipment, Handler: a.returnLoan},
		{Pattern: "POST " + m + "/demandes", OperationID: "createEquipmentRequest", Perm: account.PermEquipment, Handler: a.createEquipmentRequest},
		{Pattern: "GET " + m + "/criteres", OperationID: "getEquipmentCriteria", Perm: account.PermEquipmentCommittee, Handler: a.getEquipmentCriteria},
		{Pattern: "PUT " + m + "/criteres", OperationID: "setEquipmentCriteria", Perm: account.PermEquipmentCommittee, Handler: a.setEquipmentCriteria},
		{Pattern: "GET " + m + "/priorite", OperationID: "getPriorityList", Perm: account.PermEquipmentCommittee, Handler: a.getPriorityList},
		{Pattern: "POST " + m + "/demandes/{id}/decision", OperationID: "decideEquipmentRequest", Perm: account.PermEquipmentCommittee, Handler: a.decideEquipmentRequest},
		{Pattern: "POST " + m + "/demandes/{id}/remise", OperationID: "handOverDevice", Perm: account.PermEquipment, Handler: a.handOverDevice},
	}
}

type deviceIO struct {
	ID           int64  `json:"id,omitempty"`
	Kind         string `json:"type"`
	Model        string `json:"modele"`
	Origin       string `json:"origine"`
	OriginDetail string `json:"origine_detail"`
	Serial       string `json:"numero_serie"`
	IMEI         string `json:"imei"`
	Condition    string `json:"etat"`
	Grade        string `json:"grade"`
	Accessories  string `json:"accessoires"`
	Location     string `json:"emplacement"`
	Status       string `json:"statut,omitempty"`
	Retired      string `json:"motif_reforme"`
	PublicPlace  *int64 `json:"libre_acces_lieu"`
}

func deviceJSON(d equipment.Device) deviceIO {
	return deviceIO{ID: d.ID, Kind: d.Kind, Model: d.Model, Origin: d.Origin, OriginDetail: d.OriginDetail, Serial: d.Serial, IMEI: d.IMEI,
		Condition: d.Condition, Grade: d.Grade, Accessories: d.Accessories, Location: d.Location, Status: d.Status, Retired: d.RetiredReason, PublicPlace: nullInt(d.PublicPlaceID)}
}

func (a *API) listDevices(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "statut"); err != nil {
		a.Fail(w, r, err)
		return
	}
	list, err := a.app.Equipment.Devices(r.Context(), account.ActorFrom(r.Context()), r.URL.Query().Get("statut"))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := make([]deviceIO, 0, len(list))
	for _, d := range list {
		out = append(out, deviceJSON(d))
	}
	apiio.WriteJSON(w, http.StatusOK, map[string]any{"appareils": out})
}

func (a *API) createDevice(w http.ResponseWriter, r *http.Request) {
	var in deviceIO
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	d, err := a.app.Equipment.AddDevice(r.Context(), account.ActorFrom(r.Context()), equipment.Device{Kind: in.Kind, Model: in.Model, Origin: in.Origin,
		OriginDetail: in.OriginDetail, Serial: in.Serial, IMEI: in.IMEI, Condition: in.Condition, Grade: in.Grade, Accessories: in.Accessories, Location: in.Location})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, deviceJSON(d))
}

func (a *API) getDevice(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	d, err := a.app.Equipment.Device(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, deviceJSON(d))
}

// devicePatch is an edit of a device: absent fields keep their value.
type devicePatch struct {
	Kind         *string `json:"type"`
	Model        *string `json:"modele"`
	Origin       *string `json:"origine"`
	OriginDetail *string `json:"origine_detail"`
	Serial       *string `json:"numero_serie"`
	IMEI         *string `json:"imei"`
	Condition    *string `json:"etat"`
	Grade        *string `json:"grade"`
	Accessories  *string `json:"accessoires"`
	Location     *string `json:"emplacement"`
	Status       *string `json:"statut"`
	Retired      *string `json:"motif_reforme"`
	PublicPlace  *int64  `json:"libre_acces_lieu"`
}

func (a *API) editDevice(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in devicePatch
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	d, err := a.app.Equipment.UpdateDevice(r.Context(), account.ActorFrom(r.Context()), id, equipmentsvc.DeviceChange{Kind: in.Kind, Model: in.Model,
		Origin: in.Origin, OriginDetail: in.OriginDetail, Serial: in.Serial, IMEI: in.IMEI, Condition: in.Condition, Grade: in.Grade,
		Accessories: in.Accessories, Location: in.Location, Status: in.Status, RetiredReason: in.Retired, PublicPlaceID: in.PublicPlace})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, deviceJSON(d))
}

// replaceDevice saves a whole device (the document requires every field);
// updateDevice changes only the fields sent.
func (a *API) replaceDevice(w http.ResponseWriter, r *http.Request) { a.editDevice(w, r) }
func (a *API) updateDevice(w http.ResponseWriter, r *http.Request)  { a.editDevice(w, r) }

func loanJSON(l equipmentstore.LoanWithPhone) map[string]any {
	return map[string]any{"id": l.ID, "appareil": l.DeviceID, "appareil_libelle": l.DeviceLabel, "emprunteur": l.BorrowerName,
		"debut": l.StartsOn, "retour_prevu": l.DueOn, "caution_centimes": l.DepositCents, "convention_signee": !l.AgreementSignedAt.IsZero(),
		"signature": nullString(l.AgreementSignature), "signee_le": apiio.RFC3339OrNull(l.AgreementSignedAt),
		"rendu_le": nullString(l.ReturnedOn), "etat_retour": nullString(l.ReturnCondition)}
}

func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (a *API) createLoan(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Device  int64  `json:"appareil"`
		Person  int64  `json:"personne"`
		Partner int64  `json:"structure_partenaire"`
		Start   string `json:"debut"`
		Due     string `json:"retour_prevu"`
		Deposit int    `json:"caution_centimes"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	l, err := a.app.Equipment.Lend(r.Context(), account.ActorFrom(r.Context()), equipment.Loan{DeviceID: in.Device, PersonID: in.Person, PartnerStructureID: in.Partner,
		StartsOn: in.Start, DueOn: in.Due, DepositCents: in.Deposit})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, loanJSON(l))
}

func (a *API) getLoanAgreement(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	a.document(w, r, "convention-pret-"+strconv.FormatInt(id, 10)+".pdf", "application/pdf", func() ([]byte, error) {
		return a.app.Equipment.Agreement(r.Context(), account.ActorFrom(r.Context()), id)
	})
}

func (a *API) signLoanAgreement(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Paper bool `json:"papier"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	l, err := a.app.Equipment.SignAgreement(r.Context(), account.ActorFrom(r.Context()), id, nil, in.Paper)
	if err != nil {
		a.Fail(w, r, apiio.RenameFields(err, map[string]string{"scan": "papier"}))
		return
	}
	apiio.WriteJSON(w, http.StatusOK, loanJSON(l))
}

func (a *API) getSignedLoanAgreement(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	b, typ, err := a.app.Equipment.AgreementScan(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	ext := map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[typ]
	w.Header().Set("X-Content-Type-Options", "nosniff")
	a.document(w, r, "convention-signee-"+strconv.FormatInt(id, 10)+ext, typ, func() ([]byte, error) { return b, nil })
}

func (a *API) returnLoan(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Condition string `json:"etat_retour"`
		Note      string `json:"remarque"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	if err := a.app.Equipment.Return(r.Context(), account.ActorFrom(r.Context()), id, in.Condition, in.Note); err != nil {
		a.Fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func requestJSON(q equipment.Request) map[string]any {
	return map[string]any{"id": q.ID, "personne": q.PersonID, "type": q.Kind, "statut": q.Status, "demandee_le": apiio.RFC3339(q.RequestedAt),
		"appareil": nullInt(q.DeviceID), "motifs": nullString(q.Decision), "rang_a_la_decision": nullInt(int64(q.RankAtDecision)),
		"explication": nullString(q.Explanation), "remise_le": apiio.RFC3339OrNull(q.HandedOverAt)}
}

func nullInt(n int64) *int64 {
	if n == 0 {
		return nil
	}
	return &n
}

func (a *API) createEquipmentRequest(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Person          int64  `json:"personne"`
		Kind            string `json:"type"`
		NoDevice        bool   `json:"sans_equipement"`
		MinimumBenefits bool   `json:"minima_sociaux"`
		Household       int    `json:"taille_foyer"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	q, err := a.app.Equipment.AddRequest(r.Context(), account.ActorFrom(r.Context()), equipmentsvc.NewRequest{PersonID: in.Person, Kind: in.Kind,
		NoDevice: in.NoDevice, MinimumBenefits: in.MinimumBenefits, HouseholdSize: in.Household})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, requestJSON(q))
}

type criterionIO struct {
	Code    string `json:"critere"`
	Label   string `json:"libelle,omitempty"`
	Enabled bool   `json:"actif"`
	Points  int    `json:"points"`
	Param   int    `json:"seuil"`
}

func (a *API) writeCriteria(w http.ResponseWriter, r *http.Request) {
	cs, err := a.app.Equipment.Criteria(r.Context(), account.ActorFrom(r.Context()))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := make([]criterionIO, 0, len(cs))
	for _, c := range cs {
		out = append(out, criterionIO{Code: c.Code, Label: equipment.CriterionLabel(c), Enabled: c.Enabled, Points: c.Points, Param: c.Param})
	}
	apiio.WriteJSON(w, http.StatusOK, map[string]any{"criteres": out})
}

func (a *API) getEquipmentCriteria(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r); err != nil {
		a.Fail(w, r, err)
		return
	}
	a.writeCriteria(w, r)
}

func (a *API) setEquipmentCriteria(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Criteria []criterionIO `json:"criteres"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	cs := make([]equipment.Criterion, 0, len(in.Criteria))
	for _, c := range in.Criteria {
		cs = append(cs, equipment.Criterion{Code: c.Code, Enabled: c.Enabled, Points: c.Points, Param: c.Param})
	}
	if err := a.app.Equipment.SetCriteria(r.Context(), account.ActorFrom(r.Context()), cs); err != nil {
		a.Fail(w, r, err)
		return
	}
	a.writeCriteria(w, r)
}

func (a *API) getPriorityList(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "type"); err != nil {
		a.Fail(w, r, err)
		return
	}
	list, err := a.app.Equipment.PriorityList(r.Context(), account.ActorFrom(r.Context()), r.URL.Query().Get("type"))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	type scoredOut struct {
		Code   string `json:"critere"`
		Label  string `json:"libelle"`
		Points int    `json:"points"`
	}
	type rankOut struct {
		Rank        int         `json:"rang"`
		Request     int64       `json:"demande"`
		Person      int64       `json:"personne"`
		Name        string      `json:"nom"`
		Score       int         `json:"points"`
		Scored      []scoredOut `json:"criteres"`
		TieBreak    *string     `json:"departage"`
		Explanation string      `json:"explication"`
	}
	out := make([]rankOut, 0, len(list))
	for _, rk := range list {
		o := rankOut{Rank: rk.Rank, Request: rk.Request.ID, Person: rk.Request.PersonID, Name: rk.Request.PersonName, Score: rk.Score,
			Scored: []scoredOut{}, TieBreak: nullString(rk.TieBreak), Explanation: rk.Explanation()}
		for _, s := range rk.Scored {
			o.Scored = append(o.Scored, scoredOut{Code: s.Code, Label: s.Label, Points: s.Points})
		}
		out = append(out, o)
	}
	apiio.WriteJSON(w, http.StatusOK, map[string]any{"liste": out})
}

func (a *API) decideEquipmentRequest(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Granted bool   `json:"attribuee"`
		Device  int64  `json:"appareil"`
		Reasons string `json:"motifs"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	q, err := a.app.Equipment.Decide(r.Context(), account.ActorFrom(r.Context()), equipmentsvc.CommitteeDecision{RequestID: id, Granted: in.Granted, DeviceID: in.Device, Reasons: in.Reasons})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, requestJSON(q))
}

func (a *API) handOverDevice(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Signed bool `json:"signee"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	q, err := a.app.Equipment.HandOver(r.Context(), account.ActorFrom(r.Context()), id, in.Signed)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, requestJSON(q))
}

// onlyParams refuses the query parameters the operation does not know,
// naming them (the document cannot refuse them).
func onlyParams(r *http.Request, known ...string) error {
	var v apperr.Validation
	for k := range r.URL.Query() {
		found := false
		for _, n := range known {
			found = found || n == k
		}
		if !found {
			v.Add(k, "Paramètre inconnu « "+k+" » : "+strings.Join(known, ", ")+".")
		}
	}
	return v.Err()
}

// document streams a generated file as an attachment.
func (a *API) document(w http.ResponseWriter, r *http.Request, name, contentType string, build func() ([]byte, error)) {
	b, err := build()
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}
