package web_test

import "github.com/parcours-numerique/parcours/internal/account"

// browserPage is a page checked in real Chromium: axe-core finds no
// violation, nothing overflows at 320 px and at 200 % zoom, and the page
// shows its content with JavaScript disabled.
type browserPage struct {
	path string
	role account.Role // "" for a visitor
	want string       // text the page must show without JavaScript
	lang string       // the language chosen (its cookie); "" for the browser's French
}

// browserPages are the foundation's pages and each capability's.
var browserPages = concatPages(foundationBrowserPages, placesearchBrowserPages, placefileBrowserPages, placeeditBrowserPages, receptionBrowserPages, agendaBrowserPages, diagnosticBrowserPages, networkBrowserPages, passEquipmentBrowserPages, figuresBrowserPages, resourcesBrowserPages, meetingsBrowserPages, partnershipsBrowserPages)

func concatPages(parts ...[]browserPage) []browserPage {
	var out []browserPage
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var foundationBrowserPages = []browserPage{
	{path: "/", want: "Être aidé avec le numérique"},
	{path: "/connexion", want: "Se connecter"},
	{path: "/accessibilite", want: "Déclaration d'accessibilité"},
	{path: "/confidentialite", want: "Vos données personnelles"},
	{path: "/mentions-legales", want: "Mentions légales"},
	{path: "/page-inexistante", want: "Page introuvable"},
	{path: "/espace", role: account.RoleMediation, want: "Bonjour"},
	{path: "/espace", role: account.RoleAdmin, want: "Ce que vous pouvez faire"},
	{path: "/espace/territoire", role: account.RoleCoordination, want: "Structures du réseau"},
	{path: "/espace/admin/structures", role: account.RoleAdmin, want: "Ajouter une structure"},
	{path: "/espace/admin/structures/nouvelle", role: account.RoleAdmin, want: "Numéro SIRET"},
	{path: "/espace/admin/comptes", role: account.RoleAdmin, want: "Inviter une personne"},
	{path: "/espace/admin/comptes/nouveau", role: account.RoleAdmin, want: "Rôle dans cette structure"},
	{path: "/espace/admin/territoires", role: account.RoleAdmin, want: "Ajouter un territoire"},
	{path: "/espace/jetons", role: account.RolePartner, want: "Créer un jeton"},
	{path: "/espace/double-authentification", role: account.RoleMediation, want: "Pas encore activée"},
	{path: "/espace/double-authentification", role: account.RoleAdmin, want: "Codes de secours encore utilisables"},
	{path: "/espace/verification", role: account.RoleAdmin, want: "Confirmer votre identité"},
}
