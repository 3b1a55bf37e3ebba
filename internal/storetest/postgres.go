package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// PostgresServer returns the PostgreSQL server that tests may use, from
// HERALD_TEST_POSTGRES_URL, and skips t when it is unset.
func PostgresServer(t testing.TB) string {
	t.Helper()
	u := os.Getenv("HERALD_TEST_POSTGRES_URL")
	if u == "" {
		t.Skip("HERALD_TEST_POSTGRES_URL not set; skipping a PostgreSQL test")
	}
	return u
}

// PostgresURL creates an empty schema on the test server, dropped when t
// ends, and returns a connection URL whose search_path selects it. It skips t
// when there is no test server.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := PostgresServer(t)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "herald_test_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("connect %s: %v", base, err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		conn, err := sql.Open("pgx", base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close()
		if _, err := conn.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return WithSearchPath(t, base, schema)
}

// WithSearchPath returns the connection URL base with search_path set to schema.
func WithSearchPath(t testing.TB, base, schema string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", base, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
