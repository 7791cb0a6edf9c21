package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// badText are the values no field may hold: each must be refused with the
// field named, never stored, never a server error.
var badText = []struct{ name, value string }{
	{"NUL", "Zébulon\x00nul"},
	{"UTF-8 invalide", "Zébulon\xff\xfe"},
	{"inversion RTL", "Zébulon\u202egpj.exe"},
}

// oddValues must give an answer (accepted or refused with a message), never
// a server error.
var oddValues = []struct{ name, value string }{
	{"100 000 caractères", strings.Repeat("Zébulon ", 12_500)},
	{"5 000 caractères", strings.Repeat("Zébulon ", 625)},
	{"mauvais type", "-9999999999999999999999.5e9999"},
}

// walkerRoles picks, for a permission, the demo role that walks the route.
func walkerRole(perm account.Permission) account.Role {
	for _, r := range []account.Role{account.RoleMediation, account.RoleCoordination, account.RoleAdmin, account.RolePartner, account.RoleReception} {
		if r.Can(perm) {
			return r
		}
	}
	return account.RoleAdmin
}

// publicForms are the forms anyone may post, with a valid filling.
var publicForms = []struct {
	path string
	form url.Values
}{
	{"/connexion", url.Values{"email": {"mediation@demo.fr"}, "password": {"mauvais mot de passe"}}},
	{"/ateliers/1/inscription", url.Values{"nom": {"Léon Blanc"}, "courriel": {"leon@exemple.fr"}, "accord": {"oui"}, "attente": {"oui"}}},
	{"/rendez-vous/motifs/1/reserver", url.Values{"creneau": {"x"}, "nom": {"Lucie Fabre"}, "telephone": {"06 12 34 56 78"}, "courriel": {"lucie@exemple.fr"}, "accord": {"oui"}}},
	{"/lieux/1/signaler", url.Values{"section": {"autre"}, "correction": {"Le lieu a déménagé."}, "contact": {""}}},
	{"/lieux", url.Values{"q": {"mairie"}}},
}

// walkTally counts what the walker sent and what came back.
type walkTally struct {
	inputs, serverErrors int
	failures             []string
}

func (w *walkTally) check(t *testing.T, what string, status int, body string, refused bool, field string) {
	t.Helper()
	w.inputs++
	switch {
	case strings.HasSuffix(what, "=100 000 caractères") && !strings.Contains(what, " /api/") && ui.MaxLength(field) < 100_000 &&
		(status != 400 || !strings.Contains(body, "trop long") || !strings.Contains(body, field)):
		w.failures = append(w.failures, fmt.Sprintf("%s → %d: a form value longer than its maximum must be refused, naming the field: %.200s", what, status, body))
	case status >= 500:
		w.serverErrors++
		w.failures = append(w.failures, fmt.Sprintf("%s → %d", what, status))
	case refused && (status != 400 && status != 422 || !strings.Contains(body, "caractère invisible") || !strings.Contains(body, field)):
		w.failures = append(w.failures, fmt.Sprintf("%s → %d without naming the field %q: %.200s", what, status, field, body))
	}
}

// TestBadInputWalker posts every form of the route table (the staff forms
// of the authorization matrix and the public forms) and calls every
// operation of the OpenAPI document with NUL, bytes that are not UTF-8,
// right-to-left overrides, 100,000-character strings, wrong types and
// missing fields, on both databases: no server error, the refused field
// named each time.
func TestBadInputWalker(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		fx := newMatrixFixture(t, s)
		perms := map[string]account.Permission{}
		for _, rp := range s.srv.StaffRoutes() {
			perms[rp.Pattern] = rp.Permission
		}
		var tally walkTally
		clients := map[account.Role]*http.Client{}
		client := func(role account.Role) *http.Client {
			if clients[role] == nil {
				clients[role] = s.login(role)
			}
			return clients[role]
		}
		post := func(c *http.Client, path string, form url.Values, name string, refused bool, field string) {
			r := s.do(c, "POST", path, form)
			tally.check(t, "POST "+path+" "+field+"="+name, r.status, r.body, refused, field)
		}
		walkForm := func(c *http.Client, path string, form url.Values) {
			fields := slices.Sorted(func(yield func(string) bool) {
				for k := range form {
					if !yield(k) {
						return
					}
				}
			})
			for _, f := range fields {
				for _, b := range badText {
					v := cloneValues(form)
					v.Set(f, b.value)
					post(c, path, v, b.name, true, f)
				}
				for _, o := range oddValues {
					v := cloneValues(form)
					v.Set(f, o.value)
					post(c, path, v, o.name, false, f)
				}
				v := cloneValues(form)
				v.Del(f)
				post(c, path, v, "absent", false, f)
			}
			// a field the form does not have, holding NUL, is refused too
			v := cloneValues(form)
			v.Set("inconnu", "a\x00b")
			post(c, path, v, "NUL", true, "inconnu")
		}
		anon := s.client()
		for _, pf := range publicForms {
			walkForm(anon, pf.path, pf.form)
		}
		apiPaths := map[string]string{}
		for _, c := range matrix {
			method, _, _ := strings.Cut(c.pattern, " ")
			role := walkerRole(perms[c.pattern])
			path := fx.replacer(s, role).Replace(c.own)
			if strings.HasPrefix(path, "/api/") {
				apiPaths[c.pattern] = path
				continue
			}
			if method != "POST" || c.form == nil || c.relogin {
				continue
			}
			form := url.Values{}
			for k, vs := range c.form {
				for _, v := range vs {
					form.Add(k, fx.replacer(s, role).Replace(v))
				}
			}
			walkForm(client(role), path, form)
		}
		walkAPI(t, s, &tally, apiPaths, func(pattern string) *http.Client { return client(walkerRole(perms[pattern])) })
		sort.Strings(tally.failures)
		for _, f := range tally.failures {
			t.Error(f)
		}
		t.Logf("%s: %d inputs tried, %d server errors", st.Dialect(), tally.inputs, tally.serverErrors)
	})
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// walkAPI calls every operation of the OpenAPI document: each string of
// its body and query replaced by every bad value, each property given the
// wrong type, the body emptied.
func walkAPI(t *testing.T, s *site, tally *walkTally, paths map[string]string, client func(pattern string) *http.Client) {
	t.Helper()
	res, err := http.Get(s.http.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	spec, _ := io.ReadAll(res.Body)
	res.Body.Close()
	doc, err := openapi3.NewLoader().LoadFromData(spec)
	if err != nil {
		t.Fatal(err)
	}
	send := func(c *http.Client, method, path string, body []byte, what string, refused bool, field string) {
		req, _ := http.NewRequest(method, s.http.URL+path, strings.NewReader(string(body)))
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		r, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		tally.check(t, method+" "+path+" "+field+"="+what, r.StatusCode, string(b), refused, field)
	}
	for _, tmpl := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(tmpl)
		for method, op := range item.Operations() {
			if method == http.MethodDelete {
				continue
			}
			pattern := method + " /api/v1" + tmpl
			path, ok := paths[pattern]
			if !ok {
				path = "/api/v1" + strings.NewReplacer("{id}", "1", "{token}", "x").Replace(tmpl)
			}
			c := client(pattern)
			for _, p := range op.Parameters {
				if p.Value == nil || p.Value.In != openapi3.ParameterInQuery {
					continue
				}
				for _, b := range append(badText, oddValues...) {
					sep := "?"
					if strings.Contains(path, "?") {
						sep = "&"
					}
					refused := slices.ContainsFunc(badText, func(x struct{ name, value string }) bool { return x.value == b.value })
					send(c, method, path+sep+url.Values{p.Value.Name: {b.value}}.Encode(), nil, b.name, refused, p.Value.Name)
				}
			}
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			mt := op.RequestBody.Value.Content.Get("application/json")
			if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
				continue
			}
			base := sample(mt.Schema.Value, 0)
			obj, _ := base.(map[string]any)
			for _, name := range slices.Sorted(func(yield func(string) bool) {
				for k := range obj {
					if !yield(k) {
						return
					}
				}
			}) {
				for _, b := range badText {
					send(c, method, path, withRaw(obj, name, b.value), b.name, true, name)
				}
				for _, o := range oddValues {
					send(c, method, path, withRaw(obj, name, o.value), o.name, false, name)
				}
				wrong := map[string]any{}
				for k, v := range obj {
					wrong[k] = v
				}
				if _, isString := obj[name].(string); isString {
					wrong[name] = 12
				} else {
					wrong[name] = "douze"
				}
				body, _ := json.Marshal(wrong)
				send(c, method, path, body, "mauvais type JSON", false, name)
			}
			send(c, method, path, []byte(`{}`), "champs absents", false, "corps")
			send(c, method, path, []byte(`{"a":`), "JSON tronqué", false, "corps")
		}
	}
}

// sample builds a plausible value of a schema.
func sample(sc *openapi3.Schema, depth int) any {
	if len(sc.Enum) > 0 {
		return sc.Enum[0]
	}
	switch {
	case sc.Type.Is("object") && depth < 3:
		out := map[string]any{}
		for name, p := range sc.Properties {
			if p.Value != nil && !p.Value.ReadOnly {
				out[name] = sample(p.Value, depth+1)
			}
		}
		return out
	case sc.Type.Is("array"):
		return []any{}
	case sc.Type.Is("integer"), sc.Type.Is("number"):
		return 1
	case sc.Type.Is("boolean"):
		return true
	case sc.Type.Is("string"):
		switch sc.Format {
		case "date":
			return "2026-12-10"
		case "date-time":
			return "2026-12-10T09:00:00Z"
		case "email":
			return "a@exemple.fr"
		}
		return "Zébulon"
	}
	return nil
}

// withRaw returns obj as JSON with field set to raw, its bytes written as
// they are (invalid UTF-8 stays invalid, NUL is escaped as JSON requires).
func withRaw(obj map[string]any, field, raw string) []byte {
	rest := map[string]any{}
	for k, v := range obj {
		if k != field {
			rest[k] = v
		}
	}
	b, _ := json.Marshal(rest)
	quoted := strings.NewReplacer("\\", `\\`, `"`, `\"`, "\x00", `\u0000`).Replace(raw)
	key, _ := json.Marshal(field)
	if len(rest) == 0 {
		return []byte("{" + string(key) + `:"` + quoted + `"}`)
	}
	return []byte("{" + string(key) + `:"` + quoted + `",` + string(b[1:]))
}
