package api

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/api/openapi"
	"github.com/parcours-numerique/parcours/internal/repotest"
)

// TestOpenAPILintedByRedocly writes the assembled document, as served at
// /api/v1/openapi.json, and runs Redocly CLI's linter on it.
func TestOpenAPILintedByRedocly(t *testing.T) {
	spec, ops, err := openapi.Assemble(Prefix)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"createPerson", "getPerson", "listPersons", "createEvaluation", "createReferral", "decideReferral", "listReferrals", "createActivity", "listActivities", "getPersonTimeline", "getEvaluation", "listPersonEvaluations", "getReferral", "getActivity"} {
		if _, ok := ops[op]; !ok {
			t.Errorf("operation %s is not documented", op)
		}
	}
	var doc map[string]any
	if err := json.Unmarshal(spec, &doc); err != nil || doc["openapi"] != "3.1.0" {
		t.Fatalf("document: %v %v", err, doc["openapi"])
	}
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is missing: .ci/run installs it to lint the OpenAPI document")
		}
		t.Skip("node is not installed: the OpenAPI document is not linted by Redocly CLI here (install Node.js, then npm ci)")
	}
	bin := filepath.Join(repotest.Root(), "node_modules", ".bin", "redocly")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("Redocly CLI missing (%v): run npm ci (it is a devDependency)", err)
	}
	path := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(path, spec, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "lint", "--format", "stylish", path)
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("redocly lint failed: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "warning") {
		t.Logf("redocly warnings:\n%s", out)
	}
}
