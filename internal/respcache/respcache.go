// Package respcache keeps the gzip-compressed answers of public read-only
// pages under a key that names everything they depend on (the query, the
// language, the version of the data, the minute), so that the same search
// sent again is answered with bytes ready to send: no template, no JSON
// encoding, no compression, no database query.
//
// An answer is kept for a short time at most (TTL), whatever its key: what
// the key cannot see (another process writing the database) shows after
// that delay, or twice that delay for the requests that arrive while the
// answer is being rendered again. Only answers 200 without cookies are kept, only to clients
// that accept gzip: the others are served by the handler itself.
package respcache

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/gzip"
)

// Cache holds at most max answers, each for ttl at most. It is safe for
// concurrent use.
type Cache[K comparable] struct {
	max int
	ttl time.Duration

	mu    sync.Mutex
	slots map[K]*slot
}

// slot is the answer of one key. The first request of a key renders it
// while the others of the same key wait, instead of all rendering at once;
// once it is out of date, one request renders it again while the others
// are still sent the previous one: no burst of work, no latency spike, when
// many clients ask for the same page.
type slot struct {
	ready      chan struct{} // closed once the first answer is in
	answer     atomic.Pointer[entry]
	refreshing atomic.Bool
}

type entry struct {
	header http.Header
	gz     []byte
	until  time.Time // monotonic clock: tests' fixed clocks do not hold an answer
}

// New returns a cache of max answers kept ttl at most.
func New[K comparable](max int, ttl time.Duration) *Cache[K] {
	return &Cache[K]{max: max, ttl: ttl, slots: map[K]*slot{}}
}

// Serve answers r with the answer kept under key, or runs h and keeps its
// answer when it may be reused.
func (c *Cache[K]) Serve(w http.ResponseWriter, r *http.Request, key K, h http.HandlerFunc) {
	if !AcceptsGzip(r) {
		h(w, r)
		return
	}
	c.mu.Lock()
	s := c.slots[key]
	if s == nil {
		s = &slot{ready: make(chan struct{})}
		c.put(key, s)
		c.mu.Unlock()
		var e *entry
		defer func() { // even if h panics: the others of the key wait
			if e == nil {
				c.mu.Lock()
				delete(c.slots, key)
				c.mu.Unlock()
			}
			s.answer.Store(e)
			close(s.ready)
		}()
		e = c.render(w, r, h)
		return
	}
	c.mu.Unlock()
	select {
	case <-s.ready:
	case <-r.Context().Done():
		return
	}
	e := s.answer.Load()
	if e == nil { // the first answer could not be kept
		h(w, r)
		return
	}
	if now := time.Now(); now.After(e.until) {
		// One request renders the answer again; the others are sent the
		// previous one meanwhile, unless it is older than twice its time.
		if s.refreshing.CompareAndSwap(false, true) {
			defer s.refreshing.Store(false)
		} else if !now.After(e.until.Add(c.ttl)) {
			send(w, e)
			return
		}
		if e = c.render(w, r, h); e != nil {
			s.answer.Store(e)
		}
		return
	}
	send(w, e)
}

// render runs h and answers r; it returns the answer to keep, nil when it
// may not be reused.
func (c *Cache[K]) render(w http.ResponseWriter, r *http.Request, h http.HandlerFunc) *entry {
	rec := &recorder{header: http.Header{}}
	h(rec, r)
	e, ok := rec.entry(time.Now().Add(c.ttl))
	if !ok {
		rec.replay(w)
		return nil
	}
	send(w, e)
	return e
}

func send(w http.ResponseWriter, e *entry) {
	copyHeader(w.Header(), e.header)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(e.gz)
}

// Len is the number of answers kept.
func (c *Cache[K]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.slots)
}

// put adds a slot, first dropping the answers out of date when the cache
// is full, then every answer if it is still full. c.mu is held.
func (c *Cache[K]) put(key K, s *slot) {
	if len(c.slots) >= c.max {
		now := time.Now()
		for k, old := range c.slots {
			if e := old.answer.Load(); e != nil && now.After(e.until) && !old.refreshing.Load() {
				delete(c.slots, k)
			}
		}
		if len(c.slots) >= c.max {
			clear(c.slots)
		}
	}
	c.slots[key] = s
}

// AcceptsGzip reports whether the client takes gzip-compressed answers.
func AcceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if strings.TrimSpace(name) != "gzip" {
				continue
			}
			q, found := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
			if !found {
				return true
			}
			f, err := strconv.ParseFloat(q, 64)
			return err == nil && f > 0
		}
	}
	return false
}

// recorder keeps what a handler writes.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// entry compresses a reusable answer.
func (r *recorder) entry(until time.Time) (*entry, bool) {
	if r.status != http.StatusOK || len(r.header["Set-Cookie"]) > 0 || r.header.Get("Content-Encoding") != "" {
		return nil, false
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.DefaultCompression)
	if err != nil {
		return nil, false
	}
	if _, err := zw.Write(r.body.Bytes()); err != nil || zw.Close() != nil {
		return nil, false
	}
	h := r.header.Clone()
	h.Set("Content-Encoding", "gzip")
	h.Add("Vary", "Accept-Encoding")
	h.Set("Content-Length", strconv.Itoa(gz.Len()))
	return &entry{header: h, gz: gz.Bytes(), until: until}, true
}

// replay sends what the handler wrote, as it wrote it.
func (r *recorder) replay(w http.ResponseWriter) {
	copyHeader(w.Header(), r.header)
	if r.status != 0 {
		w.WriteHeader(r.status)
	}
	_, _ = w.Write(r.body.Bytes())
}

// copyHeader sets the answer's headers over those the middleware set, and
// adds to Vary rather than replace it.
func copyHeader(dst, src http.Header) {
	for k, v := range src {
		if k != "Vary" {
			dst[k] = v
			continue
		}
		for _, x := range v {
			if !slices.Contains(dst.Values("Vary"), x) {
				dst.Add("Vary", x)
			}
		}
	}
}
