package partnerships

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/partnership"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// Charter shows the charter of the actor's territory and its signatories;
// a structure that has not signed the current version signs it here; the
// coordination publishes a new version.
func (h *Handlers) Charter(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{Values: url.Values{}}
	f.Set("date", frDay(h.p.Today()))
	h.charterPage(w, r, http.StatusOK, f)
}

func (h *Handlers) charterPage(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	p, err := h.p.Charter(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if p.Manage && f.Value("texte") == "" {
		f.Set("texte", p.Current.Body)
	}
	h.site.Render(w, r, status, "charter_staff", ui.Page{Title: "Charte des acteurs du territoire", Form: f, Data: p})
}

func (h *Handlers) charterFailed(w http.ResponseWriter, r *http.Request, err error) {
	f := ui.NewForm(r)
	if !shown(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	h.charterPage(w, r, http.StatusUnprocessableEntity, f)
}

// CharterPublish publishes a new version of the charter.
func (h *Handlers) CharterPublish(w http.ResponseWriter, r *http.Request) {
	v, err := h.p.PublishCharter(r.Context(), ui.Actor(r), r.PostForm.Get("texte"))
	if err != nil {
		h.charterFailed(w, r, err)
		return
	}
	h.site.Flash(r, "Version "+strconv.Itoa(v.Version)+" de la charte publiée : les structures peuvent la signer.")
	ui.Redirect(w, r, "/espace/reseau/charte")
}

// CharterSign signs the current version for the actor's structure.
func (h *Handlers) CharterSign(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	_, err := h.p.SignCharter(r.Context(), ui.Actor(r), id, r.PostForm.Get("nom"), r.PostForm.Get("fonction"),
		r.PostForm.Get("date"), r.PostForm.Get("accepte") == "oui")
	if err != nil {
		h.charterFailed(w, r, err)
		return
	}
	h.site.Flash(r, "Charte signée pour votre structure.")
	ui.Redirect(w, r, "/espace/reseau/charte")
}

type publicCharterData struct {
	Charter   partnership.CharterVersion
	Published bool
	Territory string
}

// PublicCharter is the public page of a territory's charter and of the
// structures that signed its current version (no sign-in).
func (h *Handlers) PublicCharter(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.URL.Query().Get("territoire"), 10, 64)
	v, name, ok, err := h.p.PublicCharter(r.Context(), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	title := "Charte des acteurs de l'inclusion numérique"
	if name != "" {
		title += " – " + name
	}
	h.site.Render(w, r, http.StatusOK, "charter_public", ui.Page{Title: title, Data: publicCharterData{Charter: v, Published: ok, Territory: name}})
}
