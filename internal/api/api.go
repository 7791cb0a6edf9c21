// Package api is the JSON API under /api/v1: thin handlers over the
// capabilities and the store, described by an OpenAPI 3.1 document that is
// assembled from one fragment per capability and served at
// /api/v1/openapi.json.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

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
	contract *Contract
}

// Route is one operation. Perm is empty for open data; otherwise the caller
// needs a token or session whose role grants it.
type Route struct {
	Pattern     string // e.g. "GET /api/v1/lieux"
	OperationID string // as named in the OpenAPI document
	Perm        account.Permission
	Handler     http.HandlerFunc
	// Upload marks an operation whose body is a file (its own size limit),
	// not a JSON form: it is not read whole for the text checks.
	Upload int64
}

// New builds the API and checks that the document and the routes agree.
func New(cfg Config, ap *app.App, log *slog.Logger) (*API, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	a := &API{cfg: cfg, app: ap, store: ap.Store, log: log}
	spec, ops, err := assembleSpec()
	if err != nil {
		return nil, err
	}
	a.spec = spec
	if a.contract, err = LoadContract(spec); err != nil {
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
	for _, table := range [][]Route{a.placeRoutes(), a.receptionRoutes(), a.agendaRoutes(), a.diagnosticRoutes(), a.networkRoutes(), a.passRoutes(), a.equipmentRoutes(), a.figuresRoutes(), a.safeRoutes()} {
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
				WriteError(w, apperr.New(apperr.Unauthorized, "Authentification requise : jeton d'API (Authorization: Bearer …) ou session."))
				return
			}
			if !act.Can(rt.Perm) {
				WriteError(w, apperr.New(apperr.Forbidden, "Votre rôle ne permet pas cette opération."))
				return
			}
		}
		if rt.Upload > 0 {
			r.Body = http.MaxBytesReader(w, r.Body, rt.Upload)
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

// errorBody is the structured error every API failure returns.
type errorBody struct {
	Error struct {
		Code    apperr.Code       `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

var statusOf = map[apperr.Code]int{
	apperr.Invalid:          http.StatusUnprocessableEntity,
	apperr.NotFound:         http.StatusNotFound,
	apperr.Conflict:         http.StatusConflict,
	apperr.Forbidden:        http.StatusForbidden,
	apperr.Unauthorized:     http.StatusUnauthorized,
	apperr.TooManyRequests:  http.StatusTooManyRequests,
	apperr.MethodNotAllowed: http.StatusMethodNotAllowed,
}

// WriteError answers with the structured error; internals are never shown.
func WriteError(w http.ResponseWriter, err error) {
	var body errorBody
	code := apperr.CodeOf(err)
	status, ok := statusOf[code]
	if code == apperr.Internal && store.Unavailable(err) {
		w.Header().Set("Retry-After", strconv.Itoa(store.RetryAfterSeconds))
		body.Error.Code, body.Error.Message = apperr.Unavailable, store.UnavailableMessage
		WriteJSON(w, http.StatusServiceUnavailable, body)
		return
	}
	if !ok {
		code, status = apperr.Internal, http.StatusInternalServerError
	}
	body.Error.Code = code
	body.Error.Message = apperr.MessageOf(err)
	if e, ok := apperr.As(err); ok {
		body.Error.Fields = e.FieldMap()
	}
	WriteJSON(w, status, body)
}

// Fail logs internal errors with a reference and answers with the safe error.
func (a *API) Fail(w http.ResponseWriter, r *http.Request, err error) {
	if apperr.CodeOf(err) == apperr.Internal && store.Unavailable(err) {
		a.log.Warn("base de données injoignable (API)", "méthode", r.Method, "chemin", r.URL.Path, "err", err)
	} else if apperr.CodeOf(err) == apperr.Internal {
		a.log.Error("erreur interne (API)", "méthode", r.Method, "chemin", r.URL.Path, "err", err)
	}
	WriteError(w, err)
}

// WriteJSON answers with v as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// maxBody caps request bodies: the API takes forms, not files.
const maxBody = 1 << 20

// Decode reads a JSON body into v, refusing unknown fields, with French errors.
func Decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
			return apperr.New(apperr.Invalid, "Le corps de la requête doit être du JSON (Content-Type: application/json).")
		}
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return apperr.New(apperr.Invalid, "Le corps de la requête est vide.")
		case errors.As(err, &syntax):
			return apperr.New(apperr.Invalid, fmt.Sprintf("JSON illisible à l'octet %d.", syntax.Offset))
		case errors.As(err, &typ):
			msg := fmt.Sprintf("Le champ « %s » doit être de type %s.", typ.Field, typ.Type)
			return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{Field: typ.Field, Message: msg}}}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			msg := fmt.Sprintf("Champ inconnu « %s ».", f)
			return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{Field: f, Message: msg}}}
		}
		return apperr.New(apperr.Invalid, "JSON illisible.")
	}
	if dec.More() {
		return apperr.New(apperr.Invalid, "Le corps de la requête doit contenir un seul objet JSON.")
	}
	return nil
}
