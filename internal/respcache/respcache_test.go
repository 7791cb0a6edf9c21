package respcache

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
)

func TestServeKeepsReusableAnswers(t *testing.T) {
	c := New[string](2, time.Hour)
	calls := 0
	h := func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "text/plain")
		switch r.URL.Path {
		case "/cookie":
			http.SetCookie(w, &http.Cookie{Name: "a", Value: "b"})
		case "/missing":
			w.WriteHeader(http.StatusNotFound)
		}
		io.WriteString(w, "réponse "+r.URL.Path)
	}
	get := func(path, encoding string) *httptest.ResponseRecorder {
		t.Helper()
		r := httptest.NewRequest("GET", path, nil)
		if encoding != "" {
			r.Header.Set("Accept-Encoding", encoding)
		}
		w := httptest.NewRecorder()
		w.Header().Set("Vary", "Cookie") // set by a middleware
		c.Serve(w, r, path, h)
		return w
	}
	for range 3 {
		w := get("/a", "br, gzip")
		if w.Code != 200 || w.Header().Get("Content-Encoding") != "gzip" || w.Header().Get("Content-Type") != "text/plain" ||
			len(w.Header().Values("Vary")) != 2 || w.Header().Get("Content-Length") != strconv.Itoa(w.Body.Len()) {
			t.Fatalf("%d %v", w.Code, w.Header())
		}
		zr, err := gzip.NewReader(bytes.NewReader(w.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := io.ReadAll(zr); string(b) != "réponse /a" {
			t.Fatalf("body %q", b)
		}
	}
	if calls != 1 {
		t.Fatalf("the handler ran %d times for the same key, want 1", calls)
	}
	for _, tc := range []struct{ path, encoding string }{{"/a", ""}, {"/a", "gzip;q=0"}, {"/cookie", "gzip"}, {"/missing", "gzip"}} {
		calls = 0
		for range 2 {
			w := get(tc.path, tc.encoding)
			if w.Header().Get("Content-Encoding") != "" || w.Body.String() != "réponse "+tc.path {
				t.Fatalf("%s %q: %v %q", tc.path, tc.encoding, w.Header(), w.Body.String())
			}
		}
		if calls != 2 {
			t.Errorf("%s %q: answered from the cache", tc.path, tc.encoding)
		}
	}
	if w := get("/missing", "gzip"); w.Code != http.StatusNotFound {
		t.Errorf("status %d", w.Code)
	}
	get("/b", "gzip")
	get("/c", "gzip")
	if n := c.Len(); n > 2 {
		t.Errorf("%d answers kept, bound 2", n)
	}
}

func TestServeForgetsAnswersAfterTheirTime(t *testing.T) {
	c := New[int](10, time.Nanosecond)
	calls := 0
	h := func(w http.ResponseWriter, r *http.Request) { calls++; io.WriteString(w, "x") }
	for range 2 {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", "gzip")
		c.Serve(httptest.NewRecorder(), r, 1, h)
	}
	if calls != 2 {
		t.Fatalf("an expired answer was served (%d calls)", calls)
	}
}

func TestServeRendersAKeyOnceForConcurrentClients(t *testing.T) {
	c := New[int](10, time.Hour)
	var calls atomic.Int32
	release := make(chan struct{})
	h := func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		<-release
		io.WriteString(w, "x")
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			r := httptest.NewRequest("GET", "/", nil)
			r.Header.Set("Accept-Encoding", "gzip")
			w := httptest.NewRecorder()
			c.Serve(w, r, 1, h)
			if w.Code != 200 || w.Body.Len() == 0 {
				t.Errorf("%d %q", w.Code, w.Body.String())
			}
		})
	}
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("the page was rendered %d times, want once", n)
	}
}

func TestServeSendsThePreviousAnswerWhileAnotherRequestRendersIt(t *testing.T) {
	c := New[int](10, time.Hour)
	calls := 0
	h := func(w http.ResponseWriter, r *http.Request) { calls++; io.WriteString(w, "x") }
	get := func() {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", "gzip")
		c.Serve(httptest.NewRecorder(), r, 1, h)
	}
	get()
	s := c.slots[1]
	s.refreshing.Store(true) // another request is rendering it again
	e := *s.answer.Load()
	e.until = time.Now().Add(-time.Minute) // out of date, by less than its time
	s.answer.Store(&e)
	get()
	if calls != 1 {
		t.Fatalf("rendered %d times: the previous answer was not sent while another request renders it", calls)
	}
	e.until = time.Now().Add(-2 * time.Hour) // out of date by more than its time
	s.answer.Store(&e)
	get()
	if calls != 2 {
		t.Fatalf("rendered %d times: an answer twice its time old was sent", calls)
	}
}
