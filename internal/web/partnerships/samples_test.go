package partnerships

import (
	"testing"

	"github.com/parcours-numerique/parcours/internal/partnership"
	svc "github.com/parcours-numerique/parcours/internal/service/partnerships"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

func sampleAction() partnership.Action {
	return partnership.Action{ID: 3, ProposalID: 2, Title: "Former <b>30</b> travailleurs sociaux", LeadID: 1, LeadName: "CCAS <i>Rochefort</i>", Status: partnership.Ongoing,
		CoLeads:    []partnership.Party{{StructureID: 4, Name: "Médiathèque"}},
		Indicators: []partnership.Indicator{{ID: 5, ActionID: 3, Name: "Formés", Target: 30, Current: 12}},
		Reviews:    []partnership.Review{{ID: 6, ActionID: 3, On: "2026-03-09", Body: "Première <b>session</b>", StatusBefore: partnership.ToStart, StatusAfter: partnership.Ongoing, Author: "Agnès"}}}
}

func sampleAgreement() partnership.Agreement {
	return partnership.Agreement{ID: 1, Object: "100 téléphones <b>reconditionnés</b>", Partners: "Emmaüs Connect", StartsOn: "2026-03-01", EndsOn: "2026-06-30", RemindDays: 30,
		Tacit: true, HasPDF: true, PDFName: "convention.pdf", Parties: []partnership.Party{{StructureID: 2, Name: "CCAS"}}}
}

func sampleCharter() partnership.CharterVersion {
	return partnership.CharterVersion{ID: 1, TerritoryID: 1, Version: 2, Body: "Les acteurs <b>s'engagent</b>.\n\nIls partagent.", Hash: "abc", PublishedOn: "2026-03-01",
		Signatures: []partnership.CharterSignature{{StructureName: "CCAS <i>x</i>", SignerName: "Claire", SignerRole: "Directrice", SignedOn: "2026-03-05"}}}
}

var structures = []ui.Option{{Value: "", Label: "Choisissez"}, {Value: "1", Label: "CCAS"}, {Value: "4", Label: "Médiathèque"}}

// samples gives every page of the package its sample data.
var samples = map[string]any{
	"conventions_list":      agreementsData{Agreements: []partnership.Agreement{sampleAgreement()}, Today: "2026-06-05", Manage: true},
	"conventions_agreement": agreementData{Agreement: sampleAgreement(), Today: "2026-06-05", Manage: true, Structures: structures[1:]},
	"plan_index": planData{Plan: svc.Plan{Manage: true, Progress: partnership.ProgressOf([]partnership.Action{sampleAction()}),
		Proposals: []partnership.Proposal{{ID: 2, Body: "Former les <b>travailleurs</b> sociaux", Origin: "Atelier", Actions: []partnership.Action{sampleAction()}}}},
		Questionnaires: []ui.Option{{Value: "", Label: "Aucun"}, {Value: "7", Label: "Habitants"}}},
	"plan_proposal": proposalData{Proposal: partnership.Proposal{ID: 2, Body: "Former", Origin: "Atelier", Questionnaire: "Habitants", Actions: []partnership.Action{sampleAction()}},
		Manage: true, Structures: structures, CoLeads: structures[1:]},
	"plan_action": actionData{Action: sampleAction(), Manage: true, Statuses: ui.Choices(partnership.ActionStatuses)},
	"charter_staff": svc.CharterPage{Current: sampleCharter(), Versions: []partnership.CharterVersion{sampleCharter()}, CanSign: true, Manage: true,
		Signed: &partnership.CharterSignature{SignerName: "Claire", SignerRole: "Directrice", SignedOn: "2026-03-05"}},
	"charter_public": publicCharterData{Charter: sampleCharter(), Published: true, Territory: "Rochefort <b>Océan</b>"},
	"error":          ui.ErrorPage{Heading: "Oups", Message: "Message", Reference: "ABCD-EFGH"},
}

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site, nil); err != nil {
		t.Fatal(err)
	}
	uitest.RenderAll(t, site, samples, map[string]bool{"error": true, "charter_public": true})
}
