// Package journal is the append-only record of every read and write of a
// person's file: who, when, what, which person. A structure's admin reads
// it; a person's own access list is exported on request (right of access).
package journal

import (
	"io"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/csvsafe"
)

// Actions.
const (
	Read   = "lecture"
	Create = "creation"
	Update = "modification"
	Delete = "suppression"
	Merge  = "fusion"
	Export = "export"
	List   = "liste"
	Use    = "utilisation" // an aidant acted for the person under a mandate
	Revoke = "revocation"  // a mandate, or some of its categories, stopped
)

// Entry is one line of the journal.
type Entry struct {
	ID               int64
	StructureID      int64 // the structure whose file it is
	ActorStructureID int64 // the structure the reader acted for (another one for a partner)
	UserID           int64 // 0 for someone answering through a signed link
	Who              string
	PersonID         int64 // 0 for a list or search
	Action           string
	What             string
	At               time.Time
}

// By starts an entry for what actor a does; the service sets the person and
// the structure whose file it is.
func By(a *account.Actor, action, what string) Entry {
	return Entry{ActorStructureID: a.StructureID(), UserID: a.User.ID, Who: a.Who(), Action: action, What: what}
}

// ActionLabel names the action in French.
func (e Entry) ActionLabel() string {
	switch e.Action {
	case Read:
		return "Lecture"
	case Create:
		return "Création"
	case Update:
		return "Modification"
	case Delete:
		return "Suppression"
	case Merge:
		return "Fusion"
	case Export:
		return "Export"
	case List:
		return "Liste ou recherche"
	case Use:
		return "Utilisation d'un mandat"
	case Revoke:
		return "Révocation"
	}
	return e.Action
}

// WriteCSV writes entries as a CSV file (UTF-8 with BOM), for the person's
// right of access; names and place names come from users, so every cell is
// protected (csvsafe).
func WriteCSV(w io.Writer, entries []Entry, loc *time.Location) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csvsafe.NewWriter(w)
	if err := cw.Write([]string{"Date", "Qui", "Action", "Quoi", "Personne"}); err != nil {
		return err
	}
	for _, e := range entries {
		person := ""
		if e.PersonID != 0 {
			person = strconv.FormatInt(e.PersonID, 10)
		}
		if err := cw.Write([]string{e.At.In(loc).Format("2006-01-02 15:04:05"), e.Who, e.ActionLabel(), e.What, person}); err != nil {
			return err
		}
	}
	return cw.Flush()
}
