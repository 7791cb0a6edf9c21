package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

type runResult struct {
	code           int
	stdout, stderr string
}

func runCmd(t *testing.T, env map[string]string, stdin string, args ...string) runResult {
	t.Helper()
	var out, errb bytes.Buffer
	p := &program{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string { return env[k] }}
	code := p.run(context.Background(), args)
	return runResult{code, out.String(), errb.String()}
}

func TestBadCommandLinesExitTwoWithOneLine(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"NoCommand", nil, nil, "Utilisation"},
		{"UnknownCommand", nil, []string{"servir"}, "commande inconnue « servir »"},
		{"UnknownFlag", nil, []string{"serve", "--nope"}, "option inconnue -nope"},
		{"BadLogFormat", nil, []string{"serve", "--log-format", "xml"}, "--log-format doit valoir text ou json"},
		{"BadDatabase", nil, []string{"migrate", "--database", "mysql://x"}, "--database doit commencer par postgres://"},
		{"BadEnvBool", map[string]string{"PARCOURS_DEMO": "peut-être"}, []string{"serve"}, "PARCOURS_DEMO=\"peut-être\" n'est pas un booléen"},
		{"BadBaseURL", nil, []string{"serve", "--base-url", "parcours.fr"}, "--base-url doit être une adresse http:// ou https://"},
		{"BadAddr", nil, []string{"serve", "--addr", "8080"}, "--addr doit être de la forme hôte:port"},
		{"BackupWithoutFile", nil, []string{"backup"}, "indiquez le fichier de sauvegarde"},
		{"UserWithoutSubcommand", nil, []string{"user"}, "sous-commande attendue"},
		{"UserCreateBadRole", nil, []string{"user", "create", "--email", "a@b.fr", "--structure", "1", "--role", "chef"}, "--role doit valoir"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCmd(t, tc.env, "", tc.args...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2; stderr %q", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tc.want) {
				t.Fatalf("stderr %q lacks %q", r.stderr, tc.want)
			}
			if tc.args != nil && strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Fatalf("one clear line expected, got %q", r.stderr)
			}
		})
	}
	if r := runCmd(t, nil, "", "serve", "-h"); r.code != 0 || !strings.Contains(r.stdout, "PARCOURS_DATA_DIR") {
		t.Fatalf("help: %d %q", r.code, r.stdout)
	}
}

func TestUnreachablePostgresFailsCleanly(t *testing.T) {
	r := runCmd(t, nil, "", "serve", "--database", "postgres://parcours:secret@127.0.0.1:1/parcours?sslmode=disable&connect_timeout=2")
	if r.code != 1 || !strings.Contains(r.stderr, "impossible de joindre PostgreSQL") || strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "secret") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestVersion(t *testing.T) {
	r := runCmd(t, nil, "", "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "parcours ") || !strings.Contains(r.stdout, "SQLite 3.") {
		t.Fatalf("%d %q", r.code, r.stdout)
	}
}

// serveInBackground runs `parcours serve` in process and returns its address.
func serveInBackground(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan int, 1)
	var errb bytes.Buffer
	p := &program{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &errb, getenv: func(k string) string { return env[k] }, ready: func(a string) { addr <- a }}
	go func() { done <- p.run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited with %d: %s", code, errb.String())
		}
	})
	select {
	case a := <-addr:
		return "http://" + a
	case code := <-done:
		t.Fatalf("serve exited with %d: %s", code, errb.String())
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

func login(t *testing.T, base, email, password string) int {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(base+"/connexion", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func TestDemoBackupAndServeTheCopy(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "live")
	if r := runCmd(t, nil, "", "demo", "--data-dir", live); r.code != 0 || !strings.Contains(r.stdout, "mediation@demo.parcours.test") {
		t.Fatalf("demo: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runCmd(t, nil, "", "demo", "--data-dir", live); r.code != 1 || !strings.Contains(r.stderr, "base vide") {
		t.Fatalf("a second demo load must refuse: %d %q", r.code, r.stderr)
	}
	base := serveInBackground(t, map[string]string{"PARCOURS_DATA_DIR": live})
	copyFile := filepath.Join(dir, "copie", "parcours.db")
	if r := runCmd(t, nil, "", "backup", "--data-dir", live, copyFile); r.code != 0 {
		t.Fatalf("backup while serving: %d %q", r.code, r.stderr)
	}
	res, err := http.Get(base + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", res, err)
	}
	res.Body.Close()

	restored := serveInBackground(t, nil, "--data-dir", filepath.Dir(copyFile))
	if code := login(t, restored, demo.Email("admin"), demo.Password); code != http.StatusSeeOther {
		t.Fatalf("login on the restored copy: %d", code)
	}
	res, err = http.Get(restored + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "Démonstration") {
		t.Fatal("the copy keeps the demo banner")
	}
	if r := runCmd(t, nil, "", "backup", "--database", "postgres://x@127.0.0.1/y", "f.db"); r.code != 1 || !strings.Contains(r.stderr, "pg_dump") {
		t.Fatalf("backup on PostgreSQL: %d %q", r.code, r.stderr)
	}
}

func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	if r := runCmd(t, nil, "", "demo", "--data-dir", dir); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := runCmd(t, nil, "", "user", "create", "--data-dir", dir, "--email", "Nouvelle@CCAS.fr", "--structure", "CCAS de Rochefort (démo)", "--role", "accueil", "--name", "Nina Nouvelle")
	if r.code != 0 || !regexp.MustCompile(`/compte/mot-de-passe/[A-Za-z0-9_-]{43}`).MatchString(r.stdout) {
		t.Fatalf("create: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runCmd(t, nil, "", "user", "create", "--data-dir", dir, "--email", "nouvelle@ccas.fr", "--structure", "1", "--role", "accueil"); r.code != 1 || !strings.Contains(r.stderr, "existe déjà") {
		t.Fatalf("duplicate: %d %q", r.code, r.stderr)
	}
	if r := runCmd(t, nil, "", "user", "create", "--data-dir", dir, "--email", "x@y.fr", "--structure", "Inconnue", "--role", "accueil"); r.code != 1 || !strings.Contains(r.stderr, "aucune structure") {
		t.Fatalf("unknown structure: %d %q", r.code, r.stderr)
	}
	if r := runCmd(t, nil, "azertyuiop123\n", "user", "password", "--data-dir", dir, "--email", "nouvelle@ccas.fr"); r.code != 1 || !strings.Contains(r.stderr, "trop courant") {
		t.Fatalf("weak password: %d %q", r.code, r.stderr)
	}
	pw := "le phare de la pointe est rouge"
	if r := runCmd(t, nil, pw+"\n", "user", "password", "--data-dir", dir, "--email", "NOUVELLE@ccas.fr"); r.code != 0 {
		t.Fatalf("password: %d %q", r.code, r.stderr)
	}
	if r := runCmd(t, nil, "", "user", "second-factor-off", "--data-dir", dir, "--email", demo.Email("admin")); r.code != 0 || !strings.Contains(r.stdout, "désactivée") {
		t.Fatalf("second factor off: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runCmd(t, nil, "", "user", "second-factor-off", "--data-dir", dir, "--email", demo.Email("admin")); r.code != 1 || !strings.Contains(r.stderr, "n'est pas activée") {
		t.Fatalf("already off: %d %q", r.code, r.stderr)
	}
	base := serveInBackground(t, nil, "--data-dir", dir)
	if code := login(t, base, "nouvelle@ccas.fr", pw); code != http.StatusSeeOther {
		t.Fatalf("login with the new password: %d", code)
	}
}

func TestTokenCreate(t *testing.T) {
	dir := t.TempDir()
	if r := runCmd(t, nil, "", "demo", "--data-dir", dir); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := runCmd(t, nil, "", "token", "create", "--data-dir", dir, "--email", demo.Email("mediation"), "--structure", "CCAS de Rochefort (démo)")
	secret := strings.TrimSpace(r.stdout)
	if r.code != 0 || !strings.HasPrefix(secret, "prc_") {
		t.Fatalf("token: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runCmd(t, nil, "", "token", "create", "--data-dir", dir, "--email", demo.Email("mediation"), "--structure", "France Services Rochefort Océan (démo)"); r.code != 1 || !strings.Contains(r.stderr, "pas de rôle") {
		t.Fatalf("a token only for one's own membership: %d %q", r.code, r.stderr)
	}
	base := serveInBackground(t, nil, "--data-dir", dir)
	req, _ := http.NewRequest("GET", base+"/api/v1/nulle-part", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("a valid token reaches the API: %d", res.StatusCode)
	}
	req.Header.Set("Authorization", "Bearer prc_faux")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a wrong token is refused: %d", res.StatusCode)
	}
}

func TestCommandsOnPostgres(t *testing.T) {
	url := storetest.PostgresURL(t)
	env := map[string]string{"PARCOURS_DATABASE_URL": url, "PARCOURS_DATA_DIR": t.TempDir()} // the safe's demo key and files
	if r := runCmd(t, env, "", "migrate"); r.code != 0 || !strings.Contains(r.stdout, "postgres") {
		t.Fatalf("migrate: %d %q", r.code, r.stderr)
	}
	if r := runCmd(t, env, "", "demo"); r.code != 0 {
		t.Fatalf("demo: %d %q", r.code, r.stderr)
	}
	base := serveInBackground(t, env)
	if code := login(t, base, demo.Email("coordination"), demo.Password); code != http.StatusSeeOther {
		t.Fatalf("login on PostgreSQL: %d", code)
	}
}

func TestMain(m *testing.M) {
	os.Exit(m.Run())
}
