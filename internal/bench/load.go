package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Request is one request of a load run: a URL and the token to send.
type Request struct {
	URL   string
	Token string // sent as Authorization: Bearer
}

// Result summarises a load run.
type Result struct {
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	P50MS       float64 `json:"p50_ms"`
	P99MS       float64 `json:"p99_ms"`
	RPS         float64 `json:"rps"`
	Concurrency int     `json:"concurrency"`
}

// Doer sends HTTP requests (fetch.LoopbackClient gives one).
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Load sends requests made by next (given a running count) from concurrency
// goroutines for d, each waiting for its response before the next request,
// and measures latency and throughput. A response other than 200 counts as
// an error (and its latency is not counted).
func Load(ctx context.Context, client Doer, concurrency int, d time.Duration, next func(i int) Request) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
		count     int
		firstErr  error
		wg        sync.WaitGroup
	)
	start := time.Now()
	for range concurrency {
		wg.Go(func() {
			var mine []time.Duration
			bad := 0
			for ctx.Err() == nil {
				mu.Lock()
				i := count
				count++
				mu.Unlock()
				lat, err := do(ctx, client, next(i))
				switch {
				case ctx.Err() != nil:
				case err != nil:
					bad++
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				default:
					mine = append(mine, lat)
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			errs += bad
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	res := Result{Requests: len(latencies), Errors: errs, Concurrency: concurrency,
		RPS: float64(len(latencies)) / elapsed.Seconds()}
	if len(latencies) > 0 {
		slices.Sort(latencies)
		res.P50MS = ms(percentile(latencies, 0.50))
		res.P99MS = ms(percentile(latencies, 0.99))
	}
	if errs > 0 && len(latencies) == 0 {
		return res, fmt.Errorf("load: every request failed, the first with: %w", firstErr)
	}
	return res, nil
}

// do sends one request and reads the whole response.
func do(ctx context.Context, client Doer, r Request) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return 0, err
	}
	if r.Token != "" {
		req.Header.Set("Authorization", "Bearer "+r.Token)
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	lat := time.Since(start)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %s", r.URL, resp.Status)
	}
	return lat, nil
}

// percentile returns the q-quantile of sorted latencies (nearest rank).
func percentile(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
