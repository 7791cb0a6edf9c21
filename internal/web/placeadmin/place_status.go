package placeadmin

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/service/places"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// PlaceConfirm is "toujours exact": the listing is confirmed as it is,
// dated today. A listing the validator refuses comes back as its form,
// with what to correct first.
func (h *Handlers) PlaceConfirm(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	ctx, a := r.Context(), ui.Actor(r)
	back := localReturn(r.PostFormValue("retour"), "/espace/lieux")
	p, err := h.places.Confirm(ctx, a, id)
	if apperr.Is(err, apperr.Invalid) {
		sheet, serr := h.places.Sheet(ctx, a, id, 0)
		if serr != nil {
			h.site.Fail(w, r, serr)
			return
		}
		f := &ui.Form{Values: formValues(places.InputOf(&sheet.Place))}
		f.Set("version", places.Version(&sheet.Place))
		f.Set("retour", back)
		f.Fail(err)
		f.Message = apperr.MessageOf(err)
		h.site.Render(w, r, http.StatusUnprocessableEntity, "placeedit_form", ui.Page{Title: formTitle(&sheet), Form: f, Data: h.formPage(f, &sheet, sheet.Place.Hours)})
		return
	}
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Merci : la fiche « "+p.Name+" » est confirmée exacte au "+frtime.Date(p.UpdatedOn)+".")
	ui.Redirect(w, r, back)
}

// PlaceClose marks a place "n'existe plus": it leaves the search, stays
// listed for its owner, and can be reopened.
func (h *Handlers) PlaceClose(w http.ResponseWriter, r *http.Request) {
	h.setStatus(w, r, place.StatusClosed)
}

// PlaceReopen brings a closed place back into the search.
func (h *Handlers) PlaceReopen(w http.ResponseWriter, r *http.Request) {
	h.setStatus(w, r, place.StatusOpen)
}

func (h *Handlers) setStatus(w http.ResponseWriter, r *http.Request, status place.Status) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	ctx, a := r.Context(), ui.Actor(r)
	var p place.Place
	var err error
	if status == place.StatusClosed {
		p, err = h.places.Close(ctx, a, id)
	} else {
		p, err = h.places.Reopen(ctx, a, id)
	}
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if status == place.StatusClosed {
		h.site.Flash(r, "« "+p.Name+" » est marqué comme n'existant plus : il n'apparaît plus dans la recherche. Vous pouvez le rouvrir plus bas.")
	} else {
		h.site.Flash(r, "« "+p.Name+" » est de nouveau ouvert et apparaît dans la recherche.")
	}
	ui.Redirect(w, r, localReturn(r.PostFormValue("retour"), "/espace/lieux"))
}
