package safe

import (
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/docsafe"
	safesvc "github.com/parcours-numerique/parcours/internal/service/safe"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type personData struct {
	View      safesvc.View
	Items     []item
	Kinds     []ui.Option
	Shared    *safesvc.Shared // a link just made, shown once
	SharedDoc int64
	Now       time.Time
	Quota     string
	Used      string
}

func (h *Handlers) renderPerson(w http.ResponseWriter, r *http.Request, status int, personID int64, f *ui.Form, shared *safesvc.Shared, sharedDoc int64) {
	v, err := h.safe.Overview(r.Context(), ui.Actor(r), personID)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := personData{View: v, Items: items(v.Documents, "/espace/coffre/documents", h.site.Now()), Kinds: kindOptions(), Shared: shared, SharedDoc: sharedDoc,
		Quota: safesvc.Megabytes(v.Quota), Used: safesvc.Megabytes(v.Used), Now: h.site.Now()}
	h.site.Render(w, r, status, "safe_person", ui.Page{Title: "Coffre-fort numérique de " + v.Person.Name(), Form: f, Data: d})
}

// Person shows a person's safe: the consent to read when it is not open,
// the documents otherwise.
func (h *Handlers) Person(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	h.renderPerson(w, r, http.StatusOK, id, nil, nil, 0)
}

// Open opens the safe: the button itself says the person agreed.
func (h *Handlers) Open(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if _, err := h.safe.Open(r.Context(), ui.Actor(r), id, r.PostFormValue("accord") == "oui"); err != nil {
		f := ui.NewForm(r)
		if !shown(f, err) {
			h.site.Fail(w, r, err)
			return
		}
		h.renderPerson(w, r, http.StatusUnprocessableEntity, id, f, nil, 0)
		return
	}
	h.site.Flash(r, "Coffre-fort ouvert. L'accord de la personne est enregistré avec le texte lu.")
	ui.Redirect(w, r, "/espace/personnes/"+ui.Itoa(id)+"/coffre")
}

// Withdraw records the withdrawal of the person's consent.
func (h *Handlers) Withdraw(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if r.PostFormValue("confirmer") != "oui" {
		f := ui.NewForm(r)
		f.Fail(ui.FieldError("confirmer", "Cochez la case pour confirmer que la personne retire son accord."))
		h.renderPerson(w, r, http.StatusUnprocessableEntity, id, f, nil, 0)
		return
	}
	if err := h.safe.Withdraw(r.Context(), ui.Actor(r), id); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Accord retiré : les conseillers n'ont plus accès au coffre-fort. La personne garde ses documents.")
	ui.Redirect(w, r, "/espace/personnes/"+ui.Itoa(id)+"/coffre")
}

// Upload adds a document to a person's safe.
func (h *Handlers) Upload(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	in, err := readUpload(w, r)
	if err == nil {
		_, err = h.safe.Upload(r.Context(), ui.Actor(r), id, in)
	}
	if err != nil {
		f := &ui.Form{}
		f.Set("type", in.Kind)
		f.Set("titre", in.Title)
		if r.MultipartForm != nil {
			f.Set("expiration", r.FormValue("expiration"))
		}
		if !shown(f, err) {
			h.site.Fail(w, r, err)
			return
		}
		h.renderPerson(w, r, http.StatusUnprocessableEntity, id, f, nil, 0)
		return
	}
	h.site.Flash(r, "Document rangé dans le coffre-fort, chiffré.")
	ui.Redirect(w, r, "/espace/personnes/"+ui.Itoa(id)+"/coffre")
}

// Download sends a document to the conseiller; the read is journaled.
func (h *Handlers) Download(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "doc")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	d, b, err := h.safe.Download(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	send(w, d, b)
}

// document returns the document named in the path, or answers the error.
func (h *Handlers) document(w http.ResponseWriter, r *http.Request) (docsafe.Document, bool) {
	id, ok := ui.PathID(r, "doc")
	if !ok {
		h.site.NotFound(w, r)
		return docsafe.Document{}, false
	}
	d, err := h.safe.Document(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return d, false
	}
	return d, true
}

// Delete removes a document once the box is ticked.
func (h *Handlers) Delete(w http.ResponseWriter, r *http.Request) {
	d, ok := h.document(w, r)
	if !ok {
		return
	}
	if r.PostFormValue("confirmer") != "oui" {
		f := ui.NewForm(r)
		f.Fail(errConfirmDelete)
		h.renderPerson(w, r, http.StatusUnprocessableEntity, d.PersonID, f, nil, 0)
		return
	}
	if err := h.safe.Delete(r.Context(), ui.Actor(r), d.ID); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Document supprimé.")
	ui.Redirect(w, r, "/espace/personnes/"+ui.Itoa(d.PersonID)+"/coffre")
}

// Share makes a share link and shows it once.
func (h *Handlers) Share(w http.ResponseWriter, r *http.Request) {
	d, ok := h.document(w, r)
	if !ok {
		return
	}
	sh, err := h.safe.Share(r.Context(), ui.Actor(r), d.ID, r.PostFormValue("duree"))
	if err != nil {
		f := ui.NewForm(r)
		if !shown(f, err) {
			h.site.Fail(w, r, err)
			return
		}
		h.renderPerson(w, r, http.StatusUnprocessableEntity, d.PersonID, f, nil, 0)
		return
	}
	if sh.URL != "" && sh.URL[0] == '/' {
		sh.URL = h.site.AbsoluteURL(r, sh.URL)
	}
	h.renderPerson(w, r, http.StatusOK, d.PersonID, nil, &sh, d.ID)
}

// Revoke ends a share link.
func (h *Handlers) Revoke(w http.ResponseWriter, r *http.Request) {
	d, ok := h.document(w, r)
	if !ok {
		return
	}
	share, ok := ui.PathID(r, "share")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if err := h.safe.Revoke(r.Context(), ui.Actor(r), d.ID, share); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Lien de partage retiré : il n'ouvre plus le document.")
	ui.Redirect(w, r, "/espace/personnes/"+ui.Itoa(d.PersonID)+"/coffre")
}
