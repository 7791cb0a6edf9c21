// Package web serves the HTML pages: one file per screen, thin handlers over
// the capability packages and the store, templates embedded and parsed at
// start.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/parcours-numerique/parcours/internal/api"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/scheduling"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/web/diagnostic"
	"github.com/parcours-numerique/parcours/internal/web/legal"
	"github.com/parcours-numerique/parcours/internal/web/static"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// Config is what the web layer needs from the command line.
type Config struct {
	BaseURL       string // public URL, e.g. https://parcours.example.fr; empty = local
	TerritoryName string // shown under the service name
	Demo          bool   // shows the demo banner on every page
	Operator      string // the structure that runs this instance (legal pages)
	ContactEmail  string // where residents exercise their rights
	TrustProxy    bool   // take the client address from X-Forwarded-For
	TileURL       string // map tiles ({z}, {x}, {y}); empty = DefaultTileURL (IGN Plan IGN)
	Now           func() time.Time
}

// Server holds everything the handlers share.
type Server struct {
	cfg      Config
	app      *app.App
	store    *store.Store
	log      *slog.Logger
	sessions *scs.SessionManager
	assets   *static.Assets
	api      *api.API
	site     *ui.Site
	legal    *legal.Handlers
	routes   []route
	handler  http.Handler
	secure   bool

	placeFinder *placeFinder // places in memory, rendered filters (placesearch_routes.go)

	agenda *scheduling.Service // bookings, registrations, messages

	diagnostic *diagnostic.Handlers // questionnaires, reports, fragility (diagnostic_routes.go)
}

// New builds the server: templates and assets are loaded here, so a broken
// template stops the start rather than a page.
func New(cfg Config, ap *app.App, log *slog.Logger) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = ap.Config.Now
	}
	st := ap.Store
	if cfg.Operator == "" {
		cfg.Operator = "la structure qui met Parcours à votre disposition"
	}
	assets, err := static.Load()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, app: ap, store: st, log: log, assets: assets, agenda: ap.Agenda}
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Scheme == "https" {
		s.secure = true
	}
	s.sessions = newSessionManager(st, s.secure, cfg.Now)
	if s.api, err = api.New(api.Config{BaseURL: cfg.BaseURL, Now: cfg.Now}, ap, log); err != nil {
		return nil, err
	}
	if s.site, err = ui.NewSite(ui.Config{BaseURL: cfg.BaseURL, TerritoryName: cfg.TerritoryName, Demo: cfg.Demo, Operator: cfg.Operator, ContactEmail: cfg.ContactEmail, Now: cfg.Now},
		s.sessions, assets, log); err != nil {
		return nil, err
	}
	if err := s.site.AddPages(templateFS, "templates/pages/*.html", "templates/layout/*.html"); err != nil {
		return nil, err
	}
	s.site.AddMenu(staffMenu...)
	if s.legal, err = legal.New(s.site); err != nil {
		return nil, err
	}
	if s.diagnostic, err = diagnostic.New(s.site, ap.Surveys, ap.Fragility); err != nil {
		return nil, err
	}
	s.routes = s.routeTable()
	s.handler = s.buildHandler()
	return s, nil
}

// API is the JSON API the server mounts (its tests check exchanges against its document).
func (s *Server) API() *api.API { return s.api }

// Handler is the whole site.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) buildHandler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		mux.Handle(rt.Pattern, s.guard(rt))
	}
	for _, rt := range s.api.Routes() {
		mux.Handle(rt.Pattern, s.api.Guard(rt))
	}
	mux.HandleFunc(api.Prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		api.WriteError(w, apperr.New(apperr.NotFound, "Opération inconnue : voir "+api.Prefix+"/openapi.json."))
	})
	mux.Handle("GET "+static.Prefix, s.assets)
	mux.HandleFunc("/", s.notFound)

	cop := http.NewCrossOriginProtection()
	if s.cfg.BaseURL != "" {
		if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
			_ = cop.AddTrustedOrigin(u.Scheme + "://" + u.Host)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusForbidden, "Requête refusée", "Cette demande venait d'un autre site et a été refusée par sécurité. Revenez sur la page et recommencez.")
	}))

	var h http.Handler = mux
	h = s.loadActor(h)
	h = s.sessions.LoadAndSave(h)
	h = cop.Handler(h)
	h = compress(h)
	h = s.securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	return h
}

// RunBackground does the server's periodic chores until ctx ends.
func (s *Server) RunBackground(ctx context.Context) {
	go s.runAgendaLoop(ctx) // reminders, waiting-list offers, messages, every minute
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		if n, err := s.store.Sessions(s.cfg.Now).DeleteExpired(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("nettoyage des sessions", "err", err)
		} else if n > 0 {
			s.log.Info("sessions expirées supprimées", "nombre", n)
		}
		if err := s.store.PruneLoginThrottle(ctx, s.cfg.Now()); err != nil && ctx.Err() == nil {
			s.log.Error("nettoyage des tentatives de connexion", "err", err)
		}
		s.RunReceptionChores(ctx) // referral reminders (10 days) and expiry (30 days)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// absoluteURL turns a path into a link that works outside the site (one-time links).
func (s *Server) absoluteURL(r *http.Request, path string) string { return s.site.AbsoluteURL(r, path) }
