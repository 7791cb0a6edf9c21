package persons

import (
	"context"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/access"
	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// Access formats of the right of access.
const (
	AccessPDF  = "pdf"
	AccessJSON = "json"
)

// AccessFile is a person's right of access: everything the structure keeps
// about them, in plain French, to hand over as a PDF or JSON file (format
// says which, for the journal). The handing over is journaled. Activity
// notes stay with their author, and the list of who read the file is the
// journal's export (an administrator's), as the roles decide.
func (s *Service) AccessFile(ctx context.Context, a *account.Actor, id int64, format string) (access.File, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return access.File{}, err
	}
	p, err := s.current(ctx, a, id)
	if err != nil {
		return access.File{}, err
	}
	consents, err := s.st.Consents(ctx, a.Scope(), id)
	if err != nil {
		return access.File{}, err
	}
	evals, events, err := s.Timeline(ctx, a, p)
	if err != nil {
		return access.File{}, err
	}
	bookings, err := s.st.PersonBookings(ctx, a.Scope(), id)
	if err != nil {
		return access.File{}, err
	}
	f := access.File{Structure: a.Membership.StructureName, PersonID: id, GeneratedAt: s.now()}
	if f.Structure == "" {
		if st, err := s.st.Structure(ctx, p.StructureID); err == nil {
			f.Structure = st.Name
		}
	}

	who := access.Section{Title: "Qui vous êtes", About: "Ce que nous savons de vous pour vous accompagner."}
	year := ""
	if p.BirthYear != 0 {
		year = strconv.Itoa(p.BirthYear)
	}
	var needs []string
	for _, n := range p.Needs {
		needs = append(needs, person.Label(person.Needs, n))
	}
	who.Add("Votre fiche", "Prénom", p.FirstName, "Nom", p.LastName, "Année de naissance", year,
		"Genre", person.Label(person.Genders, p.Gender), "Commune", p.CommuneLabel(), "Situation", person.Label(person.SocialStatuses, p.SocialStatus),
		"Téléphone", p.PhoneLabel(), "Courriel", p.Email, "Langue", p.Language, "Besoins", strings.Join(needs, ", "),
		"Suivi", p.StatusLabel(), "Fiche créée le", frtime.Date(p.CreatedAt), "Dernière modification le", frtime.Date(p.UpdatedAt))
	f.Sections = append(f.Sections, who)

	agree := access.Section{Title: "Vos accords", About: "Ce que vous avez accepté, avec la phrase exacte qui vous a été lue.", Empty: "Aucun accord enregistré."}
	for _, c := range consents {
		withdrawn := ""
		if !c.WithdrawnAt.IsZero() {
			withdrawn = frtime.Date(c.WithdrawnAt)
		}
		agree.Add(c.PurposeLabel(), "Donné le", frtime.Date(c.GivenAt), "Phrase acceptée", c.Wording, "Retiré le", withdrawn)
	}
	f.Sections = append(f.Sections, agree)

	evalSec := access.Section{Title: "Vos bilans", About: "Les points faits avec vous sur ce que vous savez faire avec le numérique.", Empty: "Aucun bilan."}
	for _, e := range evals {
		evalSec.Add("Bilan du "+frtime.Date(e.CreatedAt), "Ce qui vous amène", e.ThemeLabels(), "Démarches", e.ProcedureLabels(),
			"Équipement", e.EquipmentLabels(), "Résultat", e.ProfileLabel(), "Suite proposée", e.NextStepLabel())
	}
	f.Sections = append(f.Sections, evalSec)

	refSec := access.Section{Title: "Vos orientations", About: "Les structures vers lesquelles nous vous avons orienté·e, avec votre accord.", Empty: "Aucune orientation."}
	actSec := access.Section{Title: "Vos accompagnements", About: "Les aides reçues. Les notes des conseillers vous sont remises par eux.", Empty: "Aucun accompagnement enregistré."}
	for _, ev := range events {
		switch {
		case ev.Referral != nil:
			r := ev.Referral
			refSec.Add("Orientation du "+frtime.Date(r.CreatedAt), "Vers", r.ReceiverName, "Service", r.Service, "Comment vous joindre", r.ContactLabel(),
				"Coordonnées données", r.ContactValue, "Motif", r.Reason, "État", r.StateLabel())
		case ev.Activity != nil:
			ac := ev.Activity
			actSec.Add("Accompagnement du "+frtime.Date(ac.Day()), "Type", ac.TypeLabel(), "Sujets", activity.Labels(activity.Themes, ac.Themes))
		}
	}
	f.Sections = append(f.Sections, refSec, actSec)

	book := access.Section{Title: "Vos rendez-vous et ateliers", About: "Les rendez-vous pris pour vous et vos inscriptions aux ateliers.", Empty: "Aucun rendez-vous ni atelier."}
	for _, b := range bookings {
		if b.Appointment {
			book.Add("Rendez-vous du "+frtime.Date(b.At)+" à "+frtime.Clock(b.At), "Motif", b.Title, "Suite", agenda.Statuses.Label(b.Status))
		} else {
			book.Add("Atelier « "+b.Title+" »", "Inscription le", frtime.Date(b.At), "État", workshop.Statuses.Label(b.Status))
		}
	}
	f.Sections = append(f.Sections, book)
	if s.moreAccess != nil {
		more, err := s.moreAccess(ctx, a.Scope(), id)
		if err != nil {
			return access.File{}, err
		}
		f.Sections = append(f.Sections, more...)
	}

	f.Sections = append(f.Sections, access.Section{Title: "Vos droits", About: "Vous pouvez demander à corriger ou à effacer ces informations, et savoir qui a consulté votre dossier : demandez-le à l'accueil. " +
		"Si la réponse ne vous convient pas, vous pouvez écrire à la CNIL (cnil.fr)."})

	what := "Dossier remis à la personne (droit d'accès, " + strings.ToUpper(format) + ")"
	return f, s.journal(ctx, a, id, journal.Export, what)
}
