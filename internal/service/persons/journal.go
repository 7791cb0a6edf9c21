package persons

import (
	"context"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// JournalPerPage is the size of a page of the journal.
const JournalPerPage = 100

// JournalPage is one page of a structure's journal, newest first.
type JournalPage struct {
	Entries []journal.Entry
	Total   int
	Page    int
	HasNext bool
}

// Journal returns a page (from 1) of the journal of accesses to the persons'
// files of the actor's structure.
func (s *Service) Journal(ctx context.Context, a *account.Actor, page int) (JournalPage, error) {
	if err := a.Require(account.PermReadJournal); err != nil {
		return JournalPage{}, err
	}
	page = min(max(page, 1), 1_000_000)
	entries, total, err := s.st.ListJournal(ctx, a.Scope(), store.JournalFilter{Limit: JournalPerPage, Offset: (page - 1) * JournalPerPage})
	if err != nil {
		return JournalPage{}, err
	}
	return JournalPage{Entries: entries, Total: total, Page: page, HasNext: page*JournalPerPage < total}, nil
}

// AccessList is a person's right of access: every read and write of their
// file, by whom and when, newest first. The platform administrator answers
// for every structure, others for their own; the export itself is journaled
// (and is the list's first line).
func (s *Service) AccessList(ctx context.Context, a *account.Actor, personID int64) ([]journal.Entry, error) {
	if err := a.Require(account.PermReadJournal); err != nil {
		return nil, err
	}
	sc := a.Scope()
	if a.Can(account.PermManagePlatform) {
		sid, err := s.st.PlatformPersonStructure(ctx, personID)
		if err != nil {
			return nil, err
		}
		sc = scope.OfStructure(sid)
	}
	if _, err := s.st.Person(ctx, sc, personID); err != nil {
		return nil, err
	}
	e := journal.By(a, journal.Export, "Liste des accès exportée (droit d'accès)")
	e.PersonID, e.At = personID, s.now()
	if err := s.st.AddJournal(ctx, sc, e); err != nil {
		return nil, err
	}
	entries, _, err := s.st.ListJournal(ctx, sc, store.JournalFilter{PersonID: personID})
	return entries, err
}
