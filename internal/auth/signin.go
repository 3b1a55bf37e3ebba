package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// Sign-in throttling keeps online password guessing slow without handing an
// attacker a way to lock a reader out (OWASP's "device cookies"):
//
//   - A browser that signed in to an account before carries a device cookie
//     for it, signed with the LoginState's key. With it, the browser is not
//     slowed by failures made anywhere else; only its own failures count,
//     and after deviceFree of them within FailureWindow the cookie stops
//     exempting it.
//   - Any other attempt is slowed, never refused for long, per (account,
//     client address) pair (pairRule), per account across addresses
//     (accountRule, against guessing from many addresses) and per address
//     across accounts (addrRule, against one password tried on many
//     accounts). Each rule lets some failures through, then makes each next
//     attempt wait 1 s, 2 s, 4 s … after the latest failure, up to its
//     ceiling. A failure is forgotten after FailureWindow; the right password
//     clears its pair.
//
// So the reader's usual browser signs in while an attacker fails elsewhere, a
// new browser waits at most accountRule.most, and fifty failures behind one
// shared address slow only the accounts that failed.

// rule slows the attempts counted under one kind of key.
type rule struct {
	prefix string
	free   int           // failures within FailureWindow before attempts wait
	most   time.Duration // the longest wait
}

var (
	pairRule    = rule{"pair", 5, 15 * time.Minute}
	accountRule = rule{"account", 20, 30 * time.Second}
	addrRule    = rule{"addr", 100, 2 * time.Second}
)

// deviceFree is how many failures a device cookie may see within
// FailureWindow before it stops exempting its browser.
const deviceFree = 10

// wait is how long an attempt must wait after fails, the failures of its key
// within the window, oldest first.
func (r rule) wait(fails []time.Time, now time.Time) time.Duration {
	over := len(fails) - r.free
	if over < 0 {
		return 0
	}
	d := min(time.Second<<min(over, 30), r.most)
	return max(fails[len(fails)-1].Add(d).Sub(now), 0)
}

// stateKey names what a rule counts: a prefix and a hash of the parts, so
// that keys stay short whatever a client sends.
func stateKey(prefix string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return prefix + ":" + hex.EncodeToString(h.Sum(nil)[:16])
}

// attempt is one sign-in and the keys it counts under.
type attempt struct {
	name   string // lower-cased account name
	device string // the browser's device key for this account; "" when it has no cookie it may use
	keys   map[rule]string
}

// WaitError is SignIn's answer when an attempt must wait because of recent
// failures; its code is ETOOMANY.
type WaitError struct{ Wait time.Duration }

func (e *WaitError) Error() string { return e.Unwrap().Error() }

// Unwrap returns the ETOOMANY error that says how long to wait.
func (e *WaitError) Unwrap() error {
	return herald.Errorf(herald.ETOOMANY, "too many failed sign-ins; try again in %s", e.Wait.Round(time.Second))
}

// SignIn checks name and password for the browser behind r and, when they
// are right, starts a session and gives the browser a device cookie for the
// account (see the throttling rules above). It returns EUNAUTHORIZED "wrong
// name or password", a *WaitError (ETOOMANY) when the attempt must wait, and
// EUNAVAILABLE when the throttle state or the store cannot be read.
func (s *Service) SignIn(w http.ResponseWriter, r *http.Request, name, password string) (*herald.User, error) {
	ctx := r.Context()
	a, err := s.newAttempt(ctx, r, name)
	if err != nil {
		return nil, unavailable("sign in", err)
	}
	wait, err := s.wait(ctx, a)
	if err != nil {
		return nil, unavailable("sign in", err)
	}
	if wait > 0 {
		return nil, &WaitError{Wait: wait}
	}
	u, err := s.Login(ctx, name, password)
	if herald.ErrorCode(err) == herald.EUNAUTHORIZED {
		if ferr := s.fail(ctx, a); ferr != nil {
			return nil, unavailable("sign in", ferr)
		}
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	if err := s.succeed(ctx, w, r, a); err != nil {
		return nil, unavailable("sign in", err)
	}
	if err := s.startSession(ctx, w, u.ID, r.UserAgent()); err != nil {
		return nil, err
	}
	return u, nil
}

// newAttempt names the keys that an attempt on name from r counts under.
func (s *Service) newAttempt(ctx context.Context, r *http.Request, name string) (*attempt, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	addr := ClientAddr(r)
	a := &attempt{name: name, keys: map[rule]string{
		pairRule:    stateKey(pairRule.prefix, name, addr),
		accountRule: stateKey(accountRule.prefix, name),
		addrRule:    stateKey(addrRule.prefix, addr),
	}}
	device, err := s.deviceKey(ctx, r, name)
	if err != nil || device == "" {
		return a, err
	}
	fails, err := s.opts.LoginState.Failures(ctx, device, s.now().Add(-FailureWindow))
	if err != nil {
		return nil, fmt.Errorf("device failures: %w", err)
	}
	if len(fails) < deviceFree {
		a.device = device
	}
	return a, nil
}

// wait is how long a must wait: 0 for a trusted device, else the longest wait
// of the rules.
func (s *Service) wait(ctx context.Context, a *attempt) (time.Duration, error) {
	if a.device != "" {
		return 0, nil
	}
	now := s.now()
	var longest time.Duration
	for r, key := range a.keys {
		fails, err := s.opts.LoginState.Failures(ctx, key, now.Add(-FailureWindow))
		if err != nil {
			return 0, fmt.Errorf("failures of %s: %w", r.prefix, err)
		}
		longest = max(longest, r.wait(fails, now))
	}
	return longest, nil
}

// fail records a wrong password: against the device alone when the browser
// is trusted, else against every rule's key.
func (s *Service) fail(ctx context.Context, a *attempt) error {
	keys := []string{a.device}
	if a.device == "" {
		keys = keys[:0]
		for _, k := range a.keys {
			keys = append(keys, k)
		}
	}
	var errs []error
	for _, k := range keys {
		errs = append(errs, s.opts.LoginState.AddFailure(ctx, k, s.now()))
	}
	return errors.Join(errs...)
}

// succeed clears the pair's and the device's failures and renews the
// browser's device cookie for the account.
func (s *Service) succeed(ctx context.Context, w http.ResponseWriter, r *http.Request, a *attempt) error {
	if err := s.opts.LoginState.ClearFailures(ctx, a.keys[pairRule]); err != nil {
		return err
	}
	if a.device != "" {
		if err := s.opts.LoginState.ClearFailures(ctx, a.device); err != nil {
			return err
		}
	}
	return s.setDevice(ctx, w, r, a.name)
}

// ClientAddr is the address a request came from, as throttling counts it:
// the peer's IP (never a forwarding header, which any client can set), and
// for IPv6 its /64, the block one client typically holds.
func ClientAddr(r *http.Request) string {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	ip := ap.Addr().Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// unavailable marks a failure met while checking credentials: EUNAVAILABLE
// (try again), never EUNAUTHORIZED, so that a valid credential never looks
// wrong or revoked because a store was busy. The cause stays in the chain
// for the log.
func unavailable(op string, err error) error {
	return fmt.Errorf("%s: %w", op, errors.Join(
		herald.Errorf(herald.EUNAVAILABLE, "credentials cannot be checked just now; try again shortly"), err))
}
