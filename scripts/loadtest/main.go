// Command loadtest measures the two public reads of the cartography over
// HTTP, on the national data: the search /lieux?commune=Marseille and the
// JSON list /api/v1/lieux. It fills a SQLite database with the real national
// file of ../shared/data (3,811 rows) and synthetic places up to -places
// (20,000 by default: the national scale), starts `parcours serve` on it as
// a separate process, then drives each read for -duration with -c
// keep-alive clients and prints requests per second, latency percentiles
// and the server's resident memory before and after, with the machine's
// load average (on a shared machine the figures are a floor).
//
//	make build && go run ./scripts/loadtest
//	go run ./scripts/loadtest -soak 3m          # resident memory over a 3-minute soak
//	go run ./scripts/loadtest -targets mixed    # 4,096 different searches instead
//
// The same reads can be sent with wrk (Debian package) against a server
// already running on the filled folder (-data-dir keeps it):
//
//	go run ./scripts/loadtest -urls /tmp/urls.txt
//	wrk -t1 -c16 -d20s --latency -s scripts/loadtest/wrk.lua http://127.0.0.1:8080 -- /tmp/urls.txt
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/placesearch"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// nationalFile is the real national file, beside the repository (see
// ../shared/data/README.md).
const nationalFile = "../shared/data/lieux-mediation-numerique_v0.1_data-inclusion_2023-02.json"

// The reads the product commits to (issue: ≥ 3,000 requests/s, p99 under
// 50 ms on 2 cores).
var targets = map[string][]string{
	"marseille": {"/lieux?commune=Marseille"},
	"api":       {"/api/v1/lieux"},
}

func main() {
	var (
		bin         = flag.String("bin", "./bin/parcours", "the parcours binary to start")
		national    = flag.String("national", nationalFile, "the national place file; empty: synthetic places only")
		places      = flag.Int("places", 20000, "places in the database: the national file, then synthetic ones up to this number")
		dataDir     = flag.String("data-dir", "", "SQLite folder to use (kept); empty: a temporary one, filled then removed")
		duration    = flag.Duration("duration", 15*time.Second, "how long to send each read")
		warmup      = flag.Duration("warmup", 3*time.Second, "requests sent first and not counted, for each read")
		concurrency = flag.Int("c", 16, "concurrent keep-alive clients")
		list        = flag.String("targets", "marseille,api", "reads to drive, in order: marseille, api, mixed (4,096 different searches)")
		soak        = flag.Duration("soak", 0, "instead: drive /lieux?commune=Marseille this long, printing the resident memory every 10 s")
		urlsOut     = flag.String("urls", "", "only write the paths of -targets to this file (for wrk, see wrk.lua) and stop")
	)
	flag.Parse()
	names := strings.Split(*list, ",")
	if *urlsOut != "" {
		var b strings.Builder
		for _, name := range names {
			for _, u := range paths(name, *places) {
				b.WriteString(u + "\n")
			}
		}
		if err := os.WriteFile(*urlsOut, []byte(b.String()), 0o644); err != nil {
			fail(err)
		}
		return
	}
	cfg := config{bin: *bin, national: *national, places: *places, dataDir: *dataDir, duration: *duration, warmup: *warmup, concurrency: *concurrency, targets: names, soak: *soak}
	if err := run(cfg); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "loadtest:", err)
	os.Exit(1)
}

type config struct {
	bin, national, dataDir string
	places, concurrency    int
	duration, warmup, soak time.Duration
	targets                []string
}

// paths lists the requests of a read.
func paths(name string, n int) []string {
	if name == "mixed" {
		return searchURLs(placesearch.Synthetic(n, 1, time.Now()), 4096)
	}
	return targets[name]
}

func run(cfg config) error {
	for _, name := range cfg.targets {
		if _, ok := targets[name]; !ok && name != "mixed" {
			return fmt.Errorf("unknown read %q (marseille, api, mixed)", name)
		}
	}
	if cfg.dataDir == "" {
		dir, err := os.MkdirTemp("", "parcours-loadtest-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.dataDir = dir
	}
	if err := fill(context.Background(), cfg); err != nil {
		return err
	}

	addr, err := freeAddr()
	if err != nil {
		return err
	}
	// The server logs every request, as in production, to /dev/null.
	cmd := exec.Command(cfg.bin, "serve", "--data-dir", cfg.dataDir, "--addr", addr, "--log-format", "json")
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s (make build first): %w", cfg.bin, err)
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	pid := cmd.Process.Pid
	base := "http://" + addr
	if err := waitReady(base + "/healthz"); err != nil {
		return err
	}
	fmt.Printf("server pid %d on %s; resident memory at start: %s\n", pid, base, memory(pid))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: cfg.concurrency * 2, DisableCompression: true}, Timeout: 30 * time.Second}
	start := time.Now()
	if _, _, err := get(client, base+"/lieux?commune=Marseille"); err != nil {
		return err
	}
	fmt.Printf("first search (builds the index): %s; resident memory: %s\n", time.Since(start).Round(time.Millisecond), memory(pid))
	fmt.Printf("%d clients, keep-alive, gzip; %d CPUs shared by the server and the clients (GOMAXPROCS %d)\n",
		cfg.concurrency, runtime.NumCPU(), runtime.GOMAXPROCS(0))

	if cfg.soak > 0 {
		return soakRun(client, base, pid, cfg)
	}
	failed := false
	for _, name := range cfg.targets {
		urls := paths(name, cfg.places)
		for i := range urls {
			urls[i] = base + urls[i]
		}
		label := urls[0][len(base):]
		if len(urls) > 1 {
			label = fmt.Sprintf("%d different searches (mixed)", len(urls))
		}
		drive(client, urls, cfg.warmup, cfg.concurrency)
		before, load := rss(pid), loadavg()
		res := drive(client, urls, cfg.duration, cfg.concurrency)
		fmt.Printf("\n%s\n", label)
		res.print(cfg.duration)
		fmt.Printf("  server RSS %s before, %s after; load average %s before, %s after\n", mb(before), mb(rss(pid)), load, loadavg())
		failed = failed || res.errors > 0 || res.non200 > 0
	}
	if failed {
		return errors.New("some requests failed")
	}
	return nil
}

// soakRun drives the search for cfg.soak and checks that the resident
// memory stays flat: after the first 10 s, it may not grow by more than a
// fifth.
func soakRun(client *http.Client, base string, pid int, cfg config) error {
	urls := []string{base + targets["marseille"][0]}
	drive(client, urls, cfg.warmup, cfg.concurrency)
	fmt.Printf("\nsoak: %s for %s, resident memory every 10 s\n", urls[0][len(base):], cfg.soak)
	var samples []int64
	var total result
	for left := cfg.soak; left > 0; left -= 10 * time.Second {
		d := min(left, 10*time.Second)
		res := drive(client, urls, d, cfg.concurrency)
		samples = append(samples, rss(pid))
		fmt.Printf("  %5.0f s: %6.0f requests/s, RSS %s, load %s\n", (cfg.soak - left + d).Seconds(), float64(len(res.latencies))/d.Seconds(), mb(samples[len(samples)-1]), loadavg())
		total.add(res)
	}
	fmt.Println()
	total.print(cfg.soak)
	first, last, peak := samples[0], samples[len(samples)-1], slices.Max(samples)
	fmt.Printf("  server RSS %s after 10 s, %s at the end, peak %s\n", mb(first), mb(last), mb(peak))
	if last > first+first/5 {
		return fmt.Errorf("resident memory grew from %s to %s during the soak", mb(first), mb(last))
	}
	fmt.Println("  resident memory flat (growth under 20 %)")
	return nil
}

// fill stores the national file then synthetic places up to cfg.places,
// unless the folder already holds them.
func fill(ctx context.Context, cfg config) error {
	st, err := store.Open(ctx, store.Config{DataDir: cfg.dataDir})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	ps := placestore.New(st)
	have, err := ps.CountPlaces(ctx, true)
	if err != nil {
		return err
	}
	if have > 0 && have >= cfg.places {
		fmt.Printf("%s already holds %d places\n", cfg.dataDir, have)
		return nil
	}
	now := time.Now()
	start := time.Now()
	if have == 0 && cfg.national != "" {
		data, err := os.ReadFile(cfg.national)
		if err != nil {
			fmt.Printf("national file absent (%v): synthetic places only\n", err)
		} else {
			rep, err := placefile.Import(ctx, ps, data, placefile.Options{Now: now})
			if err != nil {
				return err
			}
			fmt.Printf("national file %s: %s\n", filepath.Base(cfg.national), rep.Summary())
		}
	}
	if have, err = ps.CountPlaces(ctx, true); err != nil {
		return err
	}
	synthetic := placesearch.Synthetic(max(0, cfg.places-have), 1, now)
	for i := range synthetic {
		p := synthetic[i]
		p.ID = 0
		p.Normalize()
		if err := ps.CreatePlace(ctx, &p, now); err != nil {
			return err
		}
	}
	fmt.Printf("%d real and %d synthetic places stored in %s (%s)\n", have, len(synthetic), filepath.Join(cfg.dataDir, store.SQLiteFile), time.Since(start).Round(time.Millisecond))
	return nil
}

// searchURLs draws searches as residents make them: around the communes
// where places are, every distance, 0 to 3 filters, sometimes page 2.
func searchURLs(ps []place.Place, n int) []string {
	rng := rand.New(rand.NewPCG(7, 8))
	radii := []string{"5", "10", "10", "20", "20", "30", "50", "100"}
	out := make([]string, n)
	for i := range out {
		p := ps[rng.IntN(len(ps))]
		v := url.Values{"code": {p.InseeCode}, "rayon": {radii[rng.IntN(len(radii))]}}
		for range rng.IntN(4) {
			switch rng.IntN(6) {
			case 0:
				v.Add("service", place.Services[rng.IntN(len(place.Services))].Value)
			case 1:
				v.Add("frais", "Gratuit")
			case 2:
				v.Add("horaires", "maintenant")
			case 3:
				v.Add("horaires", "samedi")
			case 4:
				v.Add("acces", "rdv")
			case 5:
				v.Add("accompagnement", place.SupportModes[rng.IntN(len(place.SupportModes))].Value)
			}
		}
		if rng.IntN(10) == 0 {
			v.Set("page", "2")
		}
		out[i] = "/lieux?" + v.Encode()
	}
	return out
}

type result struct {
	latencies      []time.Duration
	errors, non200 int
	bytes          int64
}

func (r *result) add(o result) {
	r.latencies = append(r.latencies, o.latencies...)
	r.errors += o.errors
	r.non200 += o.non200
	r.bytes += o.bytes
}

func (r *result) print(d time.Duration) {
	slices.Sort(r.latencies)
	pct := func(p float64) time.Duration {
		if len(r.latencies) == 0 {
			return 0
		}
		return r.latencies[int(p*float64(len(r.latencies)-1))].Round(10 * time.Microsecond)
	}
	n := len(r.latencies)
	fmt.Printf("  %d requests in %s: %.0f requests/s; errors %d, non-200 %d\n", n, d, float64(n)/d.Seconds(), r.errors, r.non200)
	fmt.Printf("  latency p50 %s, p90 %s, p99 %s, max %s\n", pct(0.50), pct(0.90), pct(0.99), pct(1))
	if n > 0 {
		fmt.Printf("  response size (gzip, as sent): mean %d bytes\n", r.bytes/int64(n))
	}
}

func drive(client *http.Client, urls []string, d time.Duration, concurrency int) result {
	var next atomic.Int64
	var mu sync.Mutex
	var all result
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for range concurrency {
		wg.Go(func() {
			var mine result
			for time.Now().Before(deadline) {
				u := urls[int(next.Add(1))%len(urls)]
				start := time.Now()
				status, n, err := get(client, u)
				elapsed := time.Since(start)
				switch {
				case err != nil:
					mine.errors++
				case status != http.StatusOK:
					mine.non200++
				default:
					mine.latencies = append(mine.latencies, elapsed)
					mine.bytes += n
				}
			}
			mu.Lock()
			all.add(mine)
			mu.Unlock()
		})
	}
	wg.Wait()
	return all
}

// get sends a request as a browser does (gzip) and reads the whole answer.
func get(client *http.Client, u string) (int, int64, error) {
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	return res.StatusCode, n, err
}

func waitReady(u string) error {
	for range 200 {
		if res, err := http.Get(u); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("the server did not answer " + u)
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// memory reads the resident set (now and peak) of a process from /proc.
func memory(pid int) string {
	return fmt.Sprintf("VmRSS %s (peak VmHWM %s)", mb(status(pid, "VmRSS:")), mb(status(pid, "VmHWM:")))
}

// rss is the resident set of a process, in kB.
func rss(pid int) int64 { return status(pid, "VmRSS:") }

func status(pid int, field string) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return -1
	}
	for l := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return -1
}

func mb(kb int64) string {
	if kb < 0 {
		return "unknown"
	}
	return fmt.Sprintf("%.0f MB", float64(kb)/1024)
}

// loadavg is the machine's load over the last minute.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Fields(string(b))[0]
}
