package cluster

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heraldnews/herald/internal/textvec"
)

// TestColdStartMeasured measures why the join threshold is raised while the
// document frequencies have seen few stories, and calibrates ColdDocs, on
// the development file only:
//
//	HERALD_EVAL=/work/shared/eval go test ./internal/cluster -run ColdStart -v
//
// For each corpus size N, eight random sets of N WikiRef186 articles each
// make a DF table and are weighed by it as the engine weighs a story (title
// words three times, the DocTerms heaviest terms, unit length); the cosines
// of pairs with different labels are the unrelated ones. Their mean falls
// as the table learns which words are common; its excess over the mean at
// N = 186 is what the threshold should rise by. ColdDocs is the value, of a
// few, whose schedule (coldThreshold) raises the threshold closest to that
// excess (least squares over the sizes). No clustering score is used.
func TestColdStartMeasured(t *testing.T) {
	path := filepath.Join(evalDir(t), "cluster", "wikiref186.jsonl")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("no development data (%v): set HERALD_EVAL to the shared eval folder", err)
	}
	var labels []string
	var counts []map[uint32]int
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var it struct{ Label, Title, Text string }
		if err := json.Unmarshal([]byte(line), &it); err != nil {
			t.Fatal(err)
		}
		ids, buf := textvec.IDs(it.Text, nil, nil)
		body := len(ids)
		ids, _ = textvec.IDs(it.Title, buf, ids)
		for range DefaultConfig().TitleWeight - 1 {
			ids = append(ids, ids[body:]...)
		}
		m := map[uint32]int{}
		for _, id := range ids {
			m[id]++
		}
		labels, counts = append(labels, it.Label), append(counts, m)
	}
	sizes := []int{3, 5, 8, 12, 16, 24, 32, 48, 64, 96, 128, len(counts)}
	unrelated := make([]float64, len(sizes))
	for k, n := range sizes {
		var sum float64
		var pairs int
		for s := range 8 {
			pick := rand.New(rand.NewPCG(uint64(s+1), 9)).Perm(len(counts))[:n]
			df := textvec.NewDF()
			for _, i := range pick {
				df.Add(counts[i])
			}
			vecs := make([]textvec.Vector, n)
			for j, i := range pick {
				vecs[j] = heaviest(df.Weigh(counts[i]), DefaultConfig().DocTerms)
				vecs[j].Normalize()
			}
			for a := range n {
				for b := a + 1; b < n; b++ {
					if labels[pick[a]] != labels[pick[b]] {
						sum += cosine(vecs[a], vecs[b])
						pairs++
					}
				}
			}
		}
		unrelated[k] = sum / float64(pairs)
	}
	settled := unrelated[len(sizes)-1]
	th := DefaultConfig().Threshold
	best, bestErr := 0, math.Inf(1)
	for _, cold := range []int{0, 16, 32, 50, 64, 100, 186} {
		var sq float64
		for k, n := range sizes {
			d := coldThreshold(th, cold, n) - th - (unrelated[k] - settled)
			sq += d * d
		}
		t.Logf("ColdDocs %3d: squared error %.5f", cold, sq)
		if sq < bestErr {
			best, bestErr = cold, sq
		}
	}
	for k, n := range sizes {
		t.Logf("N %3d: unrelated pairs' mean cosine %.3f, excess %.3f; threshold raised by %.3f (ColdDocs %d)",
			n, unrelated[k], unrelated[k]-settled, coldThreshold(th, best, n)-th, best)
		if k > 0 && unrelated[k] > unrelated[k-1] {
			t.Errorf("unrelated pairs' mean cosine rose from %.3f to %.3f between N %d and %d", unrelated[k-1], unrelated[k], sizes[k-1], n)
		}
	}
	if got := DefaultConfig().ColdDocs; got != best {
		t.Errorf("DefaultConfig().ColdDocs = %d, measured best %d", got, best)
	}
}
