package api

// Pass numérique: a funder's carnets and figures, a distributor's
// handovers, a qualified place's redemptions and monthly statements.

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/pass"
	"github.com/parcours-numerique/parcours/internal/service/passes"
)

// passRoutes lists this capability's API operations.
func (a *API) passRoutes() []Route {
	const p = Prefix + "/pass"
	return []Route{
		{Pattern: "GET " + p + "/carnets", OperationID: "listPassCarnets", Perm: account.PermPassFund, Handler: a.listPassCarnets},
		{Pattern: "POST " + p + "/carnets", OperationID: "createPassCarnet", Perm: account.PermPassFund, Handler: a.createPassCarnet},
		{Pattern: "POST " + p + "/imports", OperationID: "importPassList", Perm: account.PermPassFund, Handler: a.importPassList},
		{Pattern: "POST " + p + "/carnets/{id}/attribution", OperationID: "allocatePassCarnet", Perm: account.PermPassFund, Handler: a.allocatePassCarnet},
		{Pattern: "GET " + p + "/chiffres", OperationID: "getPassFigures", Perm: account.PermPassFund, Handler: a.getPassFigures},
		{Pattern: "GET " + p + "/carnets-recus", OperationID: "listReceivedPassCarnets", Perm: account.PermPassDistribute, Handler: a.listReceivedPassCarnets},
		{Pattern: "POST " + p + "/carnets/{id}/remise", OperationID: "distributePassCarnet", Perm: account.PermPassDistribute, Handler: a.distributePassCarnet},
		{Pattern: "POST " + p + "/encaissements", OperationID: "redeemPass", Perm: account.PermPassRedeem, Handler: a.redeemPass},
		{Pattern: "GET " + p + "/releves/{mois}", OperationID: "getPassStatement", Perm: account.PermPassRedeem, Handler: a.getPassStatement},
	}
}

type carnetOut struct {
	ID            int64    `json:"id"`
	Identifier    string   `json:"carnet"`
	Funder        string   `json:"financeur"`
	ValidUntil    string   `json:"fin_validite"`
	Passes        int      `json:"pass"`
	Redeemed      int      `json:"pass_utilises"`
	Source        string   `json:"origine"`
	Distributor   *string  `json:"distributeur"`
	Distributed   bool     `json:"remis"`
	Criteria      []string `json:"criteres"`
	DistributedAt *string  `json:"remis_le"`
}

func carnetJSON(c pass.Carnet) carnetOut {
	out := carnetOut{ID: c.ID, Identifier: c.Identifier, Funder: c.FunderName, ValidUntil: c.ValidUntil, Passes: c.Count, Redeemed: c.Redeemed,
		Source: c.Source, Distributed: c.Distributed(), Criteria: c.Criteria, DistributedAt: apiio.RFC3339OrNull(c.DistributedAt)}
	if c.DistributorName != "" {
		out.Distributor = &c.DistributorName
	}
	if out.Criteria == nil {
		out.Criteria = []string{}
	}
	return out
}

func carnetsJSON(list []pass.Carnet) []carnetOut {
	out := make([]carnetOut, 0, len(list))
	for _, c := range list {
		out = append(out, carnetJSON(c))
	}
	return out
}

func (a *API) listCarnets(w http.ResponseWriter, r *http.Request, distributor bool) {
	if err := onlyParams(r); err != nil {
		a.Fail(w, r, err)
		return
	}
	list, err := a.app.Passes.Carnets(r.Context(), account.ActorFrom(r.Context()), distributor)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, map[string]any{"carnets": carnetsJSON(list)})
}

func (a *API) listPassCarnets(w http.ResponseWriter, r *http.Request) { a.listCarnets(w, r, false) }

func (a *API) listReceivedPassCarnets(w http.ResponseWriter, r *http.Request) {
	a.listCarnets(w, r, true)
}

func (a *API) createPassCarnet(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Identifier string   `json:"carnet"`
		ValidUntil string   `json:"fin_validite"`
		Numbers    []string `json:"pass"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	c, err := a.app.Passes.RecordCarnet(r.Context(), account.ActorFrom(r.Context()), pass.NewCarnet{Identifier: in.Identifier, ValidUntil: in.ValidUntil, Numbers: in.Numbers})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, carnetJSON(c))
}

func (a *API) importPassList(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Content string `json:"contenu"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	imp, err := a.app.Passes.ImportIssuerList(r.Context(), account.ActorFrom(r.Context()), strings.NewReader(in.Content))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	type rowOut struct {
		Line   int     `json:"ligne"`
		Carnet string  `json:"carnet"`
		Number string  `json:"pass"`
		Error  *string `json:"erreur"`
	}
	rows := make([]rowOut, 0, len(imp.List.Rows))
	for _, row := range imp.List.Rows {
		o := rowOut{Line: row.Line, Carnet: row.Carnet, Number: row.Number}
		if row.Error != "" {
			o.Error = &row.Error
		}
		rows = append(rows, o)
	}
	status := http.StatusCreated
	if imp.Recorded == 0 {
		status = http.StatusOK
	}
	apiio.WriteJSON(w, status, map[string]any{"carnets_enregistres": imp.Recorded, "lignes_refusees": imp.List.Refused(), "lignes": rows})
}

func (a *API) allocatePassCarnet(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Distributor int64 `json:"distributeur"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	act := account.ActorFrom(r.Context())
	if _, err := a.app.Passes.Allocate(r.Context(), act, []int64{id}, in.Distributor); err != nil {
		a.Fail(w, r, err)
		return
	}
	c, err := a.app.Passes.Carnet(r.Context(), act, id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, carnetJSON(c))
}

func (a *API) distributePassCarnet(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Person   int64    `json:"personne"`
		Criteria []string `json:"criteres"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	act := account.ActorFrom(r.Context())
	if err := a.app.Passes.Distribute(r.Context(), act, passes.Handover{CarnetID: id, PersonID: in.Person, Criteria: in.Criteria}); err != nil {
		a.Fail(w, r, err)
		return
	}
	c, err := a.app.Passes.Carnet(r.Context(), act, id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, carnetJSON(c))
}

func (a *API) redeemPass(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Place  int64  `json:"lieu"`
		Number string `json:"numero"`
		Theme  string `json:"theme"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	p, err := a.app.Passes.Redeem(r.Context(), account.ActorFrom(r.Context()), passes.Redeem{PlaceID: in.Place, Number: in.Number, Theme: in.Theme})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, map[string]any{"numero": p.Number, "carnet": p.CarnetNumber, "lieu": p.PlaceName, "theme": p.Theme,
		"utilise_le": apiio.RFC3339(p.RedeemedAt), "valeur_centimes": pass.ValueCents})
}

func (a *API) getPassStatement(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "lieu", "format"); err != nil {
		a.Fail(w, r, err)
		return
	}
	q := r.URL.Query()
	var placeID int64
	if v := q.Get("lieu"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			a.Fail(w, r, apperr.Field("lieu", "Identifiant de lieu invalide."))
			return
		}
		placeID = id
	}
	s, err := a.app.Passes.Statement(r.Context(), account.ActorFrom(r.Context()), placeID, r.PathValue("mois"))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	name := "releve-pass-" + s.Month
	switch q.Get("format") {
	case "pdf":
		a.document(w, r, name+".pdf", "application/pdf", func() ([]byte, error) { return s.PDF(passes.ThemeLabel) })
		return
	case "xlsx":
		a.document(w, r, name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", func() ([]byte, error) { return s.XLSX(passes.ThemeLabel) })
		return
	}
	type lineOut struct {
		Number     string `json:"numero"`
		Carnet     string `json:"carnet"`
		Funder     string `json:"financeur"`
		Place      string `json:"lieu"`
		Theme      string `json:"theme"`
		RedeemedAt string `json:"utilise_le"`
	}
	lines := make([]lineOut, 0, len(s.Lines))
	for _, l := range s.Lines {
		lines = append(lines, lineOut{Number: l.Number, Carnet: l.Carnet, Funder: l.FunderName, Place: l.PlaceName, Theme: l.Theme, RedeemedAt: apiio.RFC3339(l.RedeemedAt)})
	}
	apiio.WriteJSON(w, http.StatusOK, map[string]any{"mois": s.Month, "structure": s.StructureName, "pass": lines, "total_centimes": s.TotalCents()})
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

type countOut struct {
	Key   string `json:"cle"`
	Label string `json:"libelle"`
	N     int    `json:"pass"`
}

func countsJSON(cs []pass.Count) []countOut {
	out := make([]countOut, 0, len(cs))
	for _, c := range cs {
		out = append(out, countOut{Key: c.Key, Label: c.Label, N: c.N})
	}
	return out
}

func (a *API) getPassFigures(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r); err != nil {
		a.Fail(w, r, err)
		return
	}
	f, err := a.app.Passes.Figures(r.Context(), account.ActorFrom(r.Context()))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, map[string]any{
		"carnets_emis": f.CarnetsIssued, "carnets_attribues": f.CarnetsAllocated, "carnets_distribues": f.CarnetsDistributed, "carnets_entames": f.CarnetsStarted,
		"pass_emis": f.PassesIssued, "pass_utilises": f.PassesRedeemed, "pass_expires_non_utilises": f.PassesExpired,
		"par_lieu": countsJSON(f.ByPlace), "par_theme": countsJSON(f.ByTheme),
	})
}
