// Package activities holds the use cases of the activity reports (CRA): record
// an individual accompaniment or a workshop session, read and list them
// (notes for their author only), export a period without names, and give
// the form the author's last context to start from.
package activities

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// Service is the activities' use cases.
type Service struct {
	st     *activitystore.Store
	places *placestore.Store // the places it names
	now    func() time.Time
	// Accompaniments, when set, counts the accompaniments of grouped
	// sessions under a person breakdown's key as the dashboard counts them
	// (the figures' rule): a list behind such a figure gives that count.
	Accompaniments func(groups []activitystore.ActivityGroup, parts []activitystore.ParticipantGroup, name, key string) int
}

// New returns the service.
func New(st *activitystore.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, places: placestore.New(st.Store), now: now}
}

// Record saves an activity of the actor's structure, the actor as its
// author. Field errors are named as the API names them; nothing submitted is
// dropped silently (précisions without the démarches theme are refused).
func (s *Service) Record(ctx context.Context, a *account.Actor, act activity.Activity) (activity.Activity, error) {
	if err := a.Require(account.PermActivities); err != nil {
		return act, err
	}
	now := s.now()
	act.Normalize()
	var v apperr.Validation
	act.PlaceName = ""
	if act.PlaceID != 0 {
		pl, err := s.places.StructurePlace(ctx, a.Scope(), act.PlaceID)
		switch {
		case apperr.Is(err, apperr.NotFound):
			v.Add("lieu_id", "Choisissez un lieu de votre structure.")
		case err != nil:
			return act, err
		default:
			act.PlaceName = pl.Name
		}
	}
	if e, ok := apperr.As(act.Validate(now.In(frtime.Paris))); ok {
		for _, fe := range e.Fields {
			v.Add(fe.Field, fe.Message)
		}
	}
	if err := v.Err(); err != nil {
		return act, err
	}
	act.AuthorID = a.User.ID
	if err := s.st.CreateActivity(ctx, a.Scope(), &act, journal.By(a, journal.Create, "Accompagnement du "+act.Date+" enregistré"), now); err != nil {
		return act, err
	}
	return s.st.Activity(ctx, a.Scope(), act.ID)
}

// Check returns every field error of an activity without saving it (the
// place and the persons are checked when it is recorded).
func (s *Service) Check(a *account.Actor, act activity.Activity) error {
	if err := a.Require(account.PermActivities); err != nil {
		return err
	}
	act.Normalize()
	return act.Validate(s.now().In(frtime.Paris))
}

// Get returns an activity of the actor's structure, its notes for their
// author only, and journals the read when it names a person.
func (s *Service) Get(ctx context.Context, a *account.Actor, id int64) (activity.Activity, error) {
	if err := a.Require(account.PermActivities); err != nil {
		return activity.Activity{}, err
	}
	act, err := s.st.Activity(ctx, a.Scope(), id)
	if err != nil {
		return act, err
	}
	act.RedactNotesFor(a.User.ID)
	if act.PersonID != 0 {
		if err := s.journal(ctx, a, act.PersonID, journal.Read, "Accompagnement du "+act.Date); err != nil {
			return act, err
		}
	}
	return act, nil
}

func (s *Service) journal(ctx context.Context, a *account.Actor, personID int64, action, what string) error {
	e := journal.By(a, action, what)
	e.PersonID, e.At = personID, s.now()
	return s.st.AddJournal(ctx, a.Scope(), e)
}

// Filter narrows a list of activities.
type Filter struct {
	From, To string // dates (YYYY-MM-DD), inclusive; fields du and au
	PersonID int64
	Page     int // from 1
	PerPage  int // 1 to 500
	// Sync lists by increasing id, after the id After, those changed since
	// UpdatedSince.
	Sync         bool
	After        int64
	UpdatedSince time.Time
	// The dashboard's filters and one of its figures: the list shows the
	// sessions behind it (fields structure, conseiller, commune, tableau,
	// valeur).
	StructureID, AuthorID   int64
	CommuneCode             string
	Breakdown, BreakdownKey string
}

// Page is a page of activities and how many match in all; Next is the id to
// list after for the next page of a synchronisation, 0 at the end.
type Page struct {
	Activities []activity.Activity
	Total      int
	Page       int
	PerPage    int
	Next       int64
	Territory  bool // the territory's activities: no names, no notes, no links to one activity
	// Accompaniments, for a person breakdown of the dashboard (genre, age,
	// statut, personnes), is how many accompaniments the sessions listed
	// count under its key: the dashboard's figure. -1 otherwise.
	Accompaniments int
}

// HasNext reports whether a page follows.
func (p Page) HasNext() bool { return p.Page*p.PerPage < p.Total }

func (f *Filter) validate() error {
	var v apperr.Validation
	for k, d := range map[string]string{"du": f.From, "au": f.To} {
		if _, err := time.Parse(activity.DateLayout, d); d != "" && err != nil {
			v.Add(k, "Date au format AAAA-MM-JJ.")
		}
	}
	if f.Page == 0 {
		f.Page = 1
	}
	if f.PerPage == 0 {
		f.PerPage = 50
	}
	if f.Page < 1 || f.Page > 1_000_000 {
		v.Add("page", "Le numéro de page doit être entre 1 et 1 000 000.")
	}
	if f.PerPage < 1 || f.PerPage > 500 {
		v.Add("limite", "La limite est un nombre de 1 à 500.")
	}
	if _, ok := activity.Breakdowns[f.Breakdown]; f.Breakdown != "" && !ok {
		v.Add("tableau", "Ce tableau n'existe pas dans le tableau de bord.")
	}
	return v.Err()
}

// reach is what an actor reads of the activity reports: its structure's
// (mediators), or the territory's without names nor notes (coordination, and
// administrators: the territory of their current structure, else the
// platform).
type reach struct {
	territory bool
	t         scope.Territory
}

func (s *Service) reach(a *account.Actor) (reach, error) {
	if err := a.Require(account.PermReadActivities); err != nil {
		return reach{}, err
	}
	if a.Can(account.PermActivities) {
		return reach{}, nil
	}
	if a.Can(account.PermManagePlatform) && a.Membership.StructureTerritoryID != 0 {
		return reach{territory: true, t: scope.OfTerritory(a.Membership.StructureTerritoryID)}, nil
	}
	t, ok := a.TerritoryScope()
	if !ok {
		return reach{}, apperr.New(apperr.Forbidden, "Votre rôle ne permet pas cette action.")
	}
	return reach{territory: true, t: t}, nil
}

func (s *Service) list(ctx context.Context, a *account.Actor, r reach, f activitystore.ActivityFilter) ([]activity.Activity, int, error) {
	if !r.territory {
		return s.st.ListActivities(ctx, a.Scope(), f)
	}
	acts, total, err := s.st.ListActivitiesInTerritory(ctx, r.t, f)
	for i := range acts {
		acts[i].HideIdentities()
	}
	return acts, total, err
}

// journalList journals a list or an export in the actor's structure (an
// operator's console has none: its commands are logged by the server).
func (s *Service) journalList(ctx context.Context, a *account.Actor, action, what string) error {
	if !a.Scope().Valid() {
		return nil
	}
	return s.journal(ctx, a, 0, action, what)
}

// List returns a page of the activities the actor reads (its structure's,
// or its territory's without names nor notes), newest first (or by id for a
// synchronisation), notes for their author only, and journals it.
func (s *Service) List(ctx context.Context, a *account.Actor, f Filter) (Page, error) {
	r, err := s.reach(a)
	if err != nil {
		return Page{}, err
	}
	if err := f.validate(); err != nil {
		return Page{}, err
	}
	if r.territory && f.PersonID != 0 {
		return Page{}, apperr.New(apperr.Forbidden, "Votre rôle ne permet pas de lire les accompagnements d'une personne.")
	}
	sf := activitystore.ActivityFilter{From: f.From, To: f.To, PersonID: f.PersonID, UpdatedSince: f.UpdatedSince, Limit: f.PerPage, Offset: (f.Page - 1) * f.PerPage,
		StructureID: f.StructureID, AuthorID: f.AuthorID, CommuneCode: f.CommuneCode, Breakdown: f.Breakdown, BreakdownKey: f.BreakdownKey}
	if f.Sync {
		sf.ByID, sf.AfterID, sf.Limit, sf.Offset = true, f.After, f.PerPage+1, 0
	}
	acts, total, err := s.list(ctx, a, r, sf)
	if err != nil {
		return Page{}, err
	}
	out := Page{Activities: acts, Total: total, Page: f.Page, PerPage: f.PerPage, Territory: r.territory, Accompaniments: -1}
	if activity.PersonBreakdowns[f.Breakdown] && s.Accompaniments != nil {
		if out.Accompaniments, err = s.accompaniments(ctx, a, r, f); err != nil {
			return Page{}, err
		}
	}
	if f.Sync && len(acts) > f.PerPage {
		out.Activities, out.Next = acts[:f.PerPage], acts[f.PerPage-1].ID
	}
	for i := range out.Activities {
		out.Activities[i].RedactNotesFor(a.User.ID)
	}
	switch {
	case f.PersonID != 0:
		err = s.journal(ctx, a, f.PersonID, journal.Read, "Accompagnements de la personne")
	case r.territory:
		err = s.journalList(ctx, a, journal.List, "Liste des accompagnements du territoire (sans nom)")
	default:
		err = s.journal(ctx, a, 0, journal.List, "Liste des accompagnements")
	}
	return out, err
}

// accompaniments counts the accompaniments of the sessions behind a person
// breakdown's figure, the way the dashboard counts them.
func (s *Service) accompaniments(ctx context.Context, a *account.Actor, r reach, f Filter) (int, error) {
	ff := activitystore.FigureFilter{From: f.From, To: f.To, StructureID: f.StructureID, AuthorID: f.AuthorID, CommuneCode: f.CommuneCode,
		Breakdown: f.Breakdown, BreakdownKey: f.BreakdownKey}
	var groups []activitystore.ActivityGroup
	var parts []activitystore.ParticipantGroup
	var err error
	if r.territory {
		groups, parts, err = s.st.ActivityGroupsInTerritory(ctx, r.t, ff)
	} else {
		groups, parts, err = s.st.ActivityGroups(ctx, a.Scope(), ff)
	}
	return s.Accompaniments(groups, parts, f.Breakdown, f.BreakdownKey), err
}

// Export returns the rows of a period's export (activity.Columns), one per
// accompaniment, without names nor notes, of the activities the actor
// reads, and journals it.
func (s *Service) Export(ctx context.Context, a *account.Actor, from, to string) ([][]string, error) {
	acts, attrs, err := s.exported(ctx, a, from, to)
	if err != nil {
		return nil, err
	}
	return activity.Rows(acts, attrs), nil
}

// ExportCoop is Export in La Coop de la médiation numérique's layout
// (activity.CoopColumns), one row per accompaniment.
func (s *Service) ExportCoop(ctx context.Context, a *account.Actor, from, to string) ([][]string, error) {
	acts, attrs, err := s.exported(ctx, a, from, to)
	if err != nil {
		return nil, err
	}
	return activity.CoopRows(acts, attrs, frtime.Paris), nil
}

func (s *Service) exported(ctx context.Context, a *account.Actor, from, to string) ([]activity.Activity, map[int64]activity.Attributes, error) {
	r, err := s.reach(a)
	if err != nil {
		return nil, nil, err
	}
	f := Filter{From: from, To: to}
	if err := f.validate(); err != nil {
		return nil, nil, err
	}
	acts, _, err := s.list(ctx, a, r, activitystore.ActivityFilter{From: from, To: to})
	if err != nil {
		return nil, nil, err
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
	var attrs map[int64]activity.Attributes
	if r.territory {
		attrs, err = s.st.PersonAttributesInTerritory(ctx, r.t, ids)
	} else {
		attrs, err = s.st.PersonAttributes(ctx, a.Scope(), ids)
	}
	if err != nil {
		return nil, nil, err
	}
	if err := s.journalList(ctx, a, journal.Export, "Export des accompagnements (sans nom) du "+orDots(from)+" au "+orDots(to)); err != nil {
		return nil, nil, err
	}
	return acts, attrs, nil
}

func orDots(d string) string {
	if d == "" {
		return "…"
	}
	return d
}

// LastContext is the author's latest activity in the structure, for the
// form to start from (ok false when there is none).
func (s *Service) LastContext(ctx context.Context, a *account.Actor) (activity.Activity, bool, error) {
	if err := a.Require(account.PermActivities); err != nil {
		return activity.Activity{}, false, err
	}
	return s.st.LastActivity(ctx, a.Scope(), a.User.ID)
}

// Places lists the places of the actor's structure, where activities happen.
func (s *Service) Places(ctx context.Context, a *account.Actor) ([]place.Place, error) {
	if err := a.Require(account.PermActivities); err != nil {
		return nil, err
	}
	return s.places.ListPlaces(ctx, placestore.PlaceFilter{StructureID: a.StructureID()})
}

// Statuses of a line of an import.
const (
	LineImported  = "importee"
	LineDuplicate = "doublon"
	LineRejected  = "rejetee"
)

// ImportedLine says what became of one line of an imported file.
type ImportedLine struct {
	Line   int
	Status string // LineImported, LineDuplicate or LineRejected
	Reason string // why it was rejected
}

// ImportReport accounts for every line of an imported file.
type ImportReport struct {
	Lines                          []ImportedLine
	Imported, Duplicates, Rejected int // lines
	Activities                     int // activities imported (a workshop spans several lines)
}

// ImportCoop imports a La Coop de la médiation numérique XLSX export into
// the actor's structure, the actor as author, participants anonymous
// (their gender, age band, status and commune kept). Every line ends
// imported, duplicate (already imported: same La Coop activity) or rejected
// with its reason; an activity is saved whole or not at all.
func (s *Service) ImportCoop(ctx context.Context, a *account.Actor, file io.Reader) (ImportReport, error) {
	var rep ImportReport
	if err := a.Require(account.PermActivities); err != nil {
		return rep, err
	}
	places, err := s.places.ListPlaces(ctx, placestore.PlaceFilter{StructureID: a.StructureID()})
	if err != nil {
		return rep, err
	}
	placeIDs := make(map[string]place.Place, len(places))
	for _, p := range places {
		placeIDs[textfold.Key(p.Name)] = p
	}
	now := s.now()
	today := now.In(frtime.Paris)
	// The file is read in one goroutine while this one checks and saves
	// what has been read, a batch at a time (each batch one transaction).
	readCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []activity.CoopLine, 2)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- activity.ReadCoopBatches(file, importBatch, func(lines []activity.CoopLine) error {
			select {
			case batches <- lines:
				return nil
			case <-readCtx.Done():
				return readCtx.Err()
			}
		})
	}()
	var saveErr error
	for read := range batches {
		if saveErr != nil {
			continue // the reader stops at its next batch
		}
		if saveErr = s.importCoopBatch(ctx, a, read, placeIDs, now, today, &rep); saveErr != nil {
			cancel()
		}
	}
	err = <-readErr
	if saveErr != nil || (err != nil && rep.Activities > 0) {
		// What was saved stays: the journal says so.
		if jerr := s.journalCoop(ctx, a, rep); jerr != nil {
			return rep, jerr
		}
		if saveErr != nil {
			return rep, saveErr
		}
	}
	if err != nil {
		return rep, &apperr.Error{Code: apperr.Invalid, Message: "Ce fichier n'est pas un export des activités de La Coop.",
			Fields: []apperr.FieldError{{Field: "fichier", Message: "Choisissez le fichier XLSX exporté depuis La Coop (onglet « Activités »)."}}}
	}
	return rep, s.journalCoop(ctx, a, rep)
}

// importBatch is how many activities of an imported file are checked and
// saved together.
const importBatch = 500

// importCoopBatch checks and saves a batch of the activities read from a
// La Coop export, and accounts for their lines in rep.
func (s *Service) importCoopBatch(ctx context.Context, a *account.Actor, read []activity.CoopLine, placeIDs map[string]place.Place, now, today time.Time, rep *ImportReport) error {
	acts := make([]activity.Activity, 0, len(read))
	keys := make([]string, 0, len(read))
	from := make([]int, 0, len(read)) // index in read of each activity to save
	problems := make([]string, len(read))
	for i := range read {
		cl := &read[i]
		if cl.Problem != "" {
			problems[i] = cl.Problem
			continue
		}
		act := cl.Activity
		if act.Canal == "lieu_activite" && act.PlaceName != "" {
			if p, ok := placeIDs[textfold.Key(act.PlaceName)]; ok {
				act.PlaceID, act.PlaceName = p.ID, p.Name
			}
		}
		act.Normalize()
		if e, ok := apperr.As(act.Validate(today)); ok {
			msgs := make([]string, len(e.Fields))
			for k, fe := range e.Fields {
				msgs[k] = fe.Message
			}
			problems[i] = strings.Join(msgs, " ")
			continue
		}
		act.AuthorID = a.User.ID
		acts, keys, from = append(acts, act), append(keys, cl.Key), append(from, i)
	}
	var done []bool
	if len(acts) > 0 {
		var err error
		if done, err = s.st.ImportActivities(ctx, a.Scope(), acts, keys, now); err != nil {
			return err
		}
	}
	status := make([]string, len(read))
	for k, i := range from {
		status[i] = LineDuplicate
		if done[k] {
			status[i] = LineImported
			rep.Activities++
		}
	}
	for i, cl := range read {
		st := status[i]
		if st == "" {
			st = LineRejected
		}
		for _, line := range cl.Lines {
			rep.Lines = append(rep.Lines, ImportedLine{Line: line, Status: st, Reason: problems[i]})
			switch st {
			case LineImported:
				rep.Imported++
			case LineDuplicate:
				rep.Duplicates++
			default:
				rep.Rejected++
			}
		}
	}
	return nil
}

// journalCoop records an import of a La Coop export.
func (s *Service) journalCoop(ctx context.Context, a *account.Actor, rep ImportReport) error {
	what := "Import La Coop : " + strconv.Itoa(rep.Imported) + " ligne(s) importée(s), " + strconv.Itoa(rep.Duplicates) + " doublon(s), " + strconv.Itoa(rep.Rejected) + " rejetée(s)"
	return s.journal(ctx, a, 0, journal.Create, what)
}

// Delete deletes an activity of the actor's structure: its author, or the
// manager of the structure (MayAmendActivity). The journal keeps who deleted
// it and, for a manager, whose activity it was; each person's first
// accompaniment is flagged again.
func (s *Service) Delete(ctx context.Context, a *account.Actor, id int64) error {
	if err := a.Require(account.PermActivities); err != nil {
		return err
	}
	act, err := s.st.Activity(ctx, a.Scope(), id)
	if err != nil {
		return err
	}
	if !a.MayAmendActivity(act.StructureID, act.AuthorID) {
		return apperr.New(apperr.Forbidden, "Seuls l'auteur d'un accompagnement et le ou la responsable de la structure peuvent le supprimer.")
	}
	return s.st.DeleteActivity(ctx, a.Scope(), id, journal.By(a, journal.Delete, amended(a, act, "supprimé")), s.now())
}

// amended says in the journal what happened to an activity and, when the
// actor is not its author (the structure's manager), whose it was.
func amended(a *account.Actor, act activity.Activity, done string) string {
	what := "Accompagnement du " + act.Date
	if act.AuthorID == a.User.ID {
		return what + " " + done
	}
	author := act.AuthorName
	if author == "" {
		author = "un compte supprimé"
	}
	return what + " de " + author + " " + done + " par la ou le responsable de la structure"
}

// Update corrects an activity of the actor's structure: its author or the
// structure's manager, as for a deletion. Author and creation time are kept,
// and so are the notes when the manager corrects a colleague's activity (they
// are the author's, which the manager never reads); field errors are named as
// the API names them; the journal keeps who changed it and whose it was, and
// the first accompaniment of each person it names or named is flagged again.
func (s *Service) Update(ctx context.Context, a *account.Actor, id int64, act activity.Activity) (activity.Activity, error) {
	if err := a.Require(account.PermActivities); err != nil {
		return act, err
	}
	cur, err := s.st.Activity(ctx, a.Scope(), id)
	if err != nil {
		return act, err
	}
	if !a.MayAmendActivity(cur.StructureID, cur.AuthorID) {
		return act, apperr.New(apperr.Forbidden, "Seuls l'auteur d'un accompagnement et le ou la responsable de la structure peuvent le corriger.")
	}
	if cur.AuthorID != a.User.ID {
		act.Notes = cur.Notes
	}
	now := s.now()
	act.Normalize()
	var v apperr.Validation
	act.PlaceName = ""
	if act.PlaceID != 0 {
		pl, err := s.places.StructurePlace(ctx, a.Scope(), act.PlaceID)
		switch {
		case apperr.Is(err, apperr.NotFound):
			v.Add("lieu_id", "Choisissez un lieu de votre structure.")
		case err != nil:
			return act, err
		default:
			act.PlaceName = pl.Name
		}
	}
	if e, ok := apperr.As(act.Validate(now.In(frtime.Paris))); ok {
		for _, fe := range e.Fields {
			v.Add(fe.Field, fe.Message)
		}
	}
	if err := v.Err(); err != nil {
		return act, err
	}
	act.ID, act.AuthorID, act.AuthorName = id, cur.AuthorID, cur.AuthorName
	if err := s.st.UpdateActivity(ctx, a.Scope(), &act, journal.By(a, journal.Update, amended(a, act, "corrigé")), now); err != nil {
		return act, err
	}
	saved, err := s.st.Activity(ctx, a.Scope(), id)
	saved.RedactNotesFor(a.User.ID)
	return saved, err
}

// MayAmend reports whether the actor may correct and delete the activity:
// what the pages ask to offer « Corriger » and « Supprimer ».
func (s *Service) MayAmend(a *account.Actor, act activity.Activity) bool {
	return a.MayAmendActivity(act.StructureID, act.AuthorID)
}
