package web

import (
	"compress/gzip"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/klauspost/compress/gzhttp"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
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
		sess := s.sessionOf(ctx)
		if sess.UserID == 0 || sess.Step != accounts.StepOpen {
			next.ServeHTTP(w, r) // a visitor, or a login waiting for its second factor
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
			s.slideFactor(ctx, a)
			next.ServeHTTP(w, r.WithContext(account.WithActor(ctx, a)))
		}
	})
}

// sessionOf reads the session of a request.
func (s *Server) sessionOf(ctx context.Context) accounts.Session {
	sm := s.sessions
	sess := accounts.Session{UserID: sm.GetInt64(ctx, ui.SessionUserID), Epoch: sm.GetInt64(ctx, ui.SessionEpoch), StructureID: sm.GetInt64(ctx, ui.SessionStructure),
		Step: sm.GetString(ctx, ui.SessionStep)}
	if t := sm.GetInt64(ctx, ui.SessionSince); t != 0 {
		sess.Since = time.Unix(t, 0)
	}
	if t := sm.GetInt64(ctx, ui.SessionFactorAt); t != 0 {
		sess.FactorAt = time.Unix(t, 0)
	}
	return sess
}

// slideFactor keeps a confirmed second factor fresh while its user stays
// active: the moment it covers moves with each request (once a minute at
// most, not to write the session on every request) until FactorIdle passes
// without one.
func (s *Server) slideFactor(ctx context.Context, a *account.Actor) {
	now := s.cfg.Now()
	if a.FactorAt.IsZero() || now.Sub(a.FactorAt) > account.FactorIdle || now.Sub(a.FactorAt) < time.Minute {
		return
	}
	a.FactorAt = now
	s.sessions.Put(ctx, ui.SessionFactorAt, now.Unix())
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

// clientIP is the address of the client, which login throttling and
// report limits count. X-Forwarded-For is read only when the peer is one of
// the configured proxies (--trusted-proxies), from the right: the first
// address that is not a trusted proxy is the client (those on its left were
// written by the client itself and prove nothing).
func (s *Server) clientIP(r *http.Request) string {
	return ClientIP(r, s.cfg.TrustedProxies)
}

// ClientIP is Server.clientIP for a list of trusted proxies.
func ClientIP(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	peer = peer.Unmap()
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	if !isTrusted(peer) {
		return peer.String()
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return peer.String() // a value we cannot read: the last proxy we trust is all we know
		}
		a = a.Unmap()
		if !isTrusted(a) {
			return a.String()
		}
		peer = a
	}
	return peer.String()
}

// ParseTrustedProxies reads --trusted-proxies: addresses or CIDR blocks
// separated by commas ("10.0.0.0/8, 127.0.0.1").
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("« %s » n'est ni une adresse IP ni un bloc CIDR (par exemple 10.0.0.0/8)", f)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("« %s » n'est ni une adresse IP ni un bloc CIDR (par exemple 10.0.0.0/8)", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
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
				apiio.WriteError(w, apperr.New(apperr.Invalid, "Formulaire illisible ou trop gros (1 Mo au plus)."))
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
			apiio.WriteError(w, &apperr.Error{Code: apperr.Invalid, Message: errs[0].Message, Fields: errs})
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
