package places

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/parcours-numerique/parcours/internal/commune"
)

// communeSuggestion is one entry of /lieux/communes: the label fills the
// search field, and resolves to exactly this commune when submitted.
type communeSuggestion struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// CommuneSuggestions answers the search field's suggestions as the resident
// types (JavaScript only; without it, /lieux lists the choices).
func (h *Handlers) CommuneSuggestions(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	out := struct {
		Communes []communeSuggestion `json:"communes"`
	}{Communes: []communeSuggestion{}}
	if len([]rune(q)) >= 2 && len(q) <= 100 {
		seen := map[string]bool{}
		for _, c := range commune.Search(q, 12) {
			if !c.HasCoords || seen[c.Code] || len(out.Communes) == 8 {
				continue
			}
			seen[c.Code] = true
			out.Communes = append(out.Communes, communeSuggestion{Code: c.Code, Label: commune.Label(c)})
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	// The commune list changes once a year: let phones keep the answers.
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_ = json.NewEncoder(w).Encode(out)
}
