package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/service/structures"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/structure"
)

func (p *program) migrate(ctx context.Context, args []string) int {
	c := p.newCommand("migrate", "migrate [options]")
	var db dbFlags
	c.addDBFlags(&db)
	if err := c.parse(args); err != nil {
		return exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	st, ok := p.openStore(ctx, db, p.logger(db.logFormat))
	if !ok {
		return 1
	}
	defer st.Close()
	fmt.Fprintf(p.stdout, "Base de données à jour (%s).\n", st.Dialect())
	return 0
}

func (p *program) demo(ctx context.Context, args []string) int {
	c := p.newCommand("demo", "demo [options]")
	var db dbFlags
	var sf safeFlags
	c.addDBFlags(&db)
	c.addSafeFlags(&sf)
	if err := c.parse(args); err != nil {
		return exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	safeCfg, err := sf.config(c, db.dataDir, true)
	if err != nil {
		return exitCode(err)
	}
	st, ok := p.openStore(ctx, db, p.logger(db.logFormat))
	if !ok {
		return 1
	}
	defer st.Close()
	t, err := demo.Load(ctx, st, time.Now())
	if err == nil {
		err = demo.LoadSafe(ctx, st, app.New(st, app.Config{Safe: safeCfg}).Safe, t)
	}
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours demo : %v\n", err)
		return 1
	}
	fmt.Fprintf(p.stdout, "Territoire de démonstration « %s » chargé.\nComptes (mot de passe « %s ») :\n", demo.TerritoryName, demo.Password)
	for _, r := range account.Roles {
		fmt.Fprintf(p.stdout, "  %-32s %s\n", demo.Email(r), r.Label())
	}
	fmt.Fprintf(p.stdout, "  %-32s %s\n", demo.AidantEmail, "Aidant (mandats)")
	fmt.Fprintf(p.stdout, "Administration, coordination et aidant : double authentification, clé TOTP « %s » (à ajouter dans une application d'authentification).\n", demo.FactorSecret)
	return 0
}

func (p *program) user(ctx context.Context, args []string) int {
	if len(args) == 0 || (args[0] != "create" && args[0] != "password" && args[0] != "second-factor-off") {
		fmt.Fprintln(p.stderr, "parcours user : sous-commande attendue : create, password ou second-factor-off (parcours user create -h pour l'aide)")
		return 2
	}
	switch args[0] {
	case "create":
		return p.userCreate(ctx, args[1:])
	case "second-factor-off":
		return p.userFactorOff(ctx, args[1:])
	}
	return p.userPassword(ctx, args[1:])
}

// userFactorOff turns off the second factor of an account whose owner lost
// both the telephone and the recovery codes, when no administrator can log
// in to do it; the account sets it up again at its next login if its role
// demands one.
func (p *program) userFactorOff(ctx context.Context, args []string) int {
	ap, email, closeStore, code := p.openForAccount(ctx, args, "user second-factor-off")
	if closeStore == nil {
		return code
	}
	defer closeStore()
	u, err := ap.Store.UserByEmail(ctx, email)
	if err == nil {
		err = ap.Accounts.DisableFactor(ctx, account.Console(), u.ID, "")
	}
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours user second-factor-off : %s\n", describe(err))
		return 1
	}
	fmt.Fprintf(p.stdout, "Double authentification de %s désactivée.\n", u.Email)
	return 0
}

// The account commands act as the console (account.Console): the operator
// of the server administers the platform, through the same use cases as
// the administration pages.

func (p *program) userCreate(ctx context.Context, args []string) int {
	c := p.newCommand("user create", "user create --email ADRESSE --structure ID|NOM --role RÔLE [--name NOM] [--password-stdin]")
	var db dbFlags
	var email, structureArg, role, name, baseURL string
	var fromStdin bool
	c.addDBFlags(&db)
	c.StringVar(&email, "email", "", "adresse e-mail du compte")
	c.StringVar(&structureArg, "structure", "", "identifiant numérique ou nom exact de la structure")
	c.StringVar(&role, "role", "", "rôle : admin, coordination, mediation, accueil ou partenaire")
	c.StringVar(&name, "name", "", "prénom et nom (par défaut : l'adresse e-mail)")
	c.BoolVar(&fromStdin, "password-stdin", false, "lire le mot de passe sur l'entrée standard au lieu de créer un lien d'invitation")
	c.stringVar(&baseURL, "base-url", "", "http://127.0.0.1:8080", "adresse publique du site, pour le lien d'invitation")
	if err := c.parse(args); err != nil {
		return exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	switch {
	case email == "":
		return exitCode(c.fail("--email est obligatoire"))
	case structureArg == "":
		return exitCode(c.fail("--structure est obligatoire"))
	case !account.Role(role).Valid():
		return exitCode(c.fail("--role doit valoir admin, coordination, mediation, accueil ou partenaire"))
	}
	if name == "" {
		name = email
	}
	ap, closeStore, ok := p.openApp(ctx, db)
	if !ok {
		return 1
	}
	defer closeStore()
	console := account.Console()
	s, err := findStructure(ctx, ap.Store, structureArg)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours user create : %v\n", err)
		return 1
	}
	n := account.NewUser{Email: email, Name: name, StructureID: s.ID, Role: account.Role(role)}
	if fromStdin {
		pw, err := p.readNewPassword()
		if err == nil {
			_, err = ap.Accounts.CreateWithPassword(ctx, console, n, pw)
		}
		if err != nil {
			fmt.Fprintf(p.stderr, "parcours user create : %s\n", describe(err))
			return 1
		}
		fmt.Fprintf(p.stdout, "Compte créé : %s, %s de « %s ».\n", account.NormalizeEmail(email), n.Role.Label(), s.Name)
		return 0
	}
	link, err := ap.Accounts.Invite(ctx, console, n)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours user create : %s\n", describe(err))
		return 1
	}
	fmt.Fprintf(p.stdout, "Compte créé : %s, %s de « %s ».\n", link.User.Email, n.Role.Label(), s.Name)
	fmt.Fprintf(p.stdout, "Lien pour choisir le mot de passe (valable 7 jours, une seule fois) :\n%s%s\n", strings.TrimRight(baseURL, "/"), link.Path())
	return 0
}

func (p *program) userPassword(ctx context.Context, args []string) int {
	ap, email, closeStore, code := p.openForAccount(ctx, args, "user password")
	if closeStore == nil {
		return code
	}
	defer closeStore()
	pw, err := p.readNewPassword()
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours user password : %v\n", err)
		return 1
	}
	u, err := ap.Accounts.SetPassword(ctx, account.Console(), email, pw)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours user password : %s\n", describe(err))
		return 1
	}
	fmt.Fprintf(p.stdout, "Mot de passe de %s changé ; ses sessions ouvertes sont fermées.\n", u.Email)
	return 0
}

// openForAccount reads the flags of a command about one account (--email
// and the database's) and opens the services; closeStore is nil when it
// could not, and code is then the exit status.
func (p *program) openForAccount(ctx context.Context, args []string, name string) (ap *app.App, email string, closeStore func(), code int) {
	c := p.newCommand(name, name+" --email ADRESSE")
	var db dbFlags
	c.addDBFlags(&db)
	c.StringVar(&email, "email", "", "adresse e-mail du compte")
	if err := c.parse(args); err != nil {
		return nil, "", nil, exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return nil, "", nil, exitCode(err)
	}
	if email == "" {
		return nil, "", nil, exitCode(c.fail("--email est obligatoire"))
	}
	ap, closeStore, ok := p.openApp(ctx, db)
	if !ok {
		return nil, "", nil, 1
	}
	return ap, email, closeStore, 0
}

// openApp opens the database and builds the services on it.
func (p *program) openApp(ctx context.Context, db dbFlags) (*app.App, func(), bool) {
	log := p.logger(db.logFormat)
	st, ok := p.openStore(ctx, db, log)
	if !ok {
		return nil, nil, false
	}
	return app.New(st, app.Config{Log: log}), func() { st.Close() }, true
}

// readNewPassword reads a password from the terminal (twice, hidden) or
// one line of standard input; the service checks it.
func (p *program) readNewPassword() (string, error) {
	if f, ok := p.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(p.stderr, "Nouveau mot de passe : ")
		b1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(p.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(p.stderr, "Confirmez : ")
		b2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(p.stderr)
		if err != nil {
			return "", err
		}
		if string(b1) != string(b2) {
			return "", errors.New("les deux mots de passe ne sont pas identiques")
		}
		return string(b1), nil
	}
	line, err := bufio.NewReader(p.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("mot de passe attendu sur l'entrée standard")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// findStructure accepts a numeric id or an exact name; the console looks
// the structure up as the administration pages do.
func findStructure(ctx context.Context, st *store.Store, arg string) (structure.Structure, error) {
	svc, a := structures.New(st, nil), account.Console()
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
		s, err := svc.Get(ctx, a, id)
		if apperr.Is(err, apperr.NotFound) {
			return s, fmt.Errorf("aucune structure n'a l'identifiant %d", id)
		}
		return s, err
	}
	found, err := svc.List(ctx, a, arg)
	if err != nil {
		return structure.Structure{}, err
	}
	for _, s := range found {
		if s.Name == arg {
			return s, nil
		}
	}
	return structure.Structure{}, fmt.Errorf("aucune structure ne s'appelle « %s » (donnez son nom exact ou son identifiant)", arg)
}

// describe turns an application error into one line with its field messages.
func describe(err error) string {
	e, ok := apperr.As(err)
	if !ok {
		return err.Error()
	}
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, "--"+f.Field+" : "+f.Message)
	}
	return strings.Join(parts, " ; ")
}

// tokenCreate acts as the account, through its role in the structure
// (accounts.ActAs), and creates the token as the account's own page does.
func (p *program) tokenCreate(ctx context.Context, args []string) int {
	c := p.newCommand("token create", "token create --email ADRESSE --structure ID|NOM [--name NOM]")
	var db dbFlags
	var email, structureArg, name string
	c.addDBFlags(&db)
	c.StringVar(&email, "email", "", "adresse e-mail du compte")
	c.StringVar(&structureArg, "structure", "", "structure du rôle avec lequel le jeton agit (identifiant ou nom exact)")
	c.StringVar(&name, "name", "Jeton créé en ligne de commande", "nom du jeton, pour s'y retrouver")
	if err := c.parse(args); err != nil {
		return exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	if email == "" || structureArg == "" {
		return exitCode(c.fail("--email et --structure sont obligatoires"))
	}
	ap, closeStore, ok := p.openApp(ctx, db)
	if !ok {
		return 1
	}
	defer closeStore()
	console := account.Console()
	s, err := findStructure(ctx, ap.Store, structureArg)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours token create : %v\n", err)
		return 1
	}
	as, err := ap.Accounts.ActAs(ctx, console, email, s.ID)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours token create : %s\n", describe(err))
		return 1
	}
	tok, err := ap.Accounts.CreateToken(ctx, as, name)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours token create : %s\n", describe(err))
		return 1
	}
	fmt.Fprintf(p.stdout, "%s\n", tok.Secret)
	fmt.Fprintf(p.stderr, "Jeton créé pour %s (%s). Il ne sera plus affiché ; révocable dans l'espace, page « Jetons d'API ».\n", as.User.Email, s.Name)
	return 0
}

func (p *program) backup(ctx context.Context, args []string) int {
	c := p.newCommand("backup", "backup [options] FICHIER")
	var db dbFlags
	c.addDBFlags(&db)
	if err := c.parse(args); err != nil {
		return exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	if c.NArg() != 1 {
		return exitCode(c.fail("indiquez le fichier de sauvegarde à écrire, par exemple : parcours backup sauvegarde/parcours.db"))
	}
	dest := c.Arg(0)
	if store.IsPostgresURL(db.databaseURL) {
		fmt.Fprintf(p.stderr, "parcours backup : %v\n", store.ErrBackupPostgres)
		return 1
	}
	st, ok := p.openStore(ctx, db, p.logger(db.logFormat))
	if !ok {
		return 1
	}
	defer st.Close()
	start := time.Now()
	if err := st.Backup(ctx, dest); err != nil {
		fmt.Fprintf(p.stderr, "parcours backup : %v\n", err)
		return 1
	}
	fmt.Fprintf(p.stdout, "Sauvegarde écrite dans %s (%s). Pour la restaurer : placez-la sous le nom %s dans un dossier et lancez parcours serve --data-dir ce-dossier.\n", dest, time.Since(start).Round(time.Millisecond), store.SQLiteFile)
	return 0
}

func (p *program) version() int {
	fmt.Fprintf(p.stdout, "parcours %s (%s, SQLite %s)\n", version, runtime.Version(), store.SQLiteVersion())
	return 0
}
