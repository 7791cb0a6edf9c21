// Package web is the server: its middleware (sessions, actors, security
// headers, compression, cross-origin protection), the one route table
// (routes.go) from every URL to its handler, and the wiring of the
// capabilities' screens (internal/web/<capability>) and of the JSON API.
package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/parcours-numerique/parcours/internal/api"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/apperr"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/store"
	accountpages "github.com/parcours-numerique/parcours/internal/web/account"
	"github.com/parcours-numerique/parcours/internal/web/admin"
	webagenda "github.com/parcours-numerique/parcours/internal/web/agenda"
	"github.com/parcours-numerique/parcours/internal/web/diagnostic"
	"github.com/parcours-numerique/parcours/internal/web/display"
	webequipment "github.com/parcours-numerique/parcours/internal/web/equipment"
	webfigures "github.com/parcours-numerique/parcours/internal/web/figures"
	webitinerant "github.com/parcours-numerique/parcours/internal/web/itinerant"
	"github.com/parcours-numerique/parcours/internal/web/legal"
	webmandates "github.com/parcours-numerique/parcours/internal/web/mandates"
	webmeetings "github.com/parcours-numerique/parcours/internal/web/meetings"
	"github.com/parcours-numerique/parcours/internal/web/network"
	webpartnerships "github.com/parcours-numerique/parcours/internal/web/partnerships"
	webpasses "github.com/parcours-numerique/parcours/internal/web/passes"
	"github.com/parcours-numerique/parcours/internal/web/placeadmin"
	"github.com/parcours-numerique/parcours/internal/web/places"
	"github.com/parcours-numerique/parcours/internal/web/reception"
	webresources "github.com/parcours-numerique/parcours/internal/web/resources"
	websafe "github.com/parcours-numerique/parcours/internal/web/safe"
	"github.com/parcours-numerique/parcours/internal/web/static"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	webworkshops "github.com/parcours-numerique/parcours/internal/web/workshops"
)

// Config is what the web layer needs from the command line.
type Config struct {
	BaseURL        string         // public URL, e.g. https://parcours.example.fr; empty = local
	TerritoryName  string         // shown under the service name
	Demo           bool           // shows the demo banner on every page
	Operator       string         // the structure that runs this instance (legal pages)
	ContactEmail   string         // where residents exercise their rights
	TrustedProxies []netip.Prefix // peers whose X-Forwarded-For is read (ClientIP)
	TileURL        string         // map tiles ({z}, {x}, {y}); empty = places.DefaultTileURL (IGN Plan IGN)
	Now            func() time.Time
}

// Server holds everything the handlers share.
type Server struct {
	cfg       Config
	app       *app.App
	store     *store.Store
	log       *slog.Logger
	sessions  *scs.SessionManager
	assets    *static.Assets
	api       *api.API
	site      *ui.Site
	legal     *legal.Handlers
	display   *display.Handlers
	account   *accountpages.Handlers
	admin     *admin.Handlers
	reception *reception.Handlers
	figures   *webfigures.Handlers // dashboard, bilans, public statistics (internal/web/figures)
	routes    []route
	handler   http.Handler
	secure    bool

	places     *places.Handlers     // public cartography pages
	placeAdmin *placeadmin.Handlers // keeping places true, place files

	agenda       *agendasvc.Service     // bookings, registrations, messages, background work
	agendaWeb    *webagenda.Handlers    // the agenda's pages (internal/web/agenda)
	workshopsWeb *webworkshops.Handlers // the workshops' pages (internal/web/workshops)

	diagnostic   *diagnostic.Handlers   // questionnaires, reports, fragility (internal/web/diagnostic)
	passesWeb    *webpasses.Handlers    // Pass numérique (internal/web/passes)
	equipmentWeb *webequipment.Handlers // equipment (internal/web/equipment)
	network      *network.Handlers      // the directory of the territory's actors (internal/web/network)
	mandatesWeb  *webmandates.Handlers  // training record, aidants, mandates (internal/web/mandates)
	safeWeb      *websafe.Handlers      // the document safe (internal/web/safe)
	itinerantWeb *webitinerant.Handlers // itinerant services (internal/web/itinerant)
	resourcesWeb *webresources.Handlers // the territory's library of teaching resources (internal/web/resources)
	meetingsWeb  *webmeetings.Handlers  // the network's meetings (internal/web/meetings)

	partnerships *webpartnerships.Handlers // conventions, charter and action plan (internal/web/partnerships)
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
	s.sessions.ErrorFunc = s.failAny
	if s.api, err = api.New(api.Config{BaseURL: cfg.BaseURL, Now: cfg.Now}, ap, log); err != nil {
		return nil, err
	}
	if s.site, err = ui.NewSite(ui.Config{BaseURL: cfg.BaseURL, TerritoryName: cfg.TerritoryName, Demo: cfg.Demo, Operator: cfg.Operator, ContactEmail: cfg.ContactEmail, Now: cfg.Now,
		Unavailable: store.Unavailable, RetryAfter: store.RetryAfterSeconds, UnavailableMessage: store.UnavailableMessage},
		s.sessions, assets, log); err != nil {
		return nil, err
	}
	// Menu entries follow the order the screens are added in.
	if s.account, err = accountpages.New(s.site, ap.Accounts, accountpages.Config{ClientIP: s.clientIP, HomePanels: []accountpages.HomePanel{func(r *http.Request) (template.HTML, error) { return s.reception.HomeFigures(r) }}}); err != nil {
		return nil, err
	}
	if err := s.site.AddPages(templateFS, "templates/pages/*.html"); err != nil {
		return nil, err
	}
	s.site.Translated("home")
	s.site.AddMenu(staffMenu...)
	if s.placeAdmin, err = placeadmin.New(s.site, ap.Places, ap.PlaceFiles); err != nil {
		return nil, err
	}
	s.site.AddMenu(diagnostic.Menu...)
	s.site.AddMenu(webpasses.Menu...)
	s.site.AddMenu(webequipment.Menu...)
	s.site.AddMenu(webitinerant.Menu...)
	s.site.AddMenu(webpartnerships.Menu...)
	s.site.AddMenu(webmandates.Menu...)
	s.site.AddMenu(webresources.Menu...)
	if s.display, err = display.New(s.site); err != nil {
		return nil, err
	}
	facts := legal.Facts{Retention: ap.Retention.Policy(), EmailServer: ap.Config.Notify.SMTPHost, Hosting: ap.Config.Hosting, Safe: ap.Safe.Enabled()}
	if ap.Config.Notify.BrevoKey != "" {
		facts.SMSProvider = "Brevo (Sendinblue SAS, Paris, France)"
	}
	if s.legal, err = legal.New(s.site, facts); err != nil {
		return nil, err
	}
	if s.admin, err = admin.New(s.site, ap.Accounts, ap.Structures); err != nil {
		return nil, err
	}
	if s.reception, err = reception.New(s.site, reception.Services{Persons: ap.Persons, Evaluations: ap.Evaluations, Referrals: ap.Referrals, Activities: ap.Activities, Mandates: ap.Mandates}, resolveCommune); err != nil {
		return nil, err
	}
	s.site.AddMenu(webfigures.Menu...)
	s.site.AddMenu(webfigures.CoordinationMenu...)
	if s.figures, err = webfigures.New(s.site, ap.Figures, ap.Coordination, ap.Store); err != nil {
		return nil, err
	}
	if s.agendaWeb, err = webagenda.New(s.site, ap.Agenda); err != nil {
		return nil, err
	}
	if s.workshopsWeb, err = webworkshops.New(s.site, ap.Workshops, ap.Agenda, ap.Resources); err != nil {
		return nil, err
	}
	if s.places, err = places.New(s.site, places.Config{TileURL: cfg.TileURL, ClientIP: s.clientIP, Agenda: ap.Agenda, Workshops: ap.Workshops, Itinerant: ap.Itinerant}, ap.Places, ap.PlaceFinder, ap.PlaceFiles); err != nil {
		return nil, err
	}
	if s.diagnostic, err = diagnostic.New(s.site, ap.Surveys, ap.Fragility, s.clientIP); err != nil {
		return nil, err
	}
	if s.passesWeb, err = webpasses.New(s.site, ap.Passes, ap.Persons); err != nil {
		return nil, err
	}
	if s.equipmentWeb, err = webequipment.New(s.site, ap.Equipment, ap.Persons); err != nil {
		return nil, err
	}
	if s.network, err = network.New(s.site, ap.Network); err != nil {
		return nil, err
	}
	s.site.AddMenu(webmeetings.Menu...)
	if s.meetingsWeb, err = webmeetings.New(s.site, ap.Meetings); err != nil {
		return nil, err
	}
	if s.mandatesWeb, err = webmandates.New(s.site, ap.Training, ap.Mandates, ap.Persons); err != nil {
		return nil, err
	}
	if s.safeWeb, err = websafe.New(s.site, ap.Safe, s.clientIP); err != nil {
		return nil, err
	}
	if s.resourcesWeb, err = webresources.New(s.site, ap.Resources); err != nil {
		return nil, err
	}
	if s.itinerantWeb, err = webitinerant.New(s.site, ap.Itinerant, ap.Agenda); err != nil {
		return nil, err
	}
	if s.partnerships, err = webpartnerships.New(s.site, ap.Partnerships); err != nil {
		return nil, err
	}
	s.routes = s.routeTable()
	if s.handler, err = s.buildHandler(); err != nil {
		return nil, err
	}
	return s, nil
}

// API is the JSON API the server mounts (its tests check exchanges against its document).
func (s *Server) API() *api.API { return s.api }

// Handler is the whole site.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) buildHandler() (http.Handler, error) {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		mux.Handle(rt.Pattern, s.guard(rt))
	}
	apiHandler := s.api.Handler()
	mux.Handle("/api/", apiHandler)
	mux.Handle("/api", apiHandler)
	mux.Handle("GET "+static.Prefix, s.assets)
	mux.HandleFunc("/", s.notFound)

	cop := http.NewCrossOriginProtection()
	if s.cfg.BaseURL != "" {
		if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
			_ = cop.AddTrustedOrigin(u.Scheme + "://" + u.Host)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAPI(r) {
			apiio.WriteError(w, apperr.New(apperr.Forbidden, "Requête venue d'un autre site, refusée par sécurité : appelez l'API depuis un logiciel avec un jeton (Authorization: Bearer …)."))
			return
		}
		s.renderError(w, r, http.StatusForbidden, "Requête refusée", "Cette demande venait d'un autre site et a été refusée par sécurité. Revenez sur la page et recommencez.")
	}))
	compress, err := newCompressor()
	if err != nil {
		return nil, err
	}

	var h http.Handler = mux
	h = s.checkText(mux, h)
	h = s.loadActor(h)
	h = s.sessions.LoadAndSave(h)
	h = cop.Handler(h)
	h = compress(h)
	h = s.securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	return h, nil
}

// isAPI reports whether r is for the JSON API, which answers every error
// in JSON, never with a page.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}

// failAny answers an error with the API's JSON error under /api, with the
// matching page everywhere else.
func (s *Server) failAny(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		s.api.Fail(w, r, err)
		return
	}
	s.fail(w, r, err)
}

// RunBackground does the server's periodic chores until ctx ends.
func (s *Server) RunBackground(ctx context.Context) {
	go s.runAgendaLoop(ctx) // reminders, waiting-list offers, messages, every minute
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		if n, err := s.app.Accounts.RunChores(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("nettoyage des sessions et des tentatives de connexion", "err", err)
		} else if n > 0 {
			s.log.Info("sessions expirées supprimées", "nombre", n)
		}
		s.RunReceptionChores(ctx) // referral reminders (10 days) and expiry (30 days)
		s.RunRetention(ctx)       // once a day, one instance: the retention durations in force
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunRetention applies the retention durations once a day (retention.RunDaily).
func (s *Server) RunRetention(ctx context.Context) {
	rep, ran, err := s.app.Retention.RunDaily(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		s.log.Error("conservation des données", "err", err)
	case ran:
		args := []any{"lignes", rep.Rows()}
		for _, l := range rep.Lines {
			args = append(args, l.Table, l.Rows)
		}
		s.log.Info("conservation des données appliquée", args...)
	}
}

// RunReceptionChores reminds the receivers of referrals left 10 days
// without an answer and expires those left 30 days (referrals.RunChores).
func (s *Server) RunReceptionChores(ctx context.Context) {
	c, err := s.app.Referrals.RunChores(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		s.log.Error("orientations : rappels et expirations", "err", err)
	case c.Reminded+c.Expired > 0:
		s.log.Info("orientations : rappels et expirations", "rappels", c.Reminded, "expirées", c.Expired)
	}
}
