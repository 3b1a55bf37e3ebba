package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
)

// sourceExists returns ENOTFOUND unless a source has that id.
func sourceExists(ctx context.Context, t tx, id int64) error {
	var one int
	if err := t.queryRow(ctx, `SELECT 1 FROM sources WHERE id = $1`, id).Scan(&one); err != nil {
		return t.db.wrap(err, "find source", fmt.Sprintf("source %d not found", id))
	}
	return nil
}

// userMissing turns a foreign key violation into ENOTFOUND for userID.
func (db *DB) userMissing(err error, userID int64) error {
	if db.class(err) == errForeignKey {
		return herald.Errorf(herald.ENOTFOUND, "user %d not found", userID)
	}
	return err
}

// FollowTopic makes userID follow the topic; following twice is not an error.
// ENOTFOUND if the topic or the user does not exist.
func (db *DB) FollowTopic(ctx context.Context, userID int64, slug string) error {
	err := db.write(ctx, func(t tx) error {
		id, err := readerTopicID(ctx, t, slug)
		if err != nil {
			return err
		}
		_, err = t.exec(ctx, `INSERT INTO follows_topics (user_id, topic_id, created_at)
			VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, userID, id, db.t(db.clock()))
		return db.userMissing(err, userID)
	})
	if err != nil {
		return db.wrap(err, fmt.Sprintf("follow topic %q", slug), "")
	}
	return nil
}

// UnfollowTopic stops userID following the topic; not following it is not an
// error. ENOTFOUND if the topic does not exist.
func (db *DB) UnfollowTopic(ctx context.Context, userID int64, slug string) error {
	err := db.write(ctx, func(t tx) error {
		id, err := readerTopicID(ctx, t, slug)
		if err != nil {
			return err
		}
		_, err = t.exec(ctx, `DELETE FROM follows_topics WHERE user_id = $1 AND topic_id = $2`, userID, id)
		return err
	})
	if err != nil {
		return db.wrap(err, fmt.Sprintf("unfollow topic %q", slug), "")
	}
	return nil
}

// FollowSource makes userID follow a source; following twice is not an error.
// ENOTFOUND if the source or the user does not exist.
func (db *DB) FollowSource(ctx context.Context, userID, sourceID int64) error {
	err := db.write(ctx, func(t tx) error {
		if err := sourceExists(ctx, t, sourceID); err != nil {
			return err
		}
		_, err := t.exec(ctx, `INSERT INTO follows_sources (user_id, source_id, created_at)
			VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, userID, sourceID, db.t(db.clock()))
		return db.userMissing(err, userID)
	})
	if err != nil {
		return db.wrap(err, fmt.Sprintf("follow source %d", sourceID), "")
	}
	return nil
}

// UnfollowSource stops userID following a source; not following it is not an
// error. ENOTFOUND if the source does not exist.
func (db *DB) UnfollowSource(ctx context.Context, userID, sourceID int64) error {
	err := db.write(ctx, func(t tx) error {
		if err := sourceExists(ctx, t, sourceID); err != nil {
			return err
		}
		_, err := t.exec(ctx, `DELETE FROM follows_sources WHERE user_id = $1 AND source_id = $2`,
			userID, sourceID)
		return err
	})
	if err != nil {
		return db.wrap(err, fmt.Sprintf("unfollow source %d", sourceID), "")
	}
	return nil
}

// Follows lists what userID follows, newest first; ties list topics before
// sources, then by id.
func (db *DB) Follows(ctx context.Context, userID int64) ([]herald.Follow, error) {
	rows, err := db.query(ctx, `
		SELECT 'topic' AS kind, t.id, t.slug, t.name, t.kind AS topic_kind, f.created_at
		FROM follows_topics f JOIN topics t ON t.id = f.topic_id WHERE f.user_id = $1
		UNION ALL
		SELECT 'source', s.id, '', s.title, '', f.created_at
		FROM follows_sources f JOIN sources s ON s.id = f.source_id WHERE f.user_id = $1
		ORDER BY 6 DESC, 1 DESC, 2`, userID)
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("follows of user %d", userID), "")
	}
	defer rows.Close()
	out := []herald.Follow{}
	for rows.Next() {
		f, err := scanFollow(rows)
		if err != nil {
			return nil, db.wrap(err, fmt.Sprintf("follows of user %d", userID), "")
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, fmt.Sprintf("follows of user %d", userID), "")
	}
	return out, nil
}

// scanFollow reads one row of the Follows query.
func scanFollow(rows *sql.Rows) (herald.Follow, error) {
	var f herald.Follow
	var id int64
	var slug, name, kind string
	if err := rows.Scan(&f.Kind, &id, &slug, &name, &kind, at(&f.CreatedAt)); err != nil {
		return f, err
	}
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
	err := db.write(ctx, func(t tx) error {
		id, err := readerTopicID(ctx, t, slug)
		if err != nil {
			return err
		}
		_, err = t.exec(ctx, `INSERT INTO mutes (user_id, topic_id, until, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, topic_id)
			DO UPDATE SET until = excluded.until, created_at = excluded.created_at`,
			userID, id, db.t(until), db.t(db.clock()))
		return db.userMissing(err, userID)
	})
	if err != nil {
		return db.wrap(err, fmt.Sprintf("mute topic %q", slug), "")
	}
	return nil
}

// UnmuteTopic lifts userID's mute of a topic; an absent mute is not an error.
// ENOTFOUND if the topic does not exist.
func (db *DB) UnmuteTopic(ctx context.Context, userID int64, slug string) error {
	err := db.write(ctx, func(t tx) error {
		id, err := readerTopicID(ctx, t, slug)
		if err != nil {
			return err
		}
		_, err = t.exec(ctx, `DELETE FROM mutes WHERE user_id = $1 AND topic_id = $2`, userID, id)
		return err
	})
	if err != nil {
		return db.wrap(err, fmt.Sprintf("unmute topic %q", slug), "")
	}
	return nil
}

// Mutes lists userID's mutes in force at now (a zero now means the current
// time): those without an end or ending after now. Newest first.
func (db *DB) Mutes(ctx context.Context, userID int64, now time.Time) ([]herald.Mute, error) {
	rows, err := db.query(ctx, `SELECT t.id, t.slug, t.name, t.kind, m.until, m.created_at
		FROM mutes m JOIN topics t ON t.id = m.topic_id
		WHERE m.user_id = $1 AND (m.until IS NULL OR m.until > $2)
		ORDER BY m.created_at DESC, t.slug{{C}}`, userID, db.t(db.or(now)))
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("mutes of user %d", userID), "")
	}
	defer rows.Close()
	out := []herald.Mute{}
	for rows.Next() {
		var m herald.Mute
		if err := rows.Scan(&m.Topic.ID, &m.Topic.Slug, &m.Topic.Name, &m.Topic.Kind, at(&m.Until), at(&m.CreatedAt)); err != nil {
			return nil, db.wrap(err, fmt.Sprintf("mutes of user %d", userID), "")
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, fmt.Sprintf("mutes of user %d", userID), "")
	}
	return out, nil
}
