package fetch

import (
	"math/rand/v2"
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, value string
		want        time.Duration
	}{
		{"absent", "", 0},
		{"seconds", "120", 2 * time.Minute},
		{"zero", "0", 0},
		{"padded", " 30 ", 30 * time.Second},
		{"negative", "-5", 0},
		{"fraction", "1.5", 0},
		{"huge seconds capped", "999999999999999999", MaxRetryAfter},
		{"imf date", now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"rfc 850 date", now.Add(time.Hour).Format(time.RFC850), time.Hour},
		{"asctime date", now.Add(10 * time.Minute).Format(time.ANSIC), 10 * time.Minute},
		{"past date", now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"far future date capped", now.AddDate(5, 0, 0).Format(http.TimeFormat), MaxRetryAfter},
		{"garbage", "tomorrow", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseRetryAfter(tc.value, now); got != tc.want {
				t.Errorf("parseRetryAfter(%q) = %s, want %s", tc.value, got, tc.want)
			}
		})
	}
}

func TestBackoffBounds(t *testing.T) {
	const base, maxDelay = time.Second, time.Hour
	r := rand.New(rand.NewPCG(1, 2))
	for attempt := -2; attempt <= 70; attempt++ {
		ceiling := min(base<<max(attempt, 0), maxDelay)
		if attempt >= 12 { // 2^12 s > 1 h; also avoids shifting past int64
			ceiling = maxDelay
		}
		for range 200 {
			d := BackoffRand(r, attempt, base, maxDelay)
			if d < ceiling/2 || d > ceiling {
				t.Fatalf("attempt %d: %s outside [%s, %s]", attempt, d, ceiling/2, ceiling)
			}
		}
	}
}

func TestBackoffGrowth(t *testing.T) {
	const base, maxDelay = 10 * time.Second, 6 * time.Hour
	mean := func(attempt int) time.Duration {
		r := rand.New(rand.NewPCG(7, uint64(attempt)))
		var sum time.Duration
		for range 1000 {
			sum += BackoffRand(r, attempt, base, maxDelay)
		}
		return sum / 1000
	}
	prev := mean(0)
	for attempt := 1; attempt <= 10; attempt++ { // 10 s · 2^10 ≈ 2.8 h < 6 h
		m := mean(attempt)
		if ratio := float64(m) / float64(prev); ratio < 1.8 || ratio > 2.2 {
			t.Errorf("attempt %d: mean %s is %.2f× attempt %d's %s, want about 2×", attempt, m, ratio, attempt-1, prev)
		}
		prev = m
	}
	if m := mean(40); m < maxDelay/2 || m > maxDelay {
		t.Errorf("mean at attempt 40 = %s, want within [%s, %s]", m, maxDelay/2, maxDelay)
	}
}

func TestBackoffDeterministic(t *testing.T) {
	seq := func() []time.Duration {
		r := rand.New(rand.NewPCG(42, 43))
		var out []time.Duration
		for attempt := range 8 {
			out = append(out, BackoffRand(r, attempt, time.Minute, time.Hour))
		}
		return out
	}
	a, b := seq(), seq()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, different delays: %v vs %v", a, b)
		}
	}
	spread := map[time.Duration]bool{}
	for range 50 {
		spread[Backoff(5, time.Minute, time.Hour)] = true
	}
	if len(spread) < 10 {
		t.Errorf("Backoff gave %d distinct delays in 50 calls: no jitter", len(spread))
	}
}

func TestBackoffEdges(t *testing.T) {
	tests := []struct {
		name             string
		attempt          int
		base, maxDelay   time.Duration
		wantMin, wantMax time.Duration
	}{
		{"zero base", 3, 0, time.Hour, 0, 0},
		{"negative base", 3, -time.Second, time.Hour, 0, 0},
		{"max below base", 3, time.Minute, time.Second, 30 * time.Second, time.Minute},
		{"zero max means base", 2, time.Second, 0, 500 * time.Millisecond, time.Second},
		{"huge attempt", 1 << 40, time.Second, 24 * time.Hour, 12 * time.Hour, 24 * time.Hour},
		{"huge max", 100, time.Second, time.Duration(1<<63 - 1), time.Duration(1<<63-1) / 2, time.Duration(1<<63 - 1)},
		{"one nanosecond", 0, 1, time.Hour, 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for range 100 {
				d := Backoff(tc.attempt, tc.base, tc.maxDelay)
				if d < tc.wantMin || d > tc.wantMax {
					t.Fatalf("Backoff(%d, %s, %s) = %s, want within [%s, %s]", tc.attempt, tc.base, tc.maxDelay, d, tc.wantMin, tc.wantMax)
				}
			}
		})
	}
}
