// Package apiio is what every operation of the JSON API shares: its route
// type, reading JSON and query parameters, writing JSON and the structured
// errors. The capability packages under internal/api build on it.
package apiio

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

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
	// TooLarge is the error answered when the file exceeds Upload.
	TooLarge error
}

// ErrorBody is the structured error every API failure returns.
type ErrorBody struct {
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
	var body ErrorBody
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

// WriteJSON answers with v as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// MaxBody caps request bodies: the API takes forms, not files.
const MaxBody = 1 << 20

// Fail logs internal errors with a reference and answers with the safe error.
func Fail(log *slog.Logger, w http.ResponseWriter, r *http.Request, err error) {
	if apperr.CodeOf(err) == apperr.Internal && store.Unavailable(err) {
		log.Warn("base de données injoignable (API)", "méthode", r.Method, "chemin", r.URL.Path, "err", err)
	} else if apperr.CodeOf(err) == apperr.Internal {
		log.Error("erreur interne (API)", "méthode", r.Method, "chemin", r.URL.Path, "err", err)
	}
	WriteError(w, err)
}

// Decode reads a JSON body into v, refusing unknown fields, with French errors.
func Decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
			return apperr.New(apperr.Invalid, "Le corps de la requête doit être du JSON (Content-Type: application/json).")
		}
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, MaxBody))
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

// PathInt reads a positive integer path value; anything else is not found.
func PathInt(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundError()
	}
	return id, nil
}

// SyncQuery is what every list reads besides its filters: modifie_depuis
// (RFC 3339 with an offset), curseur (opaque) and limite.
type SyncQuery struct {
	Since time.Time
	After int64
	Limit int
}

// ReadSync reads the list's query, refusing a parameter the list does not
// know (the document does not refuse them) with every error at once.
func ReadSync(r *http.Request, kind string, filters ...string) (SyncQuery, error) {
	q := r.URL.Query()
	out := SyncQuery{Limit: 100}
	known := append([]string{"modifie_depuis", "curseur", "limite"}, filters...)
	var v apperr.Validation
	var unknown []string
	for k := range q {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		v.Add(k, fmt.Sprintf("Paramètre inconnu « %s » : %s.", k, strings.Join(known, ", ")))
	}
	if s := q.Get("modifie_depuis"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			v.Add("modifie_depuis", "Date-heure RFC 3339 avec son décalage attendue, par exemple 2026-01-31T08:00:00+01:00.")
		}
		out.Since = t
	}
	if c := q.Get("curseur"); c != "" {
		id, ok := DecodeCursor(kind, c)
		if !ok {
			v.Add("curseur", "Curseur invalide : reprenez la liste au début, sans curseur.")
		}
		out.After = id
	}
	if l := q.Get("limite"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 500 {
			v.Add("limite", "La limite est un nombre de 1 à 500.")
		}
		out.Limit = n
	}
	return out, v.Err()
}

// A cursor is opaque to clients: the kind of list and the last id seen.
func EncodeCursor(kind string, next int64) *string {
	if next == 0 {
		return nil
	}
	c := base64.RawURLEncoding.EncodeToString([]byte(kind + "1:" + strconv.FormatInt(next, 10)))
	return &c
}

func DecodeCursor(kind, c string) (int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	n, ok := strings.CutPrefix(string(b), kind+"1:")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(n, 10, 64)
	return id, err == nil && id > 0
}

// RFC3339 writes a time with its offset.
func RFC3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func RFC3339OrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := RFC3339(t)
	return &s
}

// PageQuery reads modifie_depuis, curseur and limite (at most maxLimit),
// refusing unknown parameters.
func PageQuery(r *http.Request, maxLimit int, extra ...string) (since time.Time, after int64, limit int, err error) {
	q, err := ReadSync(r, "d", extra...)
	if err == nil && r.URL.Query().Get("limite") != "" && q.Limit > maxLimit {
		err = apperr.Field("limite", "La limite est un nombre de 1 à "+strconv.Itoa(maxLimit)+".")
	}
	return q.Since, q.After, q.Limit, err
}

// renameFields renames fields a service names after a web form.
func RenameFields(err error, names map[string]string) error {
	if e, ok := apperr.As(err); ok {
		for i := range e.Fields {
			if n, ok := names[e.Fields[i].Field]; ok {
				e.Fields[i].Field = n
			}
		}
	}
	return err
}

// WriteList answers 200 with one list under key, each item converted by
// conv; an empty list is written [], never null.
func WriteList[T, O any](w http.ResponseWriter, key string, items []T, conv func(T) O) {
	out := make([]O, len(items))
	for i, it := range items {
		out[i] = conv(it)
	}
	WriteJSON(w, http.StatusOK, map[string][]O{key: out})
}
