package places

import (
	"context"
	"slices"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// GetPublic returns any place, open or closed, as residents see it.
func (s *Service) GetPublic(ctx context.Context, id int64) (place.Place, error) {
	return s.st.Place(ctx, id)
}

// NewReport is what a resident says is wrong about a place.
type NewReport struct {
	Section    placereport.Section
	Correction string
	Contact    string // optional: an e-mail or a phone to ask about it
	// SenderKey is placereport.SenderKey of the client address: it limits
	// how many reports one connection sends ("" when unknown).
	SenderKey string
}

// ReportPublic files a resident's report about a place, within the limits
// of placereport.RateLimits per sender.
func (s *Service) ReportPublic(ctx context.Context, placeID int64, in NewReport) (placereport.Report, error) {
	rep := placereport.Report{PlaceID: placeID, Section: in.Section, Correction: in.Correction, Contact: in.Contact}
	rep.Normalize()
	if err := rep.Validate(); err != nil {
		return rep, err
	}
	now := s.now()
	for _, l := range placereport.RateLimits {
		n, err := s.st.CountRecentPlaceReports(ctx, in.SenderKey, now.Add(-l.Window))
		if err != nil {
			return rep, err
		}
		if n >= l.Max {
			wait := "dans une heure"
			if l.Window > time.Hour {
				wait = "demain"
			}
			return rep, apperr.New(apperr.TooManyRequests, "Beaucoup de signalements sont partis de votre connexion en peu de temps. Pour éviter les abus, réessayez "+wait+". Ce que vous avez écrit est gardé ci-dessous.")
		}
	}
	return rep, s.st.CreatePlaceReport(ctx, &rep, in.SenderKey, now)
}

// ReportRow is a report with what its moderator may do about the place.
type ReportRow struct {
	Report  placereport.Report
	Owner   string // the structure that keeps the place true, "" for open data
	CanEdit bool   // the moderator may correct the listing, and so accept the report
	wide    bool   // reached through the territory rather than the structure
}

// moderated lists the reports the actor moderates: about its structure's
// places, and for the coordination or the platform about every place of its
// territory; newest first.
func (s *Service) moderated(ctx context.Context, a *account.Actor, f placestore.ReportFilter) ([]ReportRow, error) {
	var rows []ReportRow
	seen := map[int64]bool{}
	if a.Can(account.PermEditPlaces) {
		reports, err := s.st.PlaceReports(ctx, a.Scope(), f)
		if err != nil {
			return nil, err
		}
		for _, r := range reports {
			seen[r.ID] = true
			rows = append(rows, ReportRow{Report: r, CanEdit: true})
		}
	}
	if tc, ok := territory(a); ok {
		reports, err := s.st.PlaceReportsInTerritory(ctx, tc, f)
		if err != nil {
			return nil, err
		}
		for _, r := range reports {
			if !seen[r.ID] {
				rows = append(rows, ReportRow{Report: r, CanEdit: canEdit(a, r.PlaceStructureID, true), wide: true})
			}
		}
	}
	slices.SortStableFunc(rows, func(x, y ReportRow) int {
		if c := y.Report.CreatedAt.Compare(x.Report.CreatedAt); c != 0 {
			return c
		}
		return int(y.Report.ID - x.Report.ID)
	})
	if f.Limit > 0 && len(rows) > f.Limit {
		rows = rows[:f.Limit]
	}
	return rows, s.owners(ctx, rows)
}

// owners names the structures that keep the reported places true.
func (s *Service) owners(ctx context.Context, rows []ReportRow) error {
	names := map[int64]string{}
	for i := range rows {
		id := rows[i].Report.PlaceStructureID
		if id == 0 {
			continue
		}
		if _, ok := names[id]; !ok {
			st, err := s.st.Structure(ctx, id)
			if err != nil && !apperr.Is(err, apperr.NotFound) {
				return err
			}
			names[id] = st.Name
		}
		rows[i].Owner = names[id]
	}
	return nil
}

// Queue is the reports a moderator sees, and whose they are.
type Queue struct {
	Rows  []ReportRow
	Scope string // who the queue is for, in words
}

// Reports lists the error reports the actor moderates, in a state ("":
// every state), at most 500.
func (s *Service) Reports(ctx context.Context, a *account.Actor, status placereport.Status) (Queue, error) {
	if err := a.Require(account.PermEditPlaces); err != nil {
		return Queue{}, err
	}
	if status != "" && status != placereport.StatusNew && status != placereport.StatusDone && status != placereport.StatusRejected {
		return Queue{}, &apperr.Error{Code: apperr.Invalid, Message: "État inconnu.", Fields: []apperr.FieldError{{Field: "etat", Message: "État inconnu : nouveau, traite, rejete."}}}
	}
	rows, err := s.moderated(ctx, a, placestore.ReportFilter{Status: status, Limit: 500})
	if err != nil {
		return Queue{}, err
	}
	q := Queue{Rows: rows, Scope: "les lieux de " + a.Membership.StructureName}
	if _, ok := territory(a); ok {
		q.Scope = "les lieux de votre structure et tous les lieux du territoire que vous coordonnez"
		if platform(a) {
			q.Scope = "tous les lieux de la plateforme"
		}
	}
	return q, nil
}

// Report returns a report the actor moderates; any other answers not found.
func (s *Service) Report(ctx context.Context, a *account.Actor, id int64) (ReportRow, error) {
	if err := a.Require(account.PermEditPlaces); err != nil {
		return ReportRow{}, err
	}
	row := ReportRow{CanEdit: true}
	r, err := s.st.PlaceReport(ctx, a.Scope(), id)
	if apperr.Is(err, apperr.NotFound) {
		tc, ok := territory(a)
		if !ok {
			return ReportRow{}, err
		}
		r, err = s.st.PlaceReportInTerritory(ctx, tc, id)
		row = ReportRow{CanEdit: canEdit(a, r.PlaceStructureID, true), wide: true}
	}
	if err != nil {
		return ReportRow{}, err
	}
	row.Report = r
	rows := []ReportRow{row}
	return rows[0], s.owners(ctx, rows)
}

// Decide records the moderator's decision on an open report. Accepting it
// is for whoever may correct the listing, which a person then does: the
// correction is never applied automatically.
func (s *Service) Decide(ctx context.Context, a *account.Actor, id int64, d placereport.Decision) (ReportRow, error) {
	row, err := s.Report(ctx, a, id)
	if err != nil {
		return row, err
	}
	if err := d.Validate(); err != nil {
		return row, err
	}
	if d.Status == placereport.StatusDone && !row.CanEdit {
		return row, &apperr.Error{Code: apperr.Invalid, Message: "Seule la structure qui tient cette fiche peut accepter ce signalement.",
			Fields: []apperr.FieldError{{Field: "decision", Message: "Seule la structure qui tient cette fiche peut l'accepter : vous pouvez le rejeter s'il est abusif."}}}
	}
	if row.wide {
		tc, _ := territory(a)
		err = s.st.DecidePlaceReportInTerritory(ctx, tc, id, d, a.User.ID, s.now())
	} else {
		err = s.st.DecidePlaceReport(ctx, a.Scope(), id, d, a.User.ID, s.now())
	}
	if err != nil {
		if fresh, ferr := s.Report(ctx, a, id); ferr == nil {
			row = fresh // someone may have decided it meanwhile
		}
		return row, err
	}
	return s.Report(ctx, a, id)
}
