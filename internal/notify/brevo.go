package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// BrevoEndpoint is Brevo's transactional SMS operation (it replaced
// POST /v3/transactionalSMS/sms, deprecated in 2025).
const BrevoEndpoint = "https://api.brevo.com/v3/transactionalSMS/send"

// Brevo sends SMS through Brevo (ex-Sendinblue), a French provider:
// POST a JSON body with the "api-key" header; 201 answers {"messageId": n},
// errors answer {"code": "…", "message": "…"}.
type Brevo struct {
	APIKey   string
	Sender   string // 11 letters or digits at most, as the recipient's phone shows it
	Endpoint string // empty: BrevoEndpoint
	Client   *http.Client
}

type brevoRequest struct {
	Sender         string `json:"sender"`
	Recipient      string `json:"recipient"`
	Content        string `json:"content"`
	Type           string `json:"type"`
	Tag            string `json:"tag,omitempty"`
	UnicodeEnabled bool   `json:"unicodeEnabled"`
}

// SendSMS sends one SMS; to is an E.164 number (+336…).
func (b *Brevo) SendSMS(ctx context.Context, to, text, tag string) (string, error) {
	body, err := json.Marshal(brevoRequest{
		Sender:         b.Sender,
		Recipient:      strings.TrimPrefix(to, "+"), // the country code, then the number
		Content:        text,
		Type:           "transactional",
		Tag:            tag,
		UnicodeEnabled: !IsGSM7(text),
	})
	if err != nil {
		return "", err
	}
	endpoint := b.Endpoint
	if endpoint == "" {
		endpoint = BrevoEndpoint
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("api-key", b.APIKey)
	req.Header.Set("accept", "application/json")
	req.Header.Set("content-type", "application/json")
	client := b.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	res, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("Brevo injoignable : %w", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if res.StatusCode/100 != 2 {
		var e struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(raw, &e)
		return "", fmt.Errorf("Brevo a refusé le SMS : HTTP %d %s %s", res.StatusCode, e.Code, e.Message)
	}
	var ok struct {
		MessageID json.Number `json:"messageId"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&ok); err != nil || ok.MessageID == "" {
		return "", fmt.Errorf("réponse de Brevo illisible (HTTP %d)", res.StatusCode)
	}
	return "brevo:" + ok.MessageID.String(), nil
}

// gsm7 is the GSM 03.38 basic character set and its extension table: a
// text made only of them travels as 160-character SMS, otherwise as
// 70-character unicode ones.
const gsm7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"

// IsGSM7 reports whether the text fits the GSM alphabet.
func IsGSM7(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune(gsm7, r) {
			return false
		}
	}
	return true
}

// SenderValid reports whether an SMS sender is acceptable to Brevo: 3 to
// 11 letters and digits, or a number of 3 to 15 digits.
func SenderValid(s string) bool {
	letters := false
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
			letters = true
		case r >= '0' && r <= '9':
		default:
			return false
		}
	}
	if letters {
		return len(s) >= 3 && len(s) <= 11
	}
	return len(s) >= 3 && len(s) <= 15
}
