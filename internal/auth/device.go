package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
)

// DeviceCookieName is the cookie that marks a browser that signed in before.
// It holds up to maxDevices entries "NONCE.SIGNATURE", one per account signed
// in from this browser, joined by "~"; the signature is an HMAC-SHA256 of the
// lower-cased account name and the nonce under the LoginState's device key, so
// the cookie names no account and cannot be forged.
const DeviceCookieName = "herald_device"

const (
	maxDevices     = 5
	deviceTTL      = 365 * 24 * 60 * 60 // seconds
	deviceNonceLen = 16
)

// deviceKey returns the throttle key of r's device cookie entry for name, or
// "" when the browser has none that verifies.
func (s *Service) deviceKey(ctx context.Context, r *http.Request, name string) (string, error) {
	c, err := r.Cookie(DeviceCookieName)
	if err != nil || c.Value == "" {
		return "", nil
	}
	secret, err := s.opts.LoginState.DeviceKey(ctx)
	if err != nil {
		return "", fmt.Errorf("device key: %w", err)
	}
	for _, e := range deviceEntries(c.Value) {
		if nonce, ok := verifyDevice(secret, name, e); ok {
			return stateKey("device", nonce), nil
		}
	}
	return "", nil
}

// setDevice gives the browser a fresh entry for name, replacing any it held
// for name and keeping up to maxDevices-1 entries of other accounts.
func (s *Service) setDevice(ctx context.Context, w http.ResponseWriter, r *http.Request, name string) error {
	secret, err := s.opts.LoginState.DeviceKey(ctx)
	if err != nil {
		return fmt.Errorf("device key: %w", err)
	}
	nonce := make([]byte, deviceNonceLen)
	if _, err := rand.Read(nonce); err != nil {
		return fmt.Errorf("device nonce: %w", err)
	}
	n := base64.RawURLEncoding.EncodeToString(nonce)
	entries := []string{n + "." + deviceSignature(secret, name, n)}
	if c, err := r.Cookie(DeviceCookieName); err == nil {
		for _, e := range deviceEntries(c.Value) {
			if _, mine := verifyDevice(secret, name, e); !mine && len(entries) < maxDevices {
				entries = append(entries, e)
			}
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name: DeviceCookieName, Value: strings.Join(entries, "~"), Path: "/login", MaxAge: deviceTTL,
		HttpOnly: true, Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// deviceEntries splits a cookie value into at most maxDevices entries.
func deviceEntries(v string) []string {
	es := strings.Split(v, "~")
	return es[:min(len(es), maxDevices)]
}

// verifyDevice reports whether entry was issued for name, and its nonce.
func verifyDevice(secret []byte, name, entry string) (string, bool) {
	nonce, sig, ok := strings.Cut(entry, ".")
	if !ok || !validSecret(nonce, deviceNonceLen) {
		return "", false
	}
	want := deviceSignature(secret, name, nonce)
	return nonce, hmac.Equal([]byte(sig), []byte(want))
}

// deviceSignature signs an entry for name (lower-cased).
func deviceSignature(secret []byte, name, nonce string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("herald device cookie\x00" + strings.ToLower(name) + "\x00" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
