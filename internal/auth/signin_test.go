package auth

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// signInEnv is a Service with a controllable clock, cheap password checks
// and readers "ada" and "bob" (password "correct horse").
type signInEnv struct {
	t   *testing.T
	s   *Service
	now time.Time
}

func newSignInEnv(t *testing.T) *signInEnv {
	t.Helper()
	e := &signInEnv{t: t, now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	e.s, _ = newTestService(t, Options{})
	e.s.now = func() time.Time { return e.now }
	e.s.check = func(_, pw string) (bool, error) { return pw == "correct horse", nil } // argon2id is tested elsewhere
	mustUser(t, e.s, "ada", "correct horse")
	mustUser(t, e.s, "bob", "correct horse")
	return e
}

// browser is a client at one address that keeps the cookies it is given.
type browser struct {
	addr    string
	cookies map[string]*http.Cookie
}

func newBrowser(addr string) *browser {
	return &browser{addr: addr, cookies: map[string]*http.Cookie{}}
}

// signIn tries name and password from b and returns SignIn's error.
func (e *signInEnv) signIn(b *browser, name, password string) error {
	e.t.Helper()
	r := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"name": {name}}.Encode()))
	r.RemoteAddr = b.addr + ":40000"
	if strings.Contains(b.addr, ":") {
		r.RemoteAddr = "[" + b.addr + "]:40000"
	}
	for _, c := range b.cookies {
		r.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	_, err := e.s.SignIn(rec, r, name, password)
	for _, c := range rec.Result().Cookies() {
		b.cookies[c.Name] = c
	}
	return err
}

// wantOK fails unless signing in succeeds.
func (e *signInEnv) wantOK(b *browser, name string) {
	e.t.Helper()
	if err := e.signIn(b, name, "correct horse"); err != nil {
		e.t.Fatalf("%s signing in from %s with the right password: %v", name, b.addr, err)
	}
}

// wait returns how long SignIn says to wait, 0 when it did not throttle.
func wait(err error) time.Duration {
	var w *WaitError
	if errors.As(err, &w) {
		return w.Wait
	}
	return 0
}

// fail makes n wrong guesses for name from b, waiting out each slowdown as a
// patient attacker would, and returns how long the guesses took.
func (e *signInEnv) fail(b *browser, name string, n int) time.Duration {
	e.t.Helper()
	start := e.now
	for i := 0; i < n; {
		err := e.signIn(b, name, fmt.Sprintf("guess %d", i))
		if w := wait(err); w > 0 {
			e.now = e.now.Add(w)
			continue
		}
		if herald.ErrorCode(err) != herald.EUNAUTHORIZED {
			e.t.Fatalf("guess %d for %s from %s: %v, want wrong password", i, name, b.addr, err)
		}
		i++
	}
	return e.now.Sub(start)
}

// TestUsualBrowserSignsInWhileAttackersFail is the probe's lockout (issue 10
// item 1): failures for an account from many other addresses must not stop
// the reader's usual browser, with the right password.
func TestUsualBrowserSignsInWhileAttackersFail(t *testing.T) {
	e := newSignInEnv(t)
	home := newBrowser("192.0.2.10")
	e.wantOK(home, "ada")
	for i := range 60 {
		e.fail(newBrowser(fmt.Sprintf("203.0.113.%d", i)), "ada", 10)
	}
	e.fail(newBrowser("198.51.100.7"), "ada", 10)
	e.wantOK(home, "ada")
	// Again and again: the attack never becomes a lockout.
	for range 3 {
		e.fail(newBrowser("198.51.100.8"), "Ada", 10)
		e.wantOK(home, "ada")
	}
}

// TestRightPasswordFromAnotherAddressAfterFailures: ten failures from one
// address slow that address for that account, not a reader elsewhere.
func TestRightPasswordFromAnotherAddressAfterFailures(t *testing.T) {
	e := newSignInEnv(t)
	e.fail(newBrowser("203.0.113.5"), "ada", 10)
	e.wantOK(newBrowser("192.0.2.10"), "ada")
}

// TestSharedAddressDoesNotLockOtherAccounts: fifty failures from one proxy
// address slow neither other accounts behind it nor its readers' browsers.
func TestSharedAddressDoesNotLockOtherAccounts(t *testing.T) {
	e := newSignInEnv(t)
	proxy := "198.51.100.1"
	regular := newBrowser(proxy)
	e.wantOK(regular, "ada")
	for i := range 50 {
		e.fail(newBrowser(proxy), fmt.Sprintf("user%d", i), 1)
	}
	e.wantOK(newBrowser(proxy), "bob")
	e.wantOK(regular, "ada")
}

// TestNewBrowserIsSlowedNotLockedOut: under a distributed attack, a browser
// without a device cookie waits at most accountRule.most, then signs in.
func TestNewBrowserIsSlowedNotLockedOut(t *testing.T) {
	e := newSignInEnv(t)
	for i := range 40 {
		e.fail(newBrowser(fmt.Sprintf("203.0.113.%d", i)), "ada", 1)
	}
	laptop := newBrowser("192.0.2.20")
	err := e.signIn(laptop, "ada", "correct horse")
	w := wait(err)
	if w <= 0 || w > accountRule.most {
		t.Fatalf("new browser during an attack: %v; want a wait of at most %v", err, accountRule.most)
	}
	wantCode(t, err, herald.ETOOMANY)
	e.now = e.now.Add(w)
	e.wantOK(laptop, "ada")
}

// TestGuessingIsSlow: one address guessing one account gets a few free
// guesses, then ever longer waits; guesses spread over many addresses are
// slowed per account.
func TestGuessingIsSlow(t *testing.T) {
	e := newSignInEnv(t)
	attacker := newBrowser("203.0.113.9")
	if took := e.fail(attacker, "ada", pairRule.free); took != 0 {
		t.Errorf("the first %d guesses took %v, want no wait", pairRule.free, took)
	}
	if took := e.fail(attacker, "ada", 10); took < 10*time.Minute {
		t.Errorf("10 more guesses from one address took %v, want at least 10 minutes", took)
	}
	e2 := newSignInEnv(t)
	start := e2.now
	for i := range 100 {
		e2.fail(newBrowser(fmt.Sprintf("10.0.%d.%d", i/250, i%250)), "bob", 1)
	}
	if took := e2.now.Sub(start); took < 30*time.Minute {
		t.Errorf("100 guesses from 100 addresses took %v, want at least 30 minutes", took)
	}
}

// TestDeviceCookieIsBoundToItsAccount: a cookie issued for ada does not
// exempt bob, and a forged or altered one exempts nobody.
func TestDeviceCookieIsBoundToItsAccount(t *testing.T) {
	e := newSignInEnv(t)
	shared := newBrowser("192.0.2.30")
	e.wantOK(shared, "ada")
	c := shared.cookies[DeviceCookieName]
	if c == nil || !c.HttpOnly || c.Path != "/login" || c.MaxAge <= 0 || strings.Contains(strings.ToLower(c.Value), "ada") {
		t.Fatalf("device cookie %+v: want HttpOnly, Path=/login, lasting, not naming the account", c)
	}
	for i := range 30 {
		e.fail(newBrowser(fmt.Sprintf("203.0.113.%d", i)), "bob", 1)
	}
	if w := wait(e.signIn(shared, "bob", "correct horse")); w == 0 {
		t.Error("ada's device cookie exempted bob from the account's slowdown")
	}
	nonce, sig, _ := strings.Cut(c.Value, ".")
	for name, v := range map[string]string{
		"altered signature": nonce + "." + strings.Repeat("A", len(sig)),
		"other nonce":       strings.Repeat("B", len(nonce)) + "." + sig,
		"garbage":           "not a cookie",
	} {
		forged := newBrowser("192.0.2.31")
		forged.cookies[DeviceCookieName] = &http.Cookie{Name: DeviceCookieName, Value: v}
		for i := range 30 {
			e.fail(newBrowser(fmt.Sprintf("198.51.100.%d", i)), "ada", 1)
		}
		if w := wait(e.signIn(forged, "ada", "correct horse")); w == 0 {
			t.Errorf("%s: a forged device cookie exempted its browser", name)
		}
	}
}

// TestDeviceCookieHasItsOwnLimit: a trusted browser that keeps failing
// loses its exemption.
func TestDeviceCookieHasItsOwnLimit(t *testing.T) {
	e := newSignInEnv(t)
	stolen := newBrowser("192.0.2.40")
	e.wantOK(stolen, "ada")
	for i := range 30 {
		e.fail(newBrowser(fmt.Sprintf("203.0.113.%d", i)), "ada", 1)
	}
	for i := range deviceFree {
		if err := e.signIn(stolen, "ada", fmt.Sprint("guess ", i)); herald.ErrorCode(err) != herald.EUNAUTHORIZED {
			t.Fatalf("guess %d with a device cookie: %v, want wrong password", i, err)
		}
	}
	if w := wait(e.signIn(stolen, "ada", "another guess")); w == 0 {
		t.Error("a device cookie with many failures still exempts its browser")
	}
}

// TestDeviceCookieKeepsOtherAccounts: one browser signing in to two accounts
// is trusted for both.
func TestDeviceCookieKeepsOtherAccounts(t *testing.T) {
	e := newSignInEnv(t)
	family := newBrowser("192.0.2.50")
	e.wantOK(family, "ada")
	e.wantOK(family, "bob")
	e.wantOK(family, "bob")
	for i := range 30 {
		e.fail(newBrowser(fmt.Sprintf("203.0.113.%d", i)), "ada", 1)
		e.fail(newBrowser(fmt.Sprintf("203.0.113.%d", i)), "bob", 1)
	}
	e.wantOK(family, "ada")
	e.wantOK(family, "bob")
	if n := strings.Count(family.cookies[DeviceCookieName].Value, "~") + 1; n != 2 {
		t.Errorf("device cookie holds %d entries, want 2 (one per account)", n)
	}
}

func TestClientAddr(t *testing.T) {
	for _, tc := range []struct{ remote, want string }{
		{"192.0.2.1:5000", "192.0.2.1"},
		{"[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.1]:80", "192.0.2.1"},
		{"not an address", "not an address"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		if got := ClientAddr(r); got != tc.want {
			t.Errorf("ClientAddr(%q) = %q, want %q", tc.remote, got, tc.want)
		}
	}
}
