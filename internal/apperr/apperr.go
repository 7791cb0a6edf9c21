// Package apperr defines the application error: a machine code, a safe
// French message that may be shown to users, and per-field messages.
// Anything that is not an *Error is internal and is never shown.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error; the HTTP layer maps codes to statuses.
type Code string

const (
	Invalid         Code = "invalid"
	NotFound        Code = "not_found"
	Conflict        Code = "conflict"
	Forbidden       Code = "forbidden"
	Unauthorized    Code = "unauthorized"
	TooManyRequests Code = "too_many_requests"
	// MethodNotAllowed is an existing path asked with a method it does not take.
	MethodNotAllowed Code = "method_not_allowed"
	Internal         Code = "internal"
	Unavailable      Code = "unavailable" // the database cannot be reached: retry later
)

// InternalMessage is the only thing users learn about an unexpected failure.
const InternalMessage = "Erreur interne"

// FieldError is a message attached to one input field.
type FieldError struct {
	Field   string
	Message string
}

// Error is an error whose Message is safe to show to users.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	Err     error // the underlying cause, logged, never shown
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// FieldMap returns the field messages keyed by field name (first message wins).
func (e *Error) FieldMap() map[string]string {
	if len(e.Fields) == 0 {
		return nil
	}
	m := make(map[string]string, len(e.Fields))
	for _, f := range e.Fields {
		if _, ok := m[f.Field]; !ok {
			m[f.Field] = f.Message
		}
	}
	return m
}

// New returns an error with the given code and safe message.
func New(code Code, message string) *Error { return &Error{Code: code, Message: message} }

// Wrap returns an error with the given code and safe message, keeping cause for the logs.
func Wrap(code Code, message string, cause error) *Error {
	return &Error{Code: code, Message: message, Err: cause}
}

// NotFoundError is the standard "nothing here" error; it never says whether
// the object exists elsewhere.
func NotFoundError() *Error { return New(NotFound, "Page ou élément introuvable.") }

// As returns err as an *Error when it is one.
func As(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// CodeOf returns the code of err, Internal for anything that is not an *Error.
func CodeOf(err error) Code {
	if e, ok := As(err); ok {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// MessageOf returns the safe message of err.
func MessageOf(err error) string {
	if e, ok := As(err); ok && e.Code != Internal {
		return e.Message
	}
	return InternalMessage
}

// Validation collects field errors in the order the fields appear in a form.
type Validation struct {
	fields []FieldError
}

// Add records a message for field; later messages for the same field are kept
// for the API but forms show the first.
func (v *Validation) Add(field, message string) {
	v.fields = append(v.fields, FieldError{Field: field, Message: message})
}

// Has reports whether field already has an error.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Merge appends the field errors of err when it is an invalid *Error.
func (v *Validation) Merge(err error) bool {
	if e, ok := As(err); ok && e.Code == Invalid {
		v.fields = append(v.fields, e.Fields...)
		return true
	}
	return false
}

// Err returns nil when no field failed, otherwise an Invalid error.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "Certaines informations sont à corriger.", Fields: v.fields}
}

// Field returns an Invalid error about one field, whose message is also the
// error's.
func Field(field, message string) *Error {
	return &Error{Code: Invalid, Message: message, Fields: []FieldError{{Field: field, Message: message}}}
}
