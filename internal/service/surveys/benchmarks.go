package surveys

import (
	"context"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// Benchmarks returns the structure's dated national figures, seeded the first time.
func (s *Service) Benchmarks(ctx context.Context, a *account.Actor) ([]survey.Benchmark, error) {
	if err := a.Require(account.PermDiagnostic); err != nil {
		return nil, err
	}
	return s.st.Benchmarks(ctx, a.Scope(), survey.SeedBenchmarks(), s.now())
}

// Benchmark returns one of the structure's benchmarks.
func (s *Service) Benchmark(ctx context.Context, a *account.Actor, id int64) (survey.Benchmark, error) {
	if err := a.Require(account.PermDiagnostic); err != nil {
		return survey.Benchmark{}, err
	}
	return s.st.Benchmark(ctx, a.Scope(), id)
}

// SaveBenchmark creates (ID 0) or corrects a benchmark.
func (s *Service) SaveBenchmark(ctx context.Context, a *account.Actor, b survey.Benchmark) (survey.Benchmark, error) {
	if err := a.Require(account.PermDiagnostic); err != nil {
		return b, err
	}
	b.Indicator, b.Source, b.Publication = strings.TrimSpace(b.Indicator), strings.TrimSpace(b.Source), strings.TrimSpace(b.Publication)
	b.Population, b.Breakdown, b.Wording = strings.TrimSpace(b.Population), strings.TrimSpace(b.Breakdown), strings.TrimSpace(b.Wording)
	b.QuestionKey = strings.TrimSpace(b.QuestionKey)
	if err := b.Validate(); err != nil {
		return b, err
	}
	action, what := journal.Update, "Repère national modifié : "+b.Indicator
	if b.ID == 0 {
		action, what = journal.Create, "Repère national ajouté : "+b.Indicator
	}
	err := s.st.SaveBenchmark(ctx, a.Scope(), &b, entry(a, action, what), s.now())
	return b, err
}

// DeleteBenchmark removes a benchmark.
func (s *Service) DeleteBenchmark(ctx context.Context, a *account.Actor, id int64) error {
	b, err := s.Benchmark(ctx, a, id)
	if err != nil {
		return err
	}
	return s.st.DeleteBenchmark(ctx, a.Scope(), id, entry(a, journal.Delete, "Repère national supprimé : "+b.Indicator), s.now())
}
