package web

// Diagnostic of the territory: questionnaires, answers, reports, benchmarks,
// the fragility index, and the public answering pages.

import (
	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/web/diagnostic"
)

// diagnosticMenu holds this capability's staff menu entries.
var diagnosticMenu = diagnostic.Menu

// diagnosticRoutes lists this capability's pages.
func (s *Server) diagnosticRoutes() []route {
	d := s.diagnostic
	const q = "/espace/diagnostic/questionnaires/{id}"
	return []route{
		// Public answering, without an account.
		{Pattern: "GET /enquetes/{token}", Perm: "", Handler: d.PublicStart},
		{Pattern: "POST /enquetes/{token}", Perm: "", Handler: d.PublicBegin},
		{Pattern: "POST /enquetes/{token}/reprise", Perm: "", Handler: d.PublicResume},
		{Pattern: "GET /enquetes/{token}/questions", Perm: "", Handler: d.PublicScreen},
		{Pattern: "POST /enquetes/{token}/questions", Perm: "", Handler: d.PublicSave},
		{Pattern: "GET /enquetes/{token}/pause", Perm: "", Handler: d.PublicPause},
		{Pattern: "GET /enquetes/{token}/merci", Perm: "", Handler: d.PublicThanks},

		// Questionnaires and their versions.
		{Pattern: "GET /espace/diagnostic", Perm: account.PermDiagnostic, Handler: d.Index},
		{Pattern: "POST /espace/diagnostic/questionnaires", Perm: account.PermDiagnostic, Handler: d.Create},
		{Pattern: "GET " + q, Perm: account.PermDiagnostic, Handler: d.Questionnaire},
		{Pattern: "POST " + q + "/parametres", Perm: account.PermDiagnostic, Handler: d.Settings},
		{Pattern: "POST " + q + "/publication", Perm: account.PermDiagnostic, Handler: d.Publish},
		{Pattern: "GET " + q + "/brouillon", Perm: account.PermDiagnostic, Handler: d.Draft},
		{Pattern: "GET " + q + "/brouillon/textes", Perm: account.PermDiagnostic, Handler: d.TextsForm},
		{Pattern: "POST " + q + "/brouillon/textes", Perm: account.PermDiagnostic, Handler: d.TextsSave},
		{Pattern: "POST " + q + "/brouillon/sections", Perm: account.PermDiagnostic, Handler: d.SectionAdd},
		{Pattern: "POST " + q + "/brouillon/sections/{key}", Perm: account.PermDiagnostic, Handler: d.SectionSave},
		{Pattern: "GET " + q + "/brouillon/questions/nouvelle", Perm: account.PermDiagnostic, Handler: d.QuestionNew},
		{Pattern: "POST " + q + "/brouillon/questions", Perm: account.PermDiagnostic, Handler: d.QuestionCreate},
		{Pattern: "GET " + q + "/brouillon/questions/{key}", Perm: account.PermDiagnostic, Handler: d.QuestionEdit},
		{Pattern: "POST " + q + "/brouillon/questions/{key}", Perm: account.PermDiagnostic, Handler: d.QuestionUpdate},
		{Pattern: "POST " + q + "/brouillon/questions/{key}/deplacement", Perm: account.PermDiagnostic, Handler: d.QuestionMove},
		{Pattern: "POST " + q + "/brouillon/questions/{key}/suppression", Perm: account.PermDiagnostic, Handler: d.QuestionDelete},

		// Answers: paper entry (the reception desk too), disagreements, imports, the list.
		{Pattern: "GET /espace/diagnostic/saisie", Perm: account.PermDiagnosticEntry, Handler: d.EntryList},
		{Pattern: "GET " + q + "/saisie", Perm: account.PermDiagnosticEntry, Handler: d.EntryForm},
		{Pattern: "POST " + q + "/saisie", Perm: account.PermDiagnosticEntry, Handler: d.EntrySubmit},
		{Pattern: "GET " + q + "/papier", Perm: account.PermDiagnosticEntry, Handler: d.Paper},
		{Pattern: "GET " + q + "/desaccords", Perm: account.PermDiagnostic, Handler: d.Disagreements},
		{Pattern: "POST " + q + "/desaccords/{ref}", Perm: account.PermDiagnostic, Handler: d.Resolve},
		{Pattern: "GET " + q + "/import", Perm: account.PermDiagnostic, Handler: d.ImportForm},
		{Pattern: "POST " + q + "/import", Perm: account.PermDiagnostic, Handler: d.ImportSubmit},
		{Pattern: "GET " + q + "/imports/{import}", Perm: account.PermDiagnostic, Handler: d.ImportReport},
		{Pattern: "GET " + q + "/reponses", Perm: account.PermDiagnostic, Handler: d.Responses},

		// Analysis and report.
		{Pattern: "GET " + q + "/rapport", Perm: account.PermDiagnostic, Handler: d.Report},
		{Pattern: "GET " + q + "/rapport.pdf", Perm: account.PermDiagnostic, Handler: d.ReportPDF},
		{Pattern: "GET " + q + "/rapport.xlsx", Perm: account.PermDiagnostic, Handler: d.ReportXLSX},
		{Pattern: "GET " + q + "/synthese", Perm: account.PermDiagnostic, Handler: d.Summary},
		{Pattern: "GET " + q + "/synthese.pdf", Perm: account.PermDiagnostic, Handler: d.SummaryPDF},
		{Pattern: "GET " + q + "/analyse", Perm: account.PermDiagnostic, Handler: d.Analysis},
		{Pattern: "POST " + q + "/croisements", Perm: account.PermDiagnostic, Handler: d.Crosstabs},
		{Pattern: "POST " + q + "/marges", Perm: account.PermDiagnostic, Handler: d.Margins},

		// National benchmarks.
		{Pattern: "GET /espace/diagnostic/reperes", Perm: account.PermDiagnostic, Handler: d.Benchmarks},
		{Pattern: "GET /espace/diagnostic/reperes/nouveau", Perm: account.PermDiagnostic, Handler: d.BenchmarkNew},
		{Pattern: "POST /espace/diagnostic/reperes", Perm: account.PermDiagnostic, Handler: d.BenchmarkCreate},
		{Pattern: "GET /espace/diagnostic/reperes/{id}", Perm: account.PermDiagnostic, Handler: d.BenchmarkEdit},
		{Pattern: "POST /espace/diagnostic/reperes/{id}", Perm: account.PermDiagnostic, Handler: d.BenchmarkUpdate},
		{Pattern: "POST /espace/diagnostic/reperes/{id}/suppression", Perm: account.PermDiagnostic, Handler: d.BenchmarkDelete},

		// Fragility of the territory.
		{Pattern: "GET /espace/fragilite", Perm: account.PermFragility, Handler: d.Fragility},
	}
}
