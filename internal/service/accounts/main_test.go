package accounts_test

import (
	"os"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
)

// TestMain hashes passwords at a low Argon2id cost: these tests log in,
// fail and lock out hundreds of times, and what they check is the rules
// around the hash, not its strength (internal/account checks the real
// parameters).
func TestMain(m *testing.M) {
	account.UseLowHashCostForTests()
	os.Exit(m.Run())
}
