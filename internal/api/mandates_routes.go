package api

// Mandates: an aidant prepares a paper mandate, records its signature, uses
// it for a démarche, renews or stops it; PDFs are streamed as they are.

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/mandate"
	mandatesvc "github.com/parcours-numerique/parcours/internal/service/mandates"
)

// mandateRoutes lists this capability's API operations.
func (a *API) mandateRoutes() []Route {
	const m = Prefix + "/mandats"
	return []Route{
		{Pattern: "GET " + m, OperationID: "listMandates", Perm: account.PermMandates, Handler: a.listMandates},
		{Pattern: "POST " + m, OperationID: "createMandate", Perm: account.PermMandates, Handler: a.createMandate},
		{Pattern: "GET " + m + "/{id}", OperationID: "getMandate", Perm: account.PermMandates, Handler: a.getMandate},
		{Pattern: "GET " + m + "/{id}/pdf", OperationID: "getMandatePDF", Perm: account.PermMandates, Handler: a.getMandatePDF},
		{Pattern: "POST " + m + "/{id}/signature", OperationID: "recordMandateSignature", Perm: account.PermMandates, Handler: a.recordMandateSignature},
		{Pattern: "POST " + m + "/{id}/page-signee", OperationID: "uploadMandateScan", Perm: account.PermMandates, Handler: a.uploadMandateScan, Upload: mandatesvc.MaxScan + 1, TooLarge: errScanTooLarge},
		{Pattern: "GET " + m + "/{id}/page-signee", OperationID: "downloadMandateScan", Perm: account.PermMandates, Handler: a.downloadMandateScan},
		{Pattern: "POST " + m + "/{id}/utilisations", OperationID: "useMandate", Perm: account.PermMandates, Handler: a.useMandate},
		{Pattern: "POST " + m + "/{id}/revocation", OperationID: "revokeMandate", Perm: account.PermMandates, Handler: a.revokeMandate},
		{Pattern: "POST " + m + "/{id}/renouvellement", OperationID: "renewMandate", Perm: account.PermMandates, Handler: a.renewMandate},
	}
}

func (a *API) mandateJSON(r *http.Request, m mandate.Mandate) map[string]any {
	now := a.cfg.Now()
	cats := make([]map[string]any, 0, len(m.Categories))
	for _, c := range m.Categories {
		var revoked *time.Time
		if !c.RevokedAt.IsZero() {
			revoked = &c.RevokedAt
		}
		cats = append(cats, map[string]any{"code": c.Code, "libelle": c.Label(), "revoquee_le": revoked})
	}
	var person, renews *int64
	if m.PersonID != 0 {
		person = &m.PersonID
	}
	if m.RenewedFrom != 0 {
		renews = &m.RenewedFrom
	}
	return map[string]any{"id": m.ID, "personne": person, "initiales": m.PersonInitials, "aidant": m.AidantName, "structure": m.StructureName,
		"debut": m.StartsAt, "fin": m.EndsAt, "duree_jours": m.Days, "statut": m.Status(now), "categories": cats, "signature": m.Signature,
		"version_texte": m.WordingVersion, "empreinte": m.WordingHash, "renouvelle": renews, "verification": a.app.Mandates.For(a.origin(r)).VerifyURL(m)}
}

func (a *API) listMandates(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r); err != nil {
		a.Fail(w, r, err)
		return
	}
	list, err := a.app.Mandates.List(r.Context(), account.ActorFrom(r.Context()))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := make([]map[string]any, 0, len(list))
	for _, m := range list {
		out = append(out, a.mandateJSON(r, m))
	}
	apiio.WriteJSON(w, http.StatusOK, map[string]any{"mandats": out})
}

func (a *API) createMandate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Person     int64    `json:"personne"`
		Categories []string `json:"categories"`
		Days       int      `json:"duree_jours"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	m, err := a.app.Mandates.Create(r.Context(), account.ActorFrom(r.Context()), mandatesvc.NewMandate{PersonID: in.Person, Categories: in.Categories, Days: in.Days})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, a.mandateJSON(r, m))
}

func (a *API) getMandate(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	m, events, err := a.app.Mandates.Get(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	history := make([]map[string]any, 0, len(events))
	for _, e := range events {
		history = append(history, map[string]any{"type": e.Kind, "categorie": e.Category, "demarche": e.Demarche, "par": e.Who, "le": e.At, "phrase": e.Sentence()})
	}
	apiio.WriteJSON(w, http.StatusOK, map[string]any{"mandat": a.mandateJSON(r, m), "historique": history})
}

func writePDF(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

func (a *API) getMandatePDF(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	b, err := a.app.Mandates.For(a.origin(r)).PDF(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	writePDF(w, "mandat-"+strconv.FormatInt(id, 10)+".pdf", b)
}

func (a *API) recordMandateSignature(w http.ResponseWriter, r *http.Request) {
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
	if !in.Paper {
		a.Fail(w, r, apperr.Field("papier", "Indiquez que la personne a signé le mandat sur papier, ou envoyez la page signée scannée à …/page-signee."))
		return
	}
	a.recordSignature(w, r, id, nil)
}

// recordSignature records the mandate's signature, on paper (scan nil) or
// with its scanned page, and answers the mandate as it now stands.
func (a *API) recordSignature(w http.ResponseWriter, r *http.Request, id int64, scan []byte) {
	actor := account.ActorFrom(r.Context())
	if err := a.app.Mandates.RecordSignature(r.Context(), actor, id, scan); err != nil {
		a.Fail(w, r, err)
		return
	}
	m, _, err := a.app.Mandates.Get(r.Context(), actor, id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, a.mandateJSON(r, m))
}

var errScanTooLarge = apperr.Field("scan", "Le fichier dépasse 5 Mo : scannez la page en noir et blanc ou en qualité moyenne.")

// uploadMandateScan records the signature with the scanned signed page sent
// as the body; the service checks what the file is from its first bytes,
// whatever type the request announces.
func (a *API) uploadMandateScan(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	scan, err := io.ReadAll(r.Body)
	if err != nil {
		a.Fail(w, r, apperr.New(apperr.Invalid, "Corps de la requête illisible."))
		return
	}
	if len(scan) == 0 {
		a.Fail(w, r, apperr.Field("scan", "Envoyez la page signée scannée (PDF, JPEG ou PNG) comme corps de la requête."))
		return
	}
	a.recordSignature(w, r, id, scan)
}

// downloadMandateScan streams the scanned signed page as the response body.
func (a *API) downloadMandateScan(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	b, typ, err := a.app.Mandates.Scan(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	ext := map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[typ]
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	a.document(w, r, "mandat-"+strconv.FormatInt(id, 10)+"-signe"+ext, typ, func() ([]byte, error) { return b, nil })
}

func (a *API) useMandate(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Category string `json:"categorie"`
		Demarche string `json:"demarche"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	if err := a.app.Mandates.Use(r.Context(), account.ActorFrom(r.Context()), id, in.Category, in.Demarche); err != nil {
		a.Fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) revokeMandate(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Categories []string `json:"categories"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	b, err := a.app.Mandates.For(a.origin(r)).Revoke(r.Context(), account.ActorFrom(r.Context()), id, in.Categories)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	writePDF(w, "attestation-arret-mandat-"+strconv.FormatInt(id, 10)+".pdf", b)
}

func (a *API) renewMandate(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Days int `json:"duree_jours"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	m, err := a.app.Mandates.Renew(r.Context(), account.ActorFrom(r.Context()), id, nil, in.Days)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, a.mandateJSON(r, m))
}

// origin is the address the API was reached at, for the verification
// addresses when no public address is configured.
func (a *API) origin(r *http.Request) string {
	if a.cfg.BaseURL != "" {
		return strings.TrimRight(a.cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
