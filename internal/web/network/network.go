// Package network serves the network of the territory's actors: the
// directory (searchable, printable) with the form where a staff member
// chooses whether and how they appear in it, and the monthly letter: news,
// review, sending with a one-click unsubscribe, public archive and feed.
package network

import (
	"bytes"
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/network"
	"github.com/parcours-numerique/parcours/internal/pdfdoc"
	"github.com/parcours-numerique/parcours/internal/place"
	networksvc "github.com/parcours-numerique/parcours/internal/service/network"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the pages.
type Handlers struct {
	site *ui.Site
	svc  *networksvc.Service
}

// New registers the pages' templates and menu entry.
func New(site *ui.Site, svc *networksvc.Service) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html", "templates/partials/*.html"); err != nil {
		return nil, err
	}
	site.AddMenu(
		ui.MenuItem{Label: "Annuaire du réseau", Href: "/espace/reseau/annuaire", Perm: account.PermNetwork},
		ui.MenuItem{Label: "Lettre du réseau", Href: "/espace/reseau/lettre", Perm: account.PermNetworkAnimate},
	)
	return &Handlers{site: site, svc: svc}, nil
}

// DirectoryData is the directory page.
type DirectoryData struct {
	Directory networksvc.Directory
	Listed    bool
	PDFLink   string
}

// Directory shows the territory's actors, searched by q.
func (h *Handlers) Directory(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	d, err := h.svc.Directory(r.Context(), a, r.URL.Query().Get("q"))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	_, listed, err := h.svc.MyListing(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	link := "/espace/reseau/annuaire.pdf"
	if d.Query != "" {
		link += "?q=" + url.QueryEscape(d.Query)
	}
	h.site.Render(w, r, http.StatusOK, "network_directory", ui.Page{Title: "Annuaire du réseau", Data: DirectoryData{Directory: d, Listed: listed, PDFLink: link}})
}

// DirectoryPDF prints the directory (as searched) on A4 pages.
func (h *Handlers) DirectoryPDF(w http.ResponseWriter, r *http.Request) {
	d, err := h.svc.Directory(r.Context(), ui.Actor(r), r.URL.Query().Get("q"))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	pdf, err := directoryPDF(d)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="annuaire-du-reseau.pdf"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	_, _ = w.Write(pdf)
}

// ListingData is the form of one's own listing.
type ListingData struct {
	Structure string
	Email     string
}

// ListingForm shows whether and how the staff member appears.
func (h *Handlers) ListingForm(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	l, listed, err := h.svc.MyListing(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := ui.NewForm(r)
	if listed {
		f.Set("figurer", "oui")
		f.Set("fonction", l.Function)
		f.Set("telephone", l.ContactPhone())
		if l.ShowEmail {
			f.Set("montrer_email", "oui")
		}
	}
	h.renderListing(w, r, http.StatusOK, f)
}

// ListingSave records the choice; a refused field shows its message.
func (h *Handlers) ListingSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.site.RenderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible. Revenez en arrière et recommencez.")
		return
	}
	listed := r.PostForm.Get("figurer") == "oui"
	in := network.ListingInput{Function: r.PostForm.Get("fonction"), Phone: r.PostForm.Get("telephone"), ShowEmail: r.PostForm.Get("montrer_email") == "oui"}
	if err := h.svc.SetMyListing(r.Context(), ui.Actor(r), listed, in); err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			h.site.Fail(w, r, err)
			return
		}
		f := ui.NewForm(r)
		f.Fail(err)
		h.renderListing(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if listed {
		h.site.Flash(r, "Votre fiche est enregistrée : vous apparaissez dans l'annuaire du réseau.")
	} else {
		h.site.Flash(r, "Vous n'apparaissez plus dans l'annuaire du réseau.")
	}
	ui.Redirect(w, r, "/espace/reseau/annuaire")
}

func (h *Handlers) renderListing(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	a := ui.Actor(r)
	h.site.Render(w, r, status, "network_listing", ui.Page{Title: "Ma fiche dans l'annuaire", Form: f,
		Data: ListingData{Structure: a.Membership.StructureName, Email: a.User.Email}})
}

// directoryPDF writes the directory as an A4 document, one block per
// structure, for a binder or a wall.
func directoryPDF(d networksvc.Directory) ([]byte, error) {
	doc := pdfdoc.New("Annuaire du réseau – "+d.Territory, d.At)
	pdf, t, width := doc.Fpdf, doc.T, doc.Width
	pdf.SetTextColor(0, 97, 107)
	pdf.SetFont("Helvetica", "B", 20)
	pdf.MultiCell(width, 9, t("Annuaire du réseau"), "", "L", false)
	pdf.SetFont("Helvetica", "B", 13)
	pdf.MultiCell(width, 7, t(d.Territory), "", "L", false)
	pdf.SetTextColor(27, 28, 31)
	pdf.SetFont("Helvetica", "", 9)
	intro := "Édité le " + frtime.Date(d.At) + ". Les professionnels listés ont accepté d'y figurer."
	if d.Query != "" {
		intro += " Recherche : « " + d.Query + " »."
	}
	pdf.MultiCell(width, 4.5, t(intro), "", "L", false)
	if len(d.Entries) == 0 {
		pdf.Ln(4)
		pdf.SetFont("Helvetica", "", 11)
		pdf.MultiCell(width, 6, t("Aucun acteur ne correspond à la recherche."), "", "L", false)
	}
	for _, e := range d.Entries {
		pdf.Ln(4)
		pdf.SetFont("Helvetica", "B", 13)
		pdf.MultiCell(width, 6.5, t(e.Structure.Name), "B", "L", false)
		pdf.SetFont("Helvetica", "", 10)
		line := func(s string) { pdf.MultiCell(width, 5, t(s), "", "L", false) }
		if addr := strings.TrimSpace(e.Structure.Address + " " + e.Structure.CommuneLabel()); addr != "" {
			line(addr)
		}
		if s := e.Services(); len(s) > 0 {
			line("Services : " + strings.Join(s, " ; "))
		}
		for _, p := range e.Places {
			parts := []string{"Lieu : " + p.Name, strings.TrimSpace(p.Address + ", " + p.PostalCode + " " + p.Commune)}
			if p.Phone != "" {
				parts = append(parts, place.DisplayPhone(p.Phone))
			}
			line(strings.Join(parts, " – "))
		}
		for _, l := range e.Staff {
			parts := []string{l.Name}
			if l.Function != "" {
				parts = append(parts, l.Function)
			}
			if l.Phone != "" {
				parts = append(parts, l.ContactPhone())
			}
			if l.Email != "" {
				parts = append(parts, l.Email)
			}
			line("Contact : " + strings.Join(parts, " – "))
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
