package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Contract is the OpenAPI document as the server enforces it: every request
// to an operation is validated against it before the handler runs, so that an
// unknown field, a wrong type, a value outside an enumeration or a missing
// required field is refused with a JSON error naming the API field.
type Contract struct {
	Doc    *openapi3.T
	routes map[string]*routers.Route // by operationId
}

// LoadContract parses and checks an assembled document.
func LoadContract(spec []byte) (*Contract, error) {
	l := openapi3.NewLoader()
	doc, err := l.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	c := &Contract{Doc: doc, routes: map[string]*routers.Route{}}
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
	in := &openapi3filter.RequestValidationInput{
		Request: r, PathParams: params, Route: rt,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	err := openapi3filter.ValidateRequest(r.Context(), in)
	if err == nil {
		return nil
	}
	return requestError(err)
}

// requestError turns the validator's report into the API's error, one
// French message per field named as the document names it.
func requestError(err error) error {
	var fields []apperr.FieldError
	var walk func(err error, where string)
	walk = func(err error, where string) {
		var multi openapi3.MultiError
		if errors.As(err, &multi) {
			for _, e := range multi {
				walk(e, where)
			}
			return
		}
		var reqErr *openapi3filter.RequestError
		if errors.As(err, &reqErr) {
			w := where
			if reqErr.Parameter != nil {
				w = reqErr.Parameter.Name
			}
			if reqErr.Err == nil {
				fields = append(fields, apperr.FieldError{Field: fieldName(w), Message: frenchReason(reqErr.Reason)})
				return
			}
			walk(reqErr.Err, w)
			return
		}
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			path := se.JSONPointer()
			field := strings.Join(path, ".")
			if where != "" && field == "" {
				field = where
			} else if where != "" {
				field = where + "." + field
			}
			msg, name := schemaMessage(se)
			if name != "" {
				if field == "" {
					field = name
				} else {
					field += "." + name
				}
			}
			fields = append(fields, apperr.FieldError{Field: fieldName(field), Message: msg})
			return
		}
		var parseErr *openapi3filter.ParseError
		if errors.As(err, &parseErr) {
			fields = append(fields, apperr.FieldError{Field: fieldName(where), Message: "Valeur illisible : " + frenchReason(parseErr.Reason) + "."})
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
// names the property at fault when the keyword concerns one (a missing or
// unknown property).
func schemaMessage(se *openapi3.SchemaError) (msg, property string) {
	s := se.Schema
	switch se.SchemaField {
	case "required":
		p := quoted(se.Reason)
		return "Champ obligatoire manquant.", p
	case "additionalProperties", "unevaluatedProperties":
		p := quoted(se.Reason)
		return "Champ inconnu : les noms de champs s'écrivent exactement comme dans le document OpenAPI (minuscules comprises).", p
	case "type":
		if s != nil && s.Type != nil {
			return "Type attendu : " + frenchTypes(s.Type.Slice()) + ".", ""
		}
		return "Type de valeur incorrect.", ""
	case "enum":
		if s != nil && len(s.Enum) > 0 {
			vals := make([]string, 0, len(s.Enum))
			for _, v := range s.Enum {
				vals = append(vals, fmt.Sprint(v))
			}
			return "Valeur non permise. Valeurs permises : " + strings.Join(vals, ", ") + ".", ""
		}
		return "Valeur non permise.", ""
	case "maxLength":
		if s != nil && s.MaxLength != nil {
			return fmt.Sprintf("Texte trop long : %d caractères au plus.", *s.MaxLength), ""
		}
	case "minLength":
		if s != nil {
			return fmt.Sprintf("Texte trop court : %d caractère(s) au moins.", s.MinLength), ""
		}
	case "maxItems":
		if s != nil && s.MaxItems != nil {
			return fmt.Sprintf("Trop d'éléments : %d au plus.", *s.MaxItems), ""
		}
	case "minimum", "exclusiveMinimum":
		if s != nil && s.Min != nil {
			return fmt.Sprintf("Valeur trop petite : au moins %v.", *s.Min), ""
		}
	case "maximum", "exclusiveMaximum":
		if s != nil && s.Max != nil {
			return fmt.Sprintf("Valeur trop grande : au plus %v.", *s.Max), ""
		}
	case "pattern", "format":
		return "Format incorrect.", ""
	}
	return "Valeur non conforme au document OpenAPI (" + se.SchemaField + ").", ""
}

// quoted returns the first "…" quoted word of s.
func quoted(s string) string {
	i := strings.IndexByte(s, '"')
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(s[i+1:], '"')
	if j < 0 {
		return ""
	}
	return s[i+1 : i+1+j]
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
