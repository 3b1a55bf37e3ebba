package store

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// counts are changes to topics' and sources' story counts that one write
// makes; applied at the end of the write, in id order.
type counts struct {
	topics, sources map[int64]int64
}

func newCounts() counts { return counts{topics: map[int64]int64{}, sources: map[int64]int64{}} }

// apply adds the changes to the stored counts. Rows are locked in id order
// first (PostgreSQL), so that concurrent writers never wait on each other in
// a cycle; the lock is the one the UPDATE takes anyway (FOR NO KEY UPDATE),
// which does not conflict with the key-share locks that linking a story to a
// topic takes.
func (c counts) apply(ctx context.Context, t tx) error {
	for _, table := range []struct {
		name   string
		deltas map[int64]int64
	}{{"topics", c.topics}, {"sources", c.sources}} {
		var pairs [][2]any
		var ids []int64
		for id, d := range table.deltas {
			if d != 0 {
				pairs = append(pairs, [2]any{id, fmt.Sprint(d)})
				ids = append(ids, id)
			}
		}
		if len(pairs) == 0 {
			continue
		}
		slices.Sort(ids)
		if _, err := t.exec(ctx, `SELECT id FROM `+table.name+` WHERE id IN ({{ids $1}}) ORDER BY id{{lockupdate}}`, t.db.ids(ids)); err != nil {
			return fmt.Errorf("lock %s counts: %w", table.name, err)
		}
		if _, err := t.exec(ctx, `UPDATE `+table.name+` SET story_count = story_count + CAST(k.id AS BIGINT)
			FROM ({{pairs $1}}) AS k WHERE k.src = `+table.name+`.id`, jsonText(pairs)); err != nil {
			return fmt.Errorf("count %s' stories: %w", table.name, err)
		}
	}
	return nil
}

// recountTopics sets the story counts of topics ids from the stories linked
// to them, visible at now.
func recountTopics(ctx context.Context, t tx, ids []int64, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := t.exec(ctx, `UPDATE topics SET story_count = (SELECT count(*) FROM story_topics st
		JOIN stories s ON s.id = st.story_id WHERE st.topic_id = topics.id AND `+visibleAt+`$2))
		WHERE id IN ({{ids $1}})`, t.db.ids(ids), t.db.t(now))
	if err != nil {
		return fmt.Errorf("recount topics: %w", err)
	}
	return nil
}

// recountSources sets the story counts of sources ids from their stories
// visible at now.
func recountSources(ctx context.Context, t tx, ids []int64, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := t.exec(ctx, `UPDATE sources SET story_count = (SELECT count(*) FROM stories s
		WHERE s.source_id = sources.id AND `+visibleAt+`$2)) WHERE id IN ({{ids $1}})`, t.db.ids(ids), t.db.t(now))
	if err != nil {
		return fmt.Errorf("recount sources: %w", err)
	}
	return nil
}

// RecountLifted recounts the topics and sources of the stories whose embargo
// ended after after and at or before now: they became visible without a
// write. It is cheap when no embargo ended; the store runs it every
// liftCheck, from the zero time when it starts.
func (db *DB) RecountLifted(ctx context.Context, after, now time.Time) error {
	err := db.write(ctx, func(t tx) error {
		rows, err := t.query(ctx, `SELECT s.id, s.source_id FROM stories s
			WHERE s.embargo_until IS NOT NULL AND s.embargo_until > $1 AND s.embargo_until <= $2`,
			db.tv(after), db.t(now))
		if err != nil {
			return err
		}
		var stories, sources []int64
		for rows.Next() {
			var id, src int64
			if err := rows.Scan(&id, &src); err != nil {
				rows.Close()
				return err
			}
			stories, sources = append(stories, id), append(sources, src)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(stories) == 0 {
			return err
		}
		topics, err := topicsOf(ctx, t, stories)
		if err != nil {
			return err
		}
		if err := recountTopics(ctx, t, topics, now); err != nil {
			return err
		}
		return recountSources(ctx, t, slices.Compact(slices.Sorted(slices.Values(sources))), now)
	})
	if err != nil {
		return db.wrap(err, "recount lifted embargoes", "")
	}
	return nil
}

// topicsOf returns the ids of the topics linked to stories, sorted.
func topicsOf(ctx context.Context, t tx, stories []int64) ([]int64, error) {
	return idColumn(t.query(ctx, `SELECT DISTINCT topic_id FROM story_topics WHERE story_id IN ({{ids $1}}) ORDER BY topic_id`,
		t.db.ids(stories)))
}

// liftCheck is how often the store recounts for embargoes that ended.
const liftCheck = 30 * time.Second

// startRecounter runs RecountLifted every liftCheck, from the zero time at
// first (so a store opened after embargoes ended while it was closed counts
// them), and returns its stop function. Several processes recounting the
// same topics is harmless: a recount sets the exact count.
func (db *DB) startRecounter() func() error {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		var last time.Time
		t := time.NewTimer(0)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			now := db.clock()
			if err := db.RecountLifted(ctx, last, now); err == nil {
				last = now
			}
			t.Reset(liftCheck)
		}
	}()
	return func() error {
		cancel()
		<-done
		return nil
	}
}
