package fetch

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxRetryAfter caps a server's Retry-After, so that a broken or hostile server
// cannot silence a source for years. The scheduler may cap lower.
const MaxRetryAfter = 7 * 24 * time.Hour

// parseRetryAfter reads a Retry-After value: delay-seconds or an HTTP date
// (RFC 9110 §10.2.3), relative to now. It returns 0 when the value is absent,
// unparseable or already in the past, and at most MaxRetryAfter.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		d = time.Duration(min(secs, int64(MaxRetryAfter/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), MaxRetryAfter)
}

// Backoff returns how long to wait before retry number attempt (0 for the first
// retry) after consecutive failures: exponential growth from base, doubling per
// attempt up to maxDelay, with jitter. The result lies in [c/2, c] where
// c = min(base·2^attempt, maxDelay), so retries of many sources spread out but never
// come back sooner than half the nominal delay. A negative attempt counts as 0;
// maxDelay below base is raised to base; base ≤ 0 gives 0. Safe for concurrent use.
func Backoff(attempt int, base, maxDelay time.Duration) time.Duration {
	return BackoffRand(nil, attempt, base, maxDelay)
}

// BackoffRand is Backoff drawing the jitter from r, which makes it deterministic
// for a seeded r (rand.New(rand.NewPCG(1, 2))). A nil r uses the global source.
// An *rand.Rand is not safe for concurrent use; neither is BackoffRand with one.
func BackoffRand(r *rand.Rand, attempt int, base, maxDelay time.Duration) time.Duration {
	c := backoffCeiling(attempt, base, maxDelay)
	if c <= 0 {
		return 0
	}
	half := c / 2
	n := int64(c-half) + 1
	var j int64
	if r != nil {
		j = r.Int64N(n)
	} else {
		j = rand.Int64N(n)
	}
	return half + time.Duration(j)
}

// backoffCeiling is min(base·2^attempt, max) without overflow.
func backoffCeiling(attempt int, base, maxDelay time.Duration) time.Duration {
	if base <= 0 {
		return 0
	}
	maxDelay = max(maxDelay, base)
	d := base
	for range max(attempt, 0) {
		if d > maxDelay/2 {
			return maxDelay
		}
		d *= 2
	}
	return d
}
