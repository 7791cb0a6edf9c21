package notify

import (
	"errors"
	"net/mail"
	"strings"
)

// Config is how messages leave: SMTP for e-mail, Brevo for SMS. An empty
// host or key leaves that channel unconfigured: its messages stay in the
// outbox for staff to read.
type Config struct {
	SMTPHost     string
	SMTPPort     int
	SMTPTLS      string // starttls, tls or none
	SMTPUser     string
	SMTPPassword string
	SMTPFrom     string
	BrevoKey     string
	SMSSender    string
	BrevoURL     string // empty: BrevoEndpoint
}

// Validate checks the configuration; the messages name the command-line options.
func (c Config) Validate() error {
	var errs []string
	if c.SMTPHost != "" {
		if c.SMTPPort < 1 || c.SMTPPort > 65535 {
			errs = append(errs, "--smtp-port doit être un numéro de port (par exemple 587)")
		}
		switch c.SMTPTLS {
		case TLSStartTLS, TLSImplicit, TLSNone:
		default:
			errs = append(errs, "--smtp-tls doit valoir starttls, tls ou none")
		}
		if _, err := mail.ParseAddress(c.SMTPFrom); err != nil {
			errs = append(errs, "--smtp-from doit être une adresse d'expéditeur, par exemple « CCAS <ne-pas-repondre@exemple.fr> »")
		}
		if c.SMTPUser != "" && c.SMTPPassword == "" {
			errs = append(errs, "--smtp-user est donné sans mot de passe (PARCOURS_SMTP_PASSWORD)")
		}
	} else if c.SMTPUser != "" || c.SMTPPassword != "" {
		errs = append(errs, "--smtp-user et le mot de passe demandent --smtp-host")
	}
	if c.BrevoKey != "" && !SenderValid(c.SMSSender) {
		errs = append(errs, "--sms-sender doit faire 3 à 11 lettres ou chiffres, sans espace ni accent (par exemple CCASRochef)")
	}
	if c.BrevoKey == "" && c.BrevoURL != "" {
		errs = append(errs, "--sms-brevo-url demande une clé (--sms-brevo-key)")
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, " ; "))
	}
	return nil
}

// Email returns the SMTP sender, nil when e-mail is not configured.
func (c Config) Email() EmailSender {
	if c.SMTPHost == "" {
		return nil
	}
	return &SMTP{Host: c.SMTPHost, Port: c.SMTPPort, TLS: c.SMTPTLS, Username: c.SMTPUser, Password: c.SMTPPassword, From: c.SMTPFrom}
}

// SMS returns the Brevo sender, nil when SMS is not configured.
func (c Config) SMS() SMSSender {
	if c.BrevoKey == "" {
		return nil
	}
	return &Brevo{APIKey: c.BrevoKey, Sender: c.SMSSender, Endpoint: c.BrevoURL}
}
