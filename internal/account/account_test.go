package account

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestPasswordHashing(t *testing.T) {
	ctx := context.Background()
	h, err := HashPassword(ctx, "une phrase de passe assez longue")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=1$") {
		t.Fatalf("PHC string %q does not carry the required parameters", h)
	}
	h2, _ := HashPassword(ctx, "une phrase de passe assez longue")
	if h == h2 {
		t.Fatal("two hashes of one password must differ (random salt)")
	}
	for _, tc := range []struct {
		hash, pw string
		ok       bool
		err      bool
	}{
		{h, "une phrase de passe assez longue", true, false},
		{h, "une phrase de passe assez longuE", false, false},
		{"$argon2i$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "x", false, true},
		{"$argon2id$v=19$m=0,t=3,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "x", false, true},
		{"pas un hash", "x", false, true},
	} {
		ok, err := VerifyPassword(ctx, tc.hash, tc.pw)
		if ok != tc.ok || (err != nil) != tc.err {
			t.Errorf("VerifyPassword(%.30q, %q) = %v, %v", tc.hash, tc.pw, ok, err)
		}
	}
}

func TestHashSlotsRespectCancellation(t *testing.T) {
	for i := 0; i < cap(hashSlots); i++ {
		hashSlots <- struct{}{}
	}
	defer func() {
		for i := 0; i < cap(hashSlots); i++ {
			<-hashSlots
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := HashPassword(ctx, "x"); err == nil {
		t.Fatal("with every slot taken, hashing must wait and give up with the context")
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		pw, email, want string
	}{
		{"court", "", "au moins 12 caractères"},
		{"motdepasse123", "", "trop courant"},
		{"Azertyuiop2024!", "", "trop courant"},
		{"123456789012", "", "trop courant"},
		{"aaaaaaaaaaaaaa", "", "trop courant"},
		{"password1234", "", "trop courant"},
		{"camille.dupont-42", "camille.dupont@ccas.fr", "adresse e-mail"},
		{"trois chats roux au soleil", "", ""},
		{"parcours-demo", "", ""},
	} {
		got := ValidatePassword(tc.pw, tc.email)
		if (tc.want == "" && got != "") || !strings.Contains(got, tc.want) {
			t.Errorf("ValidatePassword(%q) = %q, want %q", tc.pw, got, tc.want)
		}
	}
}

func TestPolicy(t *testing.T) {
	if !RoleAdmin.Can(PermManagePlatform) || RoleReception.Can(PermManagePlatform) || RoleCoordination.Can(PermManagePlatform) {
		t.Fatal("only the admin manages the platform")
	}
	if len(Roles) != len(RoleChoices) {
		t.Fatal("every role has a choice, in the same order")
	}
	for i, r := range Roles {
		if RoleChoices[i].Value != string(r) || !r.Valid() {
			t.Errorf("role %s: choice %q", r, RoleChoices[i].Value)
		}
		if !r.Can(PermStaffArea) || r.Label() == string(r) || r.Description() == "" {
			t.Errorf("role %s lacks the staff area, a label or a description", r)
		}
	}
	coord := &Actor{User: User{Active: true}, Membership: Membership{StructureID: 1, CoordinatedTerritoryID: 9, Role: RoleCoordination}}
	mediator := &Actor{User: User{Active: true}, Membership: Membership{StructureID: 1, StructureTerritoryID: 9, Role: RoleMediation}}
	admin := &Actor{User: User{Active: true}, Membership: Membership{StructureID: 1, Role: RoleAdmin}}
	inactive := &Actor{User: User{Active: false}, Membership: Membership{StructureID: 1, Role: RoleAdmin}}
	for _, tc := range []struct {
		name            string
		a               *Actor
		structure, terr int64
		want            bool
	}{
		{"own structure", mediator, 1, 9, true},
		{"same territory, not coordinator", mediator, 2, 9, false},
		{"coordinated territory", coord, 2, 9, true},
		{"outside the territory", coord, 3, 4, false},
		{"structure with no territory", coord, 3, 0, false},
		{"admin", admin, 3, 0, true},
		{"deactivated admin", inactive, 1, 0, false},
		{"nobody", nil, 1, 0, false},
	} {
		if got := tc.a.CanSeeStructure(tc.structure, tc.terr); got != tc.want {
			t.Errorf("%s: CanSeeStructure = %v", tc.name, got)
		}
	}
}

func TestLockout(t *testing.T) {
	acc, ip := ThrottleKeyAccount("A@B.fr"), ThrottleKeyIP("192.0.2.7")
	if acc != "compte:a@b.fr" {
		t.Fatalf("key %q", acc)
	}
	if LockoutAfter(acc, 3) != 0 || LockoutAfter(acc, 4) != time.Second || LockoutAfter(acc, 6) != 4*time.Second {
		t.Fatal("account lockout must start after 3 failures and double")
	}
	if LockoutAfter(acc, 60) != maxLockout || LockoutAfter(ip, 20) != 0 || LockoutAfter(ip, 21) != time.Second {
		t.Fatal("cap and IP allowance")
	}
}

func TestNewUserValidation(t *testing.T) {
	n := NewUser{Email: " Jean@Exemple.FR", Name: "  ", StructureID: 0, Role: "chef"}
	err := n.Validate()
	if err == nil || n.Email != "jean@exemple.fr" {
		t.Fatalf("err %v email %q", err, n.Email)
	}
	for _, bad := range []string{"", "jean", "Jean <jean@exemple.fr>", "jean@exemple", "a@b@c.fr"} {
		if ValidateEmail(bad) == "" {
			t.Errorf("ValidateEmail(%q) accepted", bad)
		}
	}
	if msg := ValidateEmail("jean.dupont+ccas@exemple.fr"); msg != "" {
		t.Errorf("valid address refused: %s", msg)
	}
}

func TestAPITokens(t *testing.T) {
	secret, hash, display := NewAPIToken()
	other, _, _ := NewAPIToken()
	if !strings.HasPrefix(secret, TokenPrefix) || !strings.HasPrefix(secret, display) || len(display) != len(TokenPrefix)+6 {
		t.Fatalf("secret %q display %q", secret, display)
	}
	if hash != HashSecret(secret) || hash == secret || other == secret {
		t.Fatal("tokens are random and stored only as their hash")
	}
}

func TestConsoleActor(t *testing.T) {
	c := Console()
	if !c.Can(PermManagePlatform) || c.Scope().Valid() || c.Who() != "Exploitation (Administration, console)" {
		t.Fatalf("console actor %+v who %q", c, c.Who())
	}
	if ts, ok := c.TerritoryScope(); !ok || !ts.Valid() {
		t.Fatal("the console administers the whole platform")
	}
}

func TestSecrets(t *testing.T) {
	s1, h1 := NewSecret()
	s2, _ := NewSecret()
	if s1 == s2 || len(s1) != 43 || HashSecret(s1) != h1 || h1 == s1 {
		t.Fatal("secrets must be random, 256-bit, and stored only as their hash")
	}
}
