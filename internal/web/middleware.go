package web

import (
	"compress/gzip"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/web/places"
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

// loadActor resolves the session into an actor, ending sessions whose user
// was deactivated or logged out everywhere.
func (s *Server) loadActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if strings.HasPrefix(r.URL.Path, api.Prefix+"/") && r.Header.Get("Authorization") != "" {
			a, err := api.TokenActor(ctx, s.store, r.Header.Get("Authorization"), s.cfg.Now())
			if err != nil {
				s.api.Fail(w, r, err)
				return
			}
			if a == nil {
				api.WriteError(w, apperr.New(apperr.Unauthorized, "En-tête Authorization illisible : attendu « Bearer prc_… »."))
				return
			}
			next.ServeHTTP(w, r.WithContext(account.WithActor(ctx, a)))
			return
		}
		uid := s.sessions.GetInt64(ctx, ui.SessionUserID)
		if uid == 0 {
			next.ServeHTTP(w, r)
			return
		}
		a, err := s.actorFor(ctx, uid, s.sessions.GetInt64(ctx, ui.SessionEpoch), s.sessions.GetInt64(ctx, ui.SessionStructure))
		if err != nil {
			if err != errSessionEnded {
				s.serverError(w, r, err)
				return
			}
			_ = s.sessions.Destroy(ctx)
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(account.WithActor(ctx, a)))
	})
}

var errSessionEnded = fmt.Errorf("session ended")

func (s *Server) actorFor(ctx context.Context, uid, epoch, structureID int64) (*account.Actor, error) {
	u, err := s.store.User(ctx, uid)
	if err != nil {
		return nil, errSessionEnded
	}
	if !u.Active || u.SessionEpoch != epoch {
		return nil, errSessionEnded
	}
	ms, err := s.store.Memberships(ctx, uid)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, errSessionEnded
	}
	a := &account.Actor{User: u, Membership: ms[0], Memberships: ms}
	for _, m := range ms {
		if m.StructureID == structureID {
			a.Membership = m
		}
	}
	return a, nil
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
				s.serverError(w, r, fmt.Errorf("panic: %v", v))
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

// Pages are compressed at gzip.BestSpeed: on the most-served page (/lieux)
// the default level took a quarter of the request time for about 15 % fewer
// bytes (measured); static assets are compressed once, at the best level.
var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed); return w }}

// compress gzips text responses (pages, JSON, CSV) for clients that accept it.
func compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") || !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Add("Vary", "Accept-Encoding")
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.close()
		next.ServeHTTP(gw, r)
	})
}

type gzipWriter struct {
	http.ResponseWriter
	zw      *gzip.Writer
	decided bool
}

func (g *gzipWriter) decide() {
	if g.decided {
		return
	}
	g.decided = true
	h := g.Header()
	ct := h.Get("Content-Type")
	if h.Get("Content-Encoding") != "" || !(strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") || strings.Contains(ct, "xml")) {
		return
	}
	h.Del("Content-Length")
	h.Set("Content-Encoding", "gzip")
	g.zw = gzipPool.Get().(*gzip.Writer)
	g.zw.Reset(g.ResponseWriter)
}

func (g *gzipWriter) WriteHeader(code int) {
	if code != http.StatusNoContent && code != http.StatusNotModified && code >= 200 {
		g.decide()
	} else {
		g.decided = true
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.decided {
		if g.Header().Get("Content-Type") == "" {
			g.Header().Set("Content-Type", http.DetectContentType(b))
		}
		g.decide()
	}
	if g.zw != nil {
		return g.zw.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

func (g *gzipWriter) close() {
	if g.zw != nil {
		g.zw.Close()
		gzipPool.Put(g.zw)
		g.zw = nil
	}
}
