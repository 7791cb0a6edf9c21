package reception

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type activityFormData struct {
	Types, Durations, Canals, Places, Equipment, Themes, Procedures []ui.Option
	Autonomy, OrientationKinds, Levels, Genders, AgeBands, Statuses []ui.Option
	Person                                                          *person.Person
	FromLast                                                        bool
	Duplicated                                                      int64
	Editing                                                         int64 // the activity corrected, 0 for a new one
	// OfAuthor names the author when the structure's manager corrects a
	// colleague's activity: the notes stay the author's, unseen.
	OfAuthor string
}

func (h *Handlers) activityFormData(r *http.Request) (activityFormData, error) {
	d := activityFormData{
		Types: ui.Choices(activity.Types), Canals: ui.Choices(activity.Canals), Equipment: ui.Choices(activity.Equipment),
		Themes: ui.Choices(activity.Themes), Procedures: ui.Choices(activity.Procedures), Autonomy: ui.Choices(activity.Autonomy),
		OrientationKinds: append([]ui.Option{{Value: "", Label: "Choisir"}}, ui.Choices(activity.OrientationKinds)...), Levels: ui.Choices(activity.Levels),
		Genders: ui.Choices(person.Genders), AgeBands: ui.Choices(person.AgeBands), Statuses: ui.Choices(person.SocialStatuses),
	}
	for _, m := range activity.Durations {
		d.Durations = append(d.Durations, ui.Option{Value: strconv.Itoa(m), Label: strconv.Itoa(m) + " min"})
	}
	d.Durations = append(d.Durations, ui.Option{Value: "autre", Label: "Autre durée"})
	places, err := h.activities.Places(r.Context(), ui.Actor(r))
	if err != nil {
		return d, err
	}
	d.Places = []ui.Option{{Value: "", Label: "Aucun lieu précis"}}
	for _, p := range places {
		d.Places = append(d.Places, ui.Option{Value: ui.Itoa(p.ID), Label: p.Name})
	}
	return d, nil
}

// fillActivityForm pre-fills the form from an activity: its context only
// (type, channel, place, duration), or the whole of it for a copy. Themes and
// equipment are chosen for each session: pre-checked from the last one, a
// hurried entry would keep them and the statistics would drift.
func fillActivityForm(f *ui.Form, a activity.Activity, whole bool) {
	f.Set("type", a.Type)
	f.Set("canal", a.Canal)
	if a.PlaceID != 0 {
		f.Set("lieu", ui.Itoa(a.PlaceID))
	}
	f.Set("commune", a.CommuneCode)
	quick := false
	for _, m := range activity.Durations {
		quick = quick || m == a.Duration
	}
	if quick {
		f.Set("duree", strconv.Itoa(a.Duration))
	} else if a.Duration > 0 {
		f.Set("duree", "autre")
		f.Set("duree_autre", strconv.Itoa(a.Duration))
	}
	if !whole {
		return
	}
	f.Values["materiel"] = a.Equipment
	f.Values["thematiques"] = a.Themes
	f.Values["demarches"] = a.Procedures
	f.Set("precisions", a.Details)
	f.Set("autonomie", a.Autonomy)
	if a.Oriented {
		f.Set("oriente", "oui")
	}
	f.Set("orientation_vers", a.OrientationKind)
	f.Set("titre", a.Title)
	f.Set("niveau", a.Level)
	f.Set("anon_genre", a.AnonGender)
	f.Set("anon_age", a.AnonAgeBand)
	f.Set("anon_statut", a.AnonStatus)
	f.Set("anon_commune", a.AnonCommune)
	if a.PersonID != 0 {
		f.Set("personne", ui.Itoa(a.PersonID))
	}
	if ids := a.ParticipantIDs(); len(ids) > 0 {
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = ui.Itoa(id)
		}
		f.Set("participants", strings.Join(parts, ", "))
	}
	if a.Type == activity.TypeWorkshop {
		f.Set("anon_total", strconv.Itoa(a.AnonTotal))
		f.Set("anon_deja", strconv.Itoa(a.AnonReturning))
	}
	for _, dim := range []struct {
		key   string
		vocab []person.Choice
	}{{"genre", person.Genders}, {"age", person.AgeBands}, {"statut", person.SocialStatuses}} {
		for i, c := range dim.vocab {
			if n := a.AnonCounts[activity.AnonKey(dim.key, c.Value)]; n != 0 {
				f.Set("anon_"+dim.key+"_"+strconv.Itoa(i), strconv.Itoa(n))
			}
		}
	}
}

// ActivityNewForm is the CRA form: defaults from the author's last entry,
// or a whole copy with ?dupliquer=ID; ?personne=ID names the person.
func (h *Handlers) ActivityNewForm(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	ctx := r.Context()
	f := &ui.Form{Values: url.Values{}}
	d, err := h.activityFormData(r)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if id := ui.ParseID(r.URL.Query().Get("dupliquer")); id != 0 {
		src, err := h.activities.Get(ctx, a, id)
		if err != nil {
			h.site.Fail(w, r, err)
			return
		}
		fillActivityForm(f, src, true)
		d.Duplicated = src.ID
	} else if last, ok, err := h.activities.LastContext(ctx, a); err != nil {
		h.site.Fail(w, r, err)
		return
	} else if ok {
		fillActivityForm(f, last, false)
		d.FromLast = true
	} else {
		f.Set("type", activity.TypeIndividual)
		f.Set("canal", "lieu_activite")
		f.Set("duree", "60")
	}
	f.Set("date", h.site.Now().In(frtime.Paris).Format(activity.DateLayout))
	prefillFromAppointment(f, r.URL.Query(), d.Places)
	if f.Value("anon_genre") == "" {
		f.Set("anon_genre", "non_communique")
		f.Set("anon_age", person.AgeBandUnknown)
		f.Set("anon_statut", "non_communique")
	}
	pid, copied := ui.ParseID(r.URL.Query().Get("personne")), false
	if pid == 0 && d.Duplicated != 0 {
		pid, copied = ui.ParseID(f.Value("personne")), true // the copy keeps the person: another session with them
	}
	if pid != 0 {
		p, err := h.persons.Get(ctx, a, pid, "Saisie d'un accompagnement (formulaire)")
		if err == nil && copied && p.MergedInto != 0 {
			p, err = h.persons.Get(ctx, a, p.MergedInto, "Saisie d'un accompagnement (formulaire)")
		}
		switch {
		case (err != nil || p.MergedInto != 0) && copied:
			f.Set("personne", "") // erased since: the copy is anonymous
		case err == nil && p.MergedInto != 0:
			h.site.NotFound(w, r)
			return
		case err != nil:
			h.site.Fail(w, r, err)
			return
		default:
			f.Set("personne", ui.Itoa(p.ID))
			d.Person = &p
		}
	}
	h.render(w, r, http.StatusOK, "reception_activity_form", ui.Page{Title: "Enregistrer un accompagnement", Form: f, Data: d})
}

// prefillFromAppointment takes the date, duration and place an appointment
// marked "présent" passes (?date=&duree=&lieu=); a value the form could not
// offer is ignored, so a hand-made link never pre-fills nonsense.
func prefillFromAppointment(f *ui.Form, q url.Values, places []ui.Option) {
	if v := q.Get("date"); v != "" {
		if _, err := time.Parse(activity.DateLayout, v); err == nil {
			f.Set("date", v)
		}
	}
	if m, err := strconv.Atoi(q.Get("duree")); err == nil && m > 0 && m <= 24*60 {
		f.Set("duree", "autre")
		f.Set("duree_autre", strconv.Itoa(m))
		for _, d := range activity.Durations {
			if d == m {
				f.Set("duree", strconv.Itoa(m))
				f.Set("duree_autre", "")
			}
		}
	}
	if v := q.Get("lieu"); v != "" {
		for _, p := range places {
			if p.Value == v {
				f.Set("lieu", v)
			}
		}
	}
}

// activityFromForm reads the CRA form; the error holds what cannot be read
// (a number that is not one, a commune not found).
func (h *Handlers) activityFromForm(r *http.Request) (activity.Activity, error) {
	var v apperr.Validation
	pf := r.PostForm
	act := activity.Activity{
		Type: pf.Get("type"), Date: strings.TrimSpace(pf.Get("date")), Canal: pf.Get("canal"),
		Equipment: ui.FormList(r, "materiel"), Themes: ui.FormList(r, "thematiques"), Procedures: ui.FormList(r, "demarches"),
		Details: pf.Get("precisions"), Autonomy: pf.Get("autonomie"), Oriented: pf.Get("oriente") == "oui",
		OrientationKind: pf.Get("orientation_vers"), Title: pf.Get("titre"), Level: pf.Get("niveau"),
		PersonID: ui.ParseID(pf.Get("personne")), AnonGender: pf.Get("anon_genre"), AnonAgeBand: pf.Get("anon_age"),
		AnonStatus: pf.Get("anon_statut"), Notes: pf.Get("notes"), PlaceID: ui.ParseID(pf.Get("lieu")),
		AnonTotal: ui.FormInt(r, "anon_total"), AnonReturning: ui.FormInt(r, "anon_deja"),
	}
	if strings.TrimSpace(pf.Get("personne")) != "" && act.PersonID == 0 {
		v.Add("personne", "Saisissez le numéro de dossier de la personne (un nombre), ou laissez vide pour une personne anonyme.")
	}
	if d := pf.Get("duree"); d == "autre" {
		act.Duration = ui.FormInt(r, "duree_autre")
	} else {
		act.Duration, _ = strconv.Atoi(d)
	}
	for _, c := range []struct {
		input string
		code  *string
	}{{"commune", &act.CommuneCode}, {"anon_commune", &act.AnonCommune}} {
		if in := strings.TrimSpace(pf.Get(c.input)); in != "" {
			code, msg := h.resolveCommune(in)
			if msg != "" {
				v.Add(c.input, msg)
			}
			*c.code = code
		}
	}
	var ids []int64
	for _, part := range strings.FieldsFunc(pf.Get("participants"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		id := ui.ParseID(part)
		if id == 0 {
			v.Add("participants", "Écrivez les numéros de dossier séparés par des virgules, par exemple 12, 15, 31.")
			break
		}
		ids = append(ids, id)
	}
	act.SetParticipantIDs(ids)
	counts := map[string]int{}
	for _, dim := range []struct {
		key   string
		vocab []person.Choice
	}{{"genre", person.Genders}, {"age", person.AgeBands}, {"statut", person.SocialStatuses}} {
		for i, c := range dim.vocab {
			if n, err := strconv.Atoi(strings.TrimSpace(pf.Get("anon_" + dim.key + "_" + strconv.Itoa(i)))); err == nil && n != 0 {
				counts[activity.AnonKey(dim.key, c.Value)] = n
			}
		}
	}
	if len(counts) > 0 {
		act.AnonCounts = counts
	}
	return act, v.Err()
}

// ActivityCreate records the activity.
func (h *Handlers) ActivityCreate(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	f := ui.NewForm(r)
	fail := func(status int) {
		d, err := h.activityFormData(r)
		if err != nil {
			h.site.Fail(w, r, err)
			return
		}
		h.render(w, r, status, "reception_activity_form", ui.Page{Title: "Enregistrer un accompagnement", Form: f, Data: d})
	}
	act, err := h.activityFromForm(r)
	if err != nil {
		f.Fail(withChecked(err, h.activities.Check(a, act), activityFields))
		fail(http.StatusUnprocessableEntity)
		return
	}
	act, err = h.activities.Record(r.Context(), a, act)
	if apperr.CodeOf(err) == apperr.NotFound {
		// A person of another structure gets the same field error as a missing one.
		err = ui.FieldError(map[bool]string{true: "participants", false: "personne"}[act.Type == activity.TypeWorkshop], "Personne introuvable dans votre structure : vérifiez le numéro de dossier.")
	}
	if err != nil {
		h.failForm(w, r, f, ui.RenameFields(err, activityFields), fail)
		return
	}
	h.site.Flash(r, "Accompagnement enregistré ("+act.TypeLabel()+", "+strconv.Itoa(act.Duration)+" min).")
	ui.Redirect(w, r, "/espace/activites/"+ui.Itoa(act.ID))
}

// ActivityEditForm is the CRA form filled with an activity, to correct it
// (its author or the structure's manager, who never sees the author's notes).
func (h *Handlers) ActivityEditForm(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	a := ui.Actor(r)
	act, err := h.activities.Get(r.Context(), a, id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if !h.activities.MayAmend(a, act) {
		h.site.Fail(w, r, apperr.New(apperr.Forbidden, "Seuls l'auteur d'un accompagnement et le ou la responsable de la structure peuvent le corriger."))
		return
	}
	d, err := h.activityFormData(r)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	fillActivityForm(f, act, true)
	f.Set("date", act.Date)
	f.Set("notes", act.Notes)
	d.Editing = act.ID
	if act.AuthorID != a.User.ID {
		d.OfAuthor = act.AuthorName
	}
	h.render(w, r, http.StatusOK, "reception_activity_form", ui.Page{Title: "Corriger l'accompagnement n° " + ui.Itoa(act.ID), Form: f, Data: d})
}

// ActivityUpdate saves the corrected activity.
func (h *Handlers) ActivityUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	a := ui.Actor(r)
	f := ui.NewForm(r)
	title := "Corriger l'accompagnement n° " + ui.Itoa(id)
	fail := func(status int) {
		d, err := h.activityFormData(r)
		if err != nil {
			h.site.Fail(w, r, err)
			return
		}
		d.Editing = id
		d.OfAuthor = f.Values.Get("auteur") // shown only: the service keeps the author's notes
		h.render(w, r, status, "reception_activity_form", ui.Page{Title: title, Form: f, Data: d})
	}
	act, err := h.activityFromForm(r)
	if err != nil {
		f.Fail(withChecked(err, h.activities.Check(a, act), activityFields))
		fail(http.StatusUnprocessableEntity)
		return
	}
	act, err = h.activities.Update(r.Context(), a, id, act)
	if e, ok := apperr.As(err); ok && e.Code == apperr.NotFound && len(e.Fields) > 0 {
		err = ui.FieldError(map[bool]string{true: "participants", false: "personne"}[act.Type == activity.TypeWorkshop], "Personne introuvable dans votre structure : vérifiez le numéro de dossier.")
	}
	if err != nil {
		if c := apperr.CodeOf(err); c == apperr.NotFound || c == apperr.Forbidden {
			h.site.Fail(w, r, err)
			return
		}
		h.failForm(w, r, f, ui.RenameFields(err, activityFields), fail)
		return
	}
	h.site.Flash(r, "Accompagnement corrigé.")
	ui.Redirect(w, r, "/espace/activites/"+ui.Itoa(act.ID))
}
