package notify

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS modes of the SMTP connection.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS (port 587); refused if the server cannot
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no encryption: only for a relay on the same machine or network
)

// SMTP sends e-mails through an SMTP server (go-mail writes the MIME message
// and holds the SMTP conversation).
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
	msg, err := buildEmail(from, m, time.Now())
	if err != nil {
		return "", err
	}
	c, err := gomail.NewClient(s.Host, s.options(from)...)
	if err != nil {
		return "", fmt.Errorf("serveur SMTP %s : %w", s.addr(), err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		if s.TLS == TLSStartTLS && strings.Contains(err.Error(), "STARTTLS") {
			return "", fmt.Errorf("le serveur SMTP %s ne propose pas STARTTLS : choisissez --smtp-tls=tls ou none (%w)", s.addr(), err)
		}
		return "", fmt.Errorf("envoi par le serveur SMTP %s : %w", s.addr(), err)
	}
	return msg.GetMessageID(), nil
}

func (s *SMTP) addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// options sets the port, the TLS mode, the authentication and the timeout.
func (s *SMTP) options(from *mail.Address) []gomail.Option {
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	tlsConfig := s.TLSConfig
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
	}
	opts := []gomail.Option{gomail.WithPort(s.Port), gomail.WithTimeout(timeout), gomail.WithTLSConfig(tlsConfig), gomail.WithHELO(domainOf(from.Address))}
	switch s.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(s.Username), gomail.WithPassword(s.Password))
	}
	return opts
}

func domainOf(address string) string {
	if at := strings.LastIndex(address, "@"); at >= 0 && at < len(address)-1 {
		return address[at+1:]
	}
	return "localhost"
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("\r", " ", "\n", " ").Replace(s)), " ")
}

// buildEmail writes the message: UTF-8 text in quoted-printable and, when
// there is one, the calendar file attached.
func buildEmail(from *mail.Address, m EmailMessage, now time.Time) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	msg.FromMailAddress(from)
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("adresse du destinataire illisible : %w", err)
	}
	msg.Subject(oneLine(m.Subject))
	msg.SetDateWithValue(now)
	rnd := make([]byte, 12)
	_, _ = rand.Read(rnd)
	msg.SetMessageIDWithValue(hex.EncodeToString(rnd) + "@" + domainOf(from.Address))
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	if m.ListUnsubscribe != "" {
		msg.SetGenHeader(gomail.HeaderListUnsubscribe, "<"+oneLine(m.ListUnsubscribe)+">")
		if m.OneClick {
			msg.SetGenHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
		}
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.ICS != "" {
		name := m.ICSName
		if name == "" {
			name = "agenda.ics"
		}
		if err := msg.AttachReader(name, strings.NewReader(m.ICS), gomail.WithFileContentType("text/calendar; charset=utf-8; method=PUBLISH"),
			gomail.WithFileEncoding(gomail.EncodingB64)); err != nil {
			return nil, err
		}
	}
	return msg, nil
}
