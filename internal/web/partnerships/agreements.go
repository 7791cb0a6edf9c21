package partnerships

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/partnership"
	svc "github.com/parcours-numerique/parcours/internal/service/partnerships"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type agreementsData struct {
	Agreements []partnership.Agreement
	Today      string
	Manage     bool
}

// Agreements lists the conventions the actor reads, ending soonest first.
func (h *Handlers) Agreements(w http.ResponseWriter, r *http.Request) {
	list, manage, err := h.p.Agreements(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "conventions_list", ui.Page{Title: "Conventions avec les partenaires",
		Data: agreementsData{Agreements: list, Today: h.p.Today(), Manage: manage}})
}

type agreementData struct {
	Agreement  partnership.Agreement // ID 0: a new convention
	Today      string
	Manage     bool
	Structures []ui.Option
}

// Day writes a day as 30/06/2026.
func (d agreementData) Day(s string) string { return frDay(s) }

func frDay(s string) string {
	t, err := time.Parse(partnership.DayLayout, s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}

func fillAgreement(f *ui.Form, a partnership.Agreement) {
	f.Set("objet", a.Object)
	f.Set("partenaires", a.Partners)
	f.Set("debut", frDay(a.StartsOn))
	f.Set("fin", frDay(a.EndsOn))
	f.Set("rappel", strconv.Itoa(a.RemindDays))
	if a.Tacit {
		f.Set("tacite", "oui")
	}
	for _, p := range a.Parties {
		f.Values.Add("parties", ui.Itoa(p.StructureID))
	}
}

// AgreementNew is the form of a new convention.
func (h *Handlers) AgreementNew(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{Values: url.Values{}}
	f.Set("rappel", "60")
	h.agreementPage(w, r, http.StatusOK, f, partnership.Agreement{}, true)
}

func (h *Handlers) agreementPage(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, a partnership.Agreement, manage bool) {
	d := agreementData{Agreement: a, Today: h.p.Today(), Manage: manage}
	if manage {
		var err error
		if d.Structures, err = h.structureOptions(r.Context(), r, ""); err != nil {
			h.site.Fail(w, r, err)
			return
		}
	}
	title := a.Object
	if a.ID == 0 {
		title = "Nouvelle convention"
	}
	h.site.Render(w, r, status, "conventions_agreement", ui.Page{Title: title, Form: f, Data: d})
}

// Agreement shows a convention, and its form to the coordination.
func (h *Handlers) Agreement(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	a, manage, err := h.p.Agreement(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	fillAgreement(f, a)
	h.agreementPage(w, r, http.StatusOK, f, a, manage)
}

// readAgreement reads the multipart form of a convention and its PDF;
// ok is false when it answered already.
func (h *Handlers) readAgreement(w http.ResponseWriter, r *http.Request) (in partnership.AgreementInput, pdf svc.SignedPDF, tooBig, ok bool) {
	r.Body = http.MaxBytesReader(w, r.Body, partnership.MaxPDF+64<<10)
	err := r.ParseMultipartForm(1 << 20)
	var big *http.MaxBytesError
	switch {
	case errors.As(err, &big):
		tooBig = true
	case errors.Is(err, http.ErrNotMultipart):
		if err := r.ParseForm(); err != nil {
			http.Error(w, "Formulaire illisible.", http.StatusBadRequest)
			return in, pdf, false, false
		}
	case err != nil:
		http.Error(w, "Formulaire illisible.", http.StatusBadRequest)
		return in, pdf, false, false
	default:
		defer r.MultipartForm.RemoveAll()
		if file, hdr, err := r.FormFile("pdf"); err == nil {
			pdf.Bytes, err = io.ReadAll(io.LimitReader(file, partnership.MaxPDF+1))
			file.Close()
			if err != nil {
				h.site.Fail(w, r, err)
				return in, pdf, false, false
			}
			pdf.Name = hdr.Filename
		}
	}
	if r.PostForm == nil {
		r.PostForm = url.Values{}
	}
	in = partnership.AgreementInput{Object: r.PostForm.Get("objet"), Partners: r.PostForm.Get("partenaires"), PartyIDs: ids(r, "parties"),
		StartsOn: r.PostForm.Get("debut"), EndsOn: r.PostForm.Get("fin"), Tacit: r.PostForm.Get("tacite") == "oui", RemindDays: r.PostForm.Get("rappel")}
	return in, pdf, tooBig, true
}

// AgreementCreate records a new convention with its signed PDF.
func (h *Handlers) AgreementCreate(w http.ResponseWriter, r *http.Request) {
	in, pdf, tooBig, ok := h.readAgreement(w, r)
	if !ok {
		return
	}
	if tooBig {
		h.agreementFailed(w, r, 0, partnership.PDFTooBig())
		return
	}
	a, err := h.p.CreateAgreement(r.Context(), ui.Actor(r), in, pdf)
	if err != nil {
		h.agreementFailed(w, r, 0, err)
		return
	}
	h.site.Flash(r, "Convention enregistrée. Un rappel vous sera envoyé "+strconv.Itoa(a.RemindDays)+" jours avant son échéance.")
	ui.Redirect(w, r, svc.AgreementPath(a.ID))
}

// AgreementUpdate saves a convention; a new PDF replaces the signed one.
func (h *Handlers) AgreementUpdate(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	in, pdf, tooBig, ok := h.readAgreement(w, r)
	if !ok {
		return
	}
	if tooBig {
		h.agreementFailed(w, r, id, partnership.PDFTooBig())
		return
	}
	if _, err := h.p.UpdateAgreement(r.Context(), ui.Actor(r), id, in, pdf); err != nil {
		h.agreementFailed(w, r, id, err)
		return
	}
	h.site.Flash(r, "Convention enregistrée.")
	ui.Redirect(w, r, svc.AgreementPath(id))
}

// agreementFailed shows the form again with what was typed and the errors.
func (h *Handlers) agreementFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	f := &ui.Form{Values: url.Values{}}
	for k, v := range r.PostForm {
		f.Values[k] = v
	}
	if !shown(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	a := partnership.Agreement{}
	if id != 0 {
		var gerr error
		if a, _, gerr = h.p.Agreement(r.Context(), ui.Actor(r), id); gerr != nil {
			h.site.Fail(w, r, gerr)
			return
		}
	}
	h.agreementPage(w, r, http.StatusUnprocessableEntity, f, a, true)
}

// AgreementPDF downloads the signed convention.
func (h *Handlers) AgreementPDF(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	b, name, err := h.p.AgreementPDF(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	name = strings.Map(func(c rune) rune {
		if c < 32 || c == '"' || c == '\\' || c > 126 {
			return '_'
		}
		return c
	}, name)
	if !strings.HasSuffix(strings.ToLower(name), ".pdf") {
		name += ".pdf"
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(b)
}

// End writes the end of a convention's current period as 30/06/2026.
func (d agreementsData) End(a partnership.Agreement) string { return frDay(a.CurrentEnd(d.Today)) }
