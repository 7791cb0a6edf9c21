package account

import (
	"html/template"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site, nil, Config{}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	uitest.RenderAll(t, site, map[string]any{
		"error":                ui.ErrorPage{Heading: "Lien expiré", Message: "Ce lien n'est plus valable."},
		"account_login":        LoginData{Notice: "Votre mot de passe est enregistré."},
		"account_password_set": PasswordSetData{Email: "agent@igny.fr", Purpose: account.PurposeInvitation},
		"account_staff_home":   StaffHomeData{Menu: []ui.NavItem{{Label: "Ma structure", Href: "/espace/structures/3"}}, Panels: []template.HTML{"<p>Chiffres</p>"}},
		"account_api_tokens": TokensData{NewToken: "prc_secret", Tokens: []account.APIToken{
			{ID: 1, Name: "Tableur", Prefix: "prc_abcdef", StructureName: "CCAS", CreatedAt: now, LastUsedAt: now},
			{ID: 2, Name: "Ancien", Prefix: "prc_123456", RevokedAt: now},
		}},
		"account_factor":        FactorData{Enabled: true, CodesLeft: 9, Mandatory: true},
		"account_factor_code":   FactorData{Action: "/connexion/code"},
		"account_factor_codes":  FactorData{RecoveryCodes: []string{"abcd-efgh-jkmn", "pqrs-tuvw-xyz2"}, Next: "/espace"},
		"account_factor_enrol":  FactorData{Action: "/connexion/activation", QR: "<svg></svg>", Secret: "PARCOURSDEMOPARCOURSDEMO", Mandatory: true},
		"account_factor_verify": FactorData{Enabled: true, Action: ui.FreshFactorPath},
	}, map[string]bool{"error": true, "account_login": true, "account_password_set": true, "account_factor_code": true, "account_factor_enrol": true, "account_factor_codes": true})
}
