// Package app builds the application's services once, on one store and one
// clock, so that the web pages, the API, the commands and the background
// jobs all call the same use cases with the same configuration.
package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/retention"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/accounts"
	"github.com/parcours-numerique/parcours/internal/service/activities"
	"github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/service/coordination"
	"github.com/parcours-numerique/parcours/internal/service/equipment"
	"github.com/parcours-numerique/parcours/internal/service/evaluations"
	"github.com/parcours-numerique/parcours/internal/service/figures"
	"github.com/parcours-numerique/parcours/internal/service/fragilityindex"
	"github.com/parcours-numerique/parcours/internal/service/itinerant"
	"github.com/parcours-numerique/parcours/internal/service/mandates"
	"github.com/parcours-numerique/parcours/internal/service/meetings"
	"github.com/parcours-numerique/parcours/internal/service/network"
	"github.com/parcours-numerique/parcours/internal/service/partnerships"
	"github.com/parcours-numerique/parcours/internal/service/passes"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/service/placefiles"
	"github.com/parcours-numerique/parcours/internal/service/placefinder"
	"github.com/parcours-numerique/parcours/internal/service/places"
	"github.com/parcours-numerique/parcours/internal/service/referrals"
	"github.com/parcours-numerique/parcours/internal/service/resources"
	retentionsvc "github.com/parcours-numerique/parcours/internal/service/retention"
	"github.com/parcours-numerique/parcours/internal/service/safe"
	"github.com/parcours-numerique/parcours/internal/service/structures"
	"github.com/parcours-numerique/parcours/internal/service/surveys"
	"github.com/parcours-numerique/parcours/internal/service/training"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/coordinationstore"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
	"github.com/parcours-numerique/parcours/internal/store/fragilitystore"
	"github.com/parcours-numerique/parcours/internal/store/itinerantstore"
	"github.com/parcours-numerique/parcours/internal/store/meetingstore"
	"github.com/parcours-numerique/parcours/internal/store/networkstore"
	"github.com/parcours-numerique/parcours/internal/store/passstore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/resourcestore"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// Config is what the services need from the command line.
type Config struct {
	BaseURL string // public URL, used in links sent by e-mail and SMS; empty: paths only
	Now     func() time.Time
	Log     *slog.Logger

	Notify         notify.Config
	ReminderBefore time.Duration // 0: 48 h
	OfferDelay     time.Duration // 0: 24 h

	Retention retention.Policy // the zero policy: retention.Default()
	Safe      safe.Config      // the document safe: territory key, folder, quotas (no key: disabled)
	Hosting   string           // the hosting provider and country the privacy page names
}

// App holds every service.
type App struct {
	Config    Config
	Store     *store.Store
	Persons   *persons.Service
	Agenda    *agenda.Service
	Workshops *workshops.Service

	Accounts    *accounts.Service
	Structures  *structures.Service
	Evaluations *evaluations.Service
	Referrals   *referrals.Service
	Activities  *activities.Service
	Figures     *figures.Service // dashboard, bilans, public statistics of the activities
	// Coordination is the coordinators' own activities (animations, events, partnerships).
	Coordination *coordination.Service

	Places      *places.Service      // keeping places true, error reports
	PlaceFiles  *placefiles.Service  // place files: import, open data
	PlaceFinder *placefinder.Service // the public search of places

	Surveys   *surveys.Service
	Fragility *fragilityindex.Service

	Retention *retentionsvc.Service // the daily retention run
	Passes    *passes.Service       // Pass numérique: carnets, distribution, redemption, figures
	Equipment *equipment.Service    // inventory, loans, distribution on social criteria
	Network   *network.Service      // the directory of the territory's actors
	Training  *training.Service     // the training record of the territory's professionals
	Mandates  *mandates.Service     // aidants, paper mandates and their verification
	Safe      *safe.Service         // the document safe of followed persons
	Itinerant *itinerant.Service    // the services that come to residents and their stops
	Resources *resources.Service    // the territory's library of teaching resources, and workshops' material
	Meetings  *meetings.Service     // the network's meetings: invitations, attendance, minutes, decisions
	// Conventions with partners and the territory's action plan.
	Partnerships *partnerships.Service
}

// New builds the services on st.
func New(st *store.Store, cfg Config) *App {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	a := &App{
		Config:      cfg,
		Store:       st,
		Persons:     persons.New(st, cfg.Now),
		Accounts:    accounts.New(st, cfg.Now),
		Structures:  structures.New(st, cfg.Now),
		Places:      places.New(placestore.New(st), cfg.Now),
		PlaceFiles:  placefiles.New(placestore.New(st), cfg.Now, cfg.Log),
		PlaceFinder: placefinder.New(placestore.New(st), cfg.Now, cfg.Log),
		Surveys:     surveys.New(surveystore.New(st), cfg.Now),
		Fragility:   fragilityindex.New(fragilitystore.New(st), cfg.Now),
	}
	// One outbox delivers the messages of the agenda, the workshops and the orientations.
	out := agenda.NewOutbox(st, agenda.OutboxConfig{BaseURL: cfg.BaseURL, Now: cfg.Now, Email: cfg.Notify.Email(), SMS: cfg.Notify.SMS(), Log: cfg.Log})
	a.Workshops = workshops.New(workshopstore.New(st), out, workshops.Config{Now: cfg.Now, OfferDelay: cfg.OfferDelay})
	a.Agenda = agenda.New(agendastore.New(st), out, a.Workshops, agenda.Config{Now: cfg.Now, ReminderBefore: cfg.ReminderBefore, Log: cfg.Log})
	a.Evaluations = evaluations.New(st, a.Persons, a.Workshops, cfg.Now)
	a.Referrals = referrals.New(st, referrals.Config{BaseURL: cfg.BaseURL, Now: cfg.Now, Deliver: a.Agenda.Kick, Log: cfg.Log})
	a.Activities = activities.New(activitystore.New(st), cfg.Now)
	a.Retention = retentionsvc.New(st, cfg.Retention, cfg.Now)
	a.Passes = passes.New(passstore.New(st), cfg.Now)
	a.Equipment = equipment.New(equipmentstore.New(st), out, cfg.Now)
	a.Figures = figures.New(st, cfg.Now)
	a.Partnerships = partnerships.New(st, partnerships.Config{Now: cfg.Now, BaseURL: cfg.BaseURL, Recorded: out.Recorded})
	a.Figures.ActionPlan = a.Partnerships.BilanPlan
	a.Activities.Accompaniments = figures.Accompaniments
	a.Itinerant = itinerant.New(itinerantstore.New(st), cfg.Now)
	a.Resources = resources.New(resourcestore.New(st), cfg.Now)
	a.Coordination = coordination.New(coordinationstore.New(st), cfg.Now)
	a.Meetings = meetings.New(meetingstore.New(st), a.Coordination, meetings.Config{BaseURL: cfg.BaseURL, Now: cfg.Now, Recorded: out.Recorded})
	a.Training = training.New(st, cfg.Now)
	a.Mandates = mandates.New(st, cfg.BaseURL, cfg.Now)
	safeCfg := cfg.Safe
	safeCfg.Now, safeCfg.BaseURL = cfg.Now, cfg.BaseURL
	a.Safe = safe.New(st, out, safeCfg)
	// An erasure reaches the safe's files once its transaction is committed.
	a.Persons.AfterErase(a.Safe.Sweep)
	a.Persons.AfterMerge(a.Safe.AfterMerge)
	a.Persons.MoreAccess(a.Safe.AccessSection)
	a.Retention.AfterErase(a.Safe.Sweep)
	a.Network = network.New(networkstore.New(st), cfg.Now, network.LetterConfig{BaseURL: cfg.BaseURL, Recorded: out.Recorded,
		Programme: func(ctx context.Context) ([]workshop.Workshop, error) {
			return a.Workshops.Programme(ctx, workshops.ProgrammeFilter{})
		},
		Permanences: agendastore.New(st).PermanencesInTerritory,
		Meetings: func(ctx context.Context, t scope.Territory) ([]meeting.Meeting, error) {
			return a.Meetings.Upcoming(ctx, t, 31)
		}})
	return a
}
