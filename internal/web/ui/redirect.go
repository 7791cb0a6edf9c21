package ui

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"
)

// SafeReturn keeps p only when it is a path of this site, so that a link
// such as /connexion?retour=… cannot send users elsewhere. Browsers drop
// tabs and newlines and read "\" as "/", so p is judged as it is and after
// each decoding: it must start with one "/" and hold no backslash, no
// control or space character, no scheme and no host. It returns "" otherwise.
func SafeReturn(p string) string {
	if p == "" {
		return ""
	}
	s := p
	for range 3 {
		if !localPath(s) {
			return ""
		}
		d, err := url.PathUnescape(s)
		if err != nil {
			return ""
		}
		if d == s {
			break
		}
		s = d
	}
	if !localPath(s) {
		return ""
	}
	return p
}

func localPath(s string) bool {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsRune(s, '\\') {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == unicode.ReplacementChar {
			return false
		}
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil
}

// FreshFactorPath is the page where a signed-in user confirms their second
// factor before a sensitive action.
const FreshFactorPath = "/espace/verification"

// RequireFreshFactor lets a sensitive action go on (true) when the actor
// confirmed a second factor and has not stayed idle since
// (account.Actor.RequireFreshFactor); otherwise it sends the browser to the
// confirmation page, which comes back to the page asked (GET) or to the
// page the form was on, and returns false. Routes marked Fresh get it from
// the route table; a handler may call it for one branch only.
func (s *Site) RequireFreshFactor(w http.ResponseWriter, r *http.Request) bool {
	a := Actor(r)
	if a == nil {
		s.RedirectToLogin(w, r)
		return false
	}
	if a.RequireFreshFactor(s.Config.Now()) == nil {
		return true
	}
	back := ""
	if r.Method == http.MethodGet {
		back = r.URL.RequestURI()
	} else if ref, err := url.Parse(r.Referer()); err == nil && (ref.Host == "" || ref.Host == r.Host) {
		back = ref.RequestURI()
	}
	target := FreshFactorPath
	if back = SafeReturn(back); back != "" {
		target += "?retour=" + url.QueryEscape(back)
	}
	Redirect(w, r, target)
	return false
}
