package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// fetch gets a URL, gzip accepted or not, and returns the answer with its
// body decompressed once.
func (s *site) fetch(path string, gz bool) (*http.Response, string) {
	s.t.Helper()
	req, _ := http.NewRequest("GET", s.http.URL+path, nil)
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	wire, _ := io.ReadAll(res.Body)
	if res.Header.Get("Content-Encoding") != "gzip" {
		return res, string(wire)
	}
	zr, err := gzip.NewReader(bytes.NewReader(wire))
	if err != nil {
		s.t.Fatalf("%s: %v", path, err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		s.t.Fatalf("%s: %v", path, err)
	}
	return res, string(plain)
}

func TestCompression(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	t.Run("PagesAndJSON", func(t *testing.T) {
		for _, tc := range []struct{ path, want string }{
			{"/", "Être aidé avec le numérique"},
			{"/api/v1/openapi.json", `"openapi"`},
		} {
			res, body := s.fetch(tc.path, true)
			if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") || !strings.Contains(body, tc.want) {
				t.Errorf("%s: status %d, encoding %q, vary %q", tc.path, res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
			}
			res, body = s.fetch(tc.path, false)
			if res.Header.Get("Content-Encoding") != "" || !strings.Contains(body, tc.want) {
				t.Errorf("%s without gzip: encoding %q", tc.path, res.Header.Get("Content-Encoding"))
			}
		}
	})
	t.Run("StaticAssetsServedPrecompressed", func(t *testing.T) {
		_, page := s.fetch("/", false)
		css := regexp.MustCompile(`/static/[^"]+\.css`).FindString(page)
		if css == "" {
			t.Fatal("no stylesheet in the page")
		}
		res, body := s.fetch(css, true)
		if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(body, "{") || strings.HasPrefix(body, "\x1f\x8b") {
			t.Fatalf("status %d, encoding %q: compressed once, by the assets", res.StatusCode, res.Header.Get("Content-Encoding"))
		}
		if vary := res.Header.Values("Vary"); len(vary) != 1 {
			t.Fatalf("Vary %q", vary)
		}
	})
}
