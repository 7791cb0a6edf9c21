// Command parcours runs the Parcours server and its maintenance commands.
// This is the only package that reads flags and environment variables.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// startedAt is when the process started, for the start-up time log line.
var startedAt = time.Now()

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := (&program{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}).run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// program is the whole command line; tests run it in process.
type program struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	ready  func(addr string) // called once the server listens (tests)
}

const usage = `Parcours — inclusion numérique d'un territoire.

Utilisation : parcours COMMANDE [options]

Commandes :
  serve             démarre le serveur web
  migrate           met la base de données à jour
  demo              charge le territoire de démonstration dans une base vide
  user create       crée un compte (--email --structure --role [--name])
  user password     change le mot de passe d'un compte (--email)
  token create      crée un jeton d'API (--email --structure [--name])
  backup FICHIER    copie cohérente de la base SQLite
  hours check       vérifie des horaires au format OpenStreetMap
  import lieux      importe un fichier de lieux (schéma v1 ou v0.1, CSV ou JSON)
  export lieux      exporte les lieux (--format schema-csv|schema-json|data-inclusion)
  fragilite import  charge les indicateurs communaux de l'indice de fragilité numérique (DOSSIER ou FICHIERS)
  retention         applique les durées de conservation (--dry-run : dit ce qui serait effacé)
  figures rebuild   construit les chiffres pré-agrégés des accompagnements (--all : tous les mois)
  journal verify    vérifie la chaîne du journal des accès et nomme la première entrée altérée
  safe new-key FICHIER  crée une clé de territoire pour le coffre-fort numérique
  safe rotate-key   enveloppe les clés des documents par une nouvelle clé (--old FICHIER --new FICHIER)
  version           affiche la version

« parcours COMMANDE -h » détaille les options de chaque commande.
`

func (p *program) run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(p.stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return p.serve(ctx, args[1:])
	case "migrate":
		return p.migrate(ctx, args[1:])
	case "demo":
		return p.demo(ctx, args[1:])
	case "user":
		return p.user(ctx, args[1:])
	case "backup":
		return p.backup(ctx, args[1:])
	case "token":
		if len(args) < 2 || args[1] != "create" {
			fmt.Fprintln(p.stderr, "parcours token : sous-commande attendue : create (parcours token create -h pour l'aide)")
			return 2
		}
		return p.tokenCreate(ctx, args[2:])
	case "hours":
		if len(args) < 2 || args[1] != "check" {
			fmt.Fprintln(p.stderr, "parcours hours : sous-commande attendue : check (parcours hours check -h pour l'aide)")
			return 2
		}
		return runHoursCheck(args[2:], p.stdin, p.stdout, p.stderr)
	case "import":
		return p.importCommand(ctx, args[1:])
	case "export":
		return p.exportCommand(ctx, args[1:])
	case "fragilite":
		return p.fragilityCommand(ctx, args[1:])
	case "retention":
		return p.retentionCommand(ctx, args[1:])
	case "journal":
		return p.journalCommand(ctx, args[1:])
	case "figures":
		return p.figuresCommand(ctx, args[1:])
	case "safe":
		return p.safeCommand(ctx, args[1:])
	case "version", "--version":
		return p.version()
	case "help", "-h", "--help":
		fmt.Fprint(p.stdout, usage)
		return 0
	}
	fmt.Fprintf(p.stderr, "parcours : commande inconnue « %s » (parcours help pour la liste)\n", args[0])
	return 2
}
