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
	"github.com/parcours-numerique/parcours/internal/api"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/demo"
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
	if _, err := demo.Load(ctx, st, time.Now()); err != nil {
		fmt.Fprintf(p.stderr, "parcours demo : %v\n", err)
		return 1
	}
	fmt.Fprintf(p.stdout, "Territoire de démonstration « %s » chargé.\nComptes (mot de passe « %s ») :\n", demo.TerritoryName, demo.Password)
	for _, r := range account.Roles {
		fmt.Fprintf(p.stdout, "  %-32s %s\n", demo.Email(r), r.Label())
	}
	return 0
}

func (p *program) user(ctx context.Context, args []string) int {
	if len(args) == 0 || (args[0] != "create" && args[0] != "password") {
		fmt.Fprintln(p.stderr, "parcours user : sous-commande attendue : create ou password (parcours user create -h pour l'aide)")
		return 2
	}
	if args[0] == "create" {
		return p.userCreate(ctx, args[1:])
	}
	return p.userPassword(ctx, args[1:])
}

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
	st, ok := p.openStore(ctx, db, p.logger(db.logFormat))
	if !ok {
		return 1
	}
	defer st.Close()
	s, err := findStructure(ctx, st, structureArg)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours user create : %v\n", err)
		return 1
	}
	n := account.NewUser{Email: email, Name: name, StructureID: s.ID, Role: account.Role(role)}
	if err := n.Validate(); err != nil {
		fmt.Fprintf(p.stderr, "parcours user create : %s\n", describe(err))
		return 1
	}
	hash := ""
	if fromStdin {
		if hash, err = p.readNewPassword(ctx, n.Email); err != nil {
			fmt.Fprintf(p.stderr, "parcours user create : %v\n", err)
			return 1
		}
	}
	now := time.Now()
	id, err := st.CreateUser(ctx, n, hash, now)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours user create : %s\n", describe(err))
		return 1
	}
	fmt.Fprintf(p.stdout, "Compte créé : %s, %s de « %s ».\n", n.Email, n.Role.Label(), s.Name)
	if !fromStdin {
		secret, th := account.NewSecret()
		if err := st.CreateOneTimeToken(ctx, th, id, account.PurposeInvitation, 0, now, now.Add(account.InvitationValidity)); err != nil {
			fmt.Fprintf(p.stderr, "parcours user create : %v\n", err)
			return 1
		}
		fmt.Fprintf(p.stdout, "Lien pour choisir le mot de passe (valable 7 jours, une seule fois) :\n%s/compte/mot-de-passe/%s\n", strings.TrimRight(baseURL, "/"), secret)
	}
	return 0
}

func (p *program) userPassword(ctx context.Context, args []string) int {
	c := p.newCommand("user password", "user password --email ADRESSE")
	var db dbFlags
	var email string
	c.addDBFlags(&db)
	c.StringVar(&email, "email", "", "adresse e-mail du compte")
	if err := c.parse(args); err != nil {
		return exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	if email == "" {
		return exitCode(c.fail("--email est obligatoire"))
	}
	st, ok := p.openStore(ctx, db, p.logger(db.logFormat))
	if !ok {
		return 1
	}
	defer st.Close()
	u, err := st.UserByEmail(ctx, email)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours user password : aucun compte avec l'adresse %s\n", account.NormalizeEmail(email))
		return 1
	}
	hash, err := p.readNewPassword(ctx, u.Email)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours user password : %v\n", err)
		return 1
	}
	if err := st.SetPassword(ctx, u.ID, hash, time.Now()); err != nil {
		fmt.Fprintf(p.stderr, "parcours user password : %v\n", err)
		return 1
	}
	fmt.Fprintf(p.stdout, "Mot de passe de %s changé ; ses sessions ouvertes sont fermées.\n", u.Email)
	return 0
}

// readNewPassword reads a password from the terminal (twice, hidden) or
// one line of standard input, validates and hashes it.
func (p *program) readNewPassword(ctx context.Context, email string) (string, error) {
	var pw string
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
		pw = string(b1)
	} else {
		line, err := bufio.NewReader(p.stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", errors.New("mot de passe attendu sur l'entrée standard")
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if msg := account.ValidatePassword(pw, email); msg != "" {
		return "", errors.New(msg)
	}
	return account.HashPassword(ctx, pw)
}

// findStructure accepts a numeric id or an exact name.
func findStructure(ctx context.Context, st *store.Store, arg string) (structure.Structure, error) {
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
		s, err := st.Structure(ctx, id)
		if err != nil {
			return s, fmt.Errorf("aucune structure n'a l'identifiant %d", id)
		}
		return s, nil
	}
	all, err := st.ListStructures(ctx, store.StructureFilter{})
	if err != nil {
		return structure.Structure{}, err
	}
	for _, s := range all {
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
	st, ok := p.openStore(ctx, db, p.logger(db.logFormat))
	if !ok {
		return 1
	}
	defer st.Close()
	u, err := st.UserByEmail(ctx, email)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours token create : aucun compte avec l'adresse %s\n", account.NormalizeEmail(email))
		return 1
	}
	s, err := findStructure(ctx, st, structureArg)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours token create : %v\n", err)
		return 1
	}
	secret, hash, prefix := api.NewToken()
	if _, err := st.CreateAPIToken(ctx, u.ID, s.ID, name, hash, prefix, time.Now()); err != nil {
		fmt.Fprintf(p.stderr, "parcours token create : %s\n", describe(err))
		return 1
	}
	fmt.Fprintf(p.stdout, "%s\n", secret)
	fmt.Fprintf(p.stderr, "Jeton créé pour %s (%s). Il ne sera plus affiché ; révocable dans l'espace, page « Jetons d'API ».\n", u.Email, s.Name)
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
