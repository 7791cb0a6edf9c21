package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/store"
)

// openDataPlacesCSV streams every open place as the schema v1.0.2 CSV.
func (s *Server) openDataPlacesCSV(w http.ResponseWriter, r *http.Request) {
	name := "lieux-mediation-numerique_" + s.cfg.Now().In(paris).Format(store.DateLayout) + ".csv"
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("Access-Control-Allow-Origin", "*") // open data, readable from any site
	cw := &countingWriter{w: w}
	if _, err := placefile.Export(r.Context(), s.store, cw, placefile.FormatSchemaCSV); err != nil {
		if cw.n == 0 {
			h.Del("Content-Disposition")
			s.serverError(w, r, err)
			return
		}
		// Part of the file is gone: the client sees a cut download; the log says why.
		s.log.Error("export CSV des lieux interrompu", "err", err, "octets", cw.n)
	}
}

// countingWriter tells whether anything was written yet.
type countingWriter struct {
	w http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
