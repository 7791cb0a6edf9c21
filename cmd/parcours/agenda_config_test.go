package main

import (
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/notify"
)

// TestAgendaFlags checks the agenda's message settings: each bad
// value is one clear line and exit status 2; good ones reach the channels.
func TestAgendaFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"BadPort", nil, []string{"serve", "--smtp-host", "smtp.exemple.fr", "--smtp-port", "smtp"}, "--smtp-port doit être un numéro de port"},
		{"BadTLS", map[string]string{"PARCOURS_SMTP_HOST": "smtp.exemple.fr", "PARCOURS_SMTP_TLS": "ssl", "PARCOURS_SMTP_FROM": "a@b.fr"}, []string{"serve"}, "--smtp-tls doit valoir starttls, tls ou none"},
		{"NoSender", map[string]string{"PARCOURS_SMTP_HOST": "smtp.exemple.fr"}, []string{"serve"}, "--smtp-from doit être une adresse"},
		{"UserWithoutPassword", nil, []string{"serve", "--smtp-host", "smtp.exemple.fr", "--smtp-from", "a@b.fr", "--smtp-user", "ccas"}, "sans mot de passe"},
		{"SMSSenderTooLong", map[string]string{"PARCOURS_SMS_BREVO_KEY": "xkeysib-1"}, []string{"serve", "--sms-sender", "CCAS de Rochefort"}, "--sms-sender doit faire 3 à 11"},
		{"BadReminder", nil, []string{"serve", "--reminder-before", "deux jours"}, "--reminder-before doit être une durée"},
		{"SMSWithoutBaseURL", map[string]string{"PARCOURS_SMS_BREVO_KEY": "xkeysib-1", "PARCOURS_SMS_SENDER": "CCASRochef"}, []string{"serve"}, "les SMS sont activés (PARCOURS_SMS_BREVO_KEY) mais --base-url manque"},
		{"OfferTooShort", map[string]string{"PARCOURS_OFFER_DELAY": "5m"}, []string{"serve"}, "--offer-delay doit être une durée"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCmd(t, tc.env, "", tc.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Fatalf("exit %d, stderr %q (want one line with %q)", r.code, r.stderr, tc.want)
			}
		})
	}
	r := runCmd(t, nil, "", "serve", "-h")
	for _, env := range []string{"PARCOURS_SMTP_HOST", "PARCOURS_SMTP_PORT", "PARCOURS_SMTP_TLS", "PARCOURS_SMTP_USER", "PARCOURS_SMTP_PASSWORD",
		"PARCOURS_SMTP_FROM", "PARCOURS_SMS_BREVO_KEY", "PARCOURS_SMS_SENDER", "PARCOURS_SMS_BREVO_URL", "PARCOURS_REMINDER_BEFORE", "PARCOURS_OFFER_DELAY"} {
		if !strings.Contains(r.stdout, env) {
			t.Errorf("serve -h does not document %s", env)
		}
	}

	// Good values, from the environment as a deployment gives them.
	p := &program{getenv: func(k string) string {
		return map[string]string{"PARCOURS_SMTP_HOST": "smtp.exemple.fr", "PARCOURS_SMTP_PORT": "465", "PARCOURS_SMTP_TLS": "tls",
			"PARCOURS_SMTP_USER": "ccas", "PARCOURS_SMTP_PASSWORD": "secret", "PARCOURS_SMTP_FROM": "CCAS <rdv@exemple.fr>",
			"PARCOURS_SMS_BREVO_KEY": "xkeysib-1", "PARCOURS_SMS_SENDER": "CCASRochef", "PARCOURS_REMINDER_BEFORE": "24h"}[k]
	}}
	c := p.newCommand("serve", "serve")
	var a agendaFlags
	c.addAgendaFlags(&a)
	if err := c.parse(nil); err != nil {
		t.Fatal(err)
	}
	cfg, err := a.config(c)
	if err != nil {
		t.Fatal(err)
	}
	smtp, ok := cfg.Notify.Email().(*notify.SMTP)
	if !ok || smtp.Host != "smtp.exemple.fr" || smtp.Port != 465 || smtp.TLS != notify.TLSImplicit || smtp.Username != "ccas" || smtp.Password != "secret" {
		t.Fatalf("SMTP: %+v", cfg.Notify.Email())
	}
	brevo, ok := cfg.Notify.SMS().(*notify.Brevo)
	if !ok || brevo.APIKey != "xkeysib-1" || brevo.Sender != "CCASRochef" {
		t.Fatalf("SMS: %+v", cfg.Notify.SMS())
	}
	if cfg.ReminderBefore != 24*time.Hour || cfg.OfferDelay != 24*time.Hour {
		t.Fatalf("delays: %v %v", cfg.ReminderBefore, cfg.OfferDelay)
	}
}
