package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

func TestPublicPagesAndHeaders(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	c := s.client()
	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"/", 200, "Être aidé avec le numérique"},
		{"/connexion", 200, "Se connecter"},
		{"/accessibilite", 200, "partiellement conforme"},
		{"/mentions-legales", 200, "le CCAS de test"},
		{"/confidentialite", 200, "Combien de temps"},
		{"/healthz", 200, "ok"},
		{"/nulle-part", 404, "Page introuvable"},
		{"/espace/admin/structures/abc/modifier", 303, ""},
	} {
		t.Run(tc.path, func(t *testing.T) {
			r := s.do(c, "GET", tc.path, nil)
			if r.status != tc.status || !strings.Contains(r.body, tc.want) {
				t.Fatalf("status %d, want %d; body lacks %q:\n%.400s", r.status, tc.status, tc.want, r.body)
			}
			if tc.path == "/healthz" {
				return
			}
			h := r.header
			for name, want := range map[string]string{
				"Content-Security-Policy": "frame-ancestors 'none'",
				"X-Content-Type-Options":  "nosniff",
				"Referrer-Policy":         "same-origin",
			} {
				if !strings.Contains(h.Get(name), want) {
					t.Errorf("%s = %q, want %q", name, h.Get(name), want)
				}
			}
			if csp := h.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") {
				t.Errorf("CSP allows inline code: %s", csp)
			}
			if tc.status == 200 && (!strings.Contains(r.body, `lang="fr"`) || !strings.Contains(r.body, "Démonstration")) {
				t.Error("pages must be in French and carry the demo banner")
			}
			if strings.Contains(r.body, "style=") || regexp.MustCompile(`<script(?:[^>]*)>[^<]`).MatchString(r.body) {
				t.Error("no inline style or script anywhere")
			}
		})
	}
}

func TestLogin(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))

	t.Run("WrongPasswordSaysSoInFrench", func(t *testing.T) {
		c := s.client()
		r := s.do(c, "POST", "/connexion", url.Values{"email": {demo.Email(account.RoleMediation)}, "password": {"mauvais mot de passe"}})
		if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "Adresse e-mail ou mot de passe incorrect.") {
			t.Fatalf("status %d\n%.600s", r.status, r.body)
		}
		unknown := s.do(c, "POST", "/connexion", url.Values{"email": {"personne@nulle-part.fr"}, "password": {"mauvais mot de passe"}})
		if unknown.status != r.status || !strings.Contains(unknown.body, "Adresse e-mail ou mot de passe incorrect.") {
			t.Fatal("an unknown account must get the same answer")
		}
	})
	t.Run("EmptyFieldsGetMessagesNextToThem", func(t *testing.T) {
		r := s.do(s.client(), "POST", "/connexion", url.Values{"email": {""}, "password": {""}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="email-error"`) || !strings.Contains(r.body, "Saisissez votre mot de passe.") {
			t.Fatalf("status %d\n%.800s", r.status, r.body)
		}
	})
	t.Run("EachDemoAccountSeesItsMenu", func(t *testing.T) {
		for role, want := range map[account.Role][]string{
			account.RoleAdmin:        {"Comptes", "Structures", "Territoires"},
			account.RoleCoordination: {"Territoire"},
			account.RoleMediation:    {"Ma structure"},
			account.RoleReception:    {"Ma structure"},
			account.RolePartner:      {"France Services Rochefort Océan (démo)"},
		} {
			c := s.passwordLogin(role)
			r := s.do(c, "GET", "/espace", nil)
			if r.status != 200 {
				t.Fatalf("%s: status %d", role, r.status)
			}
			for _, w := range want {
				if !strings.Contains(r.body, w) {
					t.Errorf("%s: /espace lacks %q", role, w)
				}
			}
			if role != account.RoleAdmin && strings.Contains(r.body, "/espace/admin/comptes") {
				t.Errorf("%s sees the admin menu", role)
			}
		}
	})
	t.Run("ReturnPathIsLocalOnly", func(t *testing.T) {
		c := s.client()
		r := s.do(c, "POST", "/connexion", url.Values{"email": {demo.Email(account.RoleReception)}, "password": {demo.Password}, "retour": {"//evil.example/"}})
		if r.header.Get("Location") != "/espace" {
			t.Fatalf("redirected to %q", r.header.Get("Location"))
		}
	})
}

func TestStaffHome(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	for role, want := range map[account.Role]bool{account.RoleMediation: true, account.RoleReception: false, account.RolePartner: false} {
		r := s.do(s.login(role), "GET", "/espace", nil)
		if r.status != 200 || strings.Contains(r.body, "Vos personnes suivies") != want {
			t.Errorf("%s: the follow-up figures shown %v, want %v", role, !want, want)
		}
		if !strings.Contains(r.body, `href="/espace/jetons"`) {
			t.Errorf("%s: the staff home leads to the API tokens", role)
		}
	}
}

func TestLoginThrottling(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	c := s.client()
	email := demo.Email(account.RolePartner)
	bad := url.Values{"email": {email}, "password": {"pas le bon mot de passe"}}
	for i := 0; i < 4; i++ {
		s.do(c, "POST", "/connexion", bad)
	}
	r := s.do(c, "POST", "/connexion", url.Values{"email": {email}, "password": {demo.Password}})
	if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "Trop de tentatives") {
		t.Fatalf("the right password must wait after failures: status %d", r.status)
	}
	ghost := s.do(c, "POST", "/connexion", url.Values{"email": {"fantome@nulle-part.fr"}, "password": {"x"}})
	for i := 0; i < 4; i++ {
		ghost = s.do(c, "POST", "/connexion", url.Values{"email": {"fantome@nulle-part.fr"}, "password": {"x"}})
	}
	if ghost.status != http.StatusTooManyRequests {
		t.Fatalf("unknown accounts are throttled the same way: status %d", ghost.status)
	}
	s.clock.Advance(time.Hour)
	r = s.do(c, "POST", "/connexion", url.Values{"email": {email}, "password": {demo.Password}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("after the wait the right password works: status %d", r.status)
	}
}

func TestRolesAndTenants(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	reception := s.login(account.RoleReception)
	if r := s.do(reception, "GET", "/espace/admin/comptes", nil); r.status != http.StatusForbidden || !strings.Contains(r.body, "Accès non autorisé") {
		t.Fatalf("accueil on admin pages: %d", r.status)
	}
	lib := s.demo.Structures[demo.Library]
	r := s.do(reception, "GET", "/espace/structures/"+itoa(lib), nil)
	if r.status != http.StatusNotFound || strings.Contains(r.body, "Médiathèque des Remparts") {
		t.Fatalf("another structure must answer 404 without its data: %d", r.status)
	}
	coord := s.login(account.RoleCoordination)
	if r := s.do(coord, "GET", "/espace/structures/"+itoa(lib), nil); r.status != 200 || strings.Contains(r.body, "Équipe") {
		t.Fatalf("coordination sees its territory's structures but not their staff: %d", r.status)
	}
}

func TestLogoutEverywhere(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	first := s.login(account.RoleMediation)
	second := s.login(account.RoleMediation)
	if r := s.do(first, "POST", "/espace/deconnexion-partout", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("status %d", r.status)
	}
	r := s.do(second, "GET", "/espace", nil)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/connexion") {
		t.Fatalf("the other session must be over: %d %s", r.status, r.header.Get("Location"))
	}
	// Logging out clears the session cookie's server side too.
	c := s.login(account.RoleMediation)
	s.do(c, "POST", "/deconnexion", url.Values{})
	if r := s.do(c, "GET", "/espace", nil); r.status != http.StatusSeeOther {
		t.Fatalf("after logout: %d", r.status)
	}
}

func TestInvitationAndReset(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	admin := s.login(account.RoleAdmin)
	lib := s.demo.Structures[demo.Library]

	bad := s.do(admin, "POST", "/espace/admin/comptes", url.Values{"email": {"pas-une-adresse"}, "name": {""}, "structure": {itoa(lib)}, "role": {"accueil"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Saisissez une adresse e-mail valide") || !strings.Contains(bad.body, "Saisissez le prénom et le nom.") {
		t.Fatalf("invalid invitation: %d\n%.500s", bad.status, bad.body)
	}
	r := s.do(admin, "POST", "/espace/admin/comptes", url.Values{"email": {"Lea@Mediatheque.fr"}, "name": {"Léa Lecture"}, "structure": {itoa(lib)}, "role": {"mediation"}})
	link := regexp.MustCompile(`/compte/mot-de-passe/[A-Za-z0-9_-]{43}`).FindString(r.body)
	if r.status != 200 || link == "" {
		t.Fatalf("no one-time link shown: %d\n%.500s", r.status, r.body)
	}
	visitor := s.client()
	if r := s.do(visitor, "GET", link, nil); r.status != 200 || !strings.Contains(r.body, "lea@mediatheque.fr") {
		t.Fatalf("link page: %d", r.status)
	}
	weak := s.do(visitor, "POST", link, url.Values{"password": {"motdepasse2024"}, "confirm": {"motdepasse2024"}})
	if weak.status != http.StatusUnprocessableEntity || !strings.Contains(weak.body, "trop courant") {
		t.Fatalf("a common password must be refused: %d", weak.status)
	}
	short := s.do(visitor, "POST", link, url.Values{"password": {"court"}, "confirm": {"court"}})
	if !strings.Contains(short.body, "au moins 12 caractères") {
		t.Fatal("a short password must be refused")
	}
	good := "trois chats roux dorment au soleil"
	if r := s.do(visitor, "POST", link, url.Values{"password": {good}, "confirm": {good}}); r.status != http.StatusSeeOther {
		t.Fatalf("set password: %d\n%.500s", r.status, r.body)
	}
	if r := s.do(visitor, "GET", link, nil); r.status != http.StatusNotFound {
		t.Fatalf("a used link must not work again: %d", r.status)
	}
	if r := s.do(visitor, "POST", "/connexion", url.Values{"email": {"lea@mediatheque.fr"}, "password": {good}}); r.status != http.StatusSeeOther {
		t.Fatalf("the invited person logs in: %d", r.status)
	}
	if !strings.Contains(s.logBuf.String(), "/compte/mot-de-passe/…") || strings.Contains(s.logBuf.String(), link) {
		t.Fatal("logs must not hold one-time link secrets")
	}

	// A reset link of an account deactivated since says so.
	lea := regexp.MustCompile(`/espace/admin/comptes/(\d+)"`).FindStringSubmatch(r.body)
	if lea == nil {
		t.Fatal("no link to the new account")
	}
	reset := regexp.MustCompile(`/compte/mot-de-passe/[A-Za-z0-9_-]{43}`).FindString(s.do(admin, "POST", "/espace/admin/comptes/"+lea[1]+"/reinitialisation", url.Values{}).body)
	if r := s.do(admin, "POST", "/espace/admin/comptes/"+lea[1]+"/activation", url.Values{"active": {"0"}}); r.status != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", r.status)
	}
	for _, method := range []string{"GET", "POST"} {
		if r := s.do(visitor, method, reset, url.Values{"password": {good}, "confirm": {good}}); r.status != http.StatusForbidden || !strings.Contains(r.body, "Ce compte est désactivé") {
			t.Fatalf("%s the link of a deactivated account: %d", method, r.status)
		}
	}
}

func TestAdminStructureForm(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	admin := s.login(account.RoleAdmin)
	r := s.do(admin, "POST", "/espace/admin/structures", url.Values{"name": {"Mairie de Fouras"}, "typology": {"MUNI"}, "siret": {"123 456 789 00012"}, "commune": {"Nulleville"}})
	for _, want := range []string{"Ce numéro SIRET n'est pas valide", "Commune introuvable", `value="Mairie de Fouras"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("invalid form lacks %q", want)
		}
	}
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.status)
	}
	unknown := s.do(admin, "POST", "/espace/admin/structures", url.Values{"name": {"Mairie de Fouras"}, "typology": {"MUNI"}, "siret": {"21170168700017"}, "commune": {"Fouras (17450)"}, "territory": {"999999"}})
	if unknown.status != http.StatusUnprocessableEntity || !strings.Contains(unknown.body, "Choisissez un territoire de la liste.") {
		t.Fatalf("an unknown territory is a field error, not an internal error: %d", unknown.status)
	}
	r = s.do(admin, "POST", "/espace/admin/structures", url.Values{"name": {"Mairie de Fouras"}, "typology": {"MUNI"}, "siret": {"21170168700017"}, "commune": {"Fouras (17450)"}, "territory": {itoa(s.demo.ID)}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("valid structure: %d\n%.800s", r.status, r.body)
	}
	page := s.do(admin, "GET", r.header.Get("Location"), nil)
	if !strings.Contains(page.body, "Fouras") || !strings.Contains(page.body, "est enregistrée") {
		t.Fatalf("structure page: %.500s", page.body)
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	c := s.login(account.RoleAdmin)
	req, _ := http.NewRequest("POST", s.http.URL+"/espace/deconnexion-partout", strings.NewReader(""))
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d", res.StatusCode)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
