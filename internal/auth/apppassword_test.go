package auth

import (
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/store"
)

// newStoreService returns a Service over a fresh in-memory store, with feed
// keys and shared login state, as serve wires it.
func newStoreService(t *testing.T) (*Service, *store.DB) {
	t.Helper()
	db, err := store.Open(t.Context(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return New(db, Options{LoginState: StoredState{Store: db}, FeedKeys: db}), db
}

var appPasswordShape = regexp.MustCompile(`^[a-z2-9]{4}(-[a-z2-9]{4}){5}$`)

func TestAppPasswordSignIn(t *testing.T) {
	s, _ := newStoreService(t)
	ctx := t.Context()
	ada := mustUser(t, s, "ada", "account password")
	pw, err := s.CreateAppPassword(ctx, ada, "Reeder")
	if err != nil {
		t.Fatal(err)
	}
	if !appPasswordShape.MatchString(pw) {
		t.Fatalf("app password %q: want six dash-separated groups of four easy-to-type characters", pw)
	}
	u, key, err := s.AppPasswordLogin(ctx, "ada", pw)
	if err != nil || u.ID != ada.ID || key != AppPasswordKey("ada", pw) {
		t.Fatalf("AppPasswordLogin(ada, app password) = %v, %q, %v; want ada with the Fever key", u, key, err)
	}
	for _, tc := range []struct{ name, user, pw string }{
		{"account password", "ada", "account password"},
		{"another name", "bob", pw},
		{"wrong case of the name", "Ada", pw},
		{"password with a typo", "ada", pw[:len(pw)-1] + "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := s.AppPasswordLogin(ctx, tc.user, tc.pw)
			wantCode(t, err, herald.EUNAUTHORIZED)
		})
	}
	// An app password is no bearer token.
	r := httptest.NewRequest("GET", "/api/v1/me", nil)
	r.Header.Set("Authorization", "Bearer "+pw)
	_, err = s.Authenticate(r)
	wantCode(t, err, herald.EUNAUTHORIZED)
}

func TestAppPasswordListedAndRevoked(t *testing.T) {
	s, _ := newStoreService(t)
	ctx := t.Context()
	ada := mustUser(t, s, "ada", "account password")
	pw, err := s.CreateAppPassword(ctx, ada, "NetNewsWire")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AppPasswordUser(ctx, AppPasswordKey("ada", pw)); err != nil {
		t.Fatal(err)
	}
	ts, err := s.Tokens(ctx, ada.ID)
	if err != nil || len(ts) != 1 {
		t.Fatalf("Tokens = %v, %v; want the app password", ts, err)
	}
	if ts[0].Kind != herald.TokenAppPassword || ts[0].Name != "NetNewsWire" || ts[0].LastUsedAt.IsZero() {
		t.Errorf("listed %+v; want kind app_password, name NetNewsWire and its last use", ts[0])
	}
	if err := s.RevokeToken(ctx, ts[0].ID); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.AppPasswordLogin(ctx, "ada", pw)
	wantCode(t, err, herald.EUNAUTHORIZED)
}

// An API token's row is never taken for an app password, even if its hash
// were a Fever key's.
func TestAppPasswordKindChecked(t *testing.T) {
	s, db := newStoreService(t)
	ctx := t.Context()
	ada := mustUser(t, s, "ada", "account password")
	key := AppPasswordKey("ada", "some secret")
	if err := db.CreateToken(ctx, &herald.Token{UserID: ada.ID, Name: "api", Hash: hashSecret(key)}); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.AppPasswordUser(ctx, key)
	wantCode(t, err, herald.EUNAUTHORIZED)
	for _, bad := range []string{"", "not hex", key[:30], key + "00"} {
		_, _, err := s.AppPasswordUser(ctx, bad)
		wantCode(t, err, herald.EUNAUTHORIZED)
	}
}

func TestActionToken(t *testing.T) {
	s, _ := newStoreService(t)
	ctx := t.Context()
	a1, err := s.ActionToken(ctx, AppPasswordKey("ada", "one"))
	if err != nil {
		t.Fatal(err)
	}
	a2, _ := s.ActionToken(ctx, AppPasswordKey("ada", "one"))
	b, _ := s.ActionToken(ctx, AppPasswordKey("ada", "two"))
	if len(a1) != 57 || a1 != a2 || a1 == b {
		t.Errorf("action tokens %q, %q, %q: want 57 characters, stable per key, different between keys", a1, a2, b)
	}
}

func TestFeedKey(t *testing.T) {
	s, _ := newStoreService(t)
	ctx := t.Context()
	ada := mustUser(t, s, "ada", "account password")
	k1, err := s.FeedKey(ctx, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if k2, _ := s.FeedKey(ctx, ada.ID); k2 != k1 {
		t.Errorf("FeedKey changed between calls: %q then %q", k1, k2)
	}
	if u, err := s.FeedKeyUser(ctx, k1); err != nil || u.ID != ada.ID {
		t.Fatalf("FeedKeyUser = %v, %v; want ada", u, err)
	}
	k3, err := s.ResetFeedKey(ctx, ada.ID)
	if err != nil || k3 == k1 {
		t.Fatalf("ResetFeedKey = %q, %v; want a new key", k3, err)
	}
	_, err = s.FeedKeyUser(ctx, k1)
	wantCode(t, err, herald.EUNAUTHORIZED)
	for _, bad := range []string{"", "hfk_short", "x" + k3[1:]} {
		_, err := s.FeedKeyUser(ctx, bad)
		wantCode(t, err, herald.EUNAUTHORIZED)
	}
	if u, err := s.FeedKeyUser(ctx, k3); err != nil || u.ID != ada.ID {
		t.Fatalf("FeedKeyUser(new key) = %v, %v; want ada", u, err)
	}
}
