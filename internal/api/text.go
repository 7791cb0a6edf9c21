package api

import (
	"bytes"
	"io"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/textcheck"
)

// checkBodyText refuses a JSON body holding a string no field may store
// (textcheck.Valid), naming each field as the document does ("a.b.0.c").
// encoding/json would quietly turn invalid UTF-8 into U+FFFD and pass NUL
// through, so the raw bytes of every string are checked. The body is put back.
func checkBodyText(r *http.Request) error {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, apiio.MaxBody+1))
	if err != nil {
		return apperr.New(apperr.Invalid, "Corps de la requête illisible.")
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	bad := textcheck.JSONFields(body)
	if len(bad) == 0 {
		return nil
	}
	e := &apperr.Error{Code: apperr.Invalid, Message: textcheck.Message}
	for _, f := range bad {
		e.Fields = append(e.Fields, apperr.FieldError{Field: f, Message: textcheck.Message})
	}
	return e
}
