package api

import (
	"net/http"
	"strings"

	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Handler serves every operation through Guard. A path that no operation
// serves answers 404, and a method that the path does not take 405 with
// the methods it takes in Allow: both as the API's JSON error.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range a.routes {
		mux.Handle(rt.Pattern, a.Guard(rt))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		if allow := allowedMethods(mux, r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			apiio.WriteError(w, apperr.New(apperr.MethodNotAllowed, "Méthode "+r.Method+" non permise sur ce chemin : "+strings.Join(allow, ", ")+"."))
			return
		}
		apiio.WriteError(w, apperr.New(apperr.NotFound, "Opération inconnue : voir "+Prefix+"/openapi.json."))
	})
}

// allowedMethods lists the methods some operation takes on r's path.
func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := mux.Handler(probe); pattern != "" {
			out = append(out, m)
		}
	}
	return out
}
