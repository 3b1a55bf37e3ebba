package cluster

import (
	"context"
	"fmt"
)

// Store is what clustering needs from storage. Herald runs one clustering
// worker for the whole deployment (several instances on one PostgreSQL elect
// it with a lease or an advisory lock); the conditional save below keeps the
// state right even when two workers overlap for a moment.
//
// Contract:
//   - LoadClusterState returns what SaveClusterChanges saved: Meta as last
//     saved, every open cluster row (Open true) and every Member row whose
//     cluster is open, in any order. With nothing saved yet it returns the
//     zero State and no error.
//   - SaveClusterChanges applies ch atomically (all or nothing, one
//     transaction) and exactly as State.Apply does: replace Meta; upsert each
//     row of ch.Clusters by ID (closed rows stay, with Open false, for
//     reading); upsert each Member by StoryID and set that story's
//     ClusterID to Member.ClusterID; for each Merge, delete cluster From
//     (it may never have been saved) and make From lead to Into wherever a
//     cluster id is referenced (follows, links). It must first check that the
//     saved Meta.Seq equals ch.BaseSeq (0 when nothing is saved) and, when it
//     does not, apply nothing and return an error carrying herald.ECONFLICT.
//   - ClusterInput returns up to limit stories with an id greater than after,
//     in increasing id order, as Docs: the title, the plain text, the topics
//     with their salience, and the publication time (zero when the source
//     gave none and the store stands in the fetch time). Stories retracted or
//     under embargo are left out; they are simply never clustered.
type Store interface {
	LoadClusterState(ctx context.Context) (State, error)
	SaveClusterChanges(ctx context.Context, ch Changes) error
	ClusterInput(ctx context.Context, after int64, limit int) ([]Doc, error)
}

// Worker feeds newly stored stories, in id order, through an Engine and saves
// what changed. It is not safe for concurrent use; run one per deployment.
type Worker struct {
	Store  Store
	Config Config
	// Batch is how many stories one Step clusters and saves at once; 0 means 200.
	Batch  int
	engine *Engine
}

// Step clusters up to Batch stories stored since the last step and saves the
// changes, returning how many it clustered (0 when none were waiting). On
// any error the worker drops its engine and the next Step restores it from
// the store, so an ECONFLICT (another worker saved first) heals by itself.
func (w *Worker) Step(ctx context.Context) (int, error) {
	if w.engine == nil {
		st, err := w.Store.LoadClusterState(ctx)
		if err != nil {
			return 0, fmt.Errorf("cluster: load state: %w", err)
		}
		if w.engine, err = Restore(w.Config, st); err != nil {
			return 0, err
		}
	}
	batch := w.Batch
	if batch <= 0 {
		batch = 200
	}
	docs, err := w.Store.ClusterInput(ctx, w.engine.lastStory, batch)
	if err != nil {
		w.engine = nil
		return 0, fmt.Errorf("cluster: read stories: %w", err)
	}
	for _, d := range docs {
		if _, err := w.engine.Add(d); err != nil {
			w.engine = nil
			return 0, err
		}
	}
	if len(docs) == 0 {
		return 0, nil
	}
	if err := w.Store.SaveClusterChanges(ctx, w.engine.Flush()); err != nil {
		w.engine = nil
		return 0, fmt.Errorf("cluster: save changes: %w", err)
	}
	return len(docs), nil
}

// Drain steps until no story is waiting (or an error or ctx stops it) and
// returns how many stories it clustered.
func (w *Worker) Drain(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := w.Step(ctx)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}
