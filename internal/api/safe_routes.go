package api

// Document safe: a followed person's safe opened with their consent, its
// documents uploaded as files and downloaded as files (never inside JSON),
// share links that expire, who read each document.

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/docsafe"
	safesvc "github.com/parcours-numerique/parcours/internal/service/safe"
)

func (a *API) safeRoutes() []Route {
	const p, d = Prefix + "/personnes/{id}/coffre", Prefix + "/coffre/documents/{id}"
	return []Route{
		{Pattern: "GET " + p, OperationID: "getSafe", Perm: account.PermPersons, Handler: a.getSafe},
		{Pattern: "POST " + p, OperationID: "openSafe", Perm: account.PermPersons, Handler: a.openSafe},
		{Pattern: "DELETE " + p + "/accord", OperationID: "withdrawSafeConsent", Perm: account.PermPersons, Handler: a.withdrawSafeConsent},
		{Pattern: "POST " + p + "/documents", OperationID: "uploadSafeDocument", Perm: account.PermPersons, Handler: a.uploadSafeDocument, Upload: docsafe.MaxUpload + 1, TooLarge: docsafe.ErrTooLarge},
		{Pattern: "GET " + d, OperationID: "downloadSafeDocument", Perm: account.PermPersons, Handler: a.downloadSafeDocument},
		{Pattern: "DELETE " + d, OperationID: "deleteSafeDocument", Perm: account.PermPersons, Handler: a.deleteSafeDocument},
		{Pattern: "POST " + d + "/partages", OperationID: "shareSafeDocument", Perm: account.PermPersons, Handler: a.shareSafeDocument},
		{Pattern: "DELETE " + d + "/partages/{partage}", OperationID: "revokeSafeShare", Perm: account.PermPersons, Handler: a.revokeSafeShare},
	}
}

type safeConsentOut struct {
	Version     string `json:"version"`
	Text        string `json:"texte"`
	Hash        string `json:"empreinte"`
	GivenAt     string `json:"donne_le"`
	WithdrawnAt string `json:"retire_le,omitempty"`
}

type safeReadOut struct {
	At  string `json:"le"`
	By  string `json:"par"`
	Who string `json:"qui"`
}

type safeShareOut struct {
	ID        int64  `json:"id"`
	ExpiresAt string `json:"expire_le"`
	RevokedAt string `json:"retire_le,omitempty"`
	Active    bool   `json:"actif"`
}

type safeDocumentOut struct {
	ID          int64          `json:"id"`
	Kind        string         `json:"type"`
	KindLabel   string         `json:"libelle_type"`
	Title       string         `json:"titre"`
	ContentType string         `json:"type_contenu"`
	Size        int64          `json:"taille"`
	ExpiresOn   string         `json:"expiration,omitempty"`
	CreatedAt   string         `json:"cree_le"`
	Reads       []safeReadOut  `json:"lectures"`
	Shares      []safeShareOut `json:"partages"`
}

func (a *API) safeDocumentJSON(d docsafe.Document) safeDocumentOut {
	out := safeDocumentOut{ID: d.ID, Kind: d.Kind, KindLabel: d.KindLabel(), Title: d.Title, ContentType: d.ContentType, Size: d.Size,
		ExpiresOn: d.ExpiresOn, CreatedAt: d.CreatedAt.Format(time.RFC3339), Reads: []safeReadOut{}, Shares: []safeShareOut{}}
	for _, r := range d.Accesses {
		out.Reads = append(out.Reads, safeReadOut{At: r.At.Format(time.RFC3339), By: r.By, Who: r.ByLabel()})
	}
	now := a.now()
	for _, s := range d.Shares {
		sh := safeShareOut{ID: s.ID, ExpiresAt: s.ExpiresAt.Format(time.RFC3339), Active: s.Active(now)}
		if !s.RevokedAt.IsZero() {
			sh.RevokedAt = s.RevokedAt.Format(time.RFC3339)
		}
		out.Shares = append(out.Shares, sh)
	}
	return out
}

func (a *API) getSafe(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	v, err := a.app.Safe.Overview(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := map[string]any{"active": v.Enabled, "ouvert": v.Opened(), "acces_conseillers": v.Safe.StaffAccess(), "texte_accord": v.Wording,
		"utilise": v.Used, "quota": v.Quota}
	if v.Opened() {
		c := safeConsentOut{Version: v.Safe.ConsentVersion, Text: v.Safe.ConsentWording, Hash: v.Safe.ConsentHash, GivenAt: v.Safe.OpenedAt.Format(time.RFC3339)}
		if !v.Safe.ConsentWithdrawnAt.IsZero() {
			c.WithdrawnAt = v.Safe.ConsentWithdrawnAt.Format(time.RFC3339)
		}
		out["accord"] = c
	}
	docs := make([]safeDocumentOut, 0, len(v.Documents))
	for _, d := range v.Documents {
		docs = append(docs, a.safeDocumentJSON(d))
	}
	out["documents"] = docs
	apiio.WriteJSON(w, http.StatusOK, out)
}

func (a *API) openSafe(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Agreed bool `json:"accord"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	sf, err := a.app.Safe.Open(r.Context(), account.ActorFrom(r.Context()), id, in.Agreed)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, safeConsentOut{Version: sf.ConsentVersion, Text: sf.ConsentWording, Hash: sf.ConsentHash, GivenAt: sf.OpenedAt.Format(time.RFC3339)})
}

func (a *API) withdrawSafeConsent(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	if err := a.app.Safe.Withdraw(r.Context(), account.ActorFrom(r.Context()), id); err != nil {
		a.Fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) uploadSafeDocument(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	q := r.URL.Query()
	data, err := io.ReadAll(r.Body)
	if err != nil {
		a.Fail(w, r, apperr.New(apperr.Invalid, "Corps de la requête illisible."))
		return
	}
	d, err := a.app.Safe.Upload(r.Context(), account.ActorFrom(r.Context()), id, safesvc.Upload{Kind: q.Get("type"), Title: q.Get("titre"), ExpiresOn: q.Get("expiration"), Data: data})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, a.safeDocumentJSON(d))
}

// downloadSafeDocument streams the document itself as the response body.
func (a *API) downloadSafeDocument(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	d, b, err := a.app.Safe.Download(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	a.document(w, r, d.Kind+"-"+strconv.FormatInt(d.ID, 10)+d.Extension(), d.ContentType, func() ([]byte, error) { return b, nil })
}

func (a *API) deleteSafeDocument(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	if err := a.app.Safe.Delete(r.Context(), account.ActorFrom(r.Context()), id); err != nil {
		a.Fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) shareSafeDocument(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Duration string `json:"duree"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	sh, err := a.app.Safe.Share(r.Context(), account.ActorFrom(r.Context()), id, in.Duration)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	link := sh.URL
	if len(link) > 0 && link[0] == '/' {
		link = a.base(r) + link
	}
	apiio.WriteJSON(w, http.StatusCreated, map[string]any{"id": sh.Share.ID, "lien": link, "expire_le": sh.Share.ExpiresAt.Format(time.RFC3339)})
}

func (a *API) revokeSafeShare(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	share, err := apiio.PathInt(r, "partage")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	if err := a.app.Safe.Revoke(r.Context(), account.ActorFrom(r.Context()), id, share); err != nil {
		a.Fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
