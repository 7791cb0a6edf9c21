package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/web"
	"github.com/parcours-numerique/parcours/internal/web/places"
)

func (p *program) serve(ctx context.Context, args []string) int {
	c := p.newCommand("serve", "serve [options]")
	var (
		db                       dbFlags
		addr, baseURL, territory string
		operator, contactEmail   string
		tileURL                  string
		loadDemo                 bool
		trustedProxies           string
		agendaOpts               agendaFlags
	)
	c.addDBFlags(&db)
	c.addAgendaFlags(&agendaOpts)
	var privacyOpts privacyFlags
	c.addPrivacyFlags(&privacyOpts)
	var safeOpts safeFlags
	c.addSafeFlags(&safeOpts)
	c.stringVar(&addr, "addr", "", "127.0.0.1:8080", "adresse d'écoute HTTP")
	c.stringVar(&baseURL, "base-url", "", "", "adresse publique du site, par exemple https://parcours.exemple.fr (liens envoyés, HSTS, cookies sécurisés)")
	c.boolVar(&loadDemo, "demo", "false", "charge le territoire de démonstration si la base est vide")
	c.stringVar(&territory, "territory-name", "", "", "nom du territoire affiché sous le nom du service")
	c.stringVar(&operator, "operator", "", "", "structure qui met le service à disposition (mentions légales)")
	c.stringVar(&contactEmail, "contact-email", "", "", "adresse de contact affichée aux habitants (droits, accessibilité)")
	c.stringVar(&trustedProxies, "trusted-proxies", "", "", "proxys inverses dont on lit X-Forwarded-For : adresses ou blocs CIDR séparés par des virgules, par exemple 127.0.0.1,10.0.0.0/8")
	c.stringVar(&tileURL, "tile-url", "", places.DefaultTileURL, "tuiles de la carte des lieux, https://… avec {z}, {x} et {y}")
	if err := c.parse(args); err != nil {
		return exitCode(err)
	}
	if c.NArg() > 0 {
		return exitCode(c.fail("argument inattendu « " + c.Arg(0) + " »"))
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	if baseURL != "" {
		u, err := url.Parse(baseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return exitCode(c.fail("--base-url doit être une adresse http:// ou https://, par exemple https://parcours.exemple.fr"))
		}
	}
	if err := places.CheckTileURL(tileURL); err != nil {
		return exitCode(c.fail("--tile-url : " + err.Error()))
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return exitCode(c.fail("--addr doit être de la forme hôte:port, par exemple 127.0.0.1:8080"))
	}
	proxies, err := web.ParseTrustedProxies(trustedProxies)
	if err != nil {
		return exitCode(c.fail("--trusted-proxies : " + err.Error()))
	}
	agendaCfg, err := agendaOpts.config(c)
	if err != nil {
		return exitCode(err)
	}
	if agendaCfg.Notify.SMS() != nil && baseURL == "" {
		// An SMS is read alone, often on a phone without the site open: its link must be whole.
		return exitCode(c.fail("les SMS sont activés (PARCOURS_SMS_BREVO_KEY) mais --base-url manque : donnez l'adresse publique du site (PARCOURS_BASE_URL), par exemple https://parcours.exemple.fr, pour que chaque SMS porte un lien complet"))
	}
	if err := privacyOpts.apply(c, &agendaCfg); err != nil {
		return exitCode(err)
	}
	if agendaCfg.Safe, err = safeOpts.config(c, db.dataDir, loadDemo); err != nil {
		return exitCode(err)
	}

	log := p.logger(db.logFormat)
	checkLibc(log)
	st, ok := p.openStore(ctx, db, log)
	if !ok {
		return 1
	}
	defer st.Close()

	agendaCfg.BaseURL, agendaCfg.Log = baseURL, log
	ap := app.New(st, agendaCfg)
	if !ap.Safe.Enabled() {
		log.Warn("coffre-fort numérique désactivé : aucune clé (--safe-key-file ou PARCOURS_SAFE_KEY_FILE ; créez-en une avec « parcours safe new-key FICHIER »)")
	}
	if loadDemo {
		if t, err := demo.Load(ctx, st, time.Now()); err == nil {
			if err := demo.LoadSafe(ctx, st, ap.Safe, t); err != nil {
				fmt.Fprintf(p.stderr, "parcours : %v\n", err)
				return 1
			}
			log.Info("territoire de démonstration chargé", "comptes", "<rôle>@demo.parcours.test", "mot_de_passe", demo.Password,
				"cle_double_authentification", demo.FactorSecret, "comptes_a_double_authentification", "admin, coordination, aidant")
		} else if !errors.Is(err, demo.ErrNotEmpty) {
			fmt.Fprintf(p.stderr, "parcours : %v\n", err)
			return 1
		}
	}
	isDemo, err := st.Setting(ctx, store.SettingDemo)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours : %v\n", err)
		return 1
	}
	if territory == "" {
		if territory, err = st.Setting(ctx, store.SettingTerritoryName); err != nil {
			fmt.Fprintf(p.stderr, "parcours : %v\n", err)
			return 1
		}
	}
	if isDemo == "1" {
		if operator == "" {
			operator = "le CCAS de démonstration (structure fictive)"
		}
		if contactEmail == "" {
			contactEmail = "contact@demo.parcours.test"
		}
	}

	srv, err := web.New(web.Config{
		BaseURL: baseURL, TerritoryName: territory, Demo: isDemo == "1",
		Operator: operator, ContactEmail: contactEmail, TrustedProxies: proxies, TileURL: tileURL,
	}, ap, log)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours : %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours : impossible d'écouter sur %s : %v\n", addr, err)
		return 1
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          nil,
	}
	bgCtx, stopBackground := context.WithCancel(ctx)
	defer stopBackground()
	go srv.RunBackground(bgCtx)

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	listening := ln.Addr().String()
	log.Info("Parcours est prêt", "adresse", "http://"+listening, "base", string(st.Dialect()), "démarrage", time.Since(startedAt).Round(time.Millisecond))
	if p.ready != nil {
		p.ready(listening)
	}
	select {
	case err := <-errc:
		fmt.Fprintf(p.stderr, "parcours : le serveur s'est arrêté : %v\n", err)
		return 1
	case <-ctx.Done():
	}
	log.Info("arrêt demandé : fin des requêtes en cours")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		log.Error("arrêt", "err", err)
		return 1
	}
	return 0
}

// checkLibc warns when the binary was built with a modernc.org/libc that
// modernc.org/sqlite was not released with: they must move together.
func checkLibc(log interface{ Warn(string, ...any) }) {
	const want = "v1.77.1"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	for _, d := range info.Deps {
		if d.Path == "modernc.org/libc" && d.Version != want {
			log.Warn("modernc.org/libc n'est pas la version attendue par modernc.org/sqlite", "trouvée", d.Version, "attendue", want)
		}
	}
}
