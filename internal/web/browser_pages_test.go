package web_test

import (
	"cmp"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// browserPage is a page checked in real Chromium: axe-core finds no
// violation, nothing overflows at 320 px and at 200 % zoom, and the page
// shows its content with JavaScript disabled.
type browserPage struct {
	path   string
	role   account.Role // "" for a visitor
	want   string       // text the page must show without JavaScript
	lang   string       // the language chosen (its cookie); "" for the browser's French
	status int          // the answer's status when not 200 (a page showing an error on purpose)
}

// browserPages are the foundation's pages and each capability's.
var browserPages = concatPages(foundationBrowserPages, placesearchBrowserPages, placefileBrowserPages, placeeditBrowserPages, receptionBrowserPages, agendaBrowserPages, diagnosticBrowserPages, networkBrowserPages, passEquipmentBrowserPages, figuresBrowserPages, resourcesBrowserPages, meetingsBrowserPages, partnershipsBrowserPages)

func concatPages(parts ...[]browserPage) []browserPage {
	var out []browserPage
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var foundationBrowserPages = []browserPage{
	{path: "/", want: "Être aidé avec le numérique"},
	{path: "/connexion", want: "Se connecter"},
	{path: "/accessibilite", want: "Déclaration d'accessibilité"},
	{path: "/confidentialite", want: "Vos données personnelles"},
	{path: "/mentions-legales", want: "Mentions légales"},
	{path: "/page-inexistante", want: "Page introuvable", status: http.StatusNotFound},
	{path: "/espace", role: account.RoleMediation, want: "Bonjour"},
	{path: "/espace", role: account.RoleAdmin, want: "Ce que vous pouvez faire"},
	{path: "/espace/territoire", role: account.RoleCoordination, want: "Structures du réseau"},
	{path: "/espace/admin/structures", role: account.RoleAdmin, want: "Ajouter une structure"},
	{path: "/espace/admin/structures/nouvelle", role: account.RoleAdmin, want: "Numéro SIRET"},
	{path: "/espace/admin/comptes", role: account.RoleAdmin, want: "Inviter une personne"},
	{path: "/espace/admin/comptes/nouveau", role: account.RoleAdmin, want: "Rôle dans cette structure"},
	{path: "/espace/admin/territoires", role: account.RoleAdmin, want: "Ajouter un territoire"},
	{path: "/espace/jetons", role: account.RolePartner, want: "Créer un jeton"},
	{path: "/espace/double-authentification", role: account.RoleMediation, want: "Pas encore activée"},
	{path: "/espace/double-authentification", role: account.RoleAdmin, want: "Codes de secours encore utilisables"},
	{path: "/espace/verification", role: account.RoleAdmin, want: "Confirmer votre identité"},
}

// TestBrowserPagesAnswer: every page the browser tests check answers 200
// over HTTP and its HTML shows the text it must show, so that a list broken
// by a route or a wording change fails where Chromium is absent too, in a
// second and not in the browser run.
func TestBrowserPagesAnswer(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	base, _ := url.Parse(s.http.URL)
	cookies := map[account.Role]string{}
	for _, p := range browserPages {
		if p.role != "" && cookies[p.role] == "" {
			for _, c := range s.login(p.role).Jar.Cookies(base) {
				if c.Name == "parcours_session" {
					cookies[p.role] = c.Value
				}
			}
		}
		if err := serverShows(s.http.URL, p, cookies[p.role]); err != nil {
			t.Errorf("%s as %q in %q: %v", p.path, p.role, p.lang, err)
		}
	}
}

// serverShows checks that the page's HTML, as the server sends it, shows
// the text the page must show.
func serverShows(base string, p browserPage, cookie string) error {
	req, err := http.NewRequest("GET", base+p.path, nil)
	if err != nil {
		return err
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "parcours_session", Value: cookie})
	}
	if p.lang != "" {
		req.AddCookie(&http.Cookie{Name: i18n.Cookie, Value: p.lang})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if want := cmp.Or(p.status, http.StatusOK); res.StatusCode != want {
		return fmt.Errorf("status %d, want %d", res.StatusCode, want)
	}
	if !strings.Contains(html.UnescapeString(string(body)), p.want) {
		return fmt.Errorf("the server's HTML does not show %q", p.want)
	}
	return nil
}
