package ui

import (
	"slices"

	"fmt"
	"github.com/parcours-numerique/parcours/internal/i18n"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Form carries submitted values and their errors back to the template.
type Form struct {
	Values  url.Values
	Errors  []apperr.FieldError
	Message string // a message about the whole form
	// Lang is the page's language, for the words around the errors.
	Lang i18n.Lang
}

// translatedFields are the fields of the forms residents fill in whose
// errors have a text in every language: the service's French message,
// precise, stays on French pages; other languages get the field's own.
var translatedFields = []string{"commune", "rayon", "nom", "telephone", "courriel", "accord", "creneau", "besoin"}

// localize writes the errors of the residents' fields in the page's
// language.
func (f *Form) localize(l i18n.Lang) {
	f.Lang = l
	if l.IsFrench() {
		return
	}
	for i, e := range f.Errors {
		if slices.Contains(translatedFields, e.Field) {
			f.Errors[i].Message = l.T("formerr." + e.Field)
		}
	}
}

// NewForm holds the submitted values of r.
func NewForm(r *http.Request) *Form {
	return &Form{Values: r.PostForm}
}

// Value returns the submitted value of a field.
func (f *Form) Value(name string) string {
	if f == nil || f.Values == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Set pre-fills a field.
func (f *Form) Set(name, value string) {
	if f.Values == nil {
		f.Values = url.Values{}
	}
	f.Values.Set(name, value)
}

// Error returns the first message of a field.
func (f *Form) Error(name string) string {
	if f == nil {
		return ""
	}
	for _, e := range f.Errors {
		if e.Field == name {
			return e.Message
		}
	}
	return ""
}

// HasErrors reports whether the summary must be shown.
func (f *Form) HasErrors() bool { return f != nil && (len(f.Errors) > 0 || f.Message != "") }

// FirstErrors lists one error per field, in form order, for the summary.
func (f *Form) FirstErrors() []apperr.FieldError {
	seen := map[string]bool{}
	var out []apperr.FieldError
	for _, e := range f.Errors {
		if !seen[e.Field] {
			seen[e.Field] = true
			out = append(out, e)
		}
	}
	return out
}

// Fail records err on the form: field errors next to fields, anything else
// as a form message. It reports whether err was shown (false: internal).
func (f *Form) Fail(err error) bool {
	e, ok := apperr.As(err)
	if !ok || e.Code == apperr.Internal {
		return false
	}
	if len(e.Fields) > 0 {
		f.Errors = append(f.Errors, e.Fields...)
	} else {
		f.Message = e.Message
	}
	return true
}

// Option is one choice of a select or radio group.
type Option struct {
	Value string
	Label string
	Hint  string
}

// Field describes one form control for the input partials.
type Field struct {
	Form         *Form
	Name         string
	Label        string
	Type         string
	Autocomplete string
	Hint         string
	Class        string
	Inputmode    string
	Options      []Option
	NoSpellcheck bool
	Required     bool
}

// NewField builds a field from "key=value" options, for templates:
// {{template "input" (field .Form "email" "Adresse e-mail" "type=email" "autocomplete=email")}}
func NewField(f *Form, name, label string, opts ...any) (Field, error) {
	fd := Field{Form: f, Name: name, Label: label, Type: "text"}
	for _, o := range opts {
		switch v := o.(type) {
		case []Option:
			fd.Options = v
		case string:
			k, val, _ := strings.Cut(v, "=")
			switch k {
			case "type":
				fd.Type = val
			case "autocomplete":
				fd.Autocomplete = val
			case "hint":
				fd.Hint = val
			case "class":
				fd.Class = val
			case "inputmode":
				fd.Inputmode = val
			case "spellcheck":
				fd.NoSpellcheck = val == "false"
			case "required":
				fd.Required = true
			default:
				return fd, fmt.Errorf("field %s: unknown option %q", name, k)
			}
		default:
			return fd, fmt.Errorf("field %s: unexpected option %T", name, o)
		}
	}
	return fd, nil
}

// Checked reports whether a checkbox value was submitted.
func (f *Form) Checked(name, value string) bool {
	if f == nil || f.Values == nil {
		return false
	}
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Choices turns a vocabulary into options.
func Choices(list []vocab.Choice) []Option {
	out := make([]Option, len(list))
	for i, c := range list {
		out[i] = Option{Value: c.Value, Label: c.Label, Hint: c.Hint}
	}
	return out
}

// FieldError is an Invalid error on one field.
func FieldError(field, msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{Field: field, Message: msg}}}
}

// RenameFields moves a service's field errors (named as the API names them)
// onto the form inputs that carry them under another name.
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

// FormList reads a multi-valued field, dropping empty values.
func FormList(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.PostForm[name] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// FormInt reads a number field; 0 when absent or not a number.
func FormInt(r *http.Request, name string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(r.PostForm.Get(name)))
	return n
}

// ParseID reads an object number as people type it ("12", "n° 12"); 0 when it is none.
func ParseID(v string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "n°")), 10, 64)
	return n
}

// PathID reads a positive id from the path value name.
func PathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// QueryID reads a numeric query parameter; 0 when absent or bad.
func QueryID(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.URL.Query().Get(name)), 10, 64)
	return n
}

// Itoa writes an id.
func Itoa(n int64) string { return strconv.FormatInt(n, 10) }

// ConfirmField and ConfirmValue mark a resident's confirmed cancellation:
// a post without them only asks the question.
const (
	ConfirmField = "confirme"
	ConfirmValue = "oui"
)

// CancelAsk is the question the "cancel-confirm" partial asks once before a
// resident's cancellation: Page is the resident's page, the form posts to
// Page + "/annulation".
type CancelAsk struct {
	Page, Question, Yes, No string
	Field, Value            string
}
