// Package static serves the embedded front-end assets under
// checksum-addressed URLs, cached for a year, precompressed with gzip.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strings"
)

//go:embed all:dist
var dist embed.FS

// Prefix is where assets are served.
const Prefix = "/static/"

type asset struct {
	body    []byte
	gz      []byte // nil when compression does not help
	ctype   string
	etag    string
	urlPath string
}

// Assets maps logical names ("app.css") to served files.
type Assets struct {
	byName map[string]*asset
	byURL  map[string]*asset
}

var cssURL = regexp.MustCompile(`url\(\s*["']?([^"')]+)["']?\s*\)`)

// Load reads the embedded build. CSS files are rewritten so that the files
// they reference (fonts, images) use checksum URLs too.
func Load() (*Assets, error) {
	return load(dist)
}

func load(fsys fs.FS) (*Assets, error) {
	a := &Assets{byName: map[string]*asset{}, byURL: map[string]*asset{}}
	var names []string
	err := fs.WalkDir(fsys, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		names = append(names, strings.TrimPrefix(p, "dist/"))
		return nil
	})
	if err != nil {
		return nil, err
	}
	// CSS last: the files it points to need their URLs first.
	sort.SliceStable(names, func(i, j int) bool {
		return path.Ext(names[i]) != ".css" && path.Ext(names[j]) == ".css"
	})
	for _, name := range names {
		body, err := fs.ReadFile(fsys, "dist/"+name)
		if err != nil {
			return nil, err
		}
		if path.Ext(name) == ".css" {
			body, err = a.rewriteCSS(name, body)
			if err != nil {
				return nil, err
			}
		}
		a.add(name, body)
	}
	return a, nil
}

func (a *Assets) rewriteCSS(name string, body []byte) ([]byte, error) {
	var missing error
	out := cssURL.ReplaceAllFunc(body, func(m []byte) []byte {
		ref := string(cssURL.FindSubmatch(m)[1])
		if strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "#") || strings.Contains(ref, "//") {
			return m
		}
		target := path.Join(path.Dir(name), ref)
		if t, ok := a.byName[target]; ok {
			return []byte(`url("` + t.urlPath + `")`)
		}
		missing = fmt.Errorf("%s references %s, which the build did not produce", name, ref)
		return m
	})
	return out, missing
}

func (a *Assets) add(name string, body []byte) {
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])[:12]
	ext := path.Ext(name)
	url := Prefix + strings.TrimSuffix(name, ext) + "." + hash + ext
	ctype := mime.TypeByExtension(ext)
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	as := &asset{body: body, ctype: ctype, etag: `"` + hash + `"`, urlPath: url}
	if ext == ".css" || ext == ".js" || ext == ".svg" {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body) {
			as.gz = buf.Bytes()
		}
	}
	a.byName[name] = as
	a.byURL[url] = as
}

// URL returns the checksum URL of a logical asset name. An unknown name
// panics at template execution time in tests, never silently.
func (a *Assets) URL(name string) (string, error) {
	if as, ok := a.byName[name]; ok {
		return as.urlPath, nil
	}
	return "", fmt.Errorf("asset %q missing: run `make assets`", name)
}

// Has reports whether the build contains name.
func (a *Assets) Has(name string) bool { _, ok := a.byName[name]; return ok }

// Size returns the bytes a client downloads for name (gzip when it helps).
func (a *Assets) Size(name string, gzipped bool) int {
	as, ok := a.byName[name]
	if !ok {
		return 0
	}
	if gzipped && as.gz != nil {
		return len(as.gz)
	}
	return len(as.body)
}

// ServeHTTP serves /static/… with immutable caching.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	as, ok := a.byURL[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", as.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", as.etag)
	h.Set("Vary", "Accept-Encoding")
	if r.Header.Get("If-None-Match") == as.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := as.body
	if as.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = as.gz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}
