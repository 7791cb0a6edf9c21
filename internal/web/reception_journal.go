package web

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

const journalPerPage = 100

type journalViewData struct {
	Entries []journal.Entry
	Total   int
	Page    int
	Prev    string
	Next    string
}

// journalView lets the structure's admin read who opened which file.
func (s *Server) journalView(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pageNo = max(pageNo, 1)
	entries, total, err := s.store.ListJournal(r.Context(), a.Scope(), store.JournalFilter{Limit: journalPerPage, Offset: (pageNo - 1) * journalPerPage})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := journalViewData{Entries: entries, Total: total, Page: pageNo}
	if pageNo > 1 {
		d.Prev = "/espace/journal?page=" + strconv.Itoa(pageNo-1)
	}
	if pageNo*journalPerPage < total {
		d.Next = "/espace/journal?page=" + strconv.Itoa(pageNo+1)
	}
	s.render(w, r, http.StatusOK, "reception_journal", page{Title: "Journal des accès", Data: d})
}

// journalPersonExport gives a person's own access list as CSV (right of
// access): every read and write of their file, by whom and when.
func (s *Server) journalPersonExport(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	structureID := a.StructureID()
	if a.Can(account.PermManagePlatform) {
		// The platform admin answers for every structure.
		sid, err := s.store.PersonStructure(r.Context(), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		structureID = sid
	}
	if _, err := s.store.Person(r.Context(), scope.OfStructure(structureID), id); err != nil {
		s.fail(w, r, err)
		return
	}
	entries, _, err := s.store.ListJournal(r.Context(), scope.OfStructure(structureID), store.JournalFilter{PersonID: id})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	e := journalEntry(a, journal.Export, "Liste des accès exportée (droit d'accès)")
	e.StructureID, e.PersonID, e.At = structureID, id, s.cfg.Now()
	if err := s.store.AddJournal(r.Context(), scope.OfStructure(e.StructureID), e); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="acces-personne-`+itoa64(id)+`.csv"`)
	_ = journal.WriteCSV(w, entries, paris)
}
