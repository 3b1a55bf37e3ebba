package section

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFeatures(t *testing.T) {
	e := &extractor{cfg: featureConfig{Bigrams: true, TitleTokens: true, Headers: true}}
	word := func(s string) uint64 { return featureHash(hashBytes([]byte(s)), kindWord) }
	bigram := func(a, b string) uint64 {
		return featureHash(hashBytes([]byte(a))*0x9e3779b97f4a7c15+hashBytes([]byte(b)), kindBigram)
	}
	title := func(s string) uint64 { return featureHash(hashBytes([]byte(s)), kindTitle) }
	author := func(s string) uint64 { return featureHash(hashBytes([]byte(s)), kindAuthor) }

	got := e.features(nil, "Big Win", "Late goal")
	want := []uint64{word("big"), title("big"), word("win"), title("win"), bigram("big", "win"),
		word("late"), word("goal"), bigram("late", "goal")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("features with title (-want +got):\n%s", diff)
	}

	got = e.features(nil, "", "From: Ann\nSubject: Clutch\nLines: 3\n\nGear box")
	want = []uint64{author("ann"), word("clutch"), title("clutch"), word("gear"), word("box"), bigram("gear", "box")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("features of a news post (-want +got):\n%s", diff)
	}

	e.cfg = featureConfig{}
	got = e.features(nil, "Big Win", "From: Ann\nSubject: Clutch\n\nGear")
	want = []uint64{word("big"), word("win"), word("from"), word("ann"), word("subject"), word("clutch"), word("gear")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("features, unigrams only (-want +got):\n%s", diff)
	}
}

func TestFeatureKinds(t *testing.T) {
	h := hashBytes([]byte("apple"))
	seen := map[uint64]bool{}
	for _, kind := range []uint64{kindWord, kindBigram, kindTitle, kindAuthor} {
		f := featureHash(h, kind)
		if featureKind(f) != int(kind) {
			t.Errorf("featureKind(featureHash(h, %d)) = %d", kind, featureKind(f))
		}
		if seen[f] {
			t.Errorf("kind %d collides with another kind", kind)
		}
		seen[f] = true
	}
}

func TestNewBag(t *testing.T) {
	b := newBag([]uint64{7, 3, 7, 9, 3, 7})
	want := bag{hashes: []uint64{3, 7, 9}, counts: []uint32{2, 3, 1}}
	if diff := cmp.Diff(want, b, cmp.AllowUnexported(bag{})); diff != "" {
		t.Errorf("newBag (-want +got):\n%s", diff)
	}
}

func TestVocab(t *testing.T) {
	var hashes []uint64
	for i := range 1000 {
		hashes = append(hashes, mix(uint64(i)+1))
	}
	v := newVocab(hashes)
	for i, h := range hashes {
		if got := v.index(h); got != int32(i) {
			t.Fatalf("index(hashes[%d]) = %d", i, got)
		}
	}
	for i := range 1000 {
		if got := v.index(mix(uint64(i) + 5000)); got != -1 {
			t.Fatalf("unknown hash found at %d", got)
		}
	}
	if empty := newVocab(nil); empty.index(42) != -1 {
		t.Fatal("empty vocabulary found a feature")
	}
}

func TestVectorize(t *testing.T) {
	bags := []bag{
		{hashes: []uint64{10, 20, 30}, counts: []uint32{1, 3, 1}},
		{hashes: []uint64{20, 40}, counts: []uint32{1, 1}},
		{hashes: []uint64{99}, counts: []uint32{4}},
	}
	ctx := context.Background()
	hashes, df, _ := selectFeatures(ctx, bags, 1, 100, 2)
	if diff := cmp.Diff([]uint64{20, 10, 30, 40, 99}, hashes); diff != "" {
		t.Errorf("selectFeatures hashes, by falling df then hash (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int32{2, 1, 1, 1, 1}, df); diff != "" {
		t.Errorf("selectFeatures df (-want +got):\n%s", diff)
	}
	hashes, df, _ = selectFeatures(ctx, bags, 2, 100, 2)
	if diff := cmp.Diff([]uint64{20}, hashes); diff != "" || df[0] != 2 {
		t.Errorf("selectFeatures minDF=2 (-want +got):\n%s", diff)
	}
	hashes, _, _ = selectFeatures(ctx, bags, 1, 2, 2)
	if diff := cmp.Diff([]uint64{20, 10}, hashes); diff != "" {
		t.Errorf("selectFeatures limit=2 keeps the most frequent, then lowest hashes (-want +got):\n%s", diff)
	}

	hashes, df, _ = selectFeatures(ctx, bags, 1, 100, 2)
	idf := idfWeights(df, len(bags))
	x, err := vectorize(ctx, bags, newVocab(hashes), idf, 2)
	if err != nil {
		t.Fatal(err)
	}
	if x.rows() != 3 {
		t.Fatalf("rows = %d", x.rows())
	}
	for i := range x.rows() {
		if n := sqNorm(x, i); n < 0.9999 || n > 1.0001 {
			t.Errorf("row %d squared norm = %v, want 1", i, n)
		}
	}
	// Row 0 holds features 0 (hash 20: count 3, df 2), 1 (hash 10: count 1,
	// df 1) and 2 (hash 30).
	if diff := cmp.Diff([]int32{0, 1, 2}, x.idx[x.ptr[0]:x.ptr[1]]); diff != "" {
		t.Errorf("row 0 features (-want +got):\n%s", diff)
	}
	r0 := x.val[x.ptr[0]:x.ptr[1]]
	wantRatio := float64(tfWeight(3)*idf[0]) / float64(tfWeight(1)*idf[1])
	if got := float64(r0[0] / r0[1]); got < wantRatio*0.999 || got > wantRatio*1.001 {
		t.Errorf("tf-idf ratio = %v, want %v", got, wantRatio)
	}
}

func sqNorm(x *matrix, i int) float64 {
	var s float64
	for _, v := range x.val[x.ptr[i]:x.ptr[i+1]] {
		s += float64(v) * float64(v)
	}
	return s
}
