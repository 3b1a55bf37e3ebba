package postgres

import (
	"testing"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetest"
)

func BenchmarkUpsertStory(b *testing.B) {
	storetest.BenchUpsertStory(b, func(b *testing.B) herald.Store { return openFresh(b) })
}

func BenchmarkReads(b *testing.B) {
	storetest.BenchReads(b, openFresh(b), 5000)
}
