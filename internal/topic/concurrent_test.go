package topic

import (
	"sync"
	"testing"

	"github.com/heraldnews/herald"
)

// TestResolverConcurrent resolves stories from several goroutines while the
// catalogue grows, as ingest workers and an admin would.
func TestResolverConcurrent(t *testing.T) {
	cat := NewCatalogue()
	r := NewResolver(Options{Catalogue: cat})
	want := slugs(r.Resolve(Input{Text: euStory}))
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if got := slugs(r.Resolve(Input{Text: euStory})); len(got) != len(want) {
					t.Errorf("concurrent resolve: %v, want %v", got, want)
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 50 {
			cat.Add("Widget "+string(rune('A'+i%26)), "Widget", herald.KindOther)
		}
	}()
	wg.Wait()
}
