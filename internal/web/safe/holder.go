package safe

import (
	"net/http"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	safesvc "github.com/parcours-numerique/parcours/internal/service/safe"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// Session keys of a person in their own safe: the phone proved by a code,
// until when (Unix seconds), whether the phone is shared and, then, the
// last request (Unix seconds).
const (
	sessionPhone  = "coffre_tel"
	sessionUntil  = "coffre_jusqua"
	sessionShared = "coffre_partage"
	sessionSeen   = "coffre_vu"
	sessionAsked  = "coffre_demande" // the number a code was asked for, to fill the code form
)

// holder is the person in their safe on this browser; on a shared phone a
// request while the access holds keeps it open SharedIdle longer.
func (h *Handlers) holder(r *http.Request) safesvc.Holder {
	ctx := r.Context()
	hd := safesvc.Holder{Phone: h.site.Sessions.GetString(ctx, sessionPhone), Until: time.Unix(h.site.Sessions.GetInt64(ctx, sessionUntil), 0),
		Shared: h.site.Sessions.GetBool(ctx, sessionShared), Seen: time.Unix(h.site.Sessions.GetInt64(ctx, sessionSeen), 0)}
	if now := h.site.Now(); hd.Shared && hd.Valid(now) {
		h.site.Sessions.Put(ctx, sessionSeen, now.Unix())
	}
	return hd
}

type entryData struct {
	Enabled bool
	Sent    bool   // a code was asked: the code form shows
	Notice  string // why the safe is closed
	Shared  bool   // the box "téléphone partagé" is ticked
	IdleMin int    // how long a shared phone's safe stays open without a request
}

func (h *Handlers) renderEntry(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, d entryData) {
	title := "Mon coffre-fort numérique"
	if d.Sent {
		title = "Mon coffre-fort : tapez le code reçu"
	}
	d.Enabled, d.IdleMin = h.safe.Enabled(), int(safesvc.SharedIdle/time.Minute)
	h.site.Render(w, r, status, "safe_entry", ui.Page{Title: title, Form: f, Data: d})
}

// Entry asks the person for their phone number, or sends them to their
// documents if they are in already; it says why a safe closed.
func (h *Handlers) Entry(w http.ResponseWriter, r *http.Request) {
	hd, now := h.holder(r), h.site.Now()
	if hd.Valid(now) {
		ui.Redirect(w, r, "/coffre/documents")
		return
	}
	var d entryData
	switch {
	case hd.Idle(now):
		d.Notice = "Votre coffre s'est fermé tout seul : personne ne s'en est servi pendant " + strconv.Itoa(int(safesvc.SharedIdle/time.Minute)) + " minutes. Pour le rouvrir, demandez un nouveau code."
	case r.URL.Query().Get("ferme") == "oui":
		d.Notice = "Votre coffre est fermé. Pour finir, fermez aussi la page ou l'onglet du navigateur."
	}
	if hd.Phone != "" {
		h.forget(r)
	}
	h.renderEntry(w, r, http.StatusOK, nil, d)
}

// forget removes the person's access from the session.
func (h *Handlers) forget(r *http.Request) {
	for _, k := range []string{sessionPhone, sessionUntil, sessionShared, sessionSeen} {
		h.site.Sessions.Remove(r.Context(), k)
	}
}

// SendCode sends a code by SMS, then asks for it.
func (h *Handlers) SendCode(w http.ResponseWriter, r *http.Request) {
	f := ui.NewForm(r)
	if err := h.safe.RequestCode(r.Context(), r.PostFormValue("telephone"), h.clientIP(r)); err != nil {
		if !shown(f, err) {
			h.site.Fail(w, r, err)
			return
		}
		h.renderEntry(w, r, http.StatusUnprocessableEntity, f, entryData{})
		return
	}
	h.site.Sessions.Put(r.Context(), sessionAsked, r.PostFormValue("telephone"))
	ui.Redirect(w, r, "/coffre/code")
}

// CodeForm asks for the code received by SMS.
func (h *Handlers) CodeForm(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{}
	f.Set("telephone", h.site.Sessions.GetString(r.Context(), sessionAsked))
	h.renderEntry(w, r, http.StatusOK, f, entryData{Sent: true})
}

// CheckCode opens the person's safe with the code.
func (h *Handlers) CheckCode(w http.ResponseWriter, r *http.Request) {
	f := ui.NewForm(r)
	shared := r.PostFormValue("partage") == "oui"
	hd, err := h.safe.VerifyCode(r.Context(), r.PostFormValue("telephone"), r.PostFormValue("code"), h.clientIP(r), shared)
	if err != nil {
		if !shown(f, err) {
			h.site.Fail(w, r, err)
			return
		}
		f.Set("code", "")
		h.renderEntry(w, r, http.StatusUnprocessableEntity, f, entryData{Sent: true, Shared: shared})
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
	if hd.Shared {
		h.site.Sessions.Put(ctx, sessionShared, true)
		h.site.Sessions.Put(ctx, sessionSeen, hd.Seen.Unix())
	}
	ui.Redirect(w, r, "/coffre/documents")
}

// Leave closes the person's access on this device; on a shared phone the
// whole session goes, so that nothing of it is left for the next person.
func (h *Handlers) Leave(w http.ResponseWriter, r *http.Request) {
	if h.site.Sessions.GetBool(r.Context(), sessionShared) {
		if err := h.site.Sessions.Destroy(r.Context()); err != nil {
			h.site.ServerError(w, r, err)
			return
		}
	} else {
		h.forget(r)
	}
	ui.Redirect(w, r, "/coffre?ferme=oui")
}

type listData struct {
	SharedPhone bool // the safe closes after IdleMin minutes without a request
	IdleMin     int
	Items       []item
	Shared      *safesvc.Shared
	SharedDoc   int64
	Now         time.Time
	Notice      string
}

func (h *Handlers) renderList(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, d listData) {
	docs, err := h.safe.HolderDocuments(r.Context(), h.holder(r))
	if err != nil {
		h.failHolder(w, r, err)
		return
	}
	d.Items, d.Now = items(docs, "/coffre/documents", h.site.Now()), h.site.Now()
	d.SharedPhone, d.IdleMin = h.site.Sessions.GetBool(r.Context(), sessionShared), int(safesvc.SharedIdle/time.Minute)
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
