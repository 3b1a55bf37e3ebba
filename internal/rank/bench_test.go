package rank

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// benchIndex is an index of n synthetic stories over the last 7 days (the
// index keeps at most DefaultMaxDocs, however many the store holds), with a
// reader who follows 50 topics and sent 1,000 events.
func benchIndex(b *testing.B, n int) (*Index, *Profile, *Follows, []*Doc) {
	r := rand.New(rand.NewPCG(1, 2))
	words := make([]string, 5000)
	for i := range words {
		words[i] = fmt.Sprintf("w%dx", i)
	}
	x := NewIndex()
	var all []*Doc
	for i := range n {
		var sb strings.Builder
		for range 120 {
			sb.WriteString(words[int(r.ExpFloat64()*500)%len(words)])
			sb.WriteByte(' ')
		}
		d := &Doc{ID: int64(i + 1), Published: now.Add(-time.Duration(n-i) * 7 * 24 * time.Hour / time.Duration(n)),
			SourceID: int64(r.IntN(200)), ClusterID: int64(r.IntN(n / 3)), Topics: []DocTopic{{ID: int64(r.IntN(5000)), Slug: "t", Salience: 0.8}},
			Vec: Vectorize(x.DF(), "", sb.String())}
		x.Add(d)
		all = append(all, d)
	}
	p := &Profile{}
	for i := range 1000 {
		d := all[len(all)-1-r.IntN(len(all)/10)]
		kind := []string{herald.EventImpression, herald.EventOpen, herald.EventRead}[i%3]
		p.Learn(d, herald.Event{StoryID: d.ID, Kind: kind, DwellMS: 40000, At: now.Add(-time.Duration(1000-i) * time.Minute)})
	}
	f := &Follows{Topics: map[int64]bool{}}
	var followed []*Doc
	for range 50 {
		t := int64(r.IntN(5000))
		f.Topics[t] = true
		followed = append(followed, x.Newest(t, 0, PerFollow(50))...)
	}
	return x, p, f, followed
}

// BenchmarkRankPage is the CPU of one ranking (discovery, scoring,
// diversity) without the store: it depends on the index's bounds, not on
// how many stories there are.
func BenchmarkRankPage(b *testing.B) {
	for _, n := range []int{10000, 60000} {
		b.Run(fmt.Sprintf("index=%d", n), func(b *testing.B) {
			x, p, f, followed := benchIndex(b, n)
			w := DefaultWeights()
			b.ResetTimer()
			for b.Loop() {
				Rank(p, Gather(followed, x, f, p, w, now), w, now, 20)
			}
		})
	}
}
