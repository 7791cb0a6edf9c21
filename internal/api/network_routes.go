package api

// Network of the territory's actors: the directory, one's own listing, the
// news and the monthly letter.

import (
	"net/http"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/network"
)

// networkRoutes lists this capability's API operations.
func (a *API) networkRoutes() []Route {
	const r = Prefix + "/reseau"
	return []Route{
		{Pattern: "GET " + r + "/annuaire", OperationID: "listDirectory", Perm: account.PermNetwork, Handler: a.listDirectory},
		{Pattern: "GET " + r + "/ma-fiche", OperationID: "getMyListing", Perm: account.PermNetwork, Handler: a.getMyListing},
		{Pattern: "PUT " + r + "/ma-fiche", OperationID: "setMyListing", Perm: account.PermNetwork, Handler: a.setMyListing},
		{Pattern: "POST " + r + "/actualites", OperationID: "createNews", Perm: account.PermNetworkAnimate, Handler: a.createNews},
		{Pattern: "POST " + r + "/abonnes", OperationID: "addSubscribers", Perm: account.PermNetworkAnimate, Handler: a.addSubscribers},
		{Pattern: "POST " + r + "/lettres", OperationID: "composeLetter", Perm: account.PermNetworkAnimate, Handler: a.composeLetter},
		{Pattern: "GET " + r + "/lettres/{id}", OperationID: "getLetter", Perm: account.PermNetworkAnimate, Handler: a.getLetter},
		{Pattern: "PUT " + r + "/lettres/{id}", OperationID: "updateLetter", Perm: account.PermNetworkAnimate, Handler: a.updateLetter},
		{Pattern: "POST " + r + "/lettres/{id}/envoi", OperationID: "sendLetter", Perm: account.PermNetworkAnimate, Handler: a.sendLetter},
	}
}

type directoryPlaceOut struct {
	ID         int64  `json:"id"`
	Name       string `json:"nom"`
	Address    string `json:"adresse"`
	PostalCode string `json:"code_postal"`
	Commune    string `json:"commune"`
	Phone      string `json:"telephone"`
}

type directoryContactOut struct {
	Name     string `json:"nom"`
	Function string `json:"fonction"`
	Phone    string `json:"telephone"`
	Email    string `json:"email"`
}

type directoryStructureOut struct {
	ID       int64                 `json:"id"`
	Name     string                `json:"nom"`
	Commune  string                `json:"commune"`
	Address  string                `json:"adresse"`
	Services []string              `json:"services"`
	Places   []directoryPlaceOut   `json:"lieux"`
	Contacts []directoryContactOut `json:"contacts"`
}

func (a *API) listDirectory(w http.ResponseWriter, r *http.Request) {
	d, err := a.app.Network.Directory(r.Context(), account.ActorFrom(r.Context()), r.URL.Query().Get("q"))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := struct {
		Territory  string                  `json:"territoire"`
		Query      string                  `json:"recherche"`
		Total      int                     `json:"total"`
		Structures []directoryStructureOut `json:"structures"`
	}{Territory: d.Territory, Query: d.Query, Total: d.Total, Structures: make([]directoryStructureOut, len(d.Entries))}
	for i, e := range d.Entries {
		s := directoryStructureOut{ID: e.Structure.ID, Name: e.Structure.Name, Commune: e.Structure.CommuneLabel(), Address: e.Structure.Address,
			Services: e.Services(), Places: []directoryPlaceOut{}, Contacts: []directoryContactOut{}}
		if s.Services == nil {
			s.Services = []string{}
		}
		for _, p := range e.Places {
			s.Places = append(s.Places, directoryPlaceOut{ID: p.ID, Name: p.Name, Address: p.Address, PostalCode: p.PostalCode, Commune: p.Commune, Phone: p.Phone})
		}
		for _, l := range e.Staff {
			s.Contacts = append(s.Contacts, directoryContactOut{Name: l.Name, Function: l.Function, Phone: l.Phone, Email: l.Email})
		}
		out.Structures[i] = s
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

type listingIO struct {
	Listed    *bool  `json:"figure"`
	Function  string `json:"fonction"`
	Phone     string `json:"telephone"`
	ShowEmail bool   `json:"montrer_email"`
}

func (a *API) writeMyListing(w http.ResponseWriter, r *http.Request) {
	l, listed, err := a.app.Network.MyListing(r.Context(), account.ActorFrom(r.Context()))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, listingIO{Listed: &listed, Function: l.Function, Phone: l.Phone, ShowEmail: l.ShowEmail})
}

func (a *API) getMyListing(w http.ResponseWriter, r *http.Request) { a.writeMyListing(w, r) }

func (a *API) setMyListing(w http.ResponseWriter, r *http.Request) {
	var in listingIO
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	listed := in.Listed != nil && *in.Listed
	if err := a.app.Network.SetMyListing(r.Context(), account.ActorFrom(r.Context()), listed,
		network.ListingInput{Function: in.Function, Phone: in.Phone, ShowEmail: in.ShowEmail}); err != nil {
		a.Fail(w, r, err)
		return
	}
	a.writeMyListing(w, r)
}

func (a *API) createNews(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title string `json:"titre"`
		Body  string `json:"texte"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	n, err := a.app.Network.PostNews(r.Context(), account.ActorFrom(r.Context()), in.Title, in.Body)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, struct {
		ID        int64  `json:"id"`
		Title     string `json:"titre"`
		Body      string `json:"texte"`
		Author    string `json:"auteur"`
		CreatedAt string `json:"cree_le"`
	}{n.ID, n.Title, n.Body, n.Author, apiio.RFC3339(n.CreatedAt)})
}

func (a *API) addSubscribers(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Addresses []string `json:"adresses"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	act := account.ActorFrom(r.Context())
	n, err := a.app.Network.AddSubscribers(r.Context(), act, strings.Join(in.Addresses, "\n"))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	l, err := a.app.Network.Letters(r.Context(), act)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, struct {
		Added       int `json:"ajoutees"`
		Subscribers int `json:"abonnes"`
	}{n, len(l.Subscribers)})
}

type letterItemOut struct {
	Title string `json:"titre"`
	Text  string `json:"texte"`
	Path  string `json:"lien"`
}

type letterSectionOut struct {
	Heading string          `json:"titre"`
	Items   []letterItemOut `json:"elements"`
}

type letterOut struct {
	ID         int64              `json:"id"`
	Title      string             `json:"titre"`
	Intro      string             `json:"introduction"`
	Status     string             `json:"statut"`
	Sections   []letterSectionOut `json:"rubriques"`
	CreatedAt  string             `json:"cree_le"`
	SentAt     *string            `json:"envoyee_le"`
	Recipients int                `json:"destinataires"`
	PublicPage *string            `json:"page_publique"`
}

func letterJSON(is network.Issue) letterOut {
	o := letterOut{ID: is.ID, Title: is.Title, Intro: is.Intro, Status: is.Status, Sections: []letterSectionOut{},
		CreatedAt: apiio.RFC3339(is.CreatedAt), SentAt: apiio.RFC3339OrNull(is.SentAt), Recipients: is.Recipients}
	for _, s := range is.Sections {
		so := letterSectionOut{Heading: s.Heading, Items: []letterItemOut{}}
		for _, it := range s.Items {
			so.Items = append(so.Items, letterItemOut(it))
		}
		o.Sections = append(o.Sections, so)
	}
	if is.Status == network.Sent {
		p := network.IssuePath(is.ID)
		o.PublicPage = &p
	}
	return o
}

func (a *API) composeLetter(w http.ResponseWriter, r *http.Request) {
	is, err := a.app.Network.Compose(r.Context(), account.ActorFrom(r.Context()))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, letterJSON(is))
}

func (a *API) writeLetter(w http.ResponseWriter, r *http.Request, id int64) {
	is, err := a.app.Network.Issue(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, letterJSON(is))
}

func (a *API) getLetter(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	a.writeLetter(w, r, id)
}

func (a *API) updateLetter(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Intro string `json:"introduction"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	if err := a.app.Network.SetIntro(r.Context(), account.ActorFrom(r.Context()), id, in.Intro); err != nil {
		a.Fail(w, r, err)
		return
	}
	a.writeLetter(w, r, id)
}

func (a *API) sendLetter(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	if _, err := a.app.Network.Send(r.Context(), account.ActorFrom(r.Context()), id); err != nil {
		a.Fail(w, r, err)
		return
	}
	a.writeLetter(w, r, id)
}
