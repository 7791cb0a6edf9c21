package ui

import (
	"mime"
	"net/http"
	"sort"

	"github.com/parcours-numerique/parcours/internal/textcheck"
)

// MaxForm caps a posted form (files are read by their own handlers).
const MaxForm = 1 << 20

// BadFields reads the query and, for a URL-encoded form, the posted values
// of r (at most MaxForm bytes), and names the fields whose text no field may
// hold (textcheck.Valid) and those longer than their maximum (MaxLength),
// each sorted. Multipart forms carry files: their handlers check their own
// fields and every imported row.
func BadFields(w http.ResponseWriter, r *http.Request) (bad, long []string, err error) {
	seen := map[string]bool{}
	add := func(vals map[string][]string) {
		for name, vs := range vals {
			for _, v := range vs {
				switch {
				case seen[name]:
				case !textcheck.Valid(v) || !textcheck.Valid(name):
					seen[name] = true
					bad = append(bad, name)
				case tooLong(name, v):
					seen[name] = true
					long = append(long, name)
				}
			}
		}
	}
	add(r.URL.Query())
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Body != nil {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
			r.Body = http.MaxBytesReader(w, r.Body, MaxForm)
			if err := r.ParseForm(); err != nil {
				return nil, nil, err
			}
			add(r.PostForm)
		}
	}
	sort.Strings(bad)
	sort.Strings(long)
	return bad, long, nil
}
