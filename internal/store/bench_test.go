package store

import (
	"testing"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetest"
)

// benchDialects runs fn for SQLite and, when HERALD_TEST_POSTGRES_URL is set,
// PostgreSQL, with a function that opens a fresh store.
func benchDialects(b *testing.B, fn func(b *testing.B, open func(b *testing.B) herald.Store)) {
	b.Run("sqlite", func(b *testing.B) {
		fn(b, func(b *testing.B) herald.Store { return openTemp(b) })
	})
	b.Run("postgres", func(b *testing.B) {
		fn(b, func(b *testing.B) herald.Store { return openFresh(b) })
	})
}

func BenchmarkUpsertStory(b *testing.B) {
	benchDialects(b, func(b *testing.B, open func(b *testing.B) herald.Store) {
		storetest.BenchUpsertStory(b, open)
	})
}

func BenchmarkReads(b *testing.B) {
	benchDialects(b, func(b *testing.B, open func(b *testing.B) herald.Store) {
		storetest.BenchReads(b, open(b), 5000)
	})
}
