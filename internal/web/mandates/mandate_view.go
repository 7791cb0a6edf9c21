package mandates

import (
	"io"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/mandate"
	mandatesvc "github.com/parcours-numerique/parcours/internal/service/mandates"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type viewData struct {
	Mandate     mandate.Mandate
	Status      string
	StatusLabel string
	Active      []ui.Option
	Events      []mandate.Event
	Durations   []ui.Option
	VerifyURL   string
	Revoked     bool // some category was revoked: the attestation can be printed
}

func (h *Handlers) view(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	m, events, err := h.mandates.Get(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	now := h.site.Now()
	d := viewData{Mandate: m, Status: m.Status(now), StatusLabel: m.StatusLabel(now), Events: events, Durations: ui.Choices(mandate.Durations),
		VerifyURL: h.site.AbsoluteURL(r, mandatesvc.VerifyPath+m.Token)}
	for _, c := range m.ActiveCategories() {
		d.Active = append(d.Active, ui.Option{Value: c.Code, Label: c.Label()})
	}
	for _, e := range events {
		if e.Kind == mandate.EventRevoked {
			d.Revoked = true
		}
	}
	if f == nil {
		f = &ui.Form{}
		f.Set("duree", ui.Itoa(int64(m.Days)))
	}
	h.site.Render(w, r, status, "mandates_view", ui.Page{Title: "Mandat n° " + ui.Itoa(m.ID), Form: f, Data: d})
}

// View shows a mandate: its status, its categories, its history, and the
// forms to record the signature, a use, a revocation or a renewal.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) {
	h.view(w, r, http.StatusOK, nil)
}

// act runs a posted action on the {id} mandate and comes back to its page.
func (h *Handlers) act(w http.ResponseWriter, r *http.Request, done string, fn func(id int64) error) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	f := ui.NewForm(r)
	if err := fn(id); err != nil {
		if apperr.Is(err, apperr.Conflict) {
			f.Message = apperr.MessageOf(err)
		} else if h.refused(w, r, err) {
			return
		} else if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.view(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, done)
	ui.Redirect(w, r, "/espace/mandats/"+ui.Itoa(id))
}

// Use records a démarche made under the mandate.
func (h *Handlers) Use(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	h.act(w, r, "Démarche enregistrée dans l'historique du mandat.", func(id int64) error {
		return h.mandates.Use(r.Context(), ui.Actor(r), id, r.PostFormValue("categorie"), r.PostFormValue("demarche"))
	})
}

// Revoke stops the categories ticked; the attestation is then printed.
func (h *Handlers) Revoke(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	cats := r.PostForm["categories"]
	if len(cats) == 0 {
		f := ui.NewForm(r)
		f.Fail(apperr.Field("categories", "Cochez les catégories à arrêter."))
		h.view(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.act(w, r, "Mandat arrêté pour les catégories cochées : imprimez l'attestation et remettez-la à la personne.", func(id int64) error {
		_, err := h.mandates.For(h.origin(r)).Revoke(r.Context(), ui.Actor(r), id, cats)
		return err
	})
}

// Renew replaces the mandate by a new one to print and sign.
func (h *Handlers) Renew(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	days := int(ui.ParseID(r.PostFormValue("duree")))
	m, err := h.mandates.Renew(r.Context(), ui.Actor(r), id, nil, days)
	if err != nil {
		f := ui.NewForm(r)
		if apperr.Is(err, apperr.Conflict) {
			f.Message = apperr.MessageOf(err)
		} else if h.refused(w, r, err) {
			return
		} else if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.view(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Mandat renouvelé : imprimez le nouveau mandat et faites-le signer.")
	ui.Redirect(w, r, "/espace/mandats/"+ui.Itoa(m.ID))
}

// Sign records the signature: the scanned signed page, or "signed on paper".
func (h *Handlers) Sign(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, mandatesvc.MaxScan+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil && err != http.ErrNotMultipart {
		id, _ := ui.PathID(r, "id")
		h.site.Flash(r, "Le fichier dépasse 5 Mo : scannez la page en noir et blanc ou en qualité moyenne.")
		ui.Redirect(w, r, "/espace/mandats/"+ui.Itoa(id))
		return
	} else if err == http.ErrNotMultipart && !parse(w, r) {
		return
	}
	var scan []byte
	if file, _, err := r.FormFile("scan"); err == nil {
		scan, err = io.ReadAll(io.LimitReader(file, mandatesvc.MaxScan+1))
		file.Close()
		if err != nil {
			h.site.Fail(w, r, err)
			return
		}
	}
	if st, err := h.mandates.Aidant(r.Context(), ui.Actor(r)); err != nil || !st.Ready() {
		if err == nil {
			err = apperr.New(apperr.Forbidden, "Seul un aidant enregistre la signature d'un mandat.")
		}
		if !h.refused(w, r, err) {
			h.site.Fail(w, r, err)
		}
		return
	}
	if len(scan) == 0 && r.PostFormValue("papier") != "oui" {
		f := ui.NewForm(r)
		f.Fail(apperr.Field("scan", "Envoyez la page signée scannée, ou cochez « La personne a signé le mandat sur papier »."))
		h.view(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.act(w, r, "Signature enregistrée : le mandat est valide.", func(id int64) error {
		return h.mandates.RecordSignature(r.Context(), ui.Actor(r), id, scan)
	})
}

// PDF downloads the mandate to print, read with the person and sign.
func (h *Handlers) PDF(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	b, err := h.mandates.For(h.origin(r)).PDF(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	writePDF(w, "mandat-"+ui.Itoa(id)+".pdf", b)
}

// Attestation downloads the attestation of the last revocation.
func (h *Handlers) Attestation(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	b, err := h.mandates.For(h.origin(r)).Attestation(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	writePDF(w, "attestation-arret-mandat-"+ui.Itoa(id)+".pdf", b)
}

// Scan downloads the scanned signed page.
func (h *Handlers) Scan(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	b, typ, err := h.mandates.Scan(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", typ)
	w.Header().Set("Content-Disposition", `attachment; filename="mandat-`+ui.Itoa(id)+`-signe"`)
	w.Write(b)
}

// Verify is the public verification page a mandate's QR code opens.
func (h *Handlers) Verify(w http.ResponseWriter, r *http.Request) {
	// The address is a secret of the paper: no search engine, no referrer, no cache.
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
	v, err := h.mandates.Verify(r.Context(), r.PathValue("token"))
	if apperr.Is(err, apperr.NotFound) {
		h.site.Render(w, r, http.StatusNotFound, "mandates_verify", ui.Page{Title: "Vérification d'un mandat"})
		return
	}
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "mandates_verify", ui.Page{Title: "Vérification d'un mandat", Data: &v})
}
