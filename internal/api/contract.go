package api

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/api/apiio"
)

// CheckExchange validates a request and the response it received against the
// document: an undocumented status, a field the document does not list, a
// value outside an enumeration or of the wrong type fails. The API tests pass
// every exchange through it.
func (a *API) CheckExchange(req *http.Request, reqBody []byte, status int, header http.Header, body []byte) error {
	mux := http.NewServeMux()
	ops := map[string]string{}
	for _, rt := range a.routes {
		if rt.OperationID != "" {
			mux.HandleFunc(rt.Pattern, func(http.ResponseWriter, *http.Request) {})
			ops[rt.Pattern] = rt.OperationID
		}
	}
	_, pattern := mux.Handler(req)
	op, ok := ops[pattern]
	if !ok {
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
			return checkErrorBody(status, body)
		}
		return fmt.Errorf("%s %s: no documented operation", req.Method, req.URL.Path)
	}
	return a.contract.CheckResponse(req, reqBody, op, pattern, status, header, body)
}

// checkErrorBody checks that an answer outside any operation is the API's error.
func checkErrorBody(status int, body []byte) error {
	var e apiio.ErrorBody
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		return fmt.Errorf("status %d is not the API's JSON error: %.200s", status, body)
	}
	return nil
}
