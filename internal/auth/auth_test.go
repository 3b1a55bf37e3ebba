package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

func newTestService(t testing.TB, opts Options) (*Service, *memUsers) {
	t.Helper()
	st := newMemUsers()
	return New(st, opts), st
}

func mustUser(t testing.TB, s *Service, name, pw string) *herald.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), name, pw, false)
	if err != nil {
		t.Fatalf("CreateUser(%q): %v", name, err)
	}
	return u
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := herald.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

func TestCreateUserValidates(t *testing.T) {
	s, st := newTestService(t, Options{})
	for _, tc := range []struct {
		name, user, pw string
		field          string // "" when valid
	}{
		{"valid", "ada.l_1-x", "long enough", ""},
		{"empty name", "", "long enough", "name:"},
		{"name too long", strings.Repeat("a", 65), "long enough", "name:"},
		{"name with space", "ada l", "long enough", "name:"},
		{"name with slash", "ada/l", "long enough", "name:"},
		{"name not ascii", "élodie", "long enough", "name:"},
		{"short password", "grace", "1234567", "password:"},
		{"empty password", "grace", "", "password:"},
		{"huge password", "grace", strings.Repeat("p", MaxPasswordLen+1), "password:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := s.CreateUser(context.Background(), tc.user, tc.pw, true)
			if tc.field == "" {
				if err != nil || u.ID == 0 || !u.IsAdmin {
					t.Fatalf("CreateUser = %+v, %v; want a stored admin", u, err)
				}
				if ok, _ := CheckPassword(u.PasswordHash, tc.pw); !ok || st.seenAny(tc.pw) {
					t.Fatal("the store did not get a hash of the password, or saw the password itself")
				}
				return
			}
			wantCode(t, err, herald.EINVALID)
			if msg := herald.ErrorMessage(err); !strings.HasPrefix(msg, tc.field) {
				t.Errorf("message %q does not name the field %q", msg, tc.field)
			}
		})
	}
	_, err := s.CreateUser(context.Background(), "ada.l_1-x", "another password", false)
	wantCode(t, err, herald.ECONFLICT)
}

func TestLogin(t *testing.T) {
	s, _ := newTestService(t, Options{})
	want := mustUser(t, s, "ada", "correct horse")
	ctx := context.Background()

	u, err := s.Login(ctx, "ada", "correct horse")
	if err != nil || u.ID != want.ID {
		t.Fatalf("Login(right) = %+v, %v", u, err)
	}
	_, errWrong := s.Login(ctx, "ada", "wrong horse!")
	_, errMissing := s.Login(ctx, "nobody", "correct horse")
	for _, err := range []error{errWrong, errMissing} {
		wantCode(t, err, herald.EUNAUTHORIZED)
		if msg := herald.ErrorMessage(err); msg != "wrong name or password" {
			t.Errorf("message %q, want %q", msg, "wrong name or password")
		}
	}
}

// TestLoginHashesForMissingUser proves the missing-user path does the same argon2id
// work as the wrong-password path: one check, against a hash with the default cost.
func TestLoginHashesForMissingUser(t *testing.T) {
	s, _ := newTestService(t, Options{})
	mustUser(t, s, "ada", "correct horse")
	var checked []string
	s.check = func(hash, pw string) (bool, error) {
		checked = append(checked, hash)
		return CheckPassword(hash, pw)
	}
	if ok, err := CheckPassword(dummyHash, ""); ok || err != nil {
		t.Fatalf("CheckPassword(dummyHash) = %v, %v; want false, nil", ok, err)
	}
	for _, name := range []string{"ada", "nobody", "nobody-else"} {
		checked = nil
		if _, err := s.Login(context.Background(), name, "wrong horse!"); herald.ErrorCode(err) != herald.EUNAUTHORIZED {
			t.Fatalf("Login(%q): %v", name, err)
		}
		if len(checked) != 1 {
			t.Fatalf("Login(%q) ran %d password checks, want 1", name, len(checked))
		}
		if p, err := ParseParams(checked[0]); err != nil || p != DefaultParams {
			t.Errorf("Login(%q) checked against params %+v (%v), want %+v", name, p, err, DefaultParams)
		}
	}
}

func TestSessionCookie(t *testing.T) {
	for _, secure := range []bool{false, true} {
		s, st := newTestService(t, Options{SessionTTL: 2 * time.Hour, SecureCookies: secure})
		u := mustUser(t, s, "ada", "correct horse")
		rec := httptest.NewRecorder()
		if err := s.StartSession(context.Background(), rec, u.ID); err != nil {
			t.Fatal(err)
		}
		c := onlyCookie(t, rec)
		if c.Name != CookieName || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" ||
			c.MaxAge != 7200 || c.Secure != secure {
			t.Errorf("secure=%v: cookie %+v: want %s, HttpOnly, SameSite=Lax, Path=/, MaxAge=7200, Secure=%v",
				secure, c, CookieName, secure)
		}
		if !validSecret(c.Value, 16) {
			t.Errorf("cookie value %q is not 128 random bits", c.Value)
		}
		if st.seenAny(c.Value) {
			t.Error("the store saw the raw session id")
		}
		got, err := s.Authenticate(requestWithCookie(c))
		if err != nil || got.ID != u.ID {
			t.Errorf("Authenticate(cookie) = %+v, %v", got, err)
		}
	}
}

func TestSessionExpires(t *testing.T) {
	s, _ := newTestService(t, Options{SessionTTL: time.Hour})
	u := mustUser(t, s, "ada", "correct horse")
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return start }
	rec := httptest.NewRecorder()
	if err := s.StartSession(context.Background(), rec, u.ID); err != nil {
		t.Fatal(err)
	}
	c := onlyCookie(t, rec)
	for _, tc := range []struct {
		name  string
		after time.Duration
		code  string
	}{
		{"fresh", 0, ""},
		{"just before expiry", time.Hour - time.Second, ""},
		{"at expiry", time.Hour, herald.EUNAUTHORIZED},
		{"long after", 90 * 24 * time.Hour, herald.EUNAUTHORIZED},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.now = func() time.Time { return start.Add(tc.after) }
			_, err := s.Authenticate(requestWithCookie(c))
			wantCode(t, err, tc.code)
		})
	}
}

func TestEndSession(t *testing.T) {
	s, _ := newTestService(t, Options{})
	u := mustUser(t, s, "ada", "correct horse")
	rec := httptest.NewRecorder()
	if err := s.StartSession(context.Background(), rec, u.ID); err != nil {
		t.Fatal(err)
	}
	c := onlyCookie(t, rec)
	out := httptest.NewRecorder()
	if err := s.EndSession(context.Background(), out, requestWithCookie(c)); err != nil {
		t.Fatal(err)
	}
	if cleared := onlyCookie(t, out); cleared.MaxAge >= 0 || cleared.Value != "" {
		t.Errorf("EndSession cookie %+v does not clear the session", cleared)
	}
	_, err := s.Authenticate(requestWithCookie(c))
	wantCode(t, err, herald.EUNAUTHORIZED)
	if err := s.EndSession(context.Background(), httptest.NewRecorder(), httptest.NewRequest("POST", "/logout", nil)); err != nil {
		t.Errorf("EndSession without a cookie: %v", err)
	}
}

func TestBearerTokens(t *testing.T) {
	s, st := newTestService(t, Options{})
	u := mustUser(t, s, "ada", "correct horse")
	secret, err := s.CreateToken(context.Background(), u.ID, "laptop")
	if err != nil {
		t.Fatal(err)
	}
	raw, ok := strings.CutPrefix(secret, TokenPrefix)
	if !ok || !validSecret(raw, 32) {
		t.Fatalf("secret %q is not hrd_ + base64url of 32 bytes", secret)
	}
	if st.seenAny(raw) {
		t.Fatal("the store saw the token secret")
	}
	if _, err := s.CreateToken(context.Background(), u.ID, "  "); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("CreateToken(blank name) = %v, want EINVALID", err)
	}
	other, _ := randomString(32)
	for _, tc := range []struct {
		name    string
		headers []string
		code    string
	}{
		{"bearer", []string{"Bearer " + secret}, ""},
		{"scheme is case-insensitive", []string{"bearer " + secret}, ""},
		{"unknown token", []string{"Bearer " + TokenPrefix + other}, herald.EUNAUTHORIZED},
		{"no prefix", []string{"Bearer " + raw}, herald.EUNAUTHORIZED},
		{"truncated", []string{"Bearer " + secret[:20]}, herald.EUNAUTHORIZED},
		{"basic scheme", []string{"Basic YWRhOnB3"}, herald.EUNAUTHORIZED},
		{"scheme only", []string{"Bearer"}, herald.EUNAUTHORIZED},
		{"empty header", []string{""}, herald.EUNAUTHORIZED},
		{"two headers", []string{"Bearer " + secret, "Bearer " + secret}, herald.EUNAUTHORIZED},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/api/v1/feed", nil)
			for _, h := range tc.headers {
				r.Header.Add("Authorization", h)
			}
			got, err := s.Authenticate(r)
			wantCode(t, err, tc.code)
			if tc.code == "" && got.ID != u.ID {
				t.Errorf("Authenticate = user %d, want %d", got.ID, u.ID)
			}
		})
	}
}

// TestAuthorizationHeaderWins: a bad token is not rescued by a good cookie.
func TestAuthorizationHeaderWins(t *testing.T) {
	s, _ := newTestService(t, Options{})
	u := mustUser(t, s, "ada", "correct horse")
	rec := httptest.NewRecorder()
	if err := s.StartSession(context.Background(), rec, u.ID); err != nil {
		t.Fatal(err)
	}
	r := requestWithCookie(onlyCookie(t, rec))
	r.Header.Set("Authorization", "Bearer nonsense")
	_, err := s.Authenticate(r)
	wantCode(t, err, herald.EUNAUTHORIZED)
}

func TestAuthenticateWithoutCredentials(t *testing.T) {
	s, _ := newTestService(t, Options{})
	for _, tc := range []struct {
		name   string
		cookie *http.Cookie
	}{
		{"nothing", nil},
		{"empty cookie", &http.Cookie{Name: CookieName, Value: ""}},
		{"malformed cookie", &http.Cookie{Name: CookieName, Value: "not-base64!"}},
		{"unknown session", &http.Cookie{Name: CookieName, Value: strings.Repeat("A", 22)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Authenticate(requestWithCookie(tc.cookie))
			wantCode(t, err, herald.EUNAUTHORIZED)
		})
	}
}

// failingUsers fails every session lookup, like a store that is down.
type failingUsers struct{ *memUsers }

func (failingUsers) SessionUser(context.Context, string, time.Time) (*herald.User, error) {
	return nil, errors.New("database is locked")
}

func TestAuthenticateStoreFailureIsNotUnauthorized(t *testing.T) {
	s := New(failingUsers{newMemUsers()}, Options{})
	_, err := s.Authenticate(requestWithCookie(&http.Cookie{Name: CookieName, Value: strings.Repeat("A", 22)}))
	wantCode(t, err, herald.EUNAVAILABLE)
}

func TestMiddleware(t *testing.T) {
	s, _ := newTestService(t, Options{})
	u := mustUser(t, s, "ada", "correct horse")
	secret, err := s.CreateToken(context.Background(), u.ID, "cli")
	if err != nil {
		t.Fatal(err)
	}
	var got *herald.User
	h := s.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = UserFrom(r.Context())
		w.WriteHeader(http.StatusTeapot)
	}))
	for _, tc := range []struct {
		name   string
		header string
		wantID int64
	}{
		{"token", "Bearer " + secret, u.ID},
		{"anonymous", "", 0},
		{"bad token", "Bearer hrd_nope", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got = nil
			r := httptest.NewRequest("GET", "/", nil)
			if tc.header != "" {
				r.Header.Set("Authorization", tc.header)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != http.StatusTeapot {
				t.Fatalf("status %d: the middleware answered instead of the handler", rec.Code)
			}
			var id int64
			if got != nil {
				id = got.ID
			}
			if id != tc.wantID {
				t.Errorf("user in context = %d, want %d", id, tc.wantID)
			}
		})
	}
}

func TestUserContext(t *testing.T) {
	if UserFrom(context.Background()) != nil {
		t.Fatal("UserFrom(empty context) is not nil")
	}
	u := &herald.User{ID: 7}
	if got := UserFrom(WithUser(context.Background(), u)); got != u {
		t.Fatalf("UserFrom(WithUser(u)) = %v", got)
	}
}

func BenchmarkAuthenticateToken(b *testing.B) {
	s, _ := newTestService(b, Options{})
	u := &herald.User{Name: "ada"}
	if err := s.users.CreateUser(context.Background(), u); err != nil {
		b.Fatal(err)
	}
	secret, err := s.CreateToken(context.Background(), u.ID, "bench")
	if err != nil {
		b.Fatal(err)
	}
	r := httptest.NewRequest("GET", "/api/v1/feed", nil)
	r.Header.Set("Authorization", "Bearer "+secret)
	for b.Loop() {
		if _, err := s.Authenticate(r); err != nil {
			b.Fatal(err)
		}
	}
}

func onlyCookie(t *testing.T, rec *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	cs := rec.Result().Cookies()
	if len(cs) != 1 {
		t.Fatalf("response set %d cookies, want 1", len(cs))
	}
	return cs[0]
}

func requestWithCookie(c *http.Cookie) *http.Request {
	r := httptest.NewRequest("GET", "/", nil)
	if c != nil {
		r.AddCookie(c)
	}
	return r
}
