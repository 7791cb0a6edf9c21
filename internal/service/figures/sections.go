package figures

import (
	"context"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/activitystats"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/figurestore"
)

// periodOf is a period's days as instants, in Paris time: [from 00:00,
// the day after to 00:00).
func periodOf(from, to string) figurestore.Period {
	f, _ := time.ParseInLocation(activity.DateLayout, from, frtime.Paris)
	t, _ := time.ParseInLocation(activity.DateLayout, to, frtime.Paris)
	return figurestore.Period{From: f, Until: t.AddDate(0, 0, 1)}
}

// sections are the dashboard's tables beside the activity reports: the
// orientations as a funnel, the autonomy over time, the workshops, the
// appointments. territory names the structures of the orientations'
// directions (nil: one structure's figures, sent and received).
func (s *Service) sections(ctx context.Context, w figurestore.Within, from, to string, territory map[int64]string) ([]activitystats.Table, error) {
	p := periodOf(from, to)
	refs, err := s.figs.Referrals(ctx, w, p)
	if err != nil {
		return nil, err
	}
	evals, err := s.figs.Evaluations(ctx, w, p)
	if err != nil {
		return nil, err
	}
	sessions, err := s.figs.IndividualSessions(ctx, w, from, to)
	if err != nil {
		return nil, err
	}
	workshops, err := s.figs.WorkshopSessions(ctx, w, p)
	if err != nil {
		return nil, err
	}
	appts, err := s.figs.Appointments(ctx, w, p)
	if err != nil {
		return nil, err
	}
	var out []activitystats.Table
	out = append(out, referralTables(refs, territory)...)
	out = append(out, autonomyTables(evals, sessions, p, from)...)
	out = append(out, workshopTables(workshops)...)
	out = append(out, appointmentTables(appts)...)
	return out, nil
}

func referralTables(refs []figurestore.Referral, territory map[int64]string) []activitystats.Table {
	const unit = "orientations"
	funnel := newTally("orientations", "Orientations envoyées : ce qu'elles sont devenues", unit, []activitystats.Count{
		{Key: string(referral.Accepted), Label: "Acceptées"}, {Key: string(referral.Refused), Label: "Refusées"},
		{Key: string(referral.Expired), Label: "Expirées sans réponse"}, {Key: string(referral.Open), Label: "En attente de réponse"}}, nil)
	reasons := newTally("orientations_motifs", "Orientations refusées par motif", unit, counts(referral.RefusalReasons), nil)
	reasons.overlapping = true
	delay := newTally("orientations_delai", "Délai de décision des orientations", unit, counts(referral.DecisionDelays), nil)
	var dirOrder []activitystats.Count
	if territory == nil {
		dirOrder = []activitystats.Count{{Key: "envoyees", Label: "Envoyées par la structure"}, {Key: "recues", Label: "Reçues par la structure"}}
	}
	name := func(id int64, fallback string) string {
		if n, ok := territory[id]; ok {
			return n
		}
		if fallback != "" {
			return fallback
		}
		return "Hors territoire"
	}
	dirLabels := map[string]string{}
	dir := newTally("orientations_sens", "Orientations entre partenaires", unit, dirOrder, func(k string) string { return dirLabels[k] })
	var sent, refused, decided int
	for _, r := range refs {
		if territory == nil {
			if r.Received {
				dir.add("recues", 1)
			} else {
				dir.add("envoyees", 1)
			}
		} else {
			key := strconv.FormatInt(r.SenderID, 10) + "-" + strconv.FormatInt(r.ReceiverID, 10)
			dirLabels[key] = name(r.SenderID, "") + " → " + name(r.ReceiverID, r.ReceiverName)
			dir.add(key, 1)
		}
		if r.Received && territory == nil {
			continue
		}
		if _, in := territory[r.SenderID]; territory != nil && !in {
			continue // received from outside the territory: not its funnel
		}
		sent++
		funnel.add(r.State, 1)
		if r.State == string(referral.Refused) {
			refused++
			for _, m := range r.RefusalReasons {
				reasons.add(m, 1)
			}
		}
		if (r.State == string(referral.Accepted) || r.State == string(referral.Refused)) && !r.ClosedAt.IsZero() {
			decided++
			delay.add(referral.DelayKey(r.ClosedAt.Sub(r.CreatedAt)), 1)
		}
	}
	return []activitystats.Table{funnel.table(sent, false), reasons.table(refused, false), delay.table(decided, false), dir.table(len(refs), territory != nil)}
}

// Ranks of a person's individual sessions.
var sessionRanks = []string{"1", "2", "3", "4+"}

func rankLabel(r string) string {
	switch r {
	case "1":
		return "1re séance"
	case "4+":
		return "4e séance et suivantes"
	}
	return r + "e séance"
}

// EvaluationRow is an evaluation of the period as the table
// autonomie_evaluations counts it: a first evaluation ("premiere"), or a
// re-evaluation more ("progres"), as ("stable") or less ("recul")
// autonomous than the person's first.
type EvaluationRow struct {
	figurestore.Evaluation
	Kind  string
	First int // the person's first score
}

// evaluationKinds classifies the period's evaluations (evals: by person then
// time, those before the period included for the first score).
func evaluationKinds(evals []figurestore.Evaluation, p figurestore.Period) []EvaluationRow {
	var out []EvaluationRow
	var person int64
	first := 0
	for i, e := range evals {
		if i == 0 || e.PersonID != person {
			person, first = e.PersonID, e.Score
			if !e.CreatedAt.Before(p.From) {
				out = append(out, EvaluationRow{Evaluation: e, Kind: "premiere", First: first})
			}
			continue
		}
		if e.CreatedAt.Before(p.From) {
			continue
		}
		r := EvaluationRow{Evaluation: e, Kind: "recul", First: first}
		switch {
		case e.Score > first:
			r.Kind = "progres"
		case e.Score == first:
			r.Kind = "stable"
		}
		out = append(out, r)
	}
	return out
}

// EvaluationKinds are the keys of the table autonomie_evaluations.
var EvaluationKinds = map[string]string{"premiere": "premières évaluations", "progres": "réévaluations : plus autonome qu'à la première",
	"stable": "réévaluations : autant qu'à la première", "recul": "réévaluations : moins qu'à la première"}

// EvaluationRows returns the structure's evaluations of a period (all, or
// of one kind of the table autonomie_evaluations), for those who read its
// persons' files: the rows behind the dashboard's evaluation figures.
func (s *Service) EvaluationRows(ctx context.Context, a *account.Actor, f Filter, kind string) ([]EvaluationRow, Filter, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return nil, f, err
	}
	if err := f.check(s.now().In(frtime.Paris)); err != nil {
		return nil, f, err
	}
	if _, ok := EvaluationKinds[kind]; kind != "" && !ok {
		return nil, f, apperr.Field("evolution", "Valeurs permises : premiere, progres, stable, recul.")
	}
	p := periodOf(f.From, f.To)
	evals, err := s.figs.Evaluations(ctx, figurestore.OfStructure(a.Scope()), p)
	if err != nil {
		return nil, f, err
	}
	var out []EvaluationRow
	for _, r := range evaluationKinds(evals, p) {
		if kind == "" || r.Kind == kind {
			out = append(out, r)
		}
	}
	e := journal.By(a, journal.List, "Évaluations du "+f.From+" au "+f.To)
	e.At = s.now()
	return out, f, s.st.AddJournal(ctx, a.Scope(), e)
}

func autonomyTables(evals []figurestore.Evaluation, sessions []figurestore.Session, p figurestore.Period, from string) []activitystats.Table {
	ev := newTally("autonomie_evaluations", "Évaluations : première évaluation et réévaluations", "évaluations", []activitystats.Count{
		{Key: "premiere", Label: "Premières évaluations"}, {Key: "progres", Label: "Réévaluations : plus autonome qu'à la première"},
		{Key: "stable", Label: "Réévaluations : autant qu'à la première"}, {Key: "recul", Label: "Réévaluations : moins qu'à la première"}}, nil)
	kinds := evaluationKinds(evals, p)
	nEval := len(kinds)
	for _, k := range kinds {
		ev.add(k.Kind, 1)
	}
	var person int64
	var order []activitystats.Count
	for _, r := range sessionRanks {
		for _, a := range activity.Autonomy {
			order = append(order, activitystats.Count{Key: r + ":" + a.Value, Label: rankLabel(r) + " · " + a.Label})
		}
	}
	ranks := newTally("autonomie_seances", "Autonomie atteinte selon le rang de la séance (personnes suivies)", "séances", order, nil)
	nSess, rank := 0, 0
	person = 0
	for i, x := range sessions {
		if i == 0 || x.PersonID != person {
			person, rank = x.PersonID, 0
		}
		rank++
		if x.Date < from || x.Autonomy == "" {
			continue
		}
		r := strconv.Itoa(rank)
		if rank >= 4 {
			r = "4+"
		}
		ranks.add(r+":"+x.Autonomy, 1)
		nSess++
	}
	return []activitystats.Table{ev.table(nEval, false), ranks.table(nSess, false)}
}

// fillKey is a workshop session's fill bucket (table ateliers_remplissage).
func fillKey(x figurestore.WorkshopSession) string {
	taken := min(x.Registered, x.Capacity)
	switch pct := taken * 100 / x.Capacity; {
	case taken == x.Capacity:
		return "complet"
	case pct >= 80:
		return "80_99"
	case pct >= 50:
		return "50_79"
	}
	return "moins_50"
}

// WorkshopRow is a workshop session behind the dashboard's workshop
// figures: its fill and attendance as they are counted.
type WorkshopRow struct {
	figurestore.WorkshopSession
	Fill        string // ateliers_remplissage's key
	Taken, Free int    // places taken and left free
}

// WorkshopRows returns the structure's workshop sessions of a period (all,
// or of one fill bucket of the table ateliers_remplissage) with what the
// dashboard counts of each, for those who read its agenda.
func (s *Service) WorkshopRows(ctx context.Context, a *account.Actor, f Filter, fill string) ([]WorkshopRow, Filter, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return nil, f, err
	}
	if err := f.check(s.now().In(frtime.Paris)); err != nil {
		return nil, f, err
	}
	if fill != "" && fill != "moins_50" && fill != "50_79" && fill != "80_99" && fill != "complet" {
		return nil, f, apperr.Field("remplissage", "Valeurs permises : moins_50, 50_79, 80_99, complet.")
	}
	ws, err := s.figs.WorkshopSessions(ctx, figurestore.OfStructure(a.Scope()), periodOf(f.From, f.To))
	if err != nil {
		return nil, f, err
	}
	var out []WorkshopRow
	for _, x := range ws {
		r := WorkshopRow{WorkshopSession: x, Fill: fillKey(x), Taken: min(x.Registered, x.Capacity)}
		r.Free = x.Capacity - r.Taken
		if fill == "" || r.Fill == fill {
			out = append(out, r)
		}
	}
	return out, f, nil
}

func workshopTables(ws []figurestore.WorkshopSession) []activitystats.Table {
	fill := newTally("ateliers_remplissage", "Séances d'ateliers selon leur remplissage", "séances", []activitystats.Count{
		{Key: "moins_50", Label: "Moins de la moitié des places prises"}, {Key: "50_79", Label: "50 à 79 % des places prises"},
		{Key: "80_99", Label: "80 à 99 % des places prises"}, {Key: "complet", Label: "Complètes"}}, nil)
	places := newTally("ateliers_places", "Places des séances d'ateliers", "places", []activitystats.Count{
		{Key: "prises", Label: "Places prises (inscrits)"}, {Key: "libres", Label: "Places restées libres"}}, nil)
	waiting := newTally("ateliers_attente", "Liste d'attente des séances d'ateliers", "personnes", []activitystats.Count{
		{Key: "attente", Label: "Personnes en liste d'attente"}}, nil)
	presence := newTally("ateliers_presence", "Présence aux séances d'ateliers (émargées)", "participants", []activitystats.Count{
		{Key: "presents", Label: "Inscrits présents"}, {Key: "absents", Label: "Inscrits absents"}, {Key: "sans_inscription", Label: "Venus sans inscription"}}, nil)
	capacity, waitingN, marked := 0, 0, 0
	for _, x := range ws {
		taken := min(x.Registered, x.Capacity)
		capacity += x.Capacity
		places.add("prises", taken)
		places.add("libres", x.Capacity-taken)
		fill.add(fillKey(x), 1)
		waiting.add("attente", x.Waiting)
		waitingN += x.Waiting
		if x.Marked {
			presence.add("presents", x.Present)
			presence.add("absents", x.Absent)
			presence.add("sans_inscription", x.WalkIns)
			marked += x.Present + x.Absent + x.WalkIns
		}
	}
	return []activitystats.Table{fill.table(len(ws), false), places.table(capacity, false), waiting.table(waitingN, false), presence.table(marked, false)}
}

func appointmentTables(as []figurestore.AppointmentCount) []activitystats.Table {
	status := newTally("rendez_vous", "Rendez-vous selon leur issue", "rendez-vous", []activitystats.Count{
		{Key: agenda.StatusPresent, Label: "Honorés"}, {Key: agenda.StatusAbsent, Label: "Non honorés sans prévenir"},
		{Key: agenda.StatusExcused, Label: "Excusés"}, {Key: agenda.StatusCancelled, Label: "Annulés par le service"},
		{Key: agenda.StatusPending, Label: "Issue à renseigner"}}, nil)
	where := newTally("rendez_vous_permanence", "Rendez-vous pris en permanence ou hors permanence", "rendez-vous", []activitystats.Count{
		{Key: "permanence", Label: "Pendant une permanence"}, {Key: "hors_permanence", Label: "Hors permanence"}}, nil)
	total := 0
	for _, a := range as {
		status.add(a.Status, a.N)
		if a.Permanent {
			where.add("permanence", a.N)
		} else {
			where.add("hors_permanence", a.N)
		}
		total += a.N
	}
	return []activitystats.Table{status.table(total, false), where.table(total, false)}
}

// PairRows are the orientations between two partners of the territory
// behind a cell of the table orientations_sens: created in the period,
// without names.
type PairRows struct {
	Filter           Filter
	Sender, Receiver string // the partners' names
	Rows             []figurestore.Referral
}

// ReferralPairRows returns the orientations sent by the structure sender to
// the structure receiver (0: a place without Parcours) created in the
// period, in the territory's figures the actor reads (coordination: the
// table orientations_sens, of the territory or of one of its structures):
// the rows behind one of its cells, without names nor comments, as the
// activity rows coordination reads. It journals the read.
func (s *Service) ReferralPairRows(ctx context.Context, a *account.Actor, f Filter, sender, receiver int64) (PairRows, error) {
	if err := a.Require(account.PermReadActivities); err != nil {
		return PairRows{}, err
	}
	t, ok := territoryOf(a)
	if a.Can(account.PermActivities) || !ok {
		return PairRows{}, apperr.New(apperr.Forbidden, "Ces lignes sont celles du tableau de bord du territoire.")
	}
	if err := f.check(s.now().In(frtime.Paris)); err != nil {
		return PairRows{}, err
	}
	var v apperr.Validation
	if sender <= 0 {
		v.Add("de", "Choisissez la structure qui oriente (son numéro).")
	}
	if receiver < 0 {
		v.Add("vers", "Choisissez la structure qui reçoit (son numéro, 0 pour un lieu sans Parcours).")
	}
	if err := v.Err(); err != nil {
		return PairRows{}, err
	}
	structures, err := s.st.ListStructuresInTerritory(ctx, t, "")
	if err != nil {
		return PairRows{}, err
	}
	names := map[int64]string{}
	for _, st := range structures {
		names[st.ID] = st.Name
	}
	within := figurestore.OfTerritory(t)
	if f.StructureID != 0 {
		if _, ok := names[f.StructureID]; !ok {
			return PairRows{}, apperr.NotFoundError()
		}
		within = figurestore.OfStructure(scope.OfStructure(f.StructureID)) // a structure of the territory, checked above
	}
	refs, err := s.figs.Referrals(ctx, within, periodOf(f.From, f.To))
	if err != nil {
		return PairRows{}, err
	}
	out := PairRows{Filter: f, Sender: names[sender], Receiver: names[receiver]}
	for _, r := range refs {
		if r.SenderID == sender && r.ReceiverID == receiver {
			out.Rows = append(out.Rows, r)
			if receiver == 0 {
				out.Receiver = r.ReceiverName
			}
		}
	}
	if out.Sender == "" {
		out.Sender = "Hors territoire"
	}
	if out.Receiver == "" {
		out.Receiver = "Hors territoire"
	}
	if a.Scope().Valid() {
		e := journal.By(a, journal.List, "Orientations entre partenaires du territoire du "+f.From+" au "+f.To+" (sans nom)")
		e.At = s.now()
		if err := s.st.AddJournal(ctx, a.Scope(), e); err != nil {
			return PairRows{}, err
		}
	}
	return out, nil
}
