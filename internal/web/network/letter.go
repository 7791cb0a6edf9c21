package network

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/network"
	networksvc "github.com/parcours-numerique/parcours/internal/service/network"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// LettersData is the coordinator's page of the letter.
type LettersData struct {
	Letters networksvc.Letters
}

// Letters shows the news, the letters and the subscribers.
func (h *Handlers) Letters(w http.ResponseWriter, r *http.Request) {
	h.renderLetters(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderLetters(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	l, err := h.svc.Letters(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if f == nil {
		f = ui.NewForm(r)
	}
	h.site.Render(w, r, status, "network_letters", ui.Page{Title: "Lettre du réseau", Form: f, Data: LettersData{Letters: l}})
}

// refusedOn shows the letters page again with the refusal next to its
// field; any other error gets its page.
func (h *Handlers) refusedOn(w http.ResponseWriter, r *http.Request, err error) {
	if apperr.CodeOf(err) != apperr.Invalid {
		h.site.Fail(w, r, err)
		return
	}
	f := ui.NewForm(r)
	f.Fail(err)
	h.renderLetters(w, r, http.StatusUnprocessableEntity, f)
}

func (h *Handlers) parse(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		h.site.RenderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible. Revenez en arrière et recommencez.")
		return false
	}
	return true
}

// NewsCreate posts a news item.
func (h *Handlers) NewsCreate(w http.ResponseWriter, r *http.Request) {
	if !h.parse(w, r) {
		return
	}
	if _, err := h.svc.PostNews(r.Context(), ui.Actor(r), r.PostForm.Get("titre"), r.PostForm.Get("texte")); err != nil {
		h.refusedOn(w, r, err)
		return
	}
	h.site.Flash(r, "L'actualité est publiée : la prochaine lettre la reprendra.")
	ui.Redirect(w, r, "/espace/reseau/lettre")
}

// SubscribersAdd adds the addresses typed.
func (h *Handlers) SubscribersAdd(w http.ResponseWriter, r *http.Request) {
	if !h.parse(w, r) {
		return
	}
	n, err := h.svc.AddSubscribers(r.Context(), ui.Actor(r), r.PostForm.Get("adresses"))
	if err != nil {
		h.refusedOn(w, r, err)
		return
	}
	h.site.Flash(r, strconv.Itoa(n)+" "+plural(n, "adresse ajoutée", "adresses ajoutées")+" (les adresses déjà inscrites ou désabonnées ne sont pas ajoutées à nouveau).")
	ui.Redirect(w, r, "/espace/reseau/lettre")
}

func plural(n int, one, many string) string {
	if n < 2 {
		return one
	}
	return many
}

// IssueCreate drafts the next letter and opens it for review.
func (h *Handlers) IssueCreate(w http.ResponseWriter, r *http.Request) {
	is, err := h.svc.Compose(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	ui.Redirect(w, r, "/espace/reseau/lettres/"+ui.Itoa(is.ID))
}

// IssueData is a letter under review.
type IssueData struct {
	Issue       network.Issue
	Subscribers int
}

// Issue shows a letter as it will be read, with its introduction to edit.
func (h *Handlers) Issue(w http.ResponseWriter, r *http.Request) {
	h.renderIssue(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderIssue(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	a := ui.Actor(r)
	is, err := h.svc.Issue(r.Context(), a, id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	l, err := h.svc.Letters(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if f == nil {
		f = ui.NewForm(r)
		f.Set("introduction", is.Intro)
	}
	h.site.Render(w, r, status, "network_issue", ui.Page{Title: is.Title, Form: f, Data: IssueData{Issue: is, Subscribers: len(l.Subscribers)}})
}

// IssueUpdate saves a draft's introduction.
func (h *Handlers) IssueUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok || !h.parse(w, r) {
		if !ok {
			h.site.NotFound(w, r)
		}
		return
	}
	if err := h.svc.SetIntro(r.Context(), ui.Actor(r), id, r.PostForm.Get("introduction")); err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			h.site.Fail(w, r, err)
			return
		}
		f := ui.NewForm(r)
		f.Fail(err)
		h.renderIssue(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "L'introduction est enregistrée.")
	ui.Redirect(w, r, "/espace/reseau/lettres/"+ui.Itoa(id))
}

// IssueSend sends a reviewed letter.
func (h *Handlers) IssueSend(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	n, err := h.svc.Send(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "La lettre part vers "+strconv.Itoa(n)+" "+plural(n, "abonné", "abonnés")+" ; elle est publiée dans les archives.")
	ui.Redirect(w, r, "/espace/reseau/lettres/"+ui.Itoa(id))
}

// Archive lists the sent letters, for everyone.
func (h *Handlers) Archive(w http.ResponseWriter, r *http.Request) {
	list, err := h.svc.PublicIssues(r.Context())
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "network_archive", ui.Page{Title: "Lettres du réseau", Data: list})
}

// PublicIssue shows a sent letter.
func (h *Handlers) PublicIssue(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	is, err := h.svc.PublicIssue(r.Context(), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "network_public_issue", ui.Page{Title: is.Title, Data: is})
}

// Atom is the archive as an Atom feed (RFC 4287), the text of each letter
// as its content.
func (h *Handlers) Atom(w http.ResponseWriter, r *http.Request) {
	list, err := h.svc.PublicIssues(r.Context())
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
	}
	type content struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	}
	type entry struct {
		Title   string  `xml:"title"`
		ID      string  `xml:"id"`
		Link    link    `xml:"link"`
		Updated string  `xml:"updated"`
		Author  string  `xml:"author>name"`
		Content content `xml:"content"`
	}
	type feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Links   []link   `xml:"link"`
		Updated string   `xml:"updated"`
		Author  string   `xml:"author>name"`
		Entries []entry  `xml:"entry"`
	}
	self, archive := h.site.AbsoluteURL(r, "/lettres.atom"), h.site.AbsoluteURL(r, "/lettres")
	updated := networksvc.LastSent(list)
	if updated.IsZero() {
		updated = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f := feed{Title: "Lettres du réseau", ID: archive, Links: []link{{Href: self, Rel: "self"}, {Href: archive}},
		Updated: updated.UTC().Format(time.RFC3339), Author: "Parcours"}
	for _, is := range list {
		u := h.site.AbsoluteURL(r, network.IssuePath(is.ID))
		f.Entries = append(f.Entries, entry{Title: is.Title, ID: u, Link: link{Href: u}, Updated: is.SentAt.UTC().Format(time.RFC3339),
			Author:  is.Territory,
			Content: content{Type: "text", Text: is.Text(h.site.AbsoluteURL(r, ""), h.site.AbsoluteURL(r, "/lettres"))}})
	}
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(out)
}

// UnsubscribeData is the unsubscribe page.
type UnsubscribeData struct {
	Token string
	Email string
	Done  bool
}

// UnsubscribeForm asks to confirm: a link opened by a mail scanner must not
// unsubscribe anyone.
func (h *Handlers) UnsubscribeForm(w http.ResponseWriter, r *http.Request) {
	sub, err := h.svc.Subscription(r.Context(), r.PathValue("token"))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "network_unsubscribe", ui.Page{Title: "Se désabonner de la lettre",
		Data: UnsubscribeData{Token: sub.Token, Email: sub.Email, Done: !sub.UnsubscribedAt.IsZero()}})
}

// Unsubscribe takes the address off at once: the page's button, or a mail
// client's one-click request (RFC 8058), which posts
// "List-Unsubscribe=One-Click" without a session.
func (h *Handlers) Unsubscribe(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if err := h.svc.Unsubscribe(r.Context(), token); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	sub, err := h.svc.Subscription(r.Context(), token)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "network_unsubscribe", ui.Page{Title: "Vous êtes désabonné",
		Data: UnsubscribeData{Token: sub.Token, Email: sub.Email, Done: true}})
}
