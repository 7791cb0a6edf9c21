package demo

import (
	"bytes"
	"context"

	"github.com/go-pdf/fpdf"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/partnership"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/partnershipstore"
)

// AgreementObject is the demo's convention with partners.
const AgreementObject = "Prêt de tablettes aux habitants des communes rurales (démo)"

// loadPartnerships adds a convention between the CCAS, France Services and
// an outside partner, with its signed PDF, ending in four months; the
// charter of the territory's actors, signed by the CCAS; and the
// action plan's first proposals from the diagnostic, one of them an action
// led by France Services with the CCAS, an indicator and an interim review.
func loadPartnerships(ctx context.Context, st *store.Store, t *Territory) error {
	ps, now := partnershipstore.New(st), t.Now
	ccas, fs := t.Structures[CCAS], t.Structures[FranceServices]
	terr := scope.OfTerritory(t.ID)
	j := journal.Entry{StructureID: ccas, ActorStructureID: ccas, UserID: t.Users[account.RoleCoordination], Who: "Démonstration", Action: journal.Create, What: "Plan d'action et conventions de démonstration", At: now}
	day := func(months, days int) string {
		return now.In(frtime.Paris).AddDate(0, months, days).Format(partnership.DayLayout)
	}
	pdf, err := demoConventionPDF()
	if err != nil {
		return err
	}
	a := partnership.Agreement{Object: AgreementObject, Partners: "Atelier solidaire du reconditionnement (démo)",
		Parties: []partnership.Party{{StructureID: ccas}, {StructureID: fs}}, StartsOn: day(-2, 0), EndsOn: day(4, 0), RemindDays: 45,
		RemindTo: t.Users[account.RoleCoordination], PDFName: "convention-tablettes-signee.pdf"}
	if err := ps.CreateAgreement(ctx, terr, scope.OfStructure(ccas), &a, pdf, j, now); err != nil {
		return err
	}
	// The charter of the territory's actors, signed by the CCAS.
	c := partnership.CharterVersion{PublishedOn: day(-1, 0), Body: "Les structures signataires accueillent toute personne en difficulté avec le numérique, sans condition, et l'orientent vers le lieu qui répond à son besoin.\n\n" +
		"Elles partagent leurs ressources, leurs créneaux et leurs formations avec les autres acteurs du territoire.\n\n" +
		"Elles respectent les personnes : elles ne font pas à leur place sans mandat, et ne gardent que les informations utiles à leur accompagnement."}
	if err := ps.PublishCharter(ctx, terr, &c, j, now); err != nil {
		return err
	}
	g := partnership.CharterSignature{SignerName: "Hélène Directrice (démo)", SignerRole: "Directrice du CCAS", SignedOn: day(-1, 3)}
	if err := ps.SignCharter(ctx, scope.OfStructure(ccas), c.ID, &g, t.Users[account.RoleCoordination], j, now); err != nil {
		return err
	}
	for i, body := range []string{
		"Équiper les personnes qui n'ont ni ordinateur ni smartphone",
		"Former les travailleurs sociaux au repérage des difficultés numériques",
		"Ouvrir une permanence numérique dans chaque commune de plus de 2 000 habitants",
	} {
		p := partnership.Proposal{Body: body, Origin: "Diagnostic du territoire, atelier des acteurs"}
		if err := ps.CreateProposal(ctx, terr, &p, j, now); err != nil {
			return err
		}
		if i != 0 {
			continue
		}
		act := partnership.Action{ProposalID: p.ID, Title: "Prêter des tablettes aux habitants des communes rurales", LeadID: fs,
			CoLeads: []partnership.Party{{StructureID: ccas}}, Status: partnership.ToStart}
		if err := ps.CreateAction(ctx, terr, &act, j, now); err != nil {
			return err
		}
		ind := partnership.Indicator{ActionID: act.ID, Name: "Tablettes prêtées", Target: 40, Current: 12}
		if err := ps.AddIndicator(ctx, terr, &ind, j, now); err != nil {
			return err
		}
		v := partnership.Review{ActionID: act.ID, On: day(0, -7), Body: "Douze tablettes prêtées depuis la signature de la convention ; la médiathèque propose d'accueillir les retours.",
			StatusAfter: partnership.Ongoing, Author: "Camille Coordinatrice"}
		if err := ps.AddReview(ctx, terr, &v, j, now); err != nil {
			return err
		}
	}
	return nil
}

// demoConventionPDF is a one-page signed convention, for the demo.
func demoConventionPDF() ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 14)
	pdf.MultiCell(0, 8, tr("Convention de partenariat (exemple de démonstration)"), "", "L", false)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, tr(AgreementObject+". Signée par les parties."), "", "L", false)
	var b bytes.Buffer
	err := pdf.Output(&b)
	return b.Bytes(), err
}
