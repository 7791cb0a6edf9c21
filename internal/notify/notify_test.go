package notify

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"
)

var start = time.Date(2026, 3, 3, 8, 30, 0, 0, time.UTC) // mardi 3 mars, 9 h 30 à Paris

func sampleEvent(k Kind) Event {
	return Event{Kind: k, About: AboutAppointment, StructureName: "CCAS de Rochefort", Name: "Marie Dupont",
		Motive: "Dossier RSA", Start: start, End: start.Add(30 * time.Minute), PlaceName: "Espace numérique",
		Address: "25 rue de la République, 17300 Rochefort", PlaceHours: "Mo-Fr 09:00-12:00,13:30-17:00",
		Instructions: "Apportez votre téléphone.", Link: "https://parcours.test/mon-rendez-vous/abc", OptOutLink: "https://parcours.test/messages/arret/xyz"}
}

func TestComposeNeverLeaksTheMotiveBySMS(t *testing.T) {
	for _, k := range []Kind{Confirmation, Change, Cancellation, Reminder} {
		_, sms := Compose(sampleEvent(k), SMS)
		if strings.Contains(sms, "RSA") || strings.Contains(sms, "Marie") {
			t.Errorf("%s: the SMS names the motive or the person: %s", k, sms)
		}
		if !strings.HasPrefix(sms, "CCAS de Rochefort : ") || !strings.Contains(sms, "mardi 3 mars à 9 h 30") {
			t.Errorf("%s: %s", k, sms)
		}
		subject, mail := Compose(sampleEvent(k), Email)
		if subject == "" || !strings.Contains(mail, "Bonjour Marie Dupont,") || !strings.Contains(mail, "9 h 30") {
			t.Errorf("%s: %q\n%s", k, subject, mail)
		}
		if k != Cancellation && (!strings.Contains(mail, "25 rue de la République") || !strings.Contains(mail, "Horaires du lieu ce jour-là : mardi : 9 h – 12 h, 13 h 30 – 17 h.")) {
			t.Errorf("%s: address or hours missing:\n%s", k, mail)
		}
	}
	_, sms := Compose(sampleEvent(Confirmation), SMS)
	if want := "CCAS de Rochefort : rendez-vous confirmé le mardi 3 mars à 9 h 30. Lieu : Espace numérique, 25 rue de la République, 17300 Rochefort. Annuler : https://parcours.test/mon-rendez-vous/abc"; sms != want {
		t.Errorf("got  %s\nwant %s", sms, want)
	}
	discreet := sampleEvent(Confirmation)
	discreet.Motive = ""
	if _, m := Compose(discreet, Email); strings.Contains(m, "Pour :") {
		t.Errorf("a discreet motive is named:\n%s", m)
	}
	if _, m := Compose(sampleEvent(Confirmation), Email); !strings.Contains(m, "Pour : Dossier RSA.") || !strings.Contains(m, "https://parcours.test/messages/arret/xyz") {
		t.Errorf("e-mail:\n%s", m)
	}
}

func TestComposeWorkshopOffer(t *testing.T) {
	e := Event{Kind: Offer, About: AboutWorkshop, StructureName: "CCAS", Title: "Premiers pas sur la tablette", Start: start, End: start.Add(2 * time.Hour),
		Sessions: 8, PlaceName: "Salle des fêtes", Deadline: start.Add(-24 * time.Hour), Link: "https://x/mon-inscription/t"}
	_, sms := Compose(e, SMS)
	if !strings.Contains(sms, "une place se libère à l'atelier « Premiers pas sur la tablette »") || !strings.Contains(sms, "Confirmez avant le lundi 2 mars à 9 h 30") || !strings.Contains(sms, "Confirmer : https://x/mon-inscription/t") {
		t.Fatal(sms)
	}
	subject, body := Compose(e, Email)
	if subject != "Une place pour vous : Premiers pas sur la tablette" || !strings.Contains(body, "la place ira à la personne suivante") {
		t.Fatalf("%s\n%s", subject, body)
	}
}

func TestAddressesAndContactKeys(t *testing.T) {
	got := Addresses("+33612345678", " Marie@Exemple.FR ")
	if len(got) != 2 || got[0] != (Address{SMS, "+33612345678"}) || got[1] != (Address{Email, "marie@exemple.fr"}) {
		t.Fatalf("%v", got)
	}
	if a := Addresses("+33546000000", ""); len(a) != 0 {
		t.Fatalf("a landline gets no SMS: %v", a)
	}
	if k, ok := ContactKey("06 12 34 56 78"); !ok || k != "+33612345678" {
		t.Fatal(k)
	}
	if k, ok := ContactKey("Marie@Exemple.fr"); !ok || k != "marie@exemple.fr" {
		t.Fatal(k)
	}
	if _, ok := ContactKey("pas un contact"); ok {
		t.Fatal("accepted")
	}
}

func TestIsGSM7(t *testing.T) {
	if !IsGSM7("RDV confirmé le mardi 3 mars à 9 h 30.") || IsGSM7("Fête") || IsGSM7("ça") {
		t.Fatal("GSM 03.38")
	}
}

func TestConfigValidate(t *testing.T) {
	if err := (Config{}).Validate(); err != nil {
		t.Fatal(err)
	}
	err := Config{SMTPHost: "smtp.exemple.fr", SMTPTLS: "ssl", SMTPFrom: "pas une adresse", BrevoKey: "k", SMSSender: "CCAS de Rochefort"}.Validate()
	for _, want := range []string{"--smtp-port", "--smtp-tls", "--smtp-from", "--sms-sender"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("no message about %s: %v", want, err)
		}
	}
	c := Config{SMTPHost: "smtp.exemple.fr", SMTPPort: 587, SMTPTLS: TLSStartTLS, SMTPFrom: "CCAS <rdv@exemple.fr>", BrevoKey: "k", SMSSender: "CCASRochef"}
	if err := c.Validate(); err != nil || c.Email() == nil || c.SMS() == nil {
		t.Fatal(err)
	}
	if (Config{}).Email() != nil || (Config{}).SMS() != nil {
		t.Fatal("unconfigured channels must be nil: messages stay in the outbox")
	}
}

// The Brevo adapter against a server that checks what Brevo's API expects.
func TestBrevoSendsWhatTheAPIExpects(t *testing.T) {
	var got struct {
		method, path, key, accept, ctype string
		body                             map[string]any
	}
	fail := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.method, got.path, got.key, got.accept, got.ctype = r.Method, r.URL.Path, r.Header.Get("api-key"), r.Header.Get("accept"), r.Header.Get("content-type")
		_ = json.NewDecoder(r.Body).Decode(&got.body)
		if fail {
			w.WriteHeader(http.StatusPaymentRequired)
			io.WriteString(w, `{"code":"not_enough_credits","message":"Not enough credits"}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"messageId":1511882900176220}`)
	}))
	defer srv.Close()
	b := &Brevo{APIKey: "xkeysib-test", Sender: "CCASRochef", Endpoint: srv.URL + "/v3/transactionalSMS/send"}
	id, err := b.SendSMS(context.Background(), "+33612345678", "Rappel : rendez-vous le mardi 3 mars à 9 h 30.", "rappel")
	if err != nil || id != "brevo:1511882900176220" {
		t.Fatalf("%q %v", id, err)
	}
	if got.method != "POST" || got.path != "/v3/transactionalSMS/send" || got.key != "xkeysib-test" || got.accept != "application/json" || got.ctype != "application/json" {
		t.Fatalf("request: %+v", got)
	}
	want := map[string]any{"sender": "CCASRochef", "recipient": "33612345678", "content": "Rappel : rendez-vous le mardi 3 mars à 9 h 30.", "type": "transactional", "tag": "rappel", "unicodeEnabled": false}
	for k, v := range want {
		if got.body[k] != v {
			t.Errorf("%s = %v, want %v", k, got.body[k], v)
		}
	}
	if _, err := b.SendSMS(context.Background(), "+33612345678", "Fête", ""); err != nil || got.body["unicodeEnabled"] != true {
		t.Fatalf("unicode: %v %v", err, got.body)
	}
	fail = true
	if _, err := b.SendSMS(context.Background(), "+33612345678", "x", ""); err == nil || !strings.Contains(err.Error(), "402 not_enough_credits") {
		t.Fatalf("error: %v", err)
	}
}

// smtpServer is a small SMTP server speaking enough of RFC 5321 for a
// client: EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
type smtpServer struct {
	ln       net.Listener
	tls      *tls.Config
	starttls bool
	mu       sync.Mutex
	auth     string
	from, to string
	data     string
}

func newSMTPServer(t *testing.T, implicitTLS, starttls bool) (*smtpServer, *x509.CertPool) {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	ts.StartTLS() // borrows httptest's certificate for 127.0.0.1
	cert := ts.TLS.Certificates[0]
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	ts.Close()
	s := &smtpServer{tls: &tls.Config{Certificates: []tls.Certificate{cert}}, starttls: starttls}
	var err error
	if implicitTLS {
		s.ln, err = tls.Listen("tcp", "127.0.0.1:0", s.tls)
	} else {
		s.ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.ln.Close() })
	go func() {
		for {
			c, err := s.ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s, pool
}

func (s *smtpServer) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	r, w := bufio.NewReader(c), c
	reply := func(l string) { io.WriteString(w, l+"\r\n") }
	reply("220 test ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.TrimRight(line, "\r\n")
		up := strings.ToUpper(cmd)
		switch {
		case strings.HasPrefix(up, "EHLO"):
			reply("250-test")
			if s.starttls {
				reply("250-STARTTLS")
			}
			reply("250 AUTH PLAIN")
		case up == "STARTTLS":
			reply("220 go ahead")
			tc := tls.Server(c, s.tls)
			if tc.Handshake() != nil {
				return
			}
			c, r, w = tc, bufio.NewReader(tc), tc
		case strings.HasPrefix(up, "AUTH PLAIN"):
			b, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(cmd[len("AUTH PLAIN"):]))
			s.mu.Lock()
			s.auth = string(b)
			s.mu.Unlock()
			reply("235 ok")
		case strings.HasPrefix(up, "MAIL FROM:"):
			s.mu.Lock()
			s.from = cmd[len("MAIL FROM:"):]
			s.mu.Unlock()
			reply("250 ok")
		case strings.HasPrefix(up, "RCPT TO:"):
			s.mu.Lock()
			s.to = cmd[len("RCPT TO:"):]
			s.mu.Unlock()
			reply("250 ok")
		case up == "DATA":
			reply("354 end with .")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			s.mu.Lock()
			s.data = b.String()
			s.mu.Unlock()
			reply("250 queued")
		case up == "RSET" || up == "NOOP":
			reply("250 ok")
		case up == "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 unknown")
		}
	}
}

// A letter's unsubscribe link works with a POST alone: mail clients show
// their one-click button (RFC 8058).
func TestSMTPOneClickUnsubscribe(t *testing.T) {
	srv, _ := newSMTPServer(t, false, false)
	s := &SMTP{Host: "127.0.0.1", Port: srv.port(), TLS: TLSNone, From: "Réseau <lettre@ccas.exemple.fr>", Timeout: 10 * time.Second}
	if _, err := s.SendEmail(context.Background(), EmailMessage{To: "partenaire@exemple.fr", Subject: "Quoi de neuf", Text: "Bonjour",
		ListUnsubscribe: "https://parcours.test/lettres/desabonnement/abc", OneClick: true}); err != nil {
		t.Fatal(err)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	m, err := mail.ReadMessage(strings.NewReader(srv.data))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get("List-Unsubscribe") != "<https://parcours.test/lettres/desabonnement/abc>" || m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Fatalf("headers %v", m.Header)
	}
}

func TestSMTPDelivers(t *testing.T) {
	msg := EmailMessage{To: "marie@exemple.fr", Subject: "Votre rendez-vous du mardi 3 mars à 9 h 30", Text: "Bonjour,\n\nVotre rendez-vous est confirmé.\n",
		ICS: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", ICSName: "rendez-vous.ics", ListUnsubscribe: "https://parcours.test/messages/arret/xyz"}
	for _, tc := range []struct {
		name      string
		mode      string
		implicit  bool
		starttls  bool
		user      string
		wantError string
	}{
		{name: "StartTLSWithAuth", mode: TLSStartTLS, starttls: true, user: "ccas"},
		{name: "ImplicitTLS", mode: TLSImplicit, implicit: true, user: "ccas"},
		{name: "PlainLocalRelay", mode: TLSNone},
		{name: "StartTLSRequired", mode: TLSStartTLS, wantError: "ne propose pas STARTTLS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, pool := newSMTPServer(t, tc.implicit, tc.starttls)
			s := &SMTP{Host: "127.0.0.1", Port: srv.port(), TLS: tc.mode, Username: tc.user, Password: "secret", From: "CCAS de Rochefort <rdv@ccas.exemple.fr>",
				TLSConfig: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}, Timeout: 10 * time.Second}
			id, err := s.SendEmail(context.Background(), msg)
			if tc.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantError) {
					t.Fatalf("error %v, want %q", err, tc.wantError)
				}
				return
			}
			if err != nil || !strings.HasSuffix(id, "@ccas.exemple.fr>") {
				t.Fatalf("%q %v", id, err)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if srv.from != "<rdv@ccas.exemple.fr>" || srv.to != "<marie@exemple.fr>" {
				t.Fatalf("envelope %q %q", srv.from, srv.to)
			}
			if tc.user != "" && srv.auth != "\x00ccas\x00secret" {
				t.Fatalf("auth %q", srv.auth)
			}
			m, err := mail.ReadMessage(strings.NewReader(srv.data))
			if err != nil {
				t.Fatal(err)
			}
			subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
			if subject != msg.Subject || m.Header.Get("List-Unsubscribe") != "<https://parcours.test/messages/arret/xyz>" || m.Header.Get("Message-Id") != id ||
				m.Header.Get("List-Unsubscribe-Post") != "" {
				t.Fatalf("headers %v", m.Header)
			}
			_, params, _ := mime.ParseMediaType(m.Header.Get("Content-Type"))
			mr := multipart.NewReader(m.Body, params["boundary"])
			text, err := mr.NextPart()
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(text) // multipart decodes quoted-printable
			if !strings.Contains(string(body), "Votre rendez-vous est confirmé.") {
				t.Fatalf("text %q", body)
			}
			att, err := mr.NextPart()
			if err != nil || att.FileName() != "rendez-vous.ics" || !strings.HasPrefix(att.Header.Get("Content-Type"), "text/calendar") {
				t.Fatalf("attachment %v %v", err, att)
			}
			raw, _ := io.ReadAll(att)
			ics, _ := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(raw), "\r\n", ""))
			if string(ics) != msg.ICS {
				t.Fatalf("ics %q", ics)
			}
		})
	}
}

func TestIsMobile(t *testing.T) {
	for n, want := range map[string]bool{"+33612345678": true, "+33712345678": true, "+262639980101": true, "+262692123456": true, "+596696123456": true,
		"+33546000000": false, "+3361234567": false, "+262262123456": false, "": false} {
		if IsMobile(n) != want {
			t.Errorf("%s: %v", n, !want)
		}
	}
}
