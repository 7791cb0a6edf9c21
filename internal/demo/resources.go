package demo

import (
	"bytes"
	"context"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/pdfdoc"
	"github.com/parcours-numerique/parcours/internal/resource"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/resourcestore"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
)

// loadResources shares teaching resources in the territory's library: the
// CCAS's step-by-step sheet (a PDF, material of its first workshop) and a
// link from the médiathèque.
func loadResources(ctx context.Context, st *store.Store, t *Territory) error {
	rs := resourcestore.New(st)
	doc := pdfdoc.New("Créer son adresse e-mail", t.Now)
	doc.SetFont("Helvetica", "B", 16)
	doc.MultiCell(doc.Width, 8, doc.T("Créer son adresse e-mail, pas à pas"), "", "L", false)
	doc.SetFont("Helvetica", "", 12)
	for _, line := range []string{"1. Choisir un service de messagerie.", "2. Choisir son adresse et un mot de passe solide.",
		"3. Noter son adresse et son mot de passe dans un endroit sûr.", "4. Envoyer un premier message à son conseiller."} {
		doc.MultiCell(doc.Width, 7, doc.T(line), "", "L", false)
	}
	var pdf bytes.Buffer
	if err := doc.Output(&pdf); err != nil {
		return err
	}
	sheet := resource.Resource{Title: "Créer son adresse e-mail, pas à pas (démo)", Summary: "Fiche à distribuer en atelier : quatre étapes, en gros caractères.",
		Themes: []string{"email"}, Level: "debutant", Audiences: []string{"seniors", "habitants"}, Licence: "cc_by_sa",
		FileName: "creer-son-adresse-email.pdf", FileType: resource.TypePDF, FileSize: int64(pdf.Len())}
	mediator := t.Users[account.RoleMediation]
	j := journal.Entry{ActorStructureID: t.Structures[CCAS], UserID: mediator, Who: "Démonstration", Action: journal.Create, What: "Ressource « " + sheet.Title + " » ajoutée à la bibliothèque"}
	if err := rs.Create(ctx, scope.OfStructure(t.Structures[CCAS]), &sheet, pdf.Bytes(), mediator, j, t.Now); err != nil {
		return err
	}
	link := resource.Resource{Title: "Reconnaître les arnaques en ligne (démo)", Summary: "Le site de l'État qui recense les arnaques du moment et que faire si l'on en est victime.",
		Themes: []string{"securite_numerique"}, Audiences: []string{"habitants", "jeunes"}, Licence: "licence_ouverte", Link: "https://www.cybermalveillance.gouv.fr/"}
	j = journal.Entry{ActorStructureID: t.Structures[Library], Who: "Démonstration", Action: journal.Create, What: "Ressource « " + link.Title + " » ajoutée à la bibliothèque"}
	if err := rs.Create(ctx, scope.OfStructure(t.Structures[Library]), &link, nil, 0, j, t.Now); err != nil {
		return err
	}
	sc := scope.OfStructure(t.Structures[CCAS])
	list, err := workshopstore.New(st).ListWorkshops(ctx, sc, workshopstore.WorkshopFilter{})
	if err != nil || len(list) == 0 {
		return err
	}
	return rs.Attach(ctx, sc, scope.OfTerritory(t.ID), list[0].ID, sheet.ID, t.Now)
}
