package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// TLS modes of the SMTP connection.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS (port 587); refused if the server cannot
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no encryption: only for a relay on the same machine or network
)

// SMTP sends e-mails through an SMTP server (net/smtp).
type SMTP struct {
	Host      string
	Port      int
	TLS       string
	Username  string // empty: no authentication
	Password  string
	From      string      // "Parcours <no-reply@exemple.fr>"
	TLSConfig *tls.Config // nil: the system's roots, ServerName = Host
	Timeout   time.Duration
}

// SendEmail delivers one message; it returns its Message-ID.
func (s *SMTP) SendEmail(ctx context.Context, m EmailMessage) (string, error) {
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return "", fmt.Errorf("adresse d'expéditeur SMTP illisible : %w", err)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return "", fmt.Errorf("adresse du destinataire illisible : %w", err)
	}
	id, raw, err := buildEmail(from, to, m, time.Now())
	if err != nil {
		return "", err
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	tlsConfig := s.TLSConfig
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
	}
	d := &net.Dialer{}
	var conn net.Conn
	if s.TLS == TLSImplicit {
		conn, err = (&tls.Dialer{NetDialer: d, Config: tlsConfig}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return "", fmt.Errorf("connexion au serveur SMTP %s : %w", addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return "", fmt.Errorf("serveur SMTP %s : %w", addr, err)
	}
	defer c.Close()
	if err := c.Hello(heloName(from.Address)); err != nil {
		return "", fmt.Errorf("SMTP EHLO : %w", err)
	}
	if s.TLS == TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return "", errors.New("le serveur SMTP ne propose pas STARTTLS : choisissez --smtp-tls=tls ou none")
		}
		if err := c.StartTLS(tlsConfig); err != nil {
			return "", fmt.Errorf("SMTP STARTTLS : %w", err)
		}
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return "", fmt.Errorf("SMTP authentification : %w", err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return "", fmt.Errorf("SMTP MAIL FROM : %w", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return "", fmt.Errorf("SMTP RCPT TO : %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return "", fmt.Errorf("SMTP DATA : %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return "", fmt.Errorf("SMTP DATA : %w", err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("SMTP DATA : %w", err)
	}
	_ = c.Quit()
	return id, nil
}

func heloName(from string) string {
	if at := strings.LastIndex(from, "@"); at >= 0 && at < len(from)-1 {
		return from[at+1:]
	}
	return "localhost"
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("\r", " ", "\n", " ").Replace(s)), " ")
}

// buildEmail writes the MIME message: text in quoted-printable UTF-8 and,
// when there is one, the calendar file as an attachment.
func buildEmail(from, to *mail.Address, m EmailMessage, now time.Time) (string, []byte, error) {
	rnd := make([]byte, 12)
	_, _ = rand.Read(rnd)
	id := "<" + hex.EncodeToString(rnd) + "@" + heloName(from.Address) + ">"
	var buf bytes.Buffer
	h := func(k, v string) { buf.WriteString(k + ": " + v + "\r\n") }
	h("From", from.String())
	h("To", to.String())
	h("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	h("Date", now.Format(time.RFC1123Z))
	h("Message-ID", id)
	h("MIME-Version", "1.0")
	h("Auto-Submitted", "auto-generated")
	if m.ListUnsubscribe != "" {
		h("List-Unsubscribe", "<"+oneLine(m.ListUnsubscribe)+">")
	}
	mw := multipart.NewWriter(&buf)
	h("Content-Type", "multipart/mixed; boundary="+mw.Boundary())
	buf.WriteString("\r\n")
	text, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return "", nil, err
	}
	qp := quotedprintable.NewWriter(text)
	if _, err := qp.Write([]byte(strings.ReplaceAll(m.Text, "\n", "\r\n"))); err != nil {
		return "", nil, err
	}
	if err := qp.Close(); err != nil {
		return "", nil, err
	}
	if m.ICS != "" {
		name := m.ICSName
		if name == "" {
			name = "agenda.ics"
		}
		att, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {`text/calendar; charset=utf-8; method=PUBLISH; name="` + name + `"`},
			"Content-Disposition":       {`attachment; filename="` + name + `"`},
			"Content-Transfer-Encoding": {"base64"},
		})
		if err != nil {
			return "", nil, err
		}
		enc := base64.StdEncoding.EncodeToString([]byte(m.ICS))
		for len(enc) > 76 {
			att.Write([]byte(enc[:76] + "\r\n"))
			enc = enc[76:]
		}
		att.Write([]byte(enc + "\r\n"))
	}
	if err := mw.Close(); err != nil {
		return "", nil, err
	}
	return id, buf.Bytes(), nil
}
