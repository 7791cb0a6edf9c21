package signedlink

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSignVerify(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	key := []byte("0123456789abcdef0123456789abcdef")
	ref := New(key, "orientation")
	tok := ref.Sign(42, now.Add(8*24*time.Hour))
	id, exp, err := ref.Verify(tok, now)
	if err != nil || id != 42 || !exp.Equal(now.Add(8*24*time.Hour)) {
		t.Fatalf("verify: %d %v %v", id, exp, err)
	}
	if _, _, err := ref.Verify(tok, now.Add(9*24*time.Hour)); !errors.Is(err, ErrExpired) {
		t.Fatalf("expired link: %v", err)
	}
	if _, _, err := New(key, "rendez-vous").Verify(tok, now); !errors.Is(err, ErrInvalid) {
		t.Fatalf("other purpose accepted: %v", err)
	}
	if _, _, err := New([]byte("another key, 32 bytes long......"), "orientation").Verify(tok, now); !errors.Is(err, ErrInvalid) {
		t.Fatalf("other key accepted: %v", err)
	}
	forever := ref.Sign(7, time.Time{})
	if id, exp, err := ref.Verify(forever, now.AddDate(10, 0, 0)); err != nil || id != 7 || !exp.IsZero() {
		t.Fatalf("link without expiry: %d %v %v", id, exp, err)
	}
	// Any change of one character is refused.
	for i := range tok {
		b := []byte(tok)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		if _, _, err := ref.Verify(string(b), now); err == nil && string(b) != tok {
			t.Fatalf("altered token %q accepted", b)
		}
	}
	for _, bad := range []string{"", ".", "abc", strings.Repeat("A", 22) + "." + strings.Repeat("A", 27)} {
		if _, _, err := ref.Verify(bad, now); !errors.Is(err, ErrInvalid) {
			t.Fatalf("%q: %v", bad, err)
		}
	}
}

func FuzzVerify(f *testing.F) {
	key := []byte("0123456789abcdef0123456789abcdef")
	s := New(key, "x")
	f.Add(s.Sign(1, time.Time{}))
	f.Add("a.b")
	f.Fuzz(func(t *testing.T, tok string) {
		id, _, err := s.Verify(tok, time.Unix(0, 0))
		if err == nil && (id <= 0 || s.Sign(id, time.Time{}) == "") {
			t.Fatalf("accepted %q with id %d", tok, id)
		}
	})
}
