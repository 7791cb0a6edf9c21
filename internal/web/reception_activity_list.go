package web

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/store"
)

const activitiesPerPage = 50

type activityListData struct {
	Activities []activity.Activity
	Total      int
	From, To   string
	Prev, Next string
	Export     string // query string of the exports
}

func activityPeriod(r *http.Request) (string, string) {
	from, to := r.URL.Query().Get("du"), r.URL.Query().Get("au")
	if _, err := time.Parse(activity.DateLayout, from); err != nil {
		from = ""
	}
	if _, err := time.Parse(activity.DateLayout, to); err != nil {
		to = ""
	}
	return from, to
}

// activityList lists the structure's activities, newest first.
func (s *Server) activityList(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	from, to := activityPeriod(r)
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pageNo = max(pageNo, 1)
	acts, total, err := s.store.ListActivities(r.Context(), a.StructureID(), store.ActivityFilter{From: from, To: to, Limit: activitiesPerPage, Offset: (pageNo - 1) * activitiesPerPage})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for i := range acts {
		acts[i].RedactNotesFor(a.User.ID)
	}
	if err := s.logAccess(r, a.StructureID(), 0, journal.List, "Liste des accompagnements"); err != nil {
		s.serverError(w, r, err)
		return
	}
	q := "du=" + from + "&au=" + to
	d := activityListData{Activities: acts, Total: total, From: from, To: to, Export: q}
	if pageNo > 1 {
		d.Prev = "/espace/activites?" + q + "&page=" + strconv.Itoa(pageNo-1)
	}
	if pageNo*activitiesPerPage < total {
		d.Next = "/espace/activites?" + q + "&page=" + strconv.Itoa(pageNo+1)
	}
	f := &form{}
	f.Set("du", from)
	f.Set("au", to)
	s.render(w, r, http.StatusOK, "reception_activity_list", page{Title: "Accompagnements", Form: f, Data: d})
}

// exportRows builds the export of a period, one row per accompaniment.
func (s *Server) exportRows(r *http.Request) ([][]string, error) {
	a := actorFrom(r)
	from, to := activityPeriod(r)
	acts, _, err := s.store.ListActivities(r.Context(), a.StructureID(), store.ActivityFilter{From: from, To: to})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, act := range acts {
		if act.PersonID != 0 {
			ids = append(ids, act.PersonID)
		}
		for _, p := range act.Participants {
			ids = append(ids, p.PersonID)
		}
	}
	attrs, err := s.store.PersonAttributes(r.Context(), a.Scope(), ids)
	if err != nil {
		return nil, err
	}
	if err := s.logAccess(r, a.StructureID(), 0, journal.Export, "Export des accompagnements (sans nom)"); err != nil {
		return nil, err
	}
	return activity.Rows(acts, attrs), nil
}

func (s *Server) activityExportCSV(w http.ResponseWriter, r *http.Request) {
	rows, err := s.exportRows(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := activity.WriteCSV(&buf, rows); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="accompagnements.csv"`)
	w.Write(buf.Bytes())
}

func (s *Server) activityExportXLSX(w http.ResponseWriter, r *http.Request) {
	rows, err := s.exportRows(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := activity.WriteXLSX(&buf, rows); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="accompagnements.xlsx"`)
	w.Write(buf.Bytes())
}

type activityViewData struct {
	Activity activity.Activity
	Commune  string
}

// activityView shows one activity; its notes only to their author.
func (s *Server) activityView(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	act, err := s.store.Activity(r.Context(), a.StructureID(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	(&act).RedactNotesFor(a.User.ID)
	if act.PersonID != 0 {
		if err := s.logAccess(r, a.StructureID(), act.PersonID, journal.Read, "Accompagnement du "+act.Date); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "reception_activity_view", page{Title: "Accompagnement du " + frenchDate(act.Day()), Data: activityViewData{Activity: act, Commune: personCommune(act.CommuneCode)}})
}
