package openapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Contract is the OpenAPI document as the server enforces it: every request
// to an operation is validated against it before the handler runs, so that an
// unknown field, a wrong type, a value outside an enumeration or a missing
// required field is refused with a JSON error naming the API field.
type Contract struct {
	Doc    *openapi3.T
	routes map[string]*routers.Route // by operationId

	// valid remembers the requests without body found valid: validating
	// compiles the parameters' JSON schemas each time, a cost a list read
	// again and again would pay on every request.
	mu    sync.Mutex
	valid map[string]bool
}

// validCacheSize bounds Contract.valid (a few hundred bytes an entry).
const validCacheSize = 4096

// Load parses and checks an assembled document.
func Load(spec []byte) (*Contract, error) {
	l := openapi3.NewLoader()
	doc, err := l.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	c := &Contract{Doc: doc, routes: map[string]*routers.Route{}, valid: map[string]bool{}}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			c.routes[op.OperationID] = &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op}
		}
	}
	return c, nil
}

// Route returns the document's route of an operation.
func (c *Contract) Route(operationID string) *routers.Route { return c.routes[operationID] }

// ValidateRequest checks r against the operation; path values are read from
// the request's ServeMux pattern. The body is read and put back.
func (c *Contract) ValidateRequest(r *http.Request, operationID string) error {
	rt := c.routes[operationID]
	if rt == nil {
		return fmt.Errorf("openapi: unknown operation %s", operationID)
	}
	params := map[string]string{}
	for _, p := range rt.Operation.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInPath {
			params[p.Value.Name] = r.PathValue(p.Value.Name)
		}
	}
	for _, p := range rt.PathItem.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInPath {
			params[p.Value.Name] = r.PathValue(p.Value.Name)
		}
	}
	key, reusable := validKey(r, operationID, rt, params)
	if reusable {
		c.mu.Lock()
		ok := c.valid[key]
		c.mu.Unlock()
		if ok {
			return nil
		}
	}
	in := &openapi3filter.RequestValidationInput{
		Request: r, PathParams: params, Route: rt,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	err := openapi3filter.ValidateRequest(r.Context(), in)
	if err == nil {
		if reusable {
			c.mu.Lock()
			if len(c.valid) >= validCacheSize {
				clear(c.valid)
			}
			c.valid[key] = true
			c.mu.Unlock()
		}
		return nil
	}
	return requestError(err)
}

// validKey names a request whose validity depends only on the operation,
// its path values and its query: a GET or HEAD without body, to an
// operation whose parameters are all in the path or the query.
func validKey(r *http.Request, operationID string, rt *routers.Route, params map[string]string) (string, bool) {
	if (r.Method != http.MethodGet && r.Method != http.MethodHead) || r.ContentLength != 0 || rt.Operation.RequestBody != nil {
		return "", false
	}
	for _, list := range []openapi3.Parameters{rt.Operation.Parameters, rt.PathItem.Parameters} {
		for _, p := range list {
			if p.Value == nil || (p.Value.In != openapi3.ParameterInPath && p.Value.In != openapi3.ParameterInQuery) {
				return "", false
			}
		}
	}
	var b strings.Builder
	b.WriteString(r.Method + " " + operationID + "?" + r.URL.RawQuery)
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		b.WriteString("\x00" + k + "=" + params[k])
	}
	return b.String(), true
}

// requestError turns the validator's report into the API's error, one
// French message per field named as the document names it.
func requestError(err error) error {
	var fields []apperr.FieldError
	var walk func(err error, where string)
	walk = func(err error, where string) {
		switch e := err.(type) {
		case openapi3.MultiError:
			for _, x := range e {
				walk(x, where)
			}
			return
		case *openapi3filter.RequestError:
			w := where
			if e.Parameter != nil {
				w = e.Parameter.Name
			}
			if e.Err == nil {
				fields = append(fields, apperr.FieldError{Field: fieldName(w), Message: frenchReason(e.Reason)})
				return
			}
			walk(e.Err, w)
			return
		case *openapi3.SchemaError:
			if e.Origin != nil {
				// A wrapper: its causes say what failed, and where.
				walk(e.Origin, where)
				return
			}
			field := strings.Join(e.JSONPointer(), ".")
			switch {
			case where != "" && field == "":
				field = where
			case where != "":
				field = where + "." + field
			}
			msg, names := schemaMessage(e)
			if len(names) == 0 {
				names = []string{""}
			}
			for _, name := range names {
				f := field
				if name != "" {
					if f == "" {
						f = name
					} else {
						f += "." + name
					}
				}
				fields = append(fields, apperr.FieldError{Field: fieldName(f), Message: msg})
			}
			return
		case *openapi3filter.ParseError:
			fields = append(fields, apperr.FieldError{Field: fieldName(where), Message: "Valeur illisible : " + frenchReason(e.Reason) + "."})
			return
		}
		if u := errors.Unwrap(err); u != nil {
			walk(u, where)
			return
		}
		fields = append(fields, apperr.FieldError{Field: fieldName(where), Message: "Requête non conforme au document OpenAPI : " + frenchReason(err.Error()) + "."})
	}
	walk(err, "")
	sort.SliceStable(fields, func(i, j int) bool { return fields[i].Field < fields[j].Field })
	msg := "La requête n'est pas conforme au document OpenAPI de l'API."
	if len(fields) == 1 {
		msg = fields[0].Message
	}
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: fields}
}

// fieldName names the body itself "corps".
func fieldName(f string) string {
	if f == "" {
		return "corps"
	}
	return f
}

// schemaMessage writes the failure of one schema keyword in French, and
// names the properties at fault when the keyword concerns them (missing or
// unknown properties). The value itself is never repeated.
func schemaMessage(se *openapi3.SchemaError) (msg string, properties []string) {
	var ve *jsonschema.ValidationError
	if errors.As(se, &ve) {
		switch k := ve.ErrorKind.(type) {
		case *kind.Required:
			return "Champ obligatoire manquant.", k.Missing
		case *kind.AdditionalProperties:
			return "Champ inconnu : les noms de champs s'écrivent exactement comme dans le document OpenAPI (minuscules comprises).", k.Properties
		case *kind.Type:
			return "Type attendu : " + frenchTypes(k.Want) + ".", nil
		case *kind.Enum:
			vals := make([]string, 0, len(k.Want))
			for _, v := range k.Want {
				vals = append(vals, fmt.Sprint(v))
			}
			return "Valeur non permise. Valeurs permises : " + strings.Join(vals, ", ") + ".", nil
		case *kind.Const:
			return fmt.Sprintf("Valeur attendue : %v.", k.Want), nil
		case *kind.MaxLength:
			return fmt.Sprintf("Texte trop long : %d caractères au plus.", k.Want), nil
		case *kind.MinLength:
			return fmt.Sprintf("Texte trop court : %d caractère(s) au moins.", k.Want), nil
		case *kind.MaxItems:
			return fmt.Sprintf("Trop d'éléments : %d au plus.", k.Want), nil
		case *kind.MinItems:
			return fmt.Sprintf("Pas assez d'éléments : %d au moins.", k.Want), nil
		case *kind.Minimum:
			return "Valeur trop petite : au moins " + k.Want.RatString() + ".", nil
		case *kind.Maximum:
			return "Valeur trop grande : au plus " + k.Want.RatString() + ".", nil
		case *kind.ExclusiveMinimum:
			return "Valeur trop petite : plus de " + k.Want.RatString() + ".", nil
		case *kind.ExclusiveMaximum:
			return "Valeur trop grande : moins de " + k.Want.RatString() + ".", nil
		case *kind.Pattern:
			return "Format incorrect.", nil
		case *kind.Format:
			return "Format incorrect : " + frenchFormat(k.Want) + ".", nil
		}
	}
	s := se.Schema
	switch se.SchemaField {
	case "required":
		return "Champ obligatoire manquant.", nil
	case "additionalProperties":
		return "Champ inconnu.", nil
	case "type":
		if s != nil && s.Type != nil {
			return "Type attendu : " + frenchTypes(s.Type.Slice()) + ".", nil
		}
	case "enum":
		return "Valeur non permise.", nil
	case "maxLength":
		if s != nil && s.MaxLength != nil {
			return fmt.Sprintf("Texte trop long : %d caractères au plus.", *s.MaxLength), nil
		}
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
		return "Valeur hors des limites permises.", nil
	case "pattern", "format":
		return "Format incorrect.", nil
	}
	return "Valeur non conforme au document OpenAPI (" + se.SchemaField + ").", nil
}

// frenchFormat names a JSON Schema format for people.
func frenchFormat(f string) string {
	switch f {
	case "date":
		return "une date AAAA-MM-JJ"
	case "date-time":
		return "une date et une heure RFC 3339 avec le décalage horaire, par exemple 2026-03-02T09:30:00+01:00"
	case "email":
		return "une adresse e-mail"
	case "uri":
		return "une adresse web complète"
	}
	return f
}

func frenchTypes(types []string) string {
	words := map[string]string{"string": "texte", "integer": "nombre entier", "number": "nombre", "boolean": "booléen (true ou false)", "array": "liste", "object": "objet", "null": "null"}
	out := make([]string, 0, len(types))
	for _, t := range types {
		if w, ok := words[t]; ok {
			out = append(out, w)
		} else {
			out = append(out, t)
		}
	}
	return strings.Join(out, " ou ")
}

// frenchReason keeps a validator's reason short; it never holds the value.
func frenchReason(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// CheckResponse validates an exchange with operationID: the request (whose
// path values are read from path as pattern places them) and the response
// it received. An undocumented status, a field the document does not list,
// a value outside an enumeration or of the wrong type fails.
func (c *Contract) CheckResponse(req *http.Request, reqBody []byte, operationID, pattern string, status int, header http.Header, body []byte) error {
	rt := c.routes[operationID]
	if rt == nil {
		return fmt.Errorf("openapi: unknown operation %s", operationID)
	}
	r := req.Clone(req.Context())
	params := map[string]string{}
	for _, p := range append(rt.Operation.Parameters, rt.PathItem.Parameters...) {
		if p.Value != nil && p.Value.In == openapi3.ParameterInPath {
			params[p.Value.Name] = pathValue(pattern, req.URL.Path, p.Value.Name)
		}
	}
	r.Body = io.NopCloser(bytes.NewReader(reqBody))
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: rt,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true, IncludeResponseStatus: true}}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header, Body: io.NopCloser(bytes.NewReader(body)), Options: in.Options}
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		return fmt.Errorf("%s %s → %d: %w", req.Method, req.URL.Path, status, err)
	}
	return nil
}

// pathValue reads the {name} segment of path, as the pattern places it.
func pathValue(pattern, path, name string) string {
	_, pat, _ := strings.Cut(pattern, " ")
	ps, vs := strings.Split(pat, "/"), strings.Split(path, "/")
	for i, seg := range ps {
		if i < len(vs) && (seg == "{"+name+"}" || seg == "{"+name+"...}") {
			return vs[i]
		}
	}
	return ""
}
