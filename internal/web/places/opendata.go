package places

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/placefile"
)

// OpenDataCSV streams every open place as the schema v1.0.2 CSV.
func (h *Handlers) OpenDataCSV(w http.ResponseWriter, r *http.Request) {
	name := "lieux-mediation-numerique_" + h.site.Now().In(frtime.Paris).Format("2006-01-02") + ".csv"
	hd := w.Header()
	hd.Set("Content-Type", "text/csv; charset=utf-8")
	hd.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	hd.Set("Cache-Control", "public, max-age=300")
	hd.Set("Access-Control-Allow-Origin", "*") // open data, readable from any site
	cw := &countingWriter{w: w}
	if _, err := h.files.ExportPublic(r.Context(), cw, placefile.FormatSchemaCSV); err != nil {
		if cw.n == 0 {
			hd.Del("Content-Disposition")
			h.site.ServerError(w, r, err)
			return
		}
		// Part of the file is gone: the client sees a cut download; the log says why.
		h.log.Error("export CSV des lieux interrompu", "err", err, "octets", cw.n)
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
