package safe

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/docsafe"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
)

// Holder is a person who proved, with a code sent by SMS, that they hold
// the phone of a safe: they read their own safes until Until. On a shared
// phone the access also ends SharedIdle after their last request (Seen).
type Holder struct {
	Phone  string
	Until  time.Time
	Shared bool
	Seen   time.Time
}

// Valid reports whether the holder's access still holds at now.
func (h Holder) Valid(now time.Time) bool {
	return h.Phone != "" && now.Before(h.Until) && (!h.Shared || now.Before(h.Seen.Add(SharedIdle)))
}

// Idle reports whether the access ended because a shared phone was left
// alone, rather than after HolderLife.
func (h Holder) Idle(now time.Time) bool {
	return h.Phone != "" && h.Shared && now.Before(h.Until) && !now.Before(h.Seen.Add(SharedIdle))
}

func phoneKey(phone string) string {
	h := sha256.Sum256([]byte("coffre-tel:" + phone))
	return hex.EncodeToString(h[:])
}

func codeHash(phone, code string) string {
	h := sha256.Sum256([]byte("coffre-code:" + phone + ":" + code))
	return hex.EncodeToString(h[:])
}

func tooMany(field string, until, now time.Time) error {
	wait := max(1, int(until.Sub(now).Round(time.Minute)/time.Minute))
	plural := ""
	if wait > 1 {
		plural = "s"
	}
	return &apperr.Error{Code: apperr.TooManyRequests, Message: "Trop d'essais.",
		Fields: []apperr.FieldError{{Field: field, Message: "Trop d'essais : réessayez dans " + strconv.Itoa(wait) + " minute" + plural + "."}}}
}

func readPhone(typed string) (string, error) {
	phone, ok := NormalizePhone(typed)
	if !ok || !notify.IsMobile(phone) {
		return "", apperr.Field("telephone", "Saisissez le numéro de votre téléphone portable, par exemple 06 12 34 56 78.")
	}
	return phone, nil
}

// RequestCode sends a one-time code by SMS to a phone that has a safe.
// The answer is the same whether it has one or not, so that the page does
// not tell who has a safe; each phone and each address may ask a few
// codes, then waits longer after each one.
func (s *Service) RequestCode(ctx context.Context, typedPhone, source string) error {
	if err := s.enabled(); err != nil {
		return err
	}
	phone, err := readPhone(typedPhone)
	if err != nil {
		return err
	}
	now := s.cfg.Now()
	until, err := s.base.ThrottleAttempt(ctx, now, account.ThrottleKeysSafeSMS(source, phone)...)
	if err != nil {
		return err
	}
	if !until.IsZero() {
		return tooMany("telephone", until, now)
	}
	structures, err := s.st.HolderStructures(ctx, phone)
	if err != nil || len(structures) == 0 {
		return err
	}
	code, err := newCode()
	if err != nil {
		return err
	}
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	key := "coffre-code:" + hex.EncodeToString(b)
	if err := s.st.AddCode(ctx, phoneKey(phone), codeHash(phone, code), key, now.Add(CodeLife), now); err != nil {
		return err
	}
	var sid int64
	var name string
	for id, n := range structures {
		if sid == 0 || id < sid {
			sid, name = id, n
		}
	}
	m := notify.Message{Kind: notify.SafeCode, Channel: notify.SMS, To: phone, Key: key,
		Body: "Votre code pour ouvrir votre coffre-fort numérique (" + name + ") : " + code + ". Il marche 10 minutes. Ne le donnez à personne."}
	if err := s.base.EnqueueMessages(ctx, scope.OfStructure(sid), []notify.Message{m}, now); err != nil {
		return err
	}
	if s.out != nil {
		s.out.Recorded(ctx)
	}
	return nil
}

// VerifyCode checks the code typed for a phone and returns the holder;
// shared says the phone is shared: the access then ends after SharedIdle
// without a request.
func (s *Service) VerifyCode(ctx context.Context, typedPhone, code, source string, shared bool) (Holder, error) {
	if err := s.enabled(); err != nil {
		return Holder{}, err
	}
	phone, err := readPhone(typedPhone)
	if err != nil {
		return Holder{}, err
	}
	code = strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, code)
	if len(code) != 6 {
		return Holder{}, apperr.Field("code", "Le code a 6 chiffres, par exemple 123456.")
	}
	now := s.cfg.Now()
	keys := account.ThrottleKeysSafeCode(source, phone)
	until, err := s.base.ThrottleAttempt(ctx, now, keys...)
	if err != nil {
		return Holder{}, err
	}
	if !until.IsZero() {
		return Holder{}, tooMany("code", until, now)
	}
	ok, err := s.st.UseCode(ctx, phoneKey(phone), codeHash(phone, code), now)
	if err != nil {
		return Holder{}, err
	}
	if !ok {
		return Holder{}, apperr.Field("code", "Ce code ne marche pas : il est faux ou a plus de 10 minutes. Vérifiez-le, ou demandez un nouveau code.")
	}
	// The phone's count starts again; a shared address only gets its try back.
	if err := s.base.ResetLoginFailures(ctx, keys[1]); err != nil {
		return Holder{}, err
	}
	if err := s.base.ForgiveAttempt(ctx, keys[0]); err != nil {
		return Holder{}, err
	}
	return Holder{Phone: phone, Until: now.Add(HolderLife), Shared: shared, Seen: now}, nil
}

func (s *Service) holder(h Holder) error {
	if err := s.enabled(); err != nil {
		return err
	}
	if !h.Valid(s.cfg.Now()) {
		return apperr.New(apperr.Unauthorized, "Votre accès au coffre-fort a pris fin : demandez un nouveau code.")
	}
	return nil
}

// HolderDocuments lists the holder's documents, in every safe of theirs.
func (s *Service) HolderDocuments(ctx context.Context, h Holder) ([]docsafe.Document, error) {
	if err := s.holder(h); err != nil {
		return nil, err
	}
	return s.st.HolderDocuments(ctx, h.Phone)
}

func (s *Service) holderDocument(ctx context.Context, h Holder, id int64) (docsafe.Document, error) {
	docs, err := s.HolderDocuments(ctx, h)
	if err != nil {
		return docsafe.Document{}, err
	}
	for _, d := range docs {
		if d.ID == id {
			return d, nil
		}
	}
	return docsafe.Document{}, apperr.NotFoundError()
}

func holderEntry(d docsafe.Document, action, what string, now time.Time) journal.Entry {
	return journal.Entry{Who: "La personne elle-même (code SMS)", PersonID: d.PersonID, Action: action, What: what, At: now}
}

// HolderDownload returns one of the holder's documents; the read is
// recorded and journaled.
func (s *Service) HolderDownload(ctx context.Context, h Holder, id int64) (docsafe.Document, []byte, error) {
	d, err := s.holderDocument(ctx, h, id)
	if err != nil {
		return d, nil, err
	}
	b, err := s.open(d)
	if err != nil {
		return d, nil, err
	}
	now := s.cfg.Now()
	j := holderEntry(d, journal.Read, "Coffre-fort : document lu par la personne ("+d.KindLabel()+")", now)
	if err := s.st.RecordAccess(ctx, scope.OfStructure(d.StructureID), d, docsafe.Access{By: docsafe.ByPerson}, j, now); err != nil {
		return d, nil, err
	}
	return d, b, nil
}

// HolderShare makes a share link for one of the holder's documents.
func (s *Service) HolderShare(ctx context.Context, h Holder, id int64, duration string) (Shared, error) {
	d, err := s.holderDocument(ctx, h, id)
	if err != nil {
		return Shared{}, err
	}
	return s.share(ctx, scope.OfStructure(d.StructureID), d, duration, func(what string) journal.Entry {
		return holderEntry(d, journal.Update, what, s.cfg.Now())
	})
}

// HolderRevoke ends a share link of one of the holder's documents.
func (s *Service) HolderRevoke(ctx context.Context, h Holder, id, shareID int64) error {
	d, err := s.holderDocument(ctx, h, id)
	if err != nil {
		return err
	}
	now := s.cfg.Now()
	return s.st.RevokeShare(ctx, scope.OfStructure(d.StructureID), d, shareID, holderEntry(d, journal.Update, "Coffre-fort : lien de partage retiré par la personne ("+d.KindLabel()+")", now), now)
}

// HolderDelete removes one of the holder's documents.
func (s *Service) HolderDelete(ctx context.Context, h Holder, id int64) error {
	d, err := s.holderDocument(ctx, h, id)
	if err != nil {
		return err
	}
	now := s.cfg.Now()
	if err := s.st.DeleteDocument(ctx, scope.OfStructure(d.StructureID), d, holderEntry(d, journal.Delete, "Coffre-fort : document supprimé par la personne ("+d.KindLabel()+")", now), now); err != nil {
		return err
	}
	_, err = s.Sweep(ctx)
	return err
}
