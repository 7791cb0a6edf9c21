package static

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadRewritesCSSAndServesImmutable(t *testing.T) {
	fsys := fstest.MapFS{
		"dist/app.css":       {Data: []byte(`body{font-family:x}@font-face{src:url("fonts/a.woff2")}` + strings.Repeat(".a{color:red}", 50))},
		"dist/fonts/a.woff2": {Data: []byte("font")},
		"dist/.gitkeep":      {Data: nil},
		"dist/leaflet/x.js":  {Data: []byte("var x=1")},
	}
	a, err := load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	fontURL, _ := a.URL("fonts/a.woff2")
	cssURL, _ := a.URL("app.css")
	if !strings.HasPrefix(fontURL, "/static/fonts/a.") || !strings.HasSuffix(fontURL, ".woff2") {
		t.Fatalf("font URL %q is not checksum-addressed", fontURL)
	}
	if a.Has(".gitkeep") {
		t.Fatal("hidden files must not be served")
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, cssURL, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	a.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("status %d, encoding %q", rec.Code, rec.Header().Get("Content-Encoding"))
	}
	if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Fatalf("Cache-Control %q", cc)
	}
	rec = httptest.NewRecorder()
	a.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, cssURL, nil))
	if !strings.Contains(rec.Body.String(), fontURL) {
		t.Fatalf("CSS does not point to the font's checksum URL %s: %s", fontURL, rec.Body.String()[:80])
	}
	rec = httptest.NewRecorder()
	a.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/static/app.css", nil))
	if rec.Code != 404 {
		t.Fatalf("unhashed URL answered %d", rec.Code)
	}
}

func TestLoadFailsOnMissingReference(t *testing.T) {
	_, err := load(fstest.MapFS{"dist/app.css": {Data: []byte(`a{background:url(img/none.png)}`)}})
	if err == nil {
		t.Fatal("a CSS reference to a missing file must fail the load")
	}
}

func TestEmbeddedBuild(t *testing.T) {
	a, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"app.css", "app.js", "fonts/atkinson-hyperlegible-latin-400-normal.woff2", "leaflet/leaflet.js"} {
		if !a.Has(name) {
			t.Errorf("embedded build lacks %s: run `make assets`", name)
		}
	}
}
