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
	src, acc, ip := ThrottleKeySource("A@B.fr", "192.0.2.7"), ThrottleKeyAccount("A@B.fr"), ThrottleKeyIP("192.0.2.7")
	if acc != "compte:a@b.fr" || src != "source:192.0.2.7 a@b.fr" {
		t.Fatalf("keys %q %q", acc, src)
	}
	if LockoutAfter(src, 3) != 0 || LockoutAfter(src, 4) != time.Second || LockoutAfter(src, 6) != 4*time.Second {
		t.Fatal("account-and-source lockout must start after 3 failures and double")
	}
	if LockoutAfter(src, 60) != maxLockout || LockoutAfter(ip, 20) != 0 || LockoutAfter(ip, 21) != time.Second {
		t.Fatal("cap and IP allowance")
	}
	if LockoutAfter(acc, 10) != 0 || LockoutAfter(acc, 11) != time.Second {
		t.Fatal("an account tried from many addresses gets more room")
	}
	if keys := LoginKeys("a@b.fr", "192.0.2.7", "h"); len(keys) != 1 || keys[0] != ThrottleKeyDevice("h") {
		t.Fatalf("a trusted browser counts on its own: %v", keys)
	}
}

func TestSecondFactorRules(t *testing.T) {
	for role, want := range map[Role]bool{RoleAdmin: true, RoleCoordination: true, RoleMediation: false, RoleReception: false, RolePartner: false} {
		if got := RequiresFactor([]Membership{{Role: role}}); got != want {
			t.Errorf("%s: RequiresFactor = %v", role, got)
		}
	}
	key, err := NewFactorKey("Agent@A.fr")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 9, 0, 10, 0, time.UTC)
	code, _ := FactorCode(key.Secret(), now)
	step, ok := CheckFactorCode(key.Secret(), code[:3]+" "+code[3:], now.Add(25*time.Second))
	if !ok || step != now.Unix()/FactorPeriod {
		t.Fatalf("a code of the previous step is accepted, with its step: %d %v", step, ok)
	}
	if _, ok := CheckFactorCode(key.Secret(), code, now.Add(2*time.Minute)); ok {
		t.Fatal("a code two minutes old must be refused")
	}
	if u := FactorKeyURL("Agent@A.fr", key.Secret()); u != key.URL() {
		t.Fatalf("stored secret URL %q, drawn %q", u, key.URL())
	}
	codes := NewRecoveryCodes()
	if len(codes) != RecoveryCodeCount || codes[0] == codes[1] || len(codes[0]) != 14 {
		t.Fatalf("codes %v", codes)
	}
	if HashRecoveryCode(1, codes[0]) != HashRecoveryCode(1, strings.ToUpper(strings.ReplaceAll(codes[0], "-", " "))) || HashRecoveryCode(1, codes[0]) == HashRecoveryCode(2, codes[0]) {
		t.Fatal("recovery codes: typed in any case or spacing, salted by user")
	}
	a := &Actor{User: User{Active: true}, Membership: Membership{Role: RoleAdmin}, FactorAt: now}
	if a.RequireFreshFactor(now.Add(FactorIdle)) != nil || a.RequireFreshFactor(now.Add(FactorIdle+time.Second)) != ErrFactorNotFresh {
		t.Fatal("a factor stays fresh 15 minutes of idleness")
	}
	if (&Actor{User: User{Active: true}}).RequireFreshFactor(now) != ErrFactorNotFresh {
		t.Fatal("no factor confirmed: not fresh")
	}
	if (&Actor{User: User{Active: true}, Via: ViaAPI}).RequireFreshFactor(now) != nil {
		t.Fatal("an API token is created behind a fresh factor")
	}
}
