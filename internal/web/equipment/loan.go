package equipment

import (
	"errors"
	"io"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/frtime"
	equipmentsvc "github.com/parcours-numerique/parcours/internal/service/equipment"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type loanData struct {
	Loan   equipmentstore.LoanWithPhone
	Signed string // the date the agreement was signed, in French
	Scan   bool
}

func (h *Handlers) loanPage(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	l, err := h.eq.Loan(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := loanData{Loan: l, Scan: l.AgreementSignature == equipment.SignedScan}
	if !l.AgreementSignedAt.IsZero() {
		d.Signed = frtime.Date(l.AgreementSignedAt)
	}
	h.site.Render(w, r, status, "equipment_loan", ui.Page{Title: "Prêt n° " + ui.Itoa(id), Form: f, Data: d})
}

// LoanView shows a loan and its agreement: to print, and how it was signed
// or the form to record the signature.
func (h *Handlers) LoanView(w http.ResponseWriter, r *http.Request) {
	h.loanPage(w, r, http.StatusOK, &ui.Form{})
}

// LoanSign records the signed agreement: the scanned page, or "signed on
// paper" ticked by staff.
func (h *Handlers) LoanSign(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	f := &ui.Form{}
	r.Body = http.MaxBytesReader(w, r.Body, equipmentsvc.MaxScan+64<<10)
	err := r.ParseMultipartForm(1 << 20)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		f.Fail(equipmentsvc.ScanTooBig())
		h.loanPage(w, r, http.StatusUnprocessableEntity, f)
		return
	case errors.Is(err, http.ErrNotMultipart):
		if !parse(w, r) {
			return
		}
	case err != nil:
		http.Error(w, "Formulaire illisible.", http.StatusBadRequest)
		return
	}
	var scan []byte
	if file, _, err := r.FormFile("scan"); err == nil {
		scan, err = io.ReadAll(io.LimitReader(file, equipmentsvc.MaxScan+1))
		file.Close()
		if err != nil {
			h.site.Fail(w, r, err)
			return
		}
	}
	if _, err := h.eq.SignAgreement(r.Context(), ui.Actor(r), id, scan, r.PostFormValue("papier") == "oui"); err != nil {
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		f.Set("papier", r.PostFormValue("papier"))
		h.loanPage(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Signature de la convention enregistrée.")
	ui.Redirect(w, r, "/espace/materiel/prets/"+ui.Itoa(id))
}

// LoanScan downloads the scanned signed agreement.
func (h *Handlers) LoanScan(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	b, typ, err := h.eq.AgreementScan(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	ext := map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[typ]
	w.Header().Set("Content-Type", typ)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="convention-signee-`+ui.Itoa(id)+ext+`"`)
	w.Write(b)
}
