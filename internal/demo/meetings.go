package demo

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/meetingstore"
)

// loadMeetings plans the next committee of the network's actors, and keeps
// the minutes of the previous one, whose attendance is still to record.
func loadMeetings(ctx context.Context, st *store.Store, t *Territory) error {
	ms := meetingstore.New(st)
	tc := scope.OfTerritory(t.ID)
	j := journal.Entry{ActorStructureID: t.Structures[CCAS], UserID: t.Users[account.RoleCoordination], Who: "Démonstration", Action: journal.Create, What: "Réunion de démonstration"}
	day := func(days int) time.Time {
		d := t.Now.In(frtime.Paris).AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), 14, 0, 0, 0, frtime.Paris)
	}
	invited := []meeting.Invitation{{StructureID: t.Structures[FranceServices]}, {StructureID: t.Structures[SocialCentre]}, {StructureID: t.Structures[Library]},
		{UserID: t.Users[account.RolePartner]}}
	next := meeting.Meeting{StructureID: t.Structures[CCAS], Title: "Comité des acteurs du numérique", Start: day(10), End: day(10).Add(2 * time.Hour),
		Location: "Salle du conseil, CCAS de Rochefort", AnimationType: "comite", Invitations: invited,
		Agenda: "1. Bilan des permanences de l'automne\n2. Formation des aidants numériques\n3. Lettre du réseau : ce que chacun veut y annoncer"}
	if err := ms.Create(ctx, tc, &next, j, t.Now); err != nil {
		return err
	}
	past := meeting.Meeting{StructureID: t.Structures[CCAS], Title: "Groupe de travail « orientations »", Start: day(-20), End: day(-20).Add(90 * time.Minute),
		Location: "France Services Rochefort Océan", AnimationType: "groupe_de_travail", Invitations: invited[:2],
		Agenda: "1. Orientations refusées : pourquoi\n2. Fiche de liaison commune"}
	if err := ms.Create(ctx, tc, &past, j, t.Now); err != nil {
		return err
	}
	past.Minutes = "Les orientations refusées le sont surtout faute de créneau dans la semaine. Une fiche de liaison commune est adoptée."
	past.Decisions = []meeting.Decision{
		{Text: "Ouvrir un créneau d'accueil sans rendez-vous le mercredi matin", StructureID: t.Structures[FranceServices], Due: t.Now.AddDate(0, 1, 0).Format(meeting.DateLayout)},
		{Text: "Diffuser la fiche de liaison à tous les partenaires", StructureID: t.Structures[CCAS]},
	}
	return ms.SetMinutes(ctx, tc, past, j, t.Now)
}
