package web

import (
	"context"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
)

// mailReferral queues the e-mail that gives a place without Parcours the
// signed link of an orientation: sent through SMTP when configured, kept in
// the outbox (/espace/agenda/envois) otherwise. The e-mail holds the
// service asked for and the link, never the person's name or reason: those
// are behind the link. It returns false when the place has no e-mail
// address (the sender then prints the fiche with its QR code). base is the
// public address links start with.
func (s *Server) mailReferral(ctx context.Context, base string, ref referral.Referral, kind notify.Kind) (bool, error) {
	if !ref.ViaLink() || ref.LinkExpiresAt.IsZero() {
		return false, nil
	}
	pl, err := s.store.Place(ctx, ref.ReceiverPlaceID)
	if err != nil || len(pl.Emails) == 0 {
		return false, err
	}
	secret, err := s.store.ReferralSecret(ctx)
	if err != nil {
		return false, err
	}
	link := base + "/orientation/" + referral.Sign(secret, ref.ID, ref.LinkExpiresAt)
	subject := "Orientation n° " + itoa64(ref.ID) + " : une personne vous est orientée"
	intro := ref.SenderName + " vous oriente une personne pour : " + ref.Service + "."
	if kind == notify.ReferralReminder {
		subject = "Rappel – " + subject
		intro = "Rappel : " + ref.SenderName + " attend votre réponse à l'orientation d'une personne pour : " + ref.Service + "."
	}
	body := "Bonjour,\n\n" + intro + "\n\n" +
		"Pour voir l'orientation et répondre, sans compte, ouvrez ce lien avant le " + frenchDate(ref.LinkExpiresAt) + " :\n" + link + "\n\n" +
		"Sans réponse, l'orientation expire 30 jours après son envoi.\n\nMerci.\n" + ref.SenderName
	m := notify.Message{StructureID: ref.SenderStructureID, Kind: kind, Channel: notify.Email, To: pl.Emails[0], Subject: subject, Body: body,
		Key: "orientation:" + itoa64(ref.ID) + ":" + strconv.FormatInt(ref.LinkExpiresAt.Unix(), 10)}
	if err := s.store.EnqueueMessages(ctx, scope.OfStructure(ref.SenderStructureID), []notify.Message{m}, s.cfg.Now()); err != nil {
		return false, err
	}
	s.agenda.Kick(ctx)
	return true, nil
}
