package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
)

// topicID returns the id of the topic with slug, or of the topic it was merged
// into; ENOTFOUND if none.
func topicID(ctx context.Context, tx *sql.Tx, slug string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT coalesce(merged_into, id) FROM topics WHERE slug = ?`, slug).Scan(&id)
	return id, notFound(err, "topic %q not found", slug)
}

// sourceExists returns ENOTFOUND unless a source has that id.
func sourceExists(ctx context.Context, tx *sql.Tx, id int64) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM sources WHERE id = ?`, id).Scan(&one)
	return notFound(err, "source %d not found", id)
}

// userMissing turns a foreign key violation into ENOTFOUND for userID.
func userMissing(err error, userID int64) error {
	if isForeignKey(err) {
		return herald.Errorf(herald.ENOTFOUND, "user %d not found", userID)
	}
	return err
}

// FollowTopic makes userID follow the topic; following twice is not an error.
// ENOTFOUND if the topic or the user does not exist.
func (db *DB) FollowTopic(ctx context.Context, userID int64, slug string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		id, err := topicID(ctx, tx, slug)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO follows_topics (user_id, topic_id, created_at)
			VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, userID, id, db.clock().UnixMilli())
		return userMissing(err, userID)
	})
	if err != nil {
		return fmt.Errorf("follow topic %q: %w", slug, err)
	}
	return nil
}

// UnfollowTopic stops userID following the topic; not following it is not an
// error. ENOTFOUND if the topic does not exist.
func (db *DB) UnfollowTopic(ctx context.Context, userID int64, slug string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		id, err := topicID(ctx, tx, slug)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM follows_topics WHERE user_id = ? AND topic_id = ?`, userID, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("unfollow topic %q: %w", slug, err)
	}
	return nil
}

// FollowSource makes userID follow a source; following twice is not an error.
// ENOTFOUND if the source or the user does not exist.
func (db *DB) FollowSource(ctx context.Context, userID, sourceID int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := sourceExists(ctx, tx, sourceID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO follows_sources (user_id, source_id, created_at)
			VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, userID, sourceID, db.clock().UnixMilli())
		return userMissing(err, userID)
	})
	if err != nil {
		return fmt.Errorf("follow source %d: %w", sourceID, err)
	}
	return nil
}

// UnfollowSource stops userID following a source; not following it is not an
// error. ENOTFOUND if the source does not exist.
func (db *DB) UnfollowSource(ctx context.Context, userID, sourceID int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := sourceExists(ctx, tx, sourceID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM follows_sources WHERE user_id = ? AND source_id = ?`,
			userID, sourceID)
		return err
	})
	if err != nil {
		return fmt.Errorf("unfollow source %d: %w", sourceID, err)
	}
	return nil
}

// Follows lists what userID follows, newest first; ties list topics before
// sources, then by id.
func (db *DB) Follows(ctx context.Context, userID int64) ([]herald.Follow, error) {
	rows, err := db.r.QueryContext(ctx, `
		SELECT 'topic' AS kind, t.id, t.slug, t.name, t.kind, f.created_at
		FROM follows_topics f JOIN topics t ON t.id = f.topic_id WHERE f.user_id = ?1
		UNION ALL
		SELECT 'source', s.id, '', s.title, '', f.created_at
		FROM follows_sources f JOIN sources s ON s.id = f.source_id WHERE f.user_id = ?1
		ORDER BY 6 DESC, 1 DESC, 2`, userID)
	if err != nil {
		return nil, fmt.Errorf("follows of user %d: %w", userID, err)
	}
	defer rows.Close()
	out := []herald.Follow{}
	for rows.Next() {
		f, err := scanFollow(rows)
		if err != nil {
			return nil, fmt.Errorf("follows of user %d: %w", userID, err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("follows of user %d: %w", userID, err)
	}
	return out, nil
}

// scanFollow reads one row of the Follows query.
func scanFollow(rows *sql.Rows) (herald.Follow, error) {
	var f herald.Follow
	var id, created int64
	var slug, name, kind string
	if err := rows.Scan(&f.Kind, &id, &slug, &name, &kind, &created); err != nil {
		return f, err
	}
	f.CreatedAt = time.UnixMilli(created).UTC()
	if f.Kind == herald.FollowTopic {
		f.Topic = &herald.Topic{ID: id, Slug: slug, Name: name, Kind: kind}
	} else {
		f.Source = &herald.SourceRef{ID: id, Title: name}
	}
	return f, nil
}

// MuteTopic hides a topic from userID's feed until until (zero: for good);
// muting again replaces the earlier mute. ENOTFOUND if the topic or the user
// does not exist.
func (db *DB) MuteTopic(ctx context.Context, userID int64, slug string, until time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		id, err := topicID(ctx, tx, slug)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO mutes (user_id, topic_id, until, created_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (user_id, topic_id)
			DO UPDATE SET until = excluded.until, created_at = excluded.created_at`,
			userID, id, ms(until), db.clock().UnixMilli())
		return userMissing(err, userID)
	})
	if err != nil {
		return fmt.Errorf("mute topic %q: %w", slug, err)
	}
	return nil
}

// UnmuteTopic lifts userID's mute of a topic; an absent mute is not an error.
// ENOTFOUND if the topic does not exist.
func (db *DB) UnmuteTopic(ctx context.Context, userID int64, slug string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		id, err := topicID(ctx, tx, slug)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM mutes WHERE user_id = ? AND topic_id = ?`, userID, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("unmute topic %q: %w", slug, err)
	}
	return nil
}

// Mutes lists userID's mutes in force at now (a zero now means the current
// time): those without an end or ending after now. Newest first.
func (db *DB) Mutes(ctx context.Context, userID int64, now time.Time) ([]herald.Mute, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT t.id, t.slug, t.name, t.kind, m.until, m.created_at
		FROM mutes m JOIN topics t ON t.id = m.topic_id
		WHERE m.user_id = ? AND (m.until IS NULL OR m.until > ?)
		ORDER BY m.created_at DESC, t.slug`, userID, db.or(now).UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("mutes of user %d: %w", userID, err)
	}
	defer rows.Close()
	out := []herald.Mute{}
	for rows.Next() {
		var m herald.Mute
		var until sql.NullInt64
		var created int64
		if err := rows.Scan(&m.Topic.ID, &m.Topic.Slug, &m.Topic.Name, &m.Topic.Kind, &until, &created); err != nil {
			return nil, fmt.Errorf("mutes of user %d: %w", userID, err)
		}
		m.Until, m.CreatedAt = msTime(until), time.UnixMilli(created).UTC()
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("mutes of user %d: %w", userID, err)
	}
	return out, nil
}
