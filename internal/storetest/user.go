package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var userTests = []namedTest{
	{"CreateAndGet", testUserCreateAndGet},
	{"Password", testUserPassword},
	{"Sessions", testUserSessions},
	{"Tokens", testUserTokens},
}

func testUserCreateAndGet(t *testing.T, s herald.Store) {
	ctx := t.Context()
	before := time.Now()
	u := &herald.User{Name: "ada", PasswordHash: "hash-1", IsAdmin: true}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if u.ID == 0 {
		t.Fatal("CreateUser did not set ID")
	}
	within(t, "CreatedAt", u.CreatedAt, before, time.Now())
	got, err := s.User(ctx, u.ID)
	if err != nil {
		t.Fatalf("User: %v", err)
	}
	diff(t, "User", u, got)
	got, err = s.UserByName(ctx, "ada")
	if err != nil {
		t.Fatalf("UserByName: %v", err)
	}
	diff(t, "UserByName", u, got)

	wantCode(t, s.CreateUser(ctx, &herald.User{Name: "ada", PasswordHash: "x"}), herald.ECONFLICT)
	other := newUser(t, s, "Ada") // names are case-sensitive
	if other.ID == u.ID || other.IsAdmin {
		t.Errorf("second user = %+v", other)
	}
	_, err = s.User(ctx, u.ID+1000)
	wantCode(t, err, herald.ENOTFOUND)
	_, err = s.UserByName(ctx, "grace")
	wantCode(t, err, herald.ENOTFOUND)
}

func testUserPassword(t *testing.T, s herald.Store) {
	ctx := t.Context()
	u := newUser(t, s, "ada")
	if err := s.SetPassword(ctx, u.ID, "hash-2"); err != nil {
		t.Fatalf("SetPassword: %v", err)
	}
	got, err := s.User(ctx, u.ID)
	if err != nil || got.PasswordHash != "hash-2" {
		t.Errorf("after SetPassword user = %+v, %v; want hash-2", got, err)
	}
	wantCode(t, s.SetPassword(ctx, u.ID+1000, "x"), herald.ENOTFOUND)
}

func testUserSessions(t *testing.T, s herald.Store) {
	ctx := t.Context()
	u := newUser(t, s, "ada")
	other := newUser(t, s, "bob")
	sess := &herald.Session{IDHash: "sha256-a", UserID: u.ID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	if err := s.CreateSession(ctx, &herald.Session{IDHash: "sha256-b", UserID: other.ID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	tests := []struct {
		name string
		hash string
		now  time.Time
		want int64 // user id; 0 for ENOTFOUND
	}{
		{"fresh", "sha256-a", t0, u.ID},
		{"just before expiry", "sha256-a", t0.Add(time.Hour - time.Millisecond), u.ID},
		{"at expiry", "sha256-a", t0.Add(time.Hour), 0},
		{"after expiry", "sha256-a", t0.Add(2 * time.Hour), 0},
		{"other user", "sha256-b", t0, other.ID},
		{"unknown", "sha256-zzz", t0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.SessionUser(ctx, tt.hash, tt.now)
			if tt.want == 0 {
				wantCode(t, err, herald.ENOTFOUND)
				return
			}
			if err != nil || got.ID != tt.want {
				t.Fatalf("SessionUser = %+v, %v; want user %d", got, err, tt.want)
			}
		})
	}
	err := s.CreateSession(ctx, &herald.Session{IDHash: "sha256-a", UserID: u.ID, ExpiresAt: t0.Add(time.Hour)})
	wantCode(t, err, herald.ECONFLICT)
	err = s.CreateSession(ctx, &herald.Session{IDHash: "sha256-c", UserID: u.ID + 1000, ExpiresAt: t0.Add(time.Hour)})
	wantCode(t, err, herald.ENOTFOUND)

	if err := s.DeleteSession(ctx, "sha256-a"); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	_, err = s.SessionUser(ctx, "sha256-a", t0)
	wantCode(t, err, herald.ENOTFOUND)
	if err := s.DeleteSession(ctx, "sha256-a"); err != nil {
		t.Errorf("DeleteSession of a missing session: %v", err)
	}
	if got, err := s.SessionUser(ctx, "sha256-b", t0); err != nil || got.ID != other.ID {
		t.Errorf("other session after delete = %+v, %v", got, err)
	}
}

func testUserTokens(t *testing.T, s herald.Store) {
	ctx := t.Context()
	u := newUser(t, s, "ada")
	before := time.Now()
	tok := &herald.Token{UserID: u.ID, Name: "cli", Hash: "sha256-token"}
	if err := s.CreateToken(ctx, tok); err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	if tok.ID == 0 {
		t.Error("CreateToken did not set ID")
	}
	within(t, "token CreatedAt", tok.CreatedAt, before, time.Now())
	for range 2 { // using a token twice works
		_, got, err := s.LookupToken(ctx, "sha256-token")
		if err != nil || got.ID != u.ID || got.Name != "ada" {
			t.Fatalf("LookupToken = %+v, %v; want ada", got, err)
		}
	}
	_, _, err := s.LookupToken(ctx, "sha256-unknown")
	wantCode(t, err, herald.ENOTFOUND)
	wantCode(t, s.CreateToken(ctx, &herald.Token{UserID: u.ID, Name: "again", Hash: "sha256-token"}), herald.ECONFLICT)
	wantCode(t, s.CreateToken(ctx, &herald.Token{UserID: u.ID + 1000, Name: "x", Hash: "sha256-other"}), herald.ENOTFOUND)
}
