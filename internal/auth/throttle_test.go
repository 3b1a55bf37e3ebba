package auth

import (
	"strconv"
	"testing"
	"time"
)

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	th := NewThrottle(3, 10*time.Minute)
	th.now = func() time.Time { return now }
	for i := range 3 {
		if w := th.Wait("alice"); w != 0 {
			t.Fatalf("attempt %d must wait %v, want 0", i+1, w)
		}
		th.Fail("alice")
		now = now.Add(time.Minute)
	}
	if w := th.Wait("alice"); w != 7*time.Minute {
		t.Fatalf("after 3 failures wait = %v, want 7m (until the first failure leaves the window)", w)
	}
	if w := th.Wait("bob"); w != 0 {
		t.Errorf("another key waits %v, want 0", w)
	}
	now = now.Add(7 * time.Minute)
	if w := th.Wait("alice"); w != 0 {
		t.Errorf("once the oldest failure left the window wait = %v, want 0", w)
	}
	th.Fail("alice")
	th.Reset("alice")
	if w := th.Wait("alice"); w != 0 {
		t.Errorf("after Reset wait = %v, want 0", w)
	}
}

func TestThrottleForgetsOldKeysUnderFlood(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	th := NewThrottle(3, time.Minute)
	th.now = func() time.Time { return now }
	for i := range maxThrottleKeys {
		th.Fail(strconv.Itoa(i))
	}
	now = now.Add(2 * time.Minute)
	th.Fail("new")
	if n := len(th.fails); n != 1 {
		t.Errorf("keys kept = %d, want only the new one", n)
	}
}
