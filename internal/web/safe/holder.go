package safe

import (
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	safesvc "github.com/parcours-numerique/parcours/internal/service/safe"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// Session keys of a person in their own safe: the phone proved by a code,
// and until when (Unix seconds).
const (
	sessionPhone = "coffre_tel"
	sessionUntil = "coffre_jusqua"
	sessionAsked = "coffre_demande" // the number a code was asked for, to fill the code form
)

func (h *Handlers) holder(r *http.Request) safesvc.Holder {
	ctx := r.Context()
	return safesvc.Holder{Phone: h.site.Sessions.GetString(ctx, sessionPhone), Until: time.Unix(h.site.Sessions.GetInt64(ctx, sessionUntil), 0)}
}

type entryData struct {
	Enabled bool
	Sent    bool // a code was asked: the code form shows
}

func (h *Handlers) renderEntry(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, sent bool) {
	title := "Mon coffre-fort numérique"
	if sent {
		title = "Mon coffre-fort : tapez le code reçu"
	}
	h.site.Render(w, r, status, "safe_entry", ui.Page{Title: title, Form: f, Data: entryData{Enabled: h.safe.Enabled(), Sent: sent}})
}

// Entry asks the person for their phone number, or sends them to their
// documents if they are in already.
func (h *Handlers) Entry(w http.ResponseWriter, r *http.Request) {
	if h.holder(r).Valid(h.site.Now()) {
		ui.Redirect(w, r, "/coffre/documents")
		return
	}
	h.renderEntry(w, r, http.StatusOK, nil, false)
}

// SendCode sends a code by SMS, then asks for it.
func (h *Handlers) SendCode(w http.ResponseWriter, r *http.Request) {
	f := ui.NewForm(r)
	if err := h.safe.RequestCode(r.Context(), r.PostFormValue("telephone"), h.clientIP(r)); err != nil {
		if !shown(f, err) {
			h.site.Fail(w, r, err)
			return
		}
		h.renderEntry(w, r, http.StatusUnprocessableEntity, f, false)
		return
	}
	h.site.Sessions.Put(r.Context(), sessionAsked, r.PostFormValue("telephone"))
	ui.Redirect(w, r, "/coffre/code")
}

// CodeForm asks for the code received by SMS.
func (h *Handlers) CodeForm(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{}
	f.Set("telephone", h.site.Sessions.GetString(r.Context(), sessionAsked))
	h.renderEntry(w, r, http.StatusOK, f, true)
}

// CheckCode opens the person's safe with the code.
func (h *Handlers) CheckCode(w http.ResponseWriter, r *http.Request) {
	f := ui.NewForm(r)
	hd, err := h.safe.VerifyCode(r.Context(), r.PostFormValue("telephone"), r.PostFormValue("code"), h.clientIP(r))
	if err != nil {
		if !shown(f, err) {
			h.site.Fail(w, r, err)
			return
		}
		f.Set("code", "")
		h.renderEntry(w, r, http.StatusUnprocessableEntity, f, true)
		return
	}
	ctx := r.Context()
	if err := h.site.Sessions.RenewToken(ctx); err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	h.site.Sessions.Remove(ctx, sessionAsked)
	h.site.Sessions.Put(ctx, sessionPhone, hd.Phone)
	h.site.Sessions.Put(ctx, sessionUntil, hd.Until.Unix())
	ui.Redirect(w, r, "/coffre/documents")
}

// Leave closes the person's access on this device.
func (h *Handlers) Leave(w http.ResponseWriter, r *http.Request) {
	h.site.Sessions.Remove(r.Context(), sessionPhone)
	h.site.Sessions.Remove(r.Context(), sessionUntil)
	ui.Redirect(w, r, "/coffre")
}

type listData struct {
	Items     []item
	Shared    *safesvc.Shared
	SharedDoc int64
	Now       time.Time
	Notice    string
}

func (h *Handlers) renderList(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, d listData) {
	docs, err := h.safe.HolderDocuments(r.Context(), h.holder(r))
	if err != nil {
		h.failHolder(w, r, err)
		return
	}
	d.Items, d.Now = items(docs, "/coffre/documents", h.site.Now()), h.site.Now()
	h.site.Render(w, r, status, "safe_list", ui.Page{Title: "Mes documents", Form: f, Data: d})
}

// failHolder sends a person whose access ended back to the code page.
func (h *Handlers) failHolder(w http.ResponseWriter, r *http.Request, err error) {
	if apperr.Is(err, apperr.Unauthorized) {
		ui.Redirect(w, r, "/coffre")
		return
	}
	h.site.Fail(w, r, err)
}

// List shows the person's documents, who read each one, and their links.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) {
	h.renderList(w, r, http.StatusOK, nil, listData{})
}

// HolderDownload sends one of the person's documents.
func (h *Handlers) HolderDownload(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "doc")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	d, b, err := h.safe.HolderDownload(r.Context(), h.holder(r), id)
	if err != nil {
		h.failHolder(w, r, err)
		return
	}
	send(w, d, b)
}

// HolderShare makes a share link and shows it once.
func (h *Handlers) HolderShare(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "doc")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	sh, err := h.safe.HolderShare(r.Context(), h.holder(r), id, r.PostFormValue("duree"))
	if err != nil {
		f := ui.NewForm(r)
		if !shown(f, err) {
			h.failHolder(w, r, err)
			return
		}
		h.renderList(w, r, http.StatusUnprocessableEntity, f, listData{})
		return
	}
	if sh.URL != "" && sh.URL[0] == '/' {
		sh.URL = h.site.AbsoluteURL(r, sh.URL)
	}
	h.renderList(w, r, http.StatusOK, nil, listData{Shared: &sh, SharedDoc: id})
}

// HolderRevoke ends a share link.
func (h *Handlers) HolderRevoke(w http.ResponseWriter, r *http.Request) {
	id, ok1 := ui.PathID(r, "doc")
	share, ok2 := ui.PathID(r, "share")
	if !ok1 || !ok2 {
		h.site.NotFound(w, r)
		return
	}
	if err := h.safe.HolderRevoke(r.Context(), h.holder(r), id, share); err != nil {
		h.failHolder(w, r, err)
		return
	}
	h.renderList(w, r, http.StatusOK, nil, listData{Notice: "Le lien est retiré. Il n'ouvre plus le document."})
}

// HolderDelete removes one of the person's documents.
func (h *Handlers) HolderDelete(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "doc")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if r.PostFormValue("confirmer") != "oui" {
		f := ui.NewForm(r)
		f.Fail(errConfirmDelete)
		h.renderList(w, r, http.StatusUnprocessableEntity, f, listData{})
		return
	}
	if err := h.safe.HolderDelete(r.Context(), h.holder(r), id); err != nil {
		h.failHolder(w, r, err)
		return
	}
	h.renderList(w, r, http.StatusOK, nil, listData{Notice: "Le document est supprimé."})
}

// Shared downloads the document of a share link.
func (h *Handlers) Shared(w http.ResponseWriter, r *http.Request) {
	d, b, err := h.safe.SharedDownload(r.Context(), r.PathValue("token"))
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Code == apperr.NotFound {
			h.site.RenderError(w, r, http.StatusNotFound, "Lien expiré", e.Message)
			return
		}
		h.site.Fail(w, r, err)
		return
	}
	send(w, d, b)
}
