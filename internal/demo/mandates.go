package demo

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	mandatesvc "github.com/parcours-numerique/parcours/internal/service/mandates"
	trainingsvc "github.com/parcours-numerique/parcours/internal/service/training"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/factorstore"
	"github.com/parcours-numerique/parcours/internal/training"
)

// AidantEmail is the demo aidant's account: a mediator of the CCAS trained
// as an aidant, who signed the charter and logs in with a second factor
// (the demo key, FactorSecret); also the CCAS's manager (« responsable de la
// structure »).
const AidantEmail = "aidant@demo.parcours.test"

// AidantName is the demo aidant's name.
const AidantName = "Awa Aidante"

// MandatePersonFirst and MandatePersonLast name the demo person with no
// e-mail and no phone for whom a paper mandate was signed.
const (
	MandatePersonFirst = "Josiane"
	MandatePersonLast  = "Morel"
)

// loadMandates: the coordination records the aidant training and who took
// it (the demo aidant and the mediator), the aidant signs the charter and
// prepares a paper mandate for a person with no e-mail and no phone, who
// signs it; the aidant then makes one démarche with it.
func loadMandates(ctx context.Context, st *store.Store, t *Territory) error {
	ccas := t.Structures[CCAS]
	hash, err := passwordHash()
	if err != nil {
		return err
	}
	id, err := st.CreateUser(ctx, account.NewUser{Email: AidantEmail, Name: AidantName, StructureID: ccas, Role: account.RoleMediation}, hash, t.Now)
	if err != nil {
		return err
	}
	if err := factorstore.New(st).SetPendingFactor(ctx, id, FactorSecret); err != nil {
		return err
	}
	if err := factorstore.New(st).EnableFactor(ctx, id, 0, nil, t.Now); err != nil {
		return err
	}
	t.Aidant = id
	// The aidant also heads the CCAS's mediation team: the structure's
	// manager, who may correct and delete the mediator's activities.
	j := journal.Entry{UserID: t.Users[account.RoleAdmin], Who: "Démonstration", Action: journal.Update, What: AidantName + " (" + AidantEmail + ") est désormais responsable de la structure"}
	if err := st.SetManagerInTerritory(ctx, scope.Platform(), id, ccas, true, j, t.Now); err != nil {
		return err
	}
	coord, err := st.ActorForMembership(ctx, t.Users[account.RoleCoordination], ccas)
	if err != nil {
		return err
	}
	aidant, err := st.ActorForMembership(ctx, id, ccas)
	if err != nil {
		return err
	}
	clock := t.Now.AddDate(0, 0, -30)
	now := func() time.Time { return clock }
	tr := trainingsvc.New(st, now)
	course, err := tr.AddCourse(ctx, coord, training.Course{Title: "Aidants Connect : agir pour une personne avec un mandat", Kind: training.Aidant,
		Minutes: 7 * 60, Provider: "Organisme habilité Aidants Connect", Certificate: "Attestation de formation d'aidant"})
	if err != nil {
		return err
	}
	social, err := tr.AddCourse(ctx, coord, training.Course{Title: "Accompagner les publics en précarité numérique", Kind: training.General,
		Minutes: 30 * 60, Provider: "Centre de formation du travail social"})
	if err != nil {
		return err
	}
	for _, c := range []struct {
		course int64
		user   int64
		day    string
	}{{course.ID, id, clock.AddDate(0, 0, -10).Format("2006-01-02")}, {social.ID, id, clock.AddDate(0, -2, 0).Format("2006-01-02")},
		{social.ID, t.Users[account.RoleMediation], clock.AddDate(0, -2, 0).Format("2006-01-02")}} {
		if _, err := tr.RecordCompletion(ctx, coord, training.Completion{CourseID: c.course, UserID: c.user, CompletedOn: c.day, CertificateRef: ""}); err != nil {
			return err
		}
	}

	// The aidant confirmed the second factor when signing in.
	aidant.FactorAt = clock
	ms := mandatesvc.New(st, "", now)
	if err := ms.SignCharter(ctx, aidant, true); err != nil {
		return err
	}
	p := person.Person{StructureID: ccas, Kind: person.Followed, FirstName: MandatePersonFirst, LastName: MandatePersonLast, BirthYear: 1941,
		CommuneCode: CentreCode, SocialStatus: "retraite", Status: person.InProgress, CreatedBy: id}
	p.Normalize()
	if err := st.CreatePerson(ctx, aidant.Scope(), &p, nil, journal.By(aidant, journal.Create, "Démonstration"), clock); err != nil {
		return err
	}
	clock = clock.Add(20 * time.Minute)
	aidant.FactorAt = clock
	m, err := ms.Create(ctx, aidant, mandatesvc.NewMandate{PersonID: p.ID, Categories: []string{"social", "logement", "argent"}, Days: 365})
	if err != nil {
		return err
	}
	clock = clock.Add(10 * time.Minute)
	if err := ms.RecordSignature(ctx, aidant, m.ID, nil); err != nil {
		return err
	}
	clock = clock.AddDate(0, 0, 7)
	aidant.FactorAt = clock
	return ms.Use(ctx, aidant, m.ID, "logement", "Demande de logement social")
}
