package places

import (
	"crypto/rand"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/service/places"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// Spam protection of the public "Signaler une erreur" form, without
// JavaScript or captcha:
//   - a honeypot: a field people never see nor reach with the keyboard
//     ("website"), that robots filling every field fill in; such a post is
//     answered as a success and dropped;
//   - a rate limit per client address (placereport.RateLimits: 5 an hour,
//     20 a day). The address is stored only as a salted hash (the salt lives
//     in memory and changes at each start), erased after 24 hours;
//   - length limits and at most two web addresses per message.

// honeypotField is the trap field's name: robots love "website".
const honeypotField = "website"

// reportSalt makes sender keys meaningless outside this process.
var reportSalt = func() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return b
}()

type reportFormData struct {
	Place    place.Place
	Sections []ui.Option
	Max      int
}

// newReportFormData lists the sections in the page's language: their
// label is "report.section_<value>", their hint "report.section_<value>_hint"
// when the French list has one.
func newReportFormData(p place.Place, l i18n.Lang) reportFormData {
	opts := make([]ui.Option, 0, len(placereport.Sections))
	for _, s := range placereport.Sections {
		o := ui.Option{Value: s.Value, Label: l.T("report.section_" + s.Value)}
		if s.Hint != "" {
			o.Hint = l.T("report.section_" + s.Value + "_hint")
		}
		opts = append(opts, o)
	}
	return reportFormData{Place: p, Sections: opts, Max: placereport.MaxCorrection}
}

// reportTitle is the title of the report form in the page's language.
func reportTitle(l i18n.Lang, p place.Place) string {
	return l.T("report.title", "Place", p.Name)
}

// localizeReportErrors writes the refusals of the report form in the
// visitor's language. The checks (placereport.Report.Validate, the rate
// limit) answer in French, for the API too; the French page keeps their
// words, other languages get a message chosen by field and by the same
// conditions on what was typed.
func localizeReportErrors(l i18n.Lang, f *ui.Form, err error) {
	if l.IsFrench() {
		return
	}
	if apperr.Is(err, apperr.TooManyRequests) {
		f.Message = l.T("report.err_too_many")
	}
	correction, contact := f.Value("correction"), f.Value("contact")
	for i, e := range f.Errors {
		var msg string
		switch e.Field {
		case "section":
			msg = l.T("report.err_section")
		case "correction":
			switch n := utf8.RuneCountInString(correction); {
			case n == 0:
				msg = l.T("report.err_correction_empty")
			case n > placereport.MaxCorrection:
				msg = l.T("report.err_correction_long", "N", n, "Max", placereport.MaxCorrection)
			default:
				msg = l.T("report.err_correction_links", "Max", placereport.MaxLinks)
			}
		case "contact":
			switch {
			case utf8.RuneCountInString(contact) > placereport.MaxContact:
				msg = l.T("report.err_contact_long")
			case strings.Contains(contact, "@"):
				msg = l.T("report.err_contact_email")
			default:
				msg = l.T("report.err_contact_phone")
			}
		default:
			continue
		}
		f.Errors[i].Message = msg
	}
}

// publicPlace reads {id} for the public pages: any place, open or not.
func (h *Handlers) publicPlace(w http.ResponseWriter, r *http.Request) (place.Place, bool) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return place.Place{}, false
	}
	p, err := h.places.GetPublic(r.Context(), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return p, false
	}
	return p, true
}

// ReportForm is "Signaler une erreur" on a place.
func (h *Handlers) ReportForm(w http.ResponseWriter, r *http.Request) {
	p, ok := h.publicPlace(w, r)
	if !ok {
		return
	}
	l := ui.LangOf(r)
	h.site.Render(w, r, http.StatusOK, "placeedit_report_public", ui.Page{Title: reportTitle(l, p), Data: newReportFormData(p, l)})
}

// ReportSubmit files the report; the form comes back with what was typed
// and why it was refused.
func (h *Handlers) ReportSubmit(w http.ResponseWriter, r *http.Request) {
	p, ok := h.publicPlace(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.site.RenderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible.")
		return
	}
	thanks := "/lieux/" + strconv.FormatInt(p.ID, 10) + "/signaler/merci"
	if r.PostForm.Get(honeypotField) != "" {
		h.log.Info("signalement ignoré : champ piège rempli", "lieu", p.ID)
		ui.Redirect(w, r, thanks)
		return
	}
	key := ""
	if h.cfg.ClientIP != nil {
		key = placereport.SenderKey(reportSalt, h.cfg.ClientIP(r))
	}
	_, err := h.places.ReportPublic(r.Context(), p.ID, places.NewReport{Section: placereport.Section(r.PostForm.Get("section")),
		Correction: r.PostForm.Get("correction"), Contact: r.PostForm.Get("contact"), SenderKey: key})
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			h.site.NotFound(w, r)
			return
		}
		f := ui.NewForm(r)
		if !f.Fail(err) {
			h.site.ServerError(w, r, err)
			return
		}
		l := ui.LangOf(r)
		localizeReportErrors(l, f, err)
		status := http.StatusUnprocessableEntity
		if apperr.Is(err, apperr.TooManyRequests) {
			status = http.StatusTooManyRequests
		}
		h.site.Render(w, r, status, "placeedit_report_public", ui.Page{Title: reportTitle(l, p), Form: f, Data: newReportFormData(p, l)})
		return
	}
	ui.Redirect(w, r, thanks)
}

// ReportThanks says the report is on its way.
func (h *Handlers) ReportThanks(w http.ResponseWriter, r *http.Request) {
	p, ok := h.publicPlace(w, r)
	if !ok {
		return
	}
	h.site.Render(w, r, http.StatusOK, "placeedit_report_thanks", ui.Page{Title: ui.LangOf(r).T("report.thanks_title"), Data: reportFormData{Place: p}})
}
