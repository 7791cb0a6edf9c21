package meetings

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/meeting"
	meetingsvc "github.com/parcours-numerique/parcours/internal/service/meetings"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type cancelData struct {
	Meeting meeting.Meeting
	// Invitation is the invitation to withdraw; nil: the whole meeting is cancelled.
	Invitation *meeting.Invitation
	// Closed says why the meeting can no longer be cancelled nor its
	// invitations withdrawn ("" when it can).
	Closed string
}

func (h *Handlers) cancelPage(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, id, structureID, userID int64, withdraw bool) {
	m, err := h.svc.Get(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := cancelData{Meeting: m}
	switch {
	case m.Cancelled():
		d.Closed = "La réunion est déjà annulée."
	case m.Started(h.site.Now()):
		d.Closed = "La réunion a commencé : elle ne peut plus être annulée ni ses invitations retirées."
	}
	title := "Annuler la réunion – " + m.Title
	if withdraw {
		for i, in := range m.Invitations {
			if in.StructureID == structureID && in.UserID == userID {
				d.Invitation = &m.Invitations[i]
			}
		}
		if d.Invitation == nil && status == http.StatusOK {
			h.site.Fail(w, r, apperr.New(apperr.NotFound, "Cette invitation n'existe pas, ou a déjà été retirée."))
			return
		}
		title = "Retirer un invité – " + m.Title
	}
	h.site.Render(w, r, status, "meetings_cancel", ui.Page{Title: title, Form: f, Data: d})
}

// Cancel asks to confirm the cancellation of a meeting.
func (h *Handlers) Cancel(w http.ResponseWriter, r *http.Request) {
	if id, ok := h.id(w, r); ok {
		h.cancelPage(w, r, http.StatusOK, &ui.Form{}, id, 0, 0, false)
	}
}

// CancelSave cancels the meeting: the invitees get the cancellation.
func (h *Handlers) CancelSave(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	f := ui.NewForm(r)
	_, sent, err := h.svc.Cancel(r.Context(), ui.Actor(r), id)
	if err == nil {
		h.site.Flash(r, "La réunion est annulée. "+cancelledText(sent))
		ui.Redirect(w, r, meetingsvc.Path(id))
		return
	}
	if !refused(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	h.cancelPage(w, r, http.StatusUnprocessableEntity, f, id, 0, 0, false)
}

// Withdraw asks to confirm the withdrawal of one invitation (structure,
// and personne 0 for the structure invited as a whole).
func (h *Handlers) Withdraw(w http.ResponseWriter, r *http.Request) {
	if id, ok := h.id(w, r); ok {
		q := r.URL.Query()
		h.cancelPage(w, r, http.StatusOK, &ui.Form{}, id, ui.ParseID(q.Get("structure")), ui.ParseID(q.Get("personne")), true)
	}
}

// WithdrawSave withdraws the invitation: that invitee alone gets the cancellation.
func (h *Handlers) WithdrawSave(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	f := ui.NewForm(r)
	sid, uid := ui.ParseID(f.Value("structure")), ui.ParseID(f.Value("personne"))
	_, sent, err := h.svc.RemoveInvitee(r.Context(), ui.Actor(r), id, sid, uid)
	if err == nil {
		h.site.Flash(r, "L'invitation est retirée. "+cancelledText(sent))
		ui.Redirect(w, r, meetingsvc.Path(id))
		return
	}
	if !refused(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	h.cancelPage(w, r, http.StatusUnprocessableEntity, f, id, sid, uid, true)
}

// cancelledText tells how many cancellations were queued.
func cancelledText(n int) string {
	switch n {
	case 0:
		return "Personne n'avait encore reçu l'invitation : aucun e-mail n'est envoyé."
	case 1:
		return "1 e-mail d'annulation part, avec le fichier qui retire la réunion de l'agenda."
	}
	return strconv.Itoa(n) + " e-mails d'annulation partent, avec le fichier qui retire la réunion de l'agenda."
}
