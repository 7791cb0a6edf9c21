package reception

import (
	"net/http"
	"strings"

	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/service/referrals"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type referralNewData struct {
	referrals.Draft
	Destinations []ui.Option
	Services     []ui.Option
	Contacts     []ui.Option
	Shared       []string
}

// ReferralNewForm prepares an orientation of a person: the sender sees
// exactly which fields the receiver will get.
func (h *Handlers) ReferralNewForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d, err := h.referrals.Draft(r.Context(), ui.Actor(r), ui.ParseID(q.Get("personne")), ui.ParseID(q.Get("evaluation")))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{}
	f.Set("personne", ui.Itoa(d.Person.ID))
	f.Set("nom", d.Name)
	f.Set("disponible", d.AvailableFrom)
	f.Set("contact", d.Contact)
	f.Set("contact_valeur", d.ContactValue)
	if d.EvaluationID != 0 {
		f.Set("evaluation", ui.Itoa(d.EvaluationID))
		f.Set("service", d.Service)
	}
	if l := ui.ParseID(q.Get("lieu")); l != 0 {
		f.Set("destination", "lieu-"+ui.Itoa(l))
	} else if st := ui.ParseID(q.Get("structure")); st != 0 {
		f.Set("destination", "structure-"+ui.Itoa(st))
	}
	h.renderReferralNew(w, r, http.StatusOK, f, d)
}

func (h *Handlers) renderReferralNew(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, draft referrals.Draft) {
	d := referralNewData{Draft: draft, Shared: referral.SharedFields, Contacts: ui.Choices(referral.ContactMethods)}
	for _, sv := range place.Services {
		d.Services = append(d.Services, ui.Option{Value: sv.Value, Label: sv.Value, Hint: sv.Label})
	}
	// Suggested places first, then every other structure using Parcours.
	service := f.Value("service")
	if service == "" {
		service = "Aide aux démarches administratives"
	}
	var chosen int64
	if dest := f.Value("destination"); strings.HasPrefix(dest, "lieu-") {
		chosen = ui.ParseID(strings.TrimPrefix(dest, "lieu-"))
	}
	dest, err := h.referrals.Destinations(r.Context(), ui.Actor(r), draft.Person, service, chosen)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	seen := map[string]bool{}
	if pl := dest.Chosen; pl != nil {
		v := "lieu-" + ui.Itoa(pl.ID)
		seen[v] = true
		d.Destinations = append(d.Destinations, ui.Option{Value: v, Label: pl.Name, Hint: "Lieu de la carte · " + pl.Address + ", " + pl.Commune})
	}
	for _, c := range dest.Nearest {
		if v := "lieu-" + ui.Itoa(c.Place.ID); !seen[v] {
			seen[v] = true
			d.Destinations = append(d.Destinations, ui.Option{Value: v, Label: c.Place.Name, Hint: "Lieu proche · " + c.Place.Address + ", " + c.Place.Commune + " · " + c.OpenText})
		}
	}
	for _, st := range dest.Structures {
		d.Destinations = append(d.Destinations, ui.Option{Value: "structure-" + ui.Itoa(st.ID), Label: st.Name, Hint: "Structure qui utilise Parcours : elle reçoit l'orientation dans son espace."})
	}
	h.render(w, r, status, "reception_referral_new", ui.Page{Title: "Orienter " + draft.Person.Name(), Form: f, Data: d})
}

// ReferralCreate sends the orientation, with the sharing consent when it is
// given now.
func (h *Handlers) ReferralCreate(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	pf := r.PostForm
	in := referrals.NewReferral{PersonID: ui.ParseID(pf.Get("personne")), EvaluationID: ui.ParseID(pf.Get("evaluation")),
		Name: pf.Get("nom"), Contact: pf.Get("contact"), ContactValue: pf.Get("contact_valeur"), Service: pf.Get("service"),
		AvailableFrom: pf.Get("disponible"), Reason: pf.Get("motif"), Informed: pf.Get("informee") == "oui",
		ShareConsent: pf.Get("consentement_partage") == "oui", Base: h.site.AbsoluteURL(r, "")}
	switch dest := pf.Get("destination"); {
	case strings.HasPrefix(dest, "structure-"):
		in.StructureID = ui.ParseID(strings.TrimPrefix(dest, "structure-"))
	case strings.HasPrefix(dest, "lieu-"):
		in.PlaceID = ui.ParseID(strings.TrimPrefix(dest, "lieu-"))
	}
	c, err := h.referrals.Create(r.Context(), a, in)
	if err != nil {
		f := ui.NewForm(r)
		h.failForm(w, r, f, ui.RenameFields(err, referralFields), func(status int) {
			d, err := h.referrals.Draft(r.Context(), a, in.PersonID, in.EvaluationID)
			if err != nil {
				h.site.Fail(w, r, err)
				return
			}
			h.renderReferralNew(w, r, status, f, d)
		})
		return
	}
	ref := c.Referral
	msg := "Orientation envoyée à " + ref.ReceiverName + " : elle la voit dans son espace."
	switch {
	case c.Mailed:
		msg = "Orientation créée pour " + ref.ReceiverName + ", qui n'utilise pas Parcours : le lien de réponse lui est envoyé par e-mail. Vous pouvez aussi imprimer la fiche avec le code QR."
	case ref.ViaLink():
		msg = "Orientation créée pour " + ref.ReceiverName + ", qui n'utilise pas Parcours : imprimez la fiche avec le code QR ou transmettez le lien."
	}
	h.site.Flash(r, msg)
	ui.Redirect(w, r, "/espace/orientations/"+ui.Itoa(ref.ID))
}
