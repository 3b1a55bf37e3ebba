package cluster

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

// memStore keeps the clustering state as a store must: it applies Changes
// with State.Apply and serves stories after an id.
type memStore struct {
	state   State
	stories []Doc
	saves   int
}

func (s *memStore) LoadClusterState(context.Context) (State, error) { return s.state, nil }

func (s *memStore) SaveClusterChanges(_ context.Context, ch Changes) error {
	if err := s.state.Apply(ch); err != nil {
		return err
	}
	s.saves++
	return nil
}

func (s *memStore) ClusterInput(_ context.Context, after int64, limit int) ([]Doc, error) {
	var out []Doc
	for _, d := range s.stories {
		if d.StoryID > after && len(out) < limit {
			out = append(out, d)
		}
	}
	return out, nil
}

func TestWorkerClustersInBatchesAndMatchesOneEngine(t *testing.T) {
	docs := stream(120)
	st := &memStore{stories: docs}
	w := &Worker{Store: st, Config: DefaultConfig(), Batch: 50}
	total := 0
	for {
		n, err := w.Step(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		total += n
	}
	if total != len(docs) || st.saves != 3 {
		t.Fatalf("clustered %d stories in %d saves, want %d in 3", total, st.saves, len(docs))
	}
	e := New(DefaultConfig())
	for _, d := range docs {
		mustAdd(t, e, d)
	}
	if diff := cmp.Diff(e.Snapshot(), st.state); diff != "" {
		t.Errorf("stored state differs from one engine's (-engine +store):\n%s", diff)
	}
}

func TestWorkerRecoversFromAConflict(t *testing.T) {
	docs := stream(60)
	st := &memStore{}
	a := &Worker{Store: st, Config: DefaultConfig()}
	b := &Worker{Store: st, Config: DefaultConfig()}
	if n, err := b.Step(t.Context()); n != 0 || err != nil { // b loads the empty state
		t.Fatalf("nothing to do: %d, %v", n, err)
	}
	st.stories = docs[:30]
	if _, err := a.Step(t.Context()); err != nil { // a saves first
		t.Fatal(err)
	}
	if _, err := b.Step(t.Context()); herald.ErrorCode(err) != herald.ECONFLICT {
		t.Fatalf("second worker on a stale state: err = %v, want ECONFLICT", err)
	}
	st.stories = docs
	n, err := b.Step(t.Context()) // reloads, goes on after story 30
	if err != nil || n != 30 {
		t.Fatalf("after the conflict: %d stories, %v; want 30", n, err)
	}
	e := New(DefaultConfig())
	for _, d := range docs {
		mustAdd(t, e, d)
	}
	if diff := cmp.Diff(e.Snapshot(), st.state); diff != "" {
		t.Errorf("stored state differs from one engine's (-engine +store):\n%s", diff)
	}
}
