package mandates

import (
	"net/http"
	"net/url"
	"time"

	"github.com/parcours-numerique/parcours/internal/mandate"
	mandatesvc "github.com/parcours-numerique/parcours/internal/service/mandates"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type mandateRow struct {
	mandate.Mandate
	Status, StatusLabel string
}

type indexData struct {
	Aidant     mandatesvc.AidantStatus
	Mandates   []mandateRow
	Categories []ui.Option
}

func rows(list []mandate.Mandate, now time.Time) []mandateRow {
	out := make([]mandateRow, 0, len(list))
	for _, m := range list {
		out = append(out, mandateRow{Mandate: m, Status: m.Status(now), StatusLabel: m.StatusLabel(now)})
	}
	return out
}

func (h *Handlers) index(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	a := ui.Actor(r)
	st, err := h.mandates.Aidant(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	list, err := h.mandates.List(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	allowed, err := h.mandates.AllowedCategories(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if f == nil {
		f = &ui.Form{Values: url.Values{}}
		for _, c := range allowed {
			f.Values.Add("categories", c)
		}
	}
	h.site.Render(w, r, status, "mandates_index", ui.Page{Title: "Mandats", Form: f,
		Data: indexData{Aidant: st, Mandates: rows(list, h.site.Now()), Categories: ui.Choices(mandate.Categories)}})
}

// Index shows the actor's standing as an aidant and the structure's mandates.
func (h *Handlers) Index(w http.ResponseWriter, r *http.Request) {
	h.index(w, r, http.StatusOK, nil)
}

// Restrict saves the categories the structure's mandates may cover.
func (h *Handlers) Restrict(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	if err := h.mandates.RestrictCategories(r.Context(), ui.Actor(r), r.PostForm["categories"]); err != nil {
		if h.refused(w, r, err) {
			return
		}
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.index(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Catégories des mandats de la structure enregistrées.")
	ui.Redirect(w, r, "/espace/mandats")
}

type charterData struct {
	Aidant  mandatesvc.AidantStatus
	Lines   []mandate.Line
	Version string
}

func (h *Handlers) charter(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	st, err := h.mandates.Aidant(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, status, "mandates_charter", ui.Page{Title: "Charte de l'aidant", Form: f,
		Data: charterData{Aidant: st, Lines: mandate.Charter(), Version: mandate.CharterVersion}})
}

// Charter shows the aidant charter and, to a trained professional, the form to sign it.
func (h *Handlers) Charter(w http.ResponseWriter, r *http.Request) {
	h.charter(w, r, http.StatusOK, &ui.Form{})
}

// CharterSign records the actor's signature of the charter.
func (h *Handlers) CharterSign(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	if err := h.mandates.SignCharter(r.Context(), ui.Actor(r), r.PostFormValue("accord") == "oui"); err != nil {
		if h.refused(w, r, err) {
			return
		}
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.charter(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Charte signée : vous êtes aidant de votre structure.")
	ui.Redirect(w, r, "/espace/mandats")
}

// CharterPDF downloads the charter to print and sign.
func (h *Handlers) CharterPDF(w http.ResponseWriter, r *http.Request) {
	b, err := h.mandates.CharterPDF(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	writePDF(w, "charte-aidant.pdf", b)
}

func writePDF(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(b)
}
