// Package app builds the application's services once, on one store and one
// clock, so that the web pages, the API, the commands and the background
// jobs all call the same use cases with the same configuration.
package app

import (
	"log/slog"
	"time"

	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scheduling"
	"github.com/parcours-numerique/parcours/internal/service/fragilityindex"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/service/surveys"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Config is what the services need from the command line.
type Config struct {
	BaseURL string // public URL, used in links sent by e-mail and SMS; empty: paths only
	Now     func() time.Time
	Log     *slog.Logger

	Notify         notify.Config
	ReminderBefore time.Duration // 0: 48 h
	OfferDelay     time.Duration // 0: 24 h
}

// App holds every service.
type App struct {
	Config    Config
	Store     *store.Store
	Persons   *persons.Service
	Agenda    *scheduling.Service
	Surveys   *surveys.Service
	Fragility *fragilityindex.Service
}

// New builds the services on st.
func New(st *store.Store, cfg Config) *App {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &App{
		Config:  cfg,
		Store:   st,
		Persons: persons.New(st, cfg.Now),
		Agenda: scheduling.New(st, scheduling.Config{
			BaseURL: cfg.BaseURL, Now: cfg.Now, ReminderBefore: cfg.ReminderBefore, OfferDelay: cfg.OfferDelay,
			Email: cfg.Notify.Email(), SMS: cfg.Notify.SMS(), Log: cfg.Log,
		}),
		Surveys:   surveys.New(st, cfg.Now),
		Fragility: fragilityindex.New(st, cfg.Now),
	}
}
