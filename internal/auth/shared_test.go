package auth

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/heraldnews/herald/internal/store"
)

// TestInstancesShareSignInState: two Herald processes that serve one
// database share their throttling (an attacker does not get each one's
// allowance) and their device-cookie key (a browser trusted by one is
// trusted by the other).
func TestInstancesShareSignInState(t *testing.T) {
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	instance := func() *signInEnv {
		e := &signInEnv{t: t, now: now, s: New(db, Options{LoginState: StoredState{Store: db}})}
		e.s.now = func() time.Time { return e.now }
		e.s.check = func(_, pw string) (bool, error) { return pw == "correct horse", nil }
		return e
	}
	a, b := instance(), instance()
	mustUser(t, a.s, "ada", "correct horse")
	home := newBrowser("192.0.2.10")
	a.wantOK(home, "ada")

	attacker := newBrowser("203.0.113.9")
	a.fail(attacker, "ada", pairRule.free)
	if err := b.signIn(attacker, "ada", "another guess"); wait(err) == 0 {
		t.Errorf("instance b let the attacker guess again at once (%v); want the failures made on a to count", err)
	}
	b.now = a.now
	if err := b.signIn(home, "ada", "correct horse"); err != nil {
		t.Errorf("instance b refused the reader's usual browser, trusted by a: %v", err)
	}
}
