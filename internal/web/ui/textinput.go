package ui

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"sort"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/textcheck"
)

// MaxForm caps a posted form (files are read by their own handlers).
const MaxForm = 1 << 20

// BadFields reads the query and, for a URL-encoded form, the posted values
// of r (at most MaxForm bytes), and names the fields whose text no field may
// hold (textcheck.Valid) and those longer than their maximum (MaxLength),
// each sorted. Multipart forms carry files: their handlers check their own
// fields and every imported row.
func BadFields(w http.ResponseWriter, r *http.Request) (bad, long []string, err error) {
	seen := map[string]bool{}
	add := func(vals map[string][]string) {
		for name, vs := range vals {
			for _, v := range vs {
				switch {
				case seen[name]:
				case !textcheck.Valid(v) || !textcheck.Valid(name):
					seen[name] = true
					bad = append(bad, name)
				case tooLong(name, v):
					seen[name] = true
					long = append(long, name)
				}
			}
		}
	}
	add(r.URL.Query())
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Body != nil {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
			r.Body = http.MaxBytesReader(w, r.Body, MaxForm)
			if err := r.ParseForm(); err != nil {
				return nil, nil, err
			}
			add(r.PostForm)
		}
	}
	sort.Strings(bad)
	sort.Strings(long)
	return bad, long, nil
}

type textErrorsKey struct{}

// TextErrors are the messages of the refused fields of a form, in the
// order BadFields names them.
func TextErrors(bad, long []string) []apperr.FieldError {
	var out []apperr.FieldError
	for _, f := range bad {
		out = append(out, apperr.FieldError{Field: f, Message: textcheck.Message})
	}
	for _, f := range long {
		out = append(out, apperr.FieldError{Field: f, Message: fmt.Sprintf("Ce champ est trop long : %d caractères au plus.", MaxLength(f))})
	}
	return out
}

// WithTextErrors hands the refused fields to a TextChecked route.
func WithTextErrors(ctx context.Context, errs []apperr.FieldError) context.Context {
	return context.WithValue(ctx, textErrorsKey{}, errs)
}

// TextRefused returns the submitted form with a message next to each
// refused field (their values emptied), when there is one: the handler
// shows the form again and stores nothing.
func TextRefused(r *http.Request) (*Form, bool) {
	errs, _ := r.Context().Value(textErrorsKey{}).([]apperr.FieldError)
	if len(errs) == 0 {
		return nil, false
	}
	f := &Form{Values: cloneValues(r.PostForm), Errors: errs}
	for _, e := range errs {
		f.Values.Del(e.Field)
	}
	return f, true
}

func cloneValues(v map[string][]string) map[string][]string {
	out := make(map[string][]string, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
