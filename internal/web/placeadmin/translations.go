package placeadmin

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/service/places"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// translationsData is what placeedit_translations.html shows: the French
// texts and, for each resident language, its translation and its form.
type translationsData struct {
	Place      place.Place
	Translator bool
	Langs      []langTexts
}

type langTexts struct {
	Lang        i18n.Lang
	Translation place.Translation
	Exists      bool
	Form        *ui.Form // the language's form: its values, or what failed
	Action      string
}

// PlaceTranslations is the translation screen of a place's summary and
// description: every resident language, its state ("à relire", "relue"),
// who translated it and when.
func (h *Handlers) PlaceTranslations(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	h.renderTranslations(w, r, id, http.StatusOK, "", nil)
}

func (h *Handlers) renderTranslations(w http.ResponseWriter, r *http.Request, id int64, status int, failedLang string, failed *ui.Form) {
	texts, err := h.places.Texts(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := translationsData{Place: texts.Place, Translator: texts.Translator}
	for _, l := range places.TranslationLangs() {
		t, exists := texts.Translations[l.Code]
		lt := langTexts{Lang: l, Translation: t, Exists: exists, Action: fmt.Sprintf("/espace/lieux/%d/traductions/%s", id, l.Code)}
		if l.Code == failedLang && failed != nil {
			lt.Form = failed
		} else {
			lt.Form = &ui.Form{}
			lt.Form.Set("resume", t.Summary)
			lt.Form.Set("description", t.Description)
		}
		d.Langs = append(d.Langs, lt)
	}
	h.site.Render(w, r, status, "placeedit_translations", ui.Page{Title: "Traductions de « " + texts.Place.Name + " »", Data: d})
}

// PlaceTranslate saves the translation of a place's texts into one
// language, or removes it ("supprimer").
func (h *Handlers) PlaceTranslate(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok || !h.parseForm(w, r) {
		if !ok {
			h.site.NotFound(w, r)
		}
		return
	}
	ctx, a, lang := r.Context(), ui.Actor(r), r.PathValue("langue")
	back := fmt.Sprintf("/espace/lieux/%d/traductions#langue-%s", id, lang)
	if r.PostFormValue("supprimer") != "" {
		if err := h.places.DeleteTranslation(ctx, a, id, lang); err != nil {
			h.site.Fail(w, r, err)
			return
		}
		h.site.Flash(r, "La traduction en "+i18n.Get(lang).Name+" est supprimée : la fiche montre le texte français dans cette langue.")
		ui.Redirect(w, r, back)
		return
	}
	t, err := h.places.Translate(ctx, a, id, lang, r.PostFormValue("resume"), r.PostFormValue("description"))
	if apperr.Is(err, apperr.Invalid) && places.IsTranslationLang(lang) {
		f := &ui.Form{}
		f.Set("resume", r.PostFormValue("resume"))
		f.Set("description", r.PostFormValue("description"))
		f.Fail(err)
		h.renderTranslations(w, r, id, http.StatusUnprocessableEntity, lang, f)
		return
	}
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	state := "à relire"
	if t.Reviewed() {
		state = "relue"
	}
	h.site.Flash(r, "Traduction en "+i18n.Get(lang).Name+" enregistrée ("+state+").")
	ui.Redirect(w, r, back)
}

// PlaceTranslationReview marks a translation "relue".
func (h *Handlers) PlaceTranslationReview(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	lang := r.PathValue("langue")
	if _, err := h.places.ReviewTranslation(r.Context(), ui.Actor(r), id, lang); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "La traduction en "+i18n.Get(lang).Name+" est marquée relue.")
	ui.Redirect(w, r, fmt.Sprintf("/espace/lieux/%d/traductions#langue-%s", id, lang))
}

// Translators lists the structure's members and who among them translates
// its places' texts.
func (h *Handlers) Translators(w http.ResponseWriter, r *http.Request) {
	members, err := h.places.Translators(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "placeedit_translators", ui.Page{Title: "Traducteurs et traductrices des lieux", Data: members})
}

// TranslatorSet names a member translator ("ajouter") or ends it.
func (h *Handlers) TranslatorSet(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r) {
		return
	}
	userID, err := strconv.ParseInt(r.PostFormValue("compte"), 10, 64)
	if err != nil || userID <= 0 {
		h.site.RenderError(w, r, http.StatusUnprocessableEntity, "Demande impossible", "Choisissez une personne de la liste.")
		return
	}
	on := r.PostFormValue("traducteur") == "oui"
	if err := h.places.SetTranslator(r.Context(), ui.Actor(r), userID, on); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if on {
		h.site.Flash(r, "Cette personne peut maintenant traduire et relire les textes de vos lieux.")
	} else {
		h.site.Flash(r, "Cette personne ne traduit plus les textes de vos lieux ; ses traductions restent.")
	}
	ui.Redirect(w, r, "/espace/lieux/traducteurs")
}
