package web

import (
	"crypto/rand"
	"net/http"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placereport"
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
	Sections []option
	Max      int
}

func reportSectionOptions() []option {
	opts := make([]option, 0, len(placereport.Sections))
	for _, s := range placereport.Sections {
		opts = append(opts, option{Value: string(s.Value), Label: s.Label, Hint: s.Hint})
	}
	return opts
}

// publicPlace reads {id} for the public pages: any place, open or not.
func (s *Server) publicPlace(w http.ResponseWriter, r *http.Request) (place.Place, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return place.Place{}, false
	}
	p, err := s.store.Place(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return p, false
	}
	return p, true
}

func (s *Server) reportForm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.publicPlace(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "placeedit_report_public", page{Title: "Signaler une erreur sur « " + p.Name + " »",
		Data: reportFormData{Place: p, Sections: reportSectionOptions(), Max: placereport.MaxCorrection}})
}

func (s *Server) reportSubmit(w http.ResponseWriter, r *http.Request) {
	p, ok := s.publicPlace(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible.")
		return
	}
	thanks := "/lieux/" + strconv.FormatInt(p.ID, 10) + "/signaler/merci"
	if r.PostForm.Get(honeypotField) != "" {
		s.log.Info("signalement ignoré : champ piège rempli", "lieu", p.ID)
		redirect(w, r, thanks)
		return
	}
	rep := placereport.Report{PlaceID: p.ID, Section: placereport.Section(r.PostForm.Get("section")),
		Correction: r.PostForm.Get("correction"), Contact: r.PostForm.Get("contact")}
	rep.Normalize()
	err := rep.Validate()
	key := placereport.SenderKey(reportSalt, s.clientIP(r))
	if err == nil {
		err = s.checkReportRate(r, key)
	}
	if err == nil {
		err = s.store.CreatePlaceReport(r.Context(), &rep, key, s.cfg.Now())
	}
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			s.notFound(w, r)
			return
		}
		f := newForm(r)
		if !f.Fail(err) {
			s.serverError(w, r, err)
			return
		}
		status := http.StatusUnprocessableEntity
		if apperr.Is(err, apperr.TooManyRequests) {
			status = http.StatusTooManyRequests
		}
		s.render(w, r, status, "placeedit_report_public", page{Title: "Signaler une erreur sur « " + p.Name + " »", Form: f,
			Data: reportFormData{Place: p, Sections: reportSectionOptions(), Max: placereport.MaxCorrection}})
		return
	}
	redirect(w, r, thanks)
}

// checkReportRate refuses a report beyond the limits of its address.
func (s *Server) checkReportRate(r *http.Request, key string) error {
	now := s.cfg.Now()
	for _, l := range placereport.RateLimits {
		n, err := s.store.CountRecentPlaceReports(r.Context(), key, now.Add(-l.Window))
		if err != nil {
			return err
		}
		if n >= l.Max {
			wait := "dans une heure"
			if l.Window > time.Hour {
				wait = "demain"
			}
			return apperr.New(apperr.TooManyRequests, "Beaucoup de signalements sont partis de votre connexion en peu de temps. Pour éviter les abus, réessayez "+wait+". Ce que vous avez écrit est gardé ci-dessous.")
		}
	}
	return nil
}

func (s *Server) reportThanks(w http.ResponseWriter, r *http.Request) {
	p, ok := s.publicPlace(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "placeedit_report_thanks", page{Title: "Merci pour votre signalement", Data: reportFormData{Place: p}})
}
