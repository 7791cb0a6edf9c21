package demo

import (
	"bytes"
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/docsafe"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/pdfdoc"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/safe"
	"github.com/parcours-numerique/parcours/internal/store"
)

// SafeHolderPhone is the mobile of the demo person whose safe is open: the
// code to open it lands in the outbox page (no SMS is sent in the demo).
var SafeHolderPhone = demoMobile(500)

// LoadSafe opens the safe of a demo person of the CCAS, with her consent,
// and stores a residence permit expiring in three months: its reminder is
// due at once. Without a territory key the safe is off and nothing is added.
func LoadSafe(ctx context.Context, st *store.Store, svc *safe.Service, t *Territory) error {
	if !svc.Enabled() || t == nil {
		return nil
	}
	ccas := t.Structures[CCAS]
	mediator, err := st.ActorForMembership(ctx, t.Users[account.RoleMediation], ccas)
	if err != nil {
		return err
	}
	p := person.Person{StructureID: ccas, Kind: person.Followed, FirstName: "Awa", LastName: "Traoré", BirthYear: 1990, Gender: "feminin",
		CommuneCode: t.Centre.Code, SocialStatus: "en_emploi", Phone: SafeHolderPhone, Status: person.InProgress, CreatedBy: mediator.User.ID}
	p.Normalize()
	var consents []person.Consent
	for _, purpose := range []string{person.ConsentFollow, person.ConsentSMS} {
		c, _ := person.NewConsent(purpose, mediator.Membership.StructureName)
		c.CollectedBy = mediator.User.ID
		consents = append(consents, c)
	}
	if err := st.CreatePerson(ctx, scope.OfStructure(ccas), &p, consents, journal.By(mediator, journal.Create, "Démonstration"), t.Now.AddDate(0, 0, -14)); err != nil {
		return err
	}
	if _, err := svc.Open(ctx, mediator, p.ID, true); err != nil {
		return err
	}
	expires := t.Now.AddDate(0, 3, 0).Format("2006-01-02")
	_, err = svc.Upload(ctx, mediator, p.ID, safe.Upload{Kind: docsafe.KindResidence, Title: "Titre de séjour (démonstration)", ExpiresOn: expires, Data: demoPermit(t.Now, expires)})
	return err
}

// demoPermit is a one-page PDF that says it is a demonstration.
func demoPermit(now time.Time, expires string) []byte {
	d := pdfdoc.New("Titre de séjour - document de démonstration", now)
	d.SetFont("Helvetica", "B", 16)
	d.MultiCell(d.Width, 9, d.T("Titre de séjour — document de démonstration"), "", "L", false)
	d.SetFont("Helvetica", "", 12)
	d.MultiCell(d.Width, 7, d.T("Personne fictive : Awa Traoré. Ce document n'a aucune valeur. Fin de validité : "+expires+"."), "", "L", false)
	var buf bytes.Buffer
	_ = d.Output(&buf)
	return buf.Bytes()
}
