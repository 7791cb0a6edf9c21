// Package partnershipapi serves the API operations of what a territory's
// network shares: the conventions with partners and the actions of the
// action plan, read-only. The coordination reads its territory's; every
// other structure reads the conventions it is party to and the actions it
// leads or co-leads.
package partnershipapi

import (
	"log/slog"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/partnership"
)

// API serves the operations through the application's services.
type API struct {
	app *app.App
	log *slog.Logger
}

// New returns the operations.
func New(ap *app.App, log *slog.Logger) *API { return &API{app: ap, log: log} }

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) { apiio.Fail(a.log, w, r, err) }

// Routes lists this capability's API operations.
func (a *API) Routes() []apiio.Route {
	return []apiio.Route{
		{Pattern: "GET " + apiio.Prefix + "/conventions", OperationID: "listAgreements", Perm: account.PermNetwork, Handler: a.listAgreements},
		{Pattern: "GET " + apiio.Prefix + "/conventions/{id}", OperationID: "getAgreement", Perm: account.PermNetwork, Handler: a.getAgreement},
		{Pattern: "GET " + apiio.Prefix + "/charte", OperationID: "getCharter", Perm: account.PermNetwork, Handler: a.getCharter},
		{Pattern: "GET " + apiio.Prefix + "/plan-action/actions", OperationID: "listPlanActions", Perm: account.PermNetwork, Handler: a.listActions},
		{Pattern: "GET " + apiio.Prefix + "/plan-action/actions/{id}", OperationID: "getPlanAction", Perm: account.PermNetwork, Handler: a.getAction},
	}
}

type partyOut struct {
	StructureID int64  `json:"structure"`
	Name        string `json:"nom"`
}

type agreementOut struct {
	ID         int64      `json:"id"`
	Object     string     `json:"objet"`
	Parties    []partyOut `json:"parties"`
	Partners   []string   `json:"partenaires"`
	StartsOn   string     `json:"debut"`
	EndsOn     string     `json:"fin"`
	CurrentEnd string     `json:"echeance"`
	Tacit      bool       `json:"tacite_reconduction"`
	RemindDays int        `json:"rappel_jours"`
	Status     string     `json:"statut"`
	SignedPDF  bool       `json:"convention_signee"`
}

func parties(list []partnership.Party) []partyOut {
	out := make([]partyOut, len(list))
	for i, p := range list {
		out[i] = partyOut{StructureID: p.StructureID, Name: p.Name}
	}
	return out
}

func (a *API) agreementJSON(g partnership.Agreement) agreementOut {
	today := a.app.Partnerships.Today()
	o := agreementOut{ID: g.ID, Object: g.Object, Parties: parties(g.Parties), Partners: []string{}, StartsOn: g.StartsOn, EndsOn: g.EndsOn,
		CurrentEnd: g.CurrentEnd(today), Tacit: g.Tacit, RemindDays: g.RemindDays, Status: g.Status(today), SignedPDF: g.HasPDF}
	names := g.PartyNames()
	o.Partners = append(o.Partners, names[len(g.Parties):]...)
	return o
}

func (a *API) listAgreements(w http.ResponseWriter, r *http.Request) {
	list, _, err := a.app.Partnerships.Agreements(r.Context(), account.ActorFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := struct {
		Agreements []agreementOut `json:"conventions"`
	}{Agreements: make([]agreementOut, len(list))}
	for i, g := range list {
		out.Agreements[i] = a.agreementJSON(g)
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

func (a *API) getAgreement(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	g, _, err := a.app.Partnerships.Agreement(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, a.agreementJSON(g))
}

type indicatorOut struct {
	ID      int64  `json:"id"`
	Name    string `json:"nom"`
	Target  int    `json:"cible"`
	Current int    `json:"valeur"`
}

type reviewOut struct {
	Date   string `json:"date"`
	Text   string `json:"texte"`
	Before string `json:"statut_avant"`
	After  string `json:"statut_apres"`
}

type actionOut struct {
	ID          int64          `json:"id"`
	ProposalID  int64          `json:"proposition"`
	Title       string         `json:"intitule"`
	Description string         `json:"description"`
	Lead        partyOut       `json:"pilote"`
	CoLeads     []partyOut     `json:"copilotes"`
	Status      string         `json:"statut"`
	Indicators  []indicatorOut `json:"indicateurs"`
	Reviews     []reviewOut    `json:"points_etape,omitempty"`
}

func actionJSON(act partnership.Action) actionOut {
	o := actionOut{ID: act.ID, ProposalID: act.ProposalID, Title: act.Title, Description: act.Description, Lead: partyOut{StructureID: act.LeadID, Name: act.LeadName},
		CoLeads: parties(act.CoLeads), Status: act.Status, Indicators: make([]indicatorOut, len(act.Indicators))}
	for i, ind := range act.Indicators {
		o.Indicators[i] = indicatorOut{ID: ind.ID, Name: ind.Name, Target: ind.Target, Current: ind.Current}
	}
	return o
}

func (a *API) listActions(w http.ResponseWriter, r *http.Request) {
	list, err := a.app.Partnerships.Actions(r.Context(), account.ActorFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	apiio.WriteList(w, "actions", list, actionJSON)
}

func (a *API) getAction(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	act, _, err := a.app.Partnerships.Action(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	o := actionJSON(act)
	o.Reviews = make([]reviewOut, len(act.Reviews))
	for i, v := range act.Reviews {
		o.Reviews[i] = reviewOut{Date: v.On, Text: v.Body, Before: v.StatusBefore, After: v.StatusAfter}
	}
	apiio.WriteJSON(w, http.StatusOK, o)
}

type signatureOut struct {
	StructureID   int64  `json:"structure"`
	StructureName string `json:"nom_structure"`
	SignerName    string `json:"signataire"`
	SignerRole    string `json:"fonction"`
	SignedOn      string `json:"signee_le"`
	Hash          string `json:"empreinte"`
}

type charterOut struct {
	Version     int            `json:"version"`
	PublishedOn string         `json:"publiee_le"`
	Text        string         `json:"texte"`
	Hash        string         `json:"empreinte"`
	Signatures  []signatureOut `json:"signataires"`
}

func (a *API) getCharter(w http.ResponseWriter, r *http.Request) {
	p, err := a.app.Partnerships.Charter(r.Context(), account.ActorFrom(r.Context()))
	if err == nil && p.Current.ID == 0 {
		err = apperr.New(apperr.NotFound, "Le territoire n'a pas encore publié de charte.")
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	c := p.Current
	o := charterOut{Version: c.Version, PublishedOn: c.PublishedOn, Text: c.Body, Hash: c.Hash, Signatures: make([]signatureOut, len(c.Signatures))}
	for i, g := range c.Signatures {
		o.Signatures[i] = signatureOut{StructureID: g.StructureID, StructureName: g.StructureName, SignerName: g.SignerName, SignerRole: g.SignerRole, SignedOn: g.SignedOn, Hash: g.Hash}
	}
	apiio.WriteJSON(w, http.StatusOK, o)
}
