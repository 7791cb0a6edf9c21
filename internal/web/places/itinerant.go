package places

import (
	"fmt"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/agenda"
	itinerantsvc "github.com/parcours-numerique/parcours/internal/service/itinerant"
)

// passageLine is when an itinerant service next passes, as residents read it.
type passageLine struct {
	Sentence  string // "Le bus numérique passe ici mardi 9 décembre de 14 h à 17 h."
	Where     string
	Href      string   // the service's page
	Cancelled []string // "mardi 8 décembre : Le bus est en réparation"
}

// passagesIn lists the next passages of itinerant services in a commune
// (insee) or at a place (placeID). A failure leaves them out: the places
// matter more.
func (h *Handlers) passagesIn(r *http.Request, insee string, placeID int64) []passageLine {
	if h.cfg.Itinerant == nil {
		return nil
	}
	var list []itinerantsvc.NextPassage
	var err error
	if placeID != 0 {
		list, err = h.cfg.Itinerant.NextAtPlace(r.Context(), placeID)
	} else {
		list, err = h.cfg.Itinerant.NextInCommune(r.Context(), insee)
	}
	if err != nil {
		h.log.Error("itinérance : prochains passages", "err", err)
		return nil
	}
	out := make([]passageLine, 0, len(list))
	for _, n := range list {
		l := passageLine{Sentence: n.Next.Sentence(), Where: n.Next.Stop.Where(), Href: fmt.Sprintf("/itinerance/%d", n.Next.ServiceID)}
		for _, c := range n.Cancelled {
			text := "pas de passage " + c.When()
			if c.Reason != "" {
				text += " : " + c.Reason
			}
			l.Cancelled = append(l.Cancelled, text)
		}
		out = append(out, l)
	}
	return out
}

// remoteMotives lists the motives held at home or by video that residents
// may book from the given places.
func (h *Handlers) remoteMotives(r *http.Request, placeIDs []int64) []placeOffer {
	if h.cfg.Itinerant == nil || len(placeIDs) == 0 {
		return nil
	}
	list, err := h.cfg.Itinerant.RemoteMotivesAt(r.Context(), placeIDs)
	if err != nil {
		h.log.Error("itinérance : rendez-vous à domicile ou en visio", "err", err)
		return nil
	}
	out := make([]placeOffer, 0, len(list))
	for _, m := range list {
		out = append(out, placeOffer{Label: m.Name, Note: agenda.Locations.Label(m.Location), Href: fmt.Sprintf("/rendez-vous/motifs/%d?lieu=%d", m.ID, m.PlaceID)})
	}
	return out
}
