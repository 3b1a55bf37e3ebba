package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// How readers see story clusters (herald.ClusterStore). A cluster is read
// from its visible stories (stories.cluster_id, through clusterOf and
// clusterStoriesWhere) and its row in clusters (headline, topics); an id
// that a merge folded away leads through cluster_merges.

// listedStories is how many stories (oldest first) a listing gives each cluster.
const listedStories = 5

// resolveCluster returns the cluster id leads to: the cluster it was merged
// into, or itself. Merges are kept one hop long (saveMerge redirects).
func (db *DB) resolveCluster(ctx context.Context, id int64) (int64, error) {
	var into int64
	err := db.queryRow(ctx, `SELECT into_id FROM cluster_merges WHERE from_id = $1`, id).Scan(&into)
	switch {
	case notFound(err):
		return id, nil
	case err != nil:
		return 0, err
	}
	return into, nil
}

// Cluster returns cluster id (or the one it was merged into) with every
// visible story, their topics and userID's reading state; ENOTFOUND when no
// story of it is visible.
func (db *DB) Cluster(ctx context.Context, userID, id int64) (*herald.Cluster, error) {
	op := fmt.Sprintf("cluster %d", id)
	cid, err := db.resolveCluster(ctx, id)
	if err != nil {
		return nil, db.wrap(err, op, "")
	}
	found, err := db.assembleClusters(ctx, userID, []int64{cid}, math.MaxInt)
	if err != nil {
		return nil, db.wrap(err, op, "")
	}
	c := found[cid]
	if c == nil {
		return nil, herald.Errorf(herald.ENOTFOUND, "cluster %d not found", id)
	}
	return c, nil
}

// ListClusters lists clusters of two or more visible stories by their
// latest story (the clusters row's last_at, then id), newest first.
func (db *DB) ListClusters(ctx context.Context, q herald.ClusterQuery) ([]*herald.Cluster, string, error) {
	limit, err := pageLimit(q.Limit)
	if err != nil {
		return nil, "", fmt.Errorf("list clusters: %w", err)
	}
	cur, hasCur, err := parseCursor(q.Cursor)
	if err != nil {
		return nil, "", fmt.Errorf("list clusters: %w", err)
	}
	var a args
	now := a.add(db.t(db.clock()))
	// Two visible stories, counted no further than two, through the
	// partial index of clustered stories (hence "<> 0").
	where := []string{"c.size >= 2", `(SELECT count(*) FROM (SELECT 1 FROM stories s WHERE ` + clusterOf("s") + ` = c.id AND ` +
		clusterOf("s") + ` <> 0 AND ` + visibleAt + now + `) LIMIT 2) AS two) = 2`}
	if q.Topic != "" {
		// Driven from the topic's stories (an index), not from every cluster.
		where = append(where, `c.id IN (SELECT `+clusterOf("s")+` FROM story_topics st JOIN stories s ON s.id = st.story_id
			WHERE st.topic_id = (SELECT coalesce(t.merged_into, t.id) FROM topics t WHERE t.slug = `+a.add(q.Topic)+`)
			AND `+visibleAt+now+`))`)
	}
	if hasCur {
		where = append(where, "(c.last_at, c.id) < ("+a.add(db.tv(cur.time()))+", "+a.add(cur.id)+")")
	}
	rows, err := db.query(ctx, `SELECT c.id, c.last_at FROM clusters c WHERE `+strings.Join(where, " AND ")+
		` ORDER BY c.last_at DESC, c.id DESC LIMIT `+a.add(limit+1), a...)
	if err != nil {
		return nil, "", db.wrap(err, "list clusters", "")
	}
	var keys []cursor
	for rows.Next() {
		var id int64
		var last time.Time
		if err := rows.Scan(&id, at(&last)); err != nil {
			rows.Close()
			return nil, "", db.wrap(err, "list clusters", "")
		}
		keys = append(keys, cursor{at: last.UnixMilli(), id: id})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, "", db.wrap(err, "list clusters", "")
	}
	var next string
	if len(keys) > limit {
		keys = keys[:limit]
		next = keys[limit-1].String()
	}
	out, err := db.clustersInOrder(ctx, q.UserID, keys)
	if err != nil {
		return nil, "", db.wrap(err, "list clusters", "")
	}
	return out, next, nil
}

// clustersInOrder assembles the clusters of keys for a listing, in order.
func (db *DB) clustersInOrder(ctx context.Context, userID int64, keys []cursor) ([]*herald.Cluster, error) {
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k.id
	}
	found, err := db.assembleClusters(ctx, userID, ids, listedStories)
	if err != nil {
		return nil, err
	}
	out := make([]*herald.Cluster, 0, len(ids))
	for _, id := range ids {
		if c := found[id]; c != nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// assembleClusters builds the clusters ids from their visible stories and
// rows: counts, outlets and times from every visible story (a light read of
// each), and at most perCluster stories in full (with topics and userID's
// state) besides the headline. Clusters with no visible story are absent.
func (db *DB) assembleClusters(ctx context.Context, userID int64, ids []int64, perCluster int) (map[int64]*herald.Cluster, error) {
	outlines, err := db.clusterOutlines(ctx, ids)
	if err != nil {
		return nil, err
	}
	rows, err := db.clusterRows(ctx, ids)
	if err != nil {
		return nil, err
	}
	following, err := db.followingOf(ctx, userID, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64]*herald.Cluster{}
	var want []int64
	for id, all := range outlines {
		c := newCluster(id, all, rows[id], perCluster)
		c.Following = following[id]
		out[id] = c
		want = append(append(want, storyIDsOf(c.Stories)...), c.Headline.ID)
	}
	full, err := db.storiesByID(ctx, want)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*herald.Story{}
	for _, s := range full {
		byID[s.ID] = s
	}
	for id, c := range out {
		if !fillIn(c, byID) { // its stories went meanwhile
			delete(out, id)
		}
	}
	full = uniqueStories(full)
	if _, err := db.loadTopics(ctx, full, 0); err != nil {
		return nil, err
	}
	return out, db.fillStates(ctx, userID, full)
}

// storyIDsOf returns the ids of stories.
func storyIDsOf(stories []*herald.Story) []int64 {
	out := make([]int64, len(stories))
	for i, s := range stories {
		out[i] = s.ID
	}
	return out
}

// fillIn replaces c's outline stories and headline with the full stories
// of byID, dropping those that are gone; it reports whether any is left.
func fillIn(c *herald.Cluster, byID map[int64]*herald.Story) bool {
	kept := c.Stories[:0]
	for _, s := range c.Stories {
		if f := byID[s.ID]; f != nil {
			kept = append(kept, f)
		}
	}
	c.Stories = kept
	if h := byID[c.Headline.ID]; h != nil {
		c.Headline = h
	} else if len(kept) > 0 {
		c.Headline = kept[0]
	} else {
		return false
	}
	return true
}

// newCluster builds a cluster from its visible stories (oldest first) and
// its row, keeping perCluster stories.
func newCluster(id int64, all []*herald.Story, row clusterRow, perCluster int) *herald.Cluster {
	c := &herald.Cluster{ID: id, Stories: all[:min(perCluster, len(all))], Outlets: herald.Outlets(all),
		Topics: row.topics, FirstSeen: all[0].PublishedAt, LastSeen: all[len(all)-1].PublishedAt, Size: len(all)}
	c.Timeline = herald.Timeline(c.Stories)
	c.Headline = all[0]
	for _, s := range all {
		if s.ID == row.headline {
			c.Headline = s
		}
	}
	if c.Topics == nil {
		c.Topics = []herald.StoryTopic{}
	}
	return c
}

// uniqueStories drops repeated stories (by pointer), keeping the first.
func uniqueStories(in []*herald.Story) []*herald.Story {
	seen := map[*herald.Story]bool{}
	out := in[:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// clusterRow is what readers use of a clusters row.
type clusterRow struct {
	headline int64
	topics   []herald.StoryTopic // most salient first
}

// clusterRows reads the rows of clusters ids.
func (db *DB) clusterRows(ctx context.Context, ids []int64) (map[int64]clusterRow, error) {
	rows, err := db.query(ctx, `SELECT id, headline, topics FROM clusters WHERE id IN ({{ids $1}})`, db.ids(ids))
	if err != nil {
		return nil, fmt.Errorf("read clusters: %w", err)
	}
	defer rows.Close()
	out := map[int64]clusterRow{}
	for rows.Next() {
		var id int64
		var r clusterRow
		var topics []clusterTopic
		if err := rows.Scan(&id, &r.headline, jsonCol{&topics}); err != nil {
			return nil, fmt.Errorf("read clusters: %w", err)
		}
		for _, t := range topics {
			r.topics = append(r.topics, herald.StoryTopic{Topic: herald.Topic{ID: t.ID, Slug: t.Slug, Name: t.Name, Kind: t.Kind}, Salience: t.Salience})
		}
		slices.SortStableFunc(r.topics, func(a, b herald.StoryTopic) int { return cmp.Compare(b.Salience, a.Salience) })
		out[id] = r
	}
	return out, rows.Err()
}

// followingOf returns which of the clusters ids userID follows.
func (db *DB) followingOf(ctx context.Context, userID int64, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if userID == 0 || len(ids) == 0 {
		return out, nil
	}
	rows, err := db.query(ctx, `SELECT cluster_id FROM cluster_follows WHERE user_id = $1 AND cluster_id IN ({{ids $2}})`,
		userID, db.ids(ids))
	if err != nil {
		return nil, fmt.Errorf("read cluster follows: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("read cluster follows: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}
