// Command loadtest measures the public place search over HTTP at national
// scale: it fills a SQLite database with 20,000 synthetic
// places, starts `parcours serve` on it as a separate process, drives
// /lieux searches with several concurrent clients and reports requests per
// second, latency percentiles and the server's resident memory.
//
//	make build && go run ./scripts/loadtest -bin ./bin/parcours
//
// The same searches can be sent with wrk (Debian package) against a server
// already running on the filled folder:
//
//	go run ./scripts/loadtest -urls /tmp/urls.txt
//	wrk -t1 -c4 -d20s --latency -s scripts/loadtest/wrk.lua http://127.0.0.1:8080 -- /tmp/urls.txt
//
// On a small machine the load generator and the server share the cores:
// the figures are a floor.
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
	"github.com/parcours-numerique/parcours/internal/placesearch"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

func main() {
	var (
		bin         = flag.String("bin", "./bin/parcours", "the parcours binary to start")
		places      = flag.Int("places", 20000, "synthetic places in the database")
		dataDir     = flag.String("data-dir", "", "SQLite folder to use (kept); empty: a temporary one, filled then removed")
		duration    = flag.Duration("duration", 20*time.Second, "how long to send requests")
		warmup      = flag.Duration("warmup", 3*time.Second, "requests sent first and not counted")
		concurrency = flag.Int("c", 4, "concurrent clients (4 keeps 2 cores busy without queueing)")
		urlsOut     = flag.String("urls", "", "only write the search paths to this file (for wrk, see wrk.lua) and stop")
	)
	flag.Parse()
	if *urlsOut != "" {
		var b strings.Builder
		for _, u := range searchURLs("", placesearch.Synthetic(*places, 1, time.Now()), 4096) {
			b.WriteString(u + "\n")
		}
		if err := os.WriteFile(*urlsOut, []byte(b.String()), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*bin, *places, *dataDir, *duration, *warmup, *concurrency); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(bin string, n int, dataDir string, duration, warmup time.Duration, concurrency int) error {
	ctx := context.Background()
	keep := dataDir != ""
	if !keep {
		dir, err := os.MkdirTemp("", "parcours-loadtest-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		dataDir = dir
	}
	now := time.Now()
	ps := placesearch.Synthetic(n, 1, now)
	if err := fill(ctx, dataDir, ps, now); err != nil {
		return err
	}

	addr, err := freeAddr()
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "serve", "--data-dir", dataDir, "--addr", addr, "--log-format", "json")
	// The server logs every request, as in production, to /dev/null.
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", bin, err)
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	base := "http://" + addr
	if err := waitReady(base + "/healthz"); err != nil {
		return err
	}
	fmt.Printf("server pid %d on %s, %d places; resident memory at start: %s\n", cmd.Process.Pid, base, n, memory(cmd.Process.Pid))

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: concurrency * 2, DisableCompression: true}, Timeout: 30 * time.Second}
	start := time.Now()
	if _, _, err := get(client, base+"/lieux?code=75056&rayon=10"); err != nil {
		return err
	}
	fmt.Printf("first search (builds the index of %d places): %s; resident memory: %s\n", n, time.Since(start).Round(time.Millisecond), memory(cmd.Process.Pid))

	urls := searchURLs(base, ps, 4096)
	fmt.Printf("warm-up %s, then %s with %d clients (GOMAXPROCS %d, %d CPUs shared by server and clients)\n",
		warmup, duration, concurrency, runtime.GOMAXPROCS(0), runtime.NumCPU())
	drive(client, urls, warmup, concurrency)
	res := drive(client, urls, duration, concurrency)
	slices.Sort(res.latencies)
	pct := func(p float64) time.Duration {
		if len(res.latencies) == 0 {
			return 0
		}
		return res.latencies[int(p*float64(len(res.latencies)-1))].Round(10 * time.Microsecond)
	}
	count := len(res.latencies)
	fmt.Printf("requests %d in %s: %.0f requests/s; errors %d; non-200 %d\n",
		count, duration, float64(count)/duration.Seconds(), res.errors, res.non200)
	fmt.Printf("latency p50 %s, p90 %s, p99 %s, max %s\n", pct(0.50), pct(0.90), pct(0.99), pct(1))
	if count > 0 {
		fmt.Printf("response size (gzip, as sent): mean %d bytes\n", res.bytes/int64(count))
	}
	fmt.Printf("server resident memory after the run: %s\n", memory(cmd.Process.Pid))
	if res.errors > 0 || res.non200 > 0 {
		return errors.New("some requests failed")
	}
	return nil
}

// fill creates the places unless the folder already holds them.
func fill(ctx context.Context, dir string, ps []place.Place, now time.Time) error {
	st, err := store.Open(ctx, store.Config{DataDir: dir})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	have, err := placestore.New(st).CountPlaces(ctx, true)
	if err != nil {
		return err
	}
	if have >= len(ps) {
		fmt.Printf("%s already holds %d places\n", dir, have)
		return nil
	}
	start := time.Now()
	for i := range ps[have:] {
		p := ps[have+i]
		p.ID = 0
		p.Normalize()
		if err := placestore.New(st).CreatePlace(ctx, &p, now); err != nil {
			return err
		}
	}
	fmt.Printf("%d places stored in %s (%s)\n", len(ps)-have, filepath.Join(dir, "parcours.db"), time.Since(start).Round(time.Millisecond))
	return nil
}

// searchURLs draws searches as residents make them: around the communes
// where places are, every distance, 0 to 3 filters, sometimes page 2.
func searchURLs(base string, ps []place.Place, n int) []string {
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
		out[i] = base + "/lieux?" + v.Encode()
	}
	return out
}

type result struct {
	latencies      []time.Duration
	errors, non200 int
	bytes          int64
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
				status, body, err := get(client, u)
				elapsed := time.Since(start)
				switch {
				case err != nil:
					mine.errors++
				case status != http.StatusOK:
					mine.non200++
				default:
					mine.latencies = append(mine.latencies, elapsed)
					mine.bytes += int64(len(body))
				}
			}
			mu.Lock()
			all.latencies = append(all.latencies, mine.latencies...)
			all.errors += mine.errors
			all.non200 += mine.non200
			all.bytes += mine.bytes
			mu.Unlock()
		})
	}
	wg.Wait()
	return all
}

func get(client *http.Client, u string) (int, []byte, error) {
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return res.StatusCode, body, err
}

func waitReady(u string) error {
	for i := 0; i < 200; i++ {
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
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	var rss, hwm string
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			rss = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			hwm = strings.TrimSpace(v)
		}
	}
	return fmt.Sprintf("VmRSS %s (peak VmHWM %s)", rss, hwm)
}
