// Package api is the JSON API under /api/v1: thin handlers over the
// capabilities and the store, described by an OpenAPI 3.1 document that is
// assembled from one fragment per capability and served at
// /api/v1/openapi.json.
package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/api/diagnosticapi"
	"github.com/parcours-numerique/parcours/internal/api/equipmentapi"
	"github.com/parcours-numerique/parcours/internal/api/figuresapi"
	"github.com/parcours-numerique/parcours/internal/api/itinerantapi"
	"github.com/parcours-numerique/parcours/internal/api/meetingsapi"
	"github.com/parcours-numerique/parcours/internal/api/openapi"
	"github.com/parcours-numerique/parcours/internal/api/partnershipapi"
	"github.com/parcours-numerique/parcours/internal/api/resourcesapi"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/respcache"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Prefix is where the API lives.
const Prefix = apiio.Prefix

// Config is what the API needs from the command line.
type Config struct {
	BaseURL string
	Now     func() time.Time
}

// API holds the handlers' dependencies.
type API struct {
	cfg      Config
	app      *app.App
	store    *store.Store
	log      *slog.Logger
	routes   []Route
	spec     []byte
	contract *openapi.Contract
	lieux    *respcache.Cache[lieuxKey] // answers of GET /lieux (listLieux)
}

// Route is one operation.
type Route = apiio.Route

// New builds the API and checks that the document and the routes agree.
func New(cfg Config, ap *app.App, log *slog.Logger) (*API, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	a := &API{cfg: cfg, app: ap, store: ap.Store, log: log, lieux: respcache.New[lieuxKey](lieuxCacheSize, lieuxTTL)}
	spec, ops, err := openapi.Assemble(Prefix)
	if err != nil {
		return nil, err
	}
	a.spec = spec
	if a.contract, err = openapi.Load(spec); err != nil {
		return nil, err
	}
	a.routes = a.routeTable()
	seen := map[string]bool{}
	for _, rt := range a.routes {
		if rt.OperationID == "" {
			continue
		}
		want, ok := ops[rt.OperationID]
		if !ok {
			return nil, fmt.Errorf("api: route %s has operationId %s, absent from the OpenAPI document", rt.Pattern, rt.OperationID)
		}
		if want != rt.Pattern {
			return nil, fmt.Errorf("api: operation %s is %s in the document but %s in the routes", rt.OperationID, want, rt.Pattern)
		}
		seen[rt.OperationID] = true
	}
	for op, pattern := range ops {
		if !seen[op] {
			return nil, fmt.Errorf("api: the document describes %s (%s) but no route serves it", op, pattern)
		}
	}
	return a, nil
}

// Routes lists every API route for the web server to mount.
func (a *API) Routes() []Route { return a.routes }

// routeTable concatenates the capabilities' API routes.
func (a *API) routeTable() []Route {
	rs := []Route{
		{Pattern: "GET " + Prefix + "/openapi.json", OperationID: "getOpenAPI", Handler: a.openAPI},
	}
	for _, table := range [][]Route{a.placeRoutes(), a.receptionRoutes(), a.agendaRoutes(), diagnosticapi.New(a.app, a.cfg.BaseURL, a.log).Routes(), a.networkRoutes(), a.passRoutes(), equipmentapi.New(a.app, a.log).Routes(), figuresapi.New(a.app, a.log).Routes(), a.trainingRoutes(), a.mandateRoutes(), a.safeRoutes(), itinerantapi.New(a.app, a.log).Routes(), resourcesapi.New(a.app, a.log).Routes(), meetingsapi.New(a.app, a.log).Routes(), partnershipapi.New(a.app, a.log).Routes()} {
		rs = append(rs, table...)
	}
	return rs
}

func (a *API) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(a.spec)
}

// Guard wraps a route with its permission check and the validation of the
// request against the OpenAPI document; it answers in JSON.
func (a *API) Guard(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.Perm != "" {
			act := account.ActorFrom(r.Context())
			if act == nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="parcours"`)
				apiio.WriteError(w, apperr.New(apperr.Unauthorized, "Authentification requise : jeton d'API (Authorization: Bearer …) ou session."))
				return
			}
			if !act.Can(rt.Perm) {
				apiio.WriteError(w, apperr.New(apperr.Forbidden, "Votre rôle ne permet pas cette opération."))
				return
			}
		}
		if rt.Upload > 0 {
			// Read whole before the validation, so that too large a file
			// is answered with its reason rather than as a broken request.
			b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, rt.Upload))
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				if err = rt.TooLarge; err == nil {
					err = apperr.New(apperr.Invalid, "Le fichier est trop lourd.")
				}
				a.Fail(w, r, err)
				return
			} else if err != nil {
				a.Fail(w, r, apperr.New(apperr.Invalid, "Corps de la requête illisible."))
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(b))
		} else if err := checkBodyText(r); err != nil {
			a.Fail(w, r, err)
			return
		}
		if rt.OperationID != "" {
			if err := a.contract.ValidateRequest(r, rt.OperationID); err != nil {
				a.Fail(w, r, err)
				return
			}
		}
		rt.Handler(w, r)
	})
}

// NewToken returns a personal API token, its stored hash and the prefix
// shown in lists (account.NewAPIToken), for tests that store tokens.
func NewToken() (secret, hash, display string) { return account.NewAPIToken() }

// Fail logs internal errors with a reference and answers with the safe error.
func (a *API) Fail(w http.ResponseWriter, r *http.Request, err error) { apiio.Fail(a.log, w, r, err) }
