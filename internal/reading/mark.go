package reading

import (
	"context"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
)

// markBatch is how many stories one SetRead call marks.
const markBatch = 500

// maxClusterMarks caps the other stories of a cluster that marking one of
// them read marks too.
const maxClusterMarks = 200

// SetRead marks stories read or unread, skipping those the reader cannot
// see (retracted since the app listed them, say). Marking a story read marks
// the other stories of its cluster read too: the collapsed reading list
// showed them as that one item. It returns the stories it marked.
func (v *View) SetRead(ctx context.Context, ids []int64, read bool) ([]int64, error) {
	stories, err := v.s.Store.ReaderStories(ctx, v.User.ID, ids)
	if err != nil {
		return nil, fmt.Errorf("mark read: %w", err)
	}
	marked := make([]int64, 0, len(stories))
	seen := map[int64]bool{}
	var clusters []int64
	for _, s := range stories {
		marked, seen[s.ID] = append(marked, s.ID), true
		if read && s.ClusterID != 0 {
			clusters = append(clusters, s.ClusterID)
		}
	}
	others, err := v.s.Store.StoriesOfClusters(ctx, clusters, maxClusterMarks)
	if err != nil {
		return nil, fmt.Errorf("mark read: %w", err)
	}
	for _, c := range clusters {
		for _, s := range others[c] {
			if !seen[s.ID] {
				marked, seen[s.ID] = append(marked, s.ID), true
			}
		}
	}
	if err := v.setRead(ctx, marked, read); err != nil {
		return nil, err
	}
	return marked, nil
}

// setRead marks ids read or unread in batches.
func (v *View) setRead(ctx context.Context, ids []int64, read bool) error {
	for len(ids) > 0 {
		n := min(len(ids), markBatch)
		if err := v.s.Store.SetRead(ctx, v.User.ID, ids[:n], read); err != nil {
			return fmt.Errorf("mark read: %w", err)
		}
		ids = ids[n:]
	}
	return nil
}

// MarkStreamRead marks read every unread story of q published before until
// (zero: any time), within the unread window, and returns how many.
func (v *View) MarkStreamRead(ctx context.Context, q herald.StreamQuery, until time.Time) (int, error) {
	q.Unread, q.Until, q.Limit, q.Cursor, q.Collapse = true, until, 0, "", false
	refs, _, err := v.s.Store.ReaderStream(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("mark stream read: %w", err)
	}
	ids := make([]int64, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return len(ids), v.setRead(ctx, ids, true)
}
