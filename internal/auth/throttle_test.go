package auth

import (
	"strconv"
	"testing"
	"time"
)

func TestMemoryState(t *testing.T) {
	ctx := t.Context()
	m := NewMemoryState()
	t0 := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for i := range MaxFailuresKept + 5 {
		if err := m.AddFailure(ctx, "k", t0.Add(time.Duration(i)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	all, _ := m.Failures(ctx, "k", time.Time{})
	if len(all) != MaxFailuresKept || !all[0].Equal(t0.Add(5*time.Second)) {
		t.Errorf("kept %d failures from %v, want the newest %d", len(all), all[0], MaxFailuresKept)
	}
	recent, _ := m.Failures(ctx, "k", t0.Add(time.Duration(MaxFailuresKept+2)*time.Second))
	if len(recent) != 2 {
		t.Errorf("failures after a time = %d, want 2", len(recent))
	}
	if err := m.ClearFailures(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if none, _ := m.Failures(ctx, "k", time.Time{}); len(none) != 0 {
		t.Errorf("failures after ClearFailures = %v", none)
	}
	k1, _ := m.DeviceKey(ctx)
	k2, _ := m.DeviceKey(ctx)
	other, _ := NewMemoryState().DeviceKey(ctx)
	if len(k1) != 32 || string(k1) != string(k2) || string(k1) == string(other) {
		t.Error("DeviceKey: want 32 bytes, the same on every call, different per state")
	}
}

func TestMemoryStateForgetsOldKeysUnderFlood(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	m := NewMemoryState()
	m.now = func() time.Time { return now }
	for i := range maxStateKeys {
		m.AddFailure(ctx, strconv.Itoa(i), now)
	}
	now = now.Add(FailureWindow + time.Minute)
	m.AddFailure(ctx, "new", now)
	if n := len(m.fails); n != 1 {
		t.Errorf("keys kept = %d, want only the new one", n)
	}
}

func TestRuleWait(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	r := rule{"test", 2, time.Minute}
	at := func(ago ...time.Duration) []time.Time {
		var out []time.Time
		for _, a := range ago {
			out = append(out, now.Add(-a))
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		fails []time.Time
		want  time.Duration
	}{
		{"none", nil, 0},
		{"under the allowance", at(0), 0},
		{"at the allowance", at(0, 0), time.Second},
		{"one over", at(0, 0, 0), 2 * time.Second},
		{"waited out", at(10*time.Second, 10*time.Second, 10*time.Second), 0},
		{"partly waited", at(time.Second, time.Second, time.Second), time.Second},
		{"ceiling", at(make([]time.Duration, 40)...), time.Minute},
	} {
		if got := r.wait(tc.fails, now); got != tc.want {
			t.Errorf("%s: wait = %v, want %v", tc.name, got, tc.want)
		}
	}
}
