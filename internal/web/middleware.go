package web

import (
	"compress/gzip"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/klauspost/compress/gzhttp"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/accounts"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/textcheck"
	"github.com/parcours-numerique/parcours/internal/web/places"
	"github.com/parcours-numerique/parcours/internal/web/static"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

func newSessionManager(st *store.Store, secure bool, now func() time.Time) *scs.SessionManager {
	sm := scs.New()
	sm.Store = st.Sessions(now)
	sm.Lifetime = 12 * time.Hour
	sm.IdleTimeout = 30 * time.Minute
	sm.Cookie.Name = "parcours_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = secure
	sm.Cookie.Persist = false // shared computers: the session ends with the browser
	return sm
}

// loadActor resolves the request into an actor: a bearer token under /api,
// the session elsewhere (and under /api without a token). A session whose
// user was deactivated or logged out everywhere ends here.
func (s *Server) loadActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if isAPI(r) && r.Header.Get("Authorization") != "" {
			a, err := s.app.Accounts.TokenActor(ctx, r.Header.Get("Authorization"))
			if err != nil {
				s.api.Fail(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(account.WithActor(ctx, a)))
			return
		}
		sess := accounts.Session{UserID: s.sessions.GetInt64(ctx, ui.SessionUserID), Epoch: s.sessions.GetInt64(ctx, ui.SessionEpoch), StructureID: s.sessions.GetInt64(ctx, ui.SessionStructure)}
		if sess.UserID == 0 {
			next.ServeHTTP(w, r)
			return
		}
		a, err := s.app.Accounts.SessionActor(ctx, sess)
		switch {
		case apperr.Is(err, apperr.Unauthorized):
			_ = s.sessions.Destroy(ctx)
			next.ServeHTTP(w, r)
		case err != nil:
			s.failAny(w, r, err)
		default:
			next.ServeHTTP(w, r.WithContext(account.WithActor(ctx, a)))
		}
	})
}

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	csp := strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src 'self' data:" + places.TileSource(s.cfg.TileURL),
		"font-src 'self'",
		"connect-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "geolocation=(self), camera=(), microphone=(), payment=()")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			// Pages may show personal data or a signed-in user's name.
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.failAny(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (sr *statusRecorder) WriteHeader(code int) {
	if sr.status == 0 {
		sr.status = code
	}
	sr.ResponseWriter.WriteHeader(code)
}

func (sr *statusRecorder) Write(b []byte) (int, error) {
	if sr.status == 0 {
		sr.status = http.StatusOK
	}
	n, err := sr.ResponseWriter.Write(b)
	sr.bytes += n
	return n, err
}

func (sr *statusRecorder) Unwrap() http.ResponseWriter { return sr.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sr := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(sr, r)
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" {
			return
		}
		s.log.Info("requête", "méthode", r.Method, "chemin", ui.LogPath(r.URL.Path), "statut", sr.status, "octets", sr.bytes, "durée", time.Since(start))
	})
}

// clientIP is the address used for login throttling.
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(first)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// newCompressor gzips text answers (pages, JSON, CSV) for clients that
// accept it, at gzip.BestSpeed: on the most-served page (/lieux) the default
// level took a quarter of the request time for about 15 % fewer bytes
// (measured). Static assets are compressed once, at the best level, and
// served as they are.
func newCompressor() (func(http.Handler) http.Handler, error) {
	wrap, err := gzhttp.NewWrapper(
		gzhttp.CompressionLevel(gzip.BestSpeed),
		gzhttp.EnableZstd(false), // gzip only, as the precompressed assets
		gzhttp.ContentTypeFilter(func(ct string) bool {
			return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") || strings.Contains(ct, "xml")
		}),
	)
	if err != nil {
		return nil, err
	}
	return func(next http.Handler) http.Handler {
		gz := wrap(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, static.Prefix) {
				next.ServeHTTP(w, r)
				return
			}
			gz(w, r)
		})
	}, nil
}

// checkText refuses, before any handler, a page or form whose values hold
// text no field may store or are longer than their field's maximum
// (ui.BadFields): a TextChecked route gets the messages to show next to its
// fields; other pages name each field; the API answers its JSON error
// naming the fields. Nothing is stored.
func (s *Server) checkText(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bad, long, err := ui.BadFields(w, r)
		if err != nil {
			if isAPI(r) {
				api.WriteError(w, apperr.New(apperr.Invalid, "Formulaire illisible ou trop gros (1 Mo au plus)."))
				return
			}
			s.renderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Ce formulaire est illisible ou trop gros (1 Mo au plus). Revenez en arrière et renvoyez-le.")
			return
		}
		if len(bad)+len(long) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		errs := ui.TextErrors(bad, long)
		if _, pattern := mux.Handler(r); !isAPI(r) && s.textChecked(pattern) {
			next.ServeHTTP(w, r.WithContext(ui.WithTextErrors(r.Context(), errs)))
			return
		}
		if isAPI(r) {
			api.WriteError(w, &apperr.Error{Code: apperr.Invalid, Message: errs[0].Message, Fields: errs})
			return
		}
		names := make([]string, len(errs))
		for i, e := range errs {
			names[i] = "« " + textcheck.Clip(e.Field) + " » : " + e.Message
		}
		s.renderError(w, r, http.StatusBadRequest, "Champ à corriger",
			"Rien n'a été enregistré. "+strings.Join(names, " ")+" Revenez en arrière, corrigez ce champ (retapez-le sans copier-coller) et renvoyez le formulaire.")
	})
}

// textChecked reports whether the route of pattern shows refused text next
// to its fields.
func (s *Server) textChecked(pattern string) bool {
	for _, rt := range s.routes {
		if rt.Pattern == pattern {
			return rt.TextChecked
		}
	}
	return false
}
