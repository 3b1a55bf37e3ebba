package store

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/cluster"
)

// The clustering worker's state (cluster.Store): clusters, cluster_members,
// cluster_merges and cluster_meta, saved as cluster.State.Apply applies
// changes.

var _ cluster.Store = (*DB)(nil)

// clusterTopic is a cluster topic as the clusters.topics JSON keeps it (the
// topic id included: the engine orders topics by it).
type clusterTopic struct {
	ID       int64   `json:"id"`
	Slug     string  `json:"slug"`
	Name     string  `json:"name"`
	Kind     string  `json:"kind"`
	Salience float64 `json:"salience"`
}

// LoadClusterState returns the saved meta, the open clusters and their
// members; the zero State when nothing was saved.
func (db *DB) LoadClusterState(ctx context.Context) (cluster.State, error) {
	var st cluster.State
	err := db.queryRow(ctx, `SELECT seq, last_story, next_cluster_id, max_time, df FROM cluster_meta WHERE id = 1`).
		Scan(&st.Meta.Seq, &st.Meta.LastStory, &st.Meta.NextClusterID, at(&st.Meta.MaxTime), &st.Meta.DF)
	if notFound(err) {
		return cluster.State{}, nil
	}
	if err != nil {
		return st, db.wrap(err, "load cluster state", "")
	}
	if st.Clusters, err = db.openClusters(ctx); err != nil {
		return st, db.wrap(err, "load cluster state", "")
	}
	if st.Members, err = db.openMembers(ctx); err != nil {
		return st, db.wrap(err, "load cluster state", "")
	}
	return st, nil
}

// openClusters reads the open cluster rows in id order.
func (db *DB) openClusters(ctx context.Context) ([]cluster.Cluster, error) {
	rows, err := db.query(ctx, `SELECT id, headline, size, first_at, last_at, topics, centroid, last_seq, checked_at
		FROM clusters WHERE is_open ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cluster.Cluster
	for rows.Next() {
		c := cluster.Cluster{Open: true}
		var topics []clusterTopic
		var centroid []byte
		if err := rows.Scan(&c.ID, &c.Headline, &c.Size, at(&c.First), at(&c.Last), jsonCol{&topics}, &centroid,
			&c.LastSeq, &c.CheckedAt); err != nil {
			return nil, err
		}
		if err := c.Centroid.UnmarshalBinary(centroid); err != nil {
			return nil, fmt.Errorf("cluster %d centroid: %w", c.ID, err)
		}
		for _, t := range topics {
			c.Topics = append(c.Topics, herald.StoryTopic{Topic: herald.Topic{ID: t.ID, Slug: t.Slug, Name: t.Name, Kind: t.Kind}, Salience: t.Salience})
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// openMembers reads the members of open clusters in story id order.
func (db *DB) openMembers(ctx context.Context) ([]cluster.Member, error) {
	rows, err := db.query(ctx, `SELECT m.story_id, m.cluster_id, m.duplicate_of, m.features
		FROM cluster_members m JOIN clusters c ON c.id = m.cluster_id WHERE c.is_open ORDER BY m.story_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cluster.Member
	for rows.Next() {
		var m cluster.Member
		if err := rows.Scan(&m.StoryID, &m.ClusterID, &m.DuplicateOf, &m.Features); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SaveClusterChanges applies ch in one transaction, as cluster.State.Apply
// does, after checking that the saved seq is ch.BaseSeq (ECONFLICT when it
// is not, or when another save made the first row meanwhile). Each merged
// cluster's follows and webhooks move to the cluster it was folded into,
// and earlier merges into it are redirected there too.
func (db *DB) SaveClusterChanges(ctx context.Context, ch cluster.Changes) error {
	err := db.write(ctx, func(t tx) error {
		if err := checkSeq(ctx, t, ch.BaseSeq); err != nil {
			return err
		}
		if err := saveMeta(ctx, t, ch.Meta); err != nil {
			return err
		}
		for _, m := range ch.Merges {
			if err := saveMerge(ctx, t, m); err != nil {
				return err
			}
		}
		if err := saveClusters(ctx, t, ch.Clusters); err != nil {
			return err
		}
		return saveMembers(ctx, t, ch.Members)
	})
	if db.class(err) == errUnique {
		err = herald.Errorf(herald.ECONFLICT, "another worker saved the clustering state first")
	}
	if err != nil {
		return db.wrap(err, "save cluster changes", "")
	}
	return nil
}

// checkSeq returns ECONFLICT unless the saved seq (0: none) is base; it
// locks the meta row (PostgreSQL) so no other save passes the same check.
func checkSeq(ctx context.Context, t tx, base int64) error {
	var seq int64
	err := t.queryRow(ctx, `SELECT seq FROM cluster_meta WHERE id = 1{{lockrows}}`).Scan(&seq)
	if err != nil && !notFound(err) {
		return err
	}
	if seq != base {
		return herald.Errorf(herald.ECONFLICT, "the clustering state is at seq %d, not %d; reload it", seq, base)
	}
	return nil
}

func saveMeta(ctx context.Context, t tx, m cluster.Meta) error {
	df := m.DF
	if df == nil {
		df = []byte{}
	}
	_, err := t.exec(ctx, `INSERT INTO cluster_meta (id, seq, last_story, next_cluster_id, max_time, df)
		VALUES (1, $1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq,
		last_story = excluded.last_story, next_cluster_id = excluded.next_cluster_id,
		max_time = excluded.max_time, df = excluded.df`,
		m.Seq, m.LastStory, m.NextClusterID, t.db.tv(m.MaxTime), df)
	return wrapErr("save cluster meta", err)
}

// saveMerge deletes cluster m.From and makes it lead to m.Into: merges,
// follows (a reader following both keeps one follow) and webhooks.
func saveMerge(ctx context.Context, t tx, m cluster.Merge) error {
	steps := []struct {
		q    string
		args []any
	}{
		{`DELETE FROM clusters WHERE id = $1`, []any{m.From}},
		{`UPDATE cluster_merges SET into_id = $2 WHERE into_id = $1`, []any{m.From, m.Into}},
		{`INSERT INTO cluster_merges (from_id, into_id) VALUES ($1, $2)
			ON CONFLICT (from_id) DO UPDATE SET into_id = excluded.into_id`, []any{m.From, m.Into}},
		{`UPDATE cluster_follows SET cluster_id = $2 WHERE cluster_id = $1 AND NOT EXISTS
			(SELECT 1 FROM cluster_follows o WHERE o.user_id = cluster_follows.user_id AND o.cluster_id = $2)`, []any{m.From, m.Into}},
		{`DELETE FROM cluster_follows WHERE cluster_id = $1`, []any{m.From}},
		{`UPDATE webhooks SET cluster_id = $2 WHERE cluster_id = $1`, []any{m.From, m.Into}},
	}
	for _, s := range steps {
		if _, err := t.exec(ctx, s.q, s.args...); err != nil {
			return fmt.Errorf("merge cluster %d into %d: %w", m.From, m.Into, err)
		}
	}
	return nil
}

// clusterCols is how many columns saveClusters writes a row.
const clusterCols = 10

// saveClusters upserts cluster rows, a few hundred to a statement.
func saveClusters(ctx context.Context, t tx, rows []cluster.Cluster) error {
	return chunks(indexes(len(rows)), clusterCols, func(part []int) error {
		args := make([]any, 0, clusterCols*len(part))
		for _, i := range part {
			c := rows[i]
			centroid, _ := c.Centroid.MarshalBinary() // never fails
			if centroid == nil {
				centroid = []byte{}
			}
			args = append(args, c.ID, c.Headline, c.Size, t.db.tv(c.First), t.db.tv(c.Last), jsonText(topicRows(c.Topics)),
				centroid, c.Open, c.LastSeq, c.CheckedAt)
		}
		_, err := t.exec(ctx, `INSERT INTO clusters (id, headline, size, first_at, last_at, topics, centroid, is_open, last_seq, checked_at)
			VALUES `+values(len(part), clusterCols, 0)+` ON CONFLICT (id) DO UPDATE SET headline = excluded.headline,
			size = excluded.size, first_at = excluded.first_at, last_at = excluded.last_at, topics = excluded.topics,
			centroid = excluded.centroid, is_open = excluded.is_open, last_seq = excluded.last_seq,
			checked_at = excluded.checked_at`, args...)
		return wrapErr("save clusters", err)
	})
}

// topicRows is topics as clusters.topics keeps them.
func topicRows(topics []herald.StoryTopic) []clusterTopic {
	out := make([]clusterTopic, len(topics))
	for i, t := range topics {
		out[i] = clusterTopic{ID: t.ID, Slug: t.Slug, Name: t.Name, Kind: t.Kind, Salience: t.Salience}
	}
	return out
}

// saveMembers upserts member rows and sets their stories' cluster_id.
func saveMembers(ctx context.Context, t tx, rows []cluster.Member) error {
	const cols = 4
	return chunks(indexes(len(rows)), cols, func(part []int) error {
		args := make([]any, 0, cols*len(part))
		ids := make([]int64, len(part))
		for k, i := range part {
			m := rows[i]
			features := m.Features
			if features == nil {
				features = []byte{}
			}
			args = append(args, m.StoryID, m.ClusterID, m.DuplicateOf, features)
			ids[k] = m.StoryID
		}
		if _, err := t.exec(ctx, `INSERT INTO cluster_members (story_id, cluster_id, duplicate_of, features)
			VALUES `+values(len(part), cols, 0)+` ON CONFLICT (story_id) DO UPDATE SET cluster_id = excluded.cluster_id,
			duplicate_of = excluded.duplicate_of, features = excluded.features`, args...); err != nil {
			return fmt.Errorf("save cluster members: %w", err)
		}
		_, err := t.exec(ctx, `UPDATE stories SET cluster_id = (SELECT m.cluster_id FROM cluster_members m WHERE m.story_id = stories.id)
			WHERE id IN ({{ids $1}})`, t.db.ids(ids))
		return wrapErr("set stories' clusters", err)
	})
}

// indexes returns 0..n-1.
func indexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// wrapErr names op when err is not nil.
func wrapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", op, err)
}

// storyWritersKey is the advisory lock that story writers hold shared and
// ClusterInput takes alone (PostgreSQL; see dialect.awaitWriters).
var storyWritersKey = lockKey("story-writers")

// ClusterInput returns up to limit stories with an id above after, in id
// order, as the clustering engine reads them, without stories under embargo
// now. On PostgreSQL it reads while no story writer is in flight, so that no
// story with a smaller id can commit after it read a larger one (such a
// story would never be clustered). The store does not keep whether a
// publication time was the fetch time standing in for a missing one, so
// Published is always the stored publication time (for new items the two
// are close).
func (db *DB) ClusterInput(ctx context.Context, after int64, limit int) ([]cluster.Doc, error) {
	if limit <= 0 {
		return nil, nil
	}
	var docs []cluster.Doc
	read := func(t tx) (err error) {
		docs, err = clusterDocs(ctx, t, after, limit, db.t(db.clock()))
		return err
	}
	var err error
	if db.d.awaitWriters == nil {
		err = read(tx{db: db, x: db.r})
	} else {
		err = db.write(ctx, func(t tx) error {
			if err := db.d.awaitWriters(ctx, t.x); err != nil {
				return fmt.Errorf("wait for story writers: %w", err)
			}
			return read(t)
		})
	}
	if err != nil {
		return nil, db.wrap(err, "cluster input", "")
	}
	if err := db.docTopics(ctx, docs); err != nil {
		return nil, db.wrap(err, "cluster input", "")
	}
	return docs, nil
}

// clusterDocs reads the stories of ClusterInput, without topics.
func clusterDocs(ctx context.Context, t tx, after int64, limit int, now any) ([]cluster.Doc, error) {
	rows, err := t.query(ctx, `SELECT s.id, s.title, s.text, s.published_at FROM stories s
		WHERE s.id > $1 AND `+visibleAt+`$2) ORDER BY s.id LIMIT $3`, after, now, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []cluster.Doc
	for rows.Next() {
		var d cluster.Doc
		if err := rows.Scan(&d.StoryID, &d.Title, &d.Text, at(&d.Published)); err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, rows.Err()
}

// docTopics fills in the topics of docs with their salience: the links in
// one query of three numbers a row, then the few distinct topics (the
// engine orders topics itself). Each doc's topics are allocated once, at
// their count, in the order the rows came.
func (db *DB) docTopics(ctx context.Context, docs []cluster.Doc) error {
	if len(docs) == 0 {
		return nil
	}
	at := make(map[int64]int, len(docs))
	ids := make([]int64, len(docs))
	for i, d := range docs {
		at[d.StoryID], ids[i] = i, d.StoryID
	}
	type link struct {
		doc   int
		topic int64
		sal   float64
	}
	links, err := func() ([]link, error) {
		rows, err := db.query(ctx, `SELECT story_id, topic_id, salience FROM story_topics WHERE story_id IN ({{ids $1}})`, db.ids(ids))
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		links := make([]link, 0, 16*len(docs))
		for rows.Next() {
			var story int64
			var l link
			if err := rows.Scan(&story, &l.topic, &l.sal); err != nil {
				return nil, err
			}
			l.doc = at[story]
			links = append(links, l)
		}
		return links, rows.Err()
	}()
	if err != nil {
		return fmt.Errorf("load topics: %w", err)
	}
	count := make([]int, len(docs))
	topics := map[int64]*herald.Topic{}
	for _, l := range links {
		count[l.doc]++
		if topics[l.topic] == nil {
			topics[l.topic] = &herald.Topic{}
		}
	}
	if err := db.topicsByID(ctx, topics); err != nil {
		return err
	}
	for i, n := range count {
		if n > 0 {
			docs[i].Topics = make([]herald.StoryTopic, 0, n)
		}
	}
	for _, l := range links {
		docs[l.doc].Topics = append(docs[l.doc].Topics, herald.StoryTopic{Topic: *topics[l.topic], Salience: l.sal})
	}
	return nil
}

// topicsByID fills in the topics of the map's keys.
func (db *DB) topicsByID(ctx context.Context, topics map[int64]*herald.Topic) error {
	ids := make([]int64, 0, len(topics))
	for id := range topics {
		ids = append(ids, id)
	}
	rows, err := db.query(ctx, `SELECT id, slug, name, kind FROM topics WHERE id IN ({{ids $1}})`, db.ids(ids))
	if err != nil {
		return fmt.Errorf("load topics: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t herald.Topic
		if err := rows.Scan(&t.ID, &t.Slug, &t.Name, &t.Kind); err != nil {
			return fmt.Errorf("load topics: %w", err)
		}
		*topics[t.ID] = t
	}
	return rows.Err()
}
