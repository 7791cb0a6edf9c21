package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// cutProxy is a TCP proxy between the application and PostgreSQL that the
// test cuts (every connection dropped, new ones closed at once) and
// restores, without touching the server other tests use.
type cutProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	cut    bool
	conns  map[net.Conn]bool
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.setCut(true) })
	go p.serve()
	return p
}

func (p *cutProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.cut {
			p.mu.Unlock()
			c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns[c], p.conns[up] = true, true
		p.mu.Unlock()
		go p.pipe(c, up)
		go p.pipe(up, c)
	}
}

func (p *cutProxy) pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
	p.mu.Lock()
	delete(p.conns, dst)
	delete(p.conns, src)
	p.mu.Unlock()
}

// setCut drops every connection and refuses new ones (true), or lets
// them through again (false).
func (p *cutProxy) setCut(cut bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = cut
	if cut {
		for c := range p.conns {
			c.Close()
		}
	}
}

// While PostgreSQL cannot be reached, pages and the API answer 503 with
// Retry-After and a plain message, never 500; every write the server
// acknowledged is there afterwards, and the service recovers by itself.
func TestDatabaseOutageUnderLoad(t *testing.T) {
	t.Parallel()
	direct := storetest.PostgresDatabaseURL(t)
	u, _ := url.Parse(direct)
	proxy := newCutProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	st, err := store.Open(context.Background(), store.Config{DatabaseURL: u.String()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := newSite(t, st)
	token := s.token(account.RoleMediation, s.demo.Structures[demo.CCAS])
	staff := s.login(account.RoleMediation)

	var (
		mu             sync.Mutex
		acknowledged   []string
		statuses       = map[int]int{}
		seq            atomic.Int64
		badUnavailable []string
	)
	record := func(status int, res *http.Response, body string) {
		mu.Lock()
		defer mu.Unlock()
		statuses[status]++
		if status == http.StatusServiceUnavailable && (res.Header.Get("Retry-After") != "60" || !strings.Contains(body, "Le service est momentanément indisponible, réessayez dans une minute")) {
			badUnavailable = append(badUnavailable, fmt.Sprintf("%s %s: Retry-After %q, %.200s", res.Request.Method, res.Request.URL.Path, res.Header.Get("Retry-After"), body))
		}
	}
	write := func() {
		n := seq.Add(1)
		name := fmt.Sprintf("Panne%c%c%c", 'a'+n%26, 'a'+n/26%26, 'a'+n/676%26)
		req, _ := http.NewRequest("POST", s.http.URL+"/api/v1/personnes", strings.NewReader(`{"suivi":"suivie","prenom":"`+name+`","nom":"Coupure`+fmt.Sprint(n)+`","consentements":["suivi"]}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		record(res.StatusCode, res, string(b))
		if res.StatusCode == http.StatusCreated {
			mu.Lock()
			acknowledged = append(acknowledged, name)
			mu.Unlock()
		}
	}
	read := func(c *http.Client, path string) {
		req, _ := http.NewRequest("GET", s.http.URL+path, nil)
		res, err := c.Do(req)
		if err != nil {
			t.Error(err)
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		record(res.StatusCode, res, string(b))
	}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				switch i {
				case 0, 1:
					write()
				case 2:
					read(staff, "/espace/personnes")
				default:
					read(s.client(), "/connexion")
				}
			}
		}()
	}
	queued := map[int64]string{}
	for _, m := range s.outbox() {
		queued[m.ID] = m.Status
	}
	time.Sleep(2 * time.Second)
	proxy.setCut(true)
	time.Sleep(2 * time.Second)
	s.srv.RunAgendaChores(context.Background()) // the background jobs meet the outage
	time.Sleep(2 * time.Second)
	mu.Lock()
	during := statuses[http.StatusServiceUnavailable]
	mu.Unlock()
	proxy.setCut(false)
	restored := time.Now()
	// the service recovers by itself: a write succeeds again
	for {
		mu.Lock()
		before := len(acknowledged)
		mu.Unlock()
		time.Sleep(100 * time.Millisecond)
		mu.Lock()
		after := len(acknowledged)
		mu.Unlock()
		if after > before {
			break
		}
		if time.Since(restored) > 10*time.Second {
			t.Fatal("no write succeeded 10 s after the database came back")
		}
	}
	recovery := time.Since(restored)
	s.srv.RunAgendaChores(context.Background()) // and run again once it is over
	after := map[int64]bool{}
	for _, m := range s.outbox() {
		after[m.ID] = true
	}
	lostMessages := 0
	for id := range queued {
		if !after[id] {
			lostMessages++
		}
	}
	if lostMessages != 0 || len(queued) == 0 {
		t.Errorf("%d of %d queued messages lost by the background jobs during the outage", lostMessages, len(queued))
	}
	time.Sleep(time.Second)
	close(stop)
	wg.Wait()

	db, err := sql.Open("pgx", direct)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored := map[string]bool{}
	rows, err := db.Query("SELECT first_name FROM persons WHERE first_name LIKE 'Panne%'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		stored[n] = true
	}
	rows.Close()
	lost := 0
	for _, n := range acknowledged {
		if !stored[n] {
			lost++
		}
	}
	t.Logf("answers %v; %d writes acknowledged, %d lost; 503 during the outage: %d; recovery %v; %d queued messages, %d lost",
		statuses, len(acknowledged), lost, during, recovery.Round(10*time.Millisecond), len(queued), lostMessages)
	if lost != 0 {
		t.Errorf("%d acknowledged writes lost", lost)
	}
	if n := statuses[http.StatusInternalServerError]; n != 0 {
		t.Errorf("%d answers 500 during the outage", n)
	}
	if during == 0 {
		t.Error("no 503 while the database was cut: the outage was not seen")
	}
	for _, b := range badUnavailable {
		t.Error(b)
	}
}
