package store

import (
	"context"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
)

// webhookCursor names the counter that holds the newest story matched
// against webhooks.
const webhookCursor = "webhook_cursor"

// webhookColumns is the select list that scanWebhook reads: webhooks w and
// the slug of its topic, with its delivery counts.
const webhookColumns = `w.id, w.user_id, w.url, w.secret, coalesce(t.slug, ''), coalesce(w.source_id, 0),
	coalesce(w.cluster_id, 0), w.created_at, w.last_attempt_at, w.last_status, w.last_error,
	(SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.state = 'delivered'),
	(SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.state = 'failed'),
	(SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.state = 'pending')
	FROM webhooks w LEFT JOIN topics t ON t.id = w.topic_id`

func scanWebhook(row interface{ Scan(...any) error }) (*herald.Webhook, error) {
	var w herald.Webhook
	err := row.Scan(&w.ID, &w.UserID, &w.URL, &w.Secret, &w.TopicSlug, &w.SourceID, &w.ClusterID, at(&w.CreatedAt),
		at(&w.LastAttemptAt), &w.LastStatus, &w.LastError, &w.Delivered, &w.Failed, &w.Pending)
	if err != nil {
		return nil, err
	}
	return &w, nil
}

// CreateWebhook stores a webhook; see herald.WebhookStore.
func (db *DB) CreateWebhook(ctx context.Context, w *herald.Webhook) error {
	targets := 0
	for _, set := range []bool{w.TopicSlug != "", w.SourceID != 0, w.ClusterID != 0} {
		if set {
			targets++
		}
	}
	if targets != 1 || w.SourceID < 0 || w.ClusterID < 0 {
		return herald.Errorf(herald.EINVALID, "webhook: name exactly one topic, source or cluster")
	}
	var topic any
	if w.TopicSlug != "" {
		t, err := db.TopicBySlug(ctx, w.TopicSlug)
		if err != nil {
			return fmt.Errorf("create webhook: %w", err)
		}
		topic, w.TopicSlug = t.ID, t.Slug
	}
	created := db.clock()
	err := db.writeRow(ctx, `INSERT INTO webhooks (user_id, url, secret, topic_id, source_id, cluster_id, after_story, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, (SELECT coalesce(max(id), 0) FROM stories), $7) RETURNING id`,
		w.UserID, w.URL, w.Secret, topic, nullID(w.SourceID), nullID(w.ClusterID), db.t(created)).Scan(&w.ID)
	switch {
	case db.class(err) == errForeignKey && w.SourceID != 0:
		return herald.Errorf(herald.ENOTFOUND, "user %d or source %d not found", w.UserID, w.SourceID)
	case db.class(err) == errForeignKey:
		return herald.Errorf(herald.ENOTFOUND, "user %d not found", w.UserID)
	case err != nil:
		return db.wrap(err, "create webhook", "")
	}
	w.CreatedAt = created
	return nil
}

// Webhooks lists userID's webhooks (all for 0), oldest first.
func (db *DB) Webhooks(ctx context.Context, userID int64) ([]herald.Webhook, error) {
	rows, err := db.query(ctx, `SELECT `+webhookColumns+` WHERE $1 = 0 OR w.user_id = $1 ORDER BY w.id`, userID)
	if err != nil {
		return nil, db.wrap(err, "webhooks", "")
	}
	defer rows.Close()
	out := []herald.Webhook{}
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, db.wrap(err, "webhooks", "")
		}
		w.Secret = ""
		out = append(out, *w)
	}
	return out, rows.Err()
}

// Webhook returns one webhook, with its secret; ENOTFOUND if none.
func (db *DB) Webhook(ctx context.Context, id int64) (*herald.Webhook, error) {
	w, err := scanWebhook(db.queryRow(ctx, `SELECT `+webhookColumns+` WHERE w.id = $1`, id))
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("webhook %d", id), fmt.Sprintf("webhook %d not found", id))
	}
	return w, nil
}

// DeleteWebhook deletes a webhook and its deliveries; ENOTFOUND if none.
func (db *DB) DeleteWebhook(ctx context.Context, id int64) error {
	res, err := db.exec(ctx, `DELETE FROM webhooks WHERE id = $1`, id)
	if err != nil {
		return db.wrap(err, fmt.Sprintf("delete webhook %d", id), "")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "webhook %d not found", id)
	}
	return nil
}

// QueueDeliveries matches the stories stored since the last call against
// every webhook, in one transaction; see herald.WebhookStore.
func (db *DB) QueueDeliveries(ctx context.Context, now time.Time, settle time.Duration, limit int) (int, error) {
	var queued int64
	err := db.write(ctx, func(t tx) error {
		cursor, err := db.webhookCursor(ctx, t)
		if err != nil {
			return err
		}
		ids, err := settledStories(ctx, t, cursor, now.Add(-settle), limit)
		if err != nil || len(ids) == 0 {
			return err
		}
		res, err := t.exec(ctx, `INSERT INTO webhook_deliveries (webhook_id, story_id, state, next_attempt_at, created_at)
			SELECT w.id, s.id, 'pending', CASE WHEN s.embargo_until > $2 THEN s.embargo_until ELSE $2 END, $2
			FROM stories s JOIN webhooks w ON w.after_story < s.id AND (w.source_id = s.source_id
				OR w.cluster_id = `+clusterOf("s")+`
				OR EXISTS (SELECT 1 FROM story_topics st WHERE st.story_id = s.id AND st.topic_id =
					(SELECT coalesce(tp.merged_into, tp.id) FROM topics tp WHERE tp.id = w.topic_id)))
			WHERE s.id IN ({{ids $1}})
			ON CONFLICT (webhook_id, story_id) DO NOTHING`, db.ids(ids), db.tv(now))
		if err != nil {
			return err
		}
		queued, _ = res.RowsAffected()
		_, err = t.exec(ctx, `UPDATE counters SET value = $2 WHERE name = $1`, webhookCursor, ids[len(ids)-1])
		return err
	})
	if err != nil {
		return 0, db.wrap(err, "queue webhook deliveries", "")
	}
	return int(queued), nil
}

// webhookCursor reads the newest story matched so far; the first time, it
// starts at the oldest webhook's first story, or (with no webhook yet) at
// the newest story stored: webhooks are for new stories.
func (db *DB) webhookCursor(ctx context.Context, t tx) (int64, error) {
	var cursor int64
	err := t.queryRow(ctx, `SELECT value FROM counters WHERE name = $1`, webhookCursor).Scan(&cursor)
	if !notFound(err) {
		return cursor, err
	}
	if err := t.queryRow(ctx, `SELECT coalesce((SELECT min(after_story) FROM webhooks), (SELECT max(id) FROM stories), 0)`).
		Scan(&cursor); err != nil {
		return 0, err
	}
	_, err = t.exec(ctx, `INSERT INTO counters (name, value) VALUES ($1, $2)`, webhookCursor, cursor)
	return cursor, err
}

// settledStories returns, in id order, up to limit stories after cursor,
// stopping at the first stored after settled (it and the ones after it may
// still be joined by stories with smaller ids, or clustered).
func settledStories(ctx context.Context, t tx, cursor int64, settled time.Time, limit int) ([]int64, error) {
	rows, err := t.query(ctx, `SELECT id, fetched_at FROM stories WHERE id > $1 ORDER BY id LIMIT $2`, cursor, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		var fetched time.Time
		if err := rows.Scan(&id, timeCol{&fetched}); err != nil {
			return nil, err
		}
		if fetched.After(settled) {
			break
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// deliveryColumns is the select list scanDelivery reads, for alias d.
const deliveryColumns = `d.id, d.webhook_id, d.story_id, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.created_at`

func scanDelivery(row interface{ Scan(...any) error }, extra ...any) (herald.Delivery, error) {
	var d herald.Delivery
	err := row.Scan(append([]any{&d.ID, &d.WebhookID, &d.StoryID, &d.State, &d.Attempts, at(&d.NextAttemptAt), &d.LastStatus,
		&d.LastError, at(&d.CreatedAt)}, extra...)...)
	return d, err
}

// DueDeliveries returns pending deliveries due at now whose story is
// visible, each with its webhook.
func (db *DB) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]herald.Delivery, error) {
	rows, err := db.query(ctx, `SELECT `+deliveryColumns+`, w.id, w.user_id, w.url, w.secret, coalesce(w.source_id, 0),
		coalesce(w.cluster_id, 0), coalesce((SELECT slug FROM topics WHERE id = w.topic_id), '')
		FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN stories s ON s.id = d.story_id
		WHERE d.state = 'pending' AND d.next_attempt_at <= $1 AND `+visibleAt+`$1)
		ORDER BY d.next_attempt_at, d.id LIMIT $2`, db.tv(now), limit)
	if err != nil {
		return nil, db.wrap(err, "due webhook deliveries", "")
	}
	defer rows.Close()
	var out []herald.Delivery
	for rows.Next() {
		w := &herald.Webhook{}
		d, err := scanDelivery(rows, &w.ID, &w.UserID, &w.URL, &w.Secret, &w.SourceID, &w.ClusterID, &w.TopicSlug)
		if err != nil {
			return nil, db.wrap(err, "due webhook deliveries", "")
		}
		d.Webhook = w
		out = append(out, d)
	}
	return out, rows.Err()
}

// RecordDelivery stores an attempt's outcome on the delivery and its
// webhook; ENOTFOUND if the delivery is gone.
func (db *DB) RecordDelivery(ctx context.Context, o herald.DeliveryOutcome) error {
	state, next := herald.DeliveryDelivered, time.Time{}
	switch {
	case o.Err != "" && o.Retry.IsZero():
		state = herald.DeliveryFailed
	case o.Err != "":
		state, next = herald.DeliveryPending, o.Retry
	}
	err := db.write(ctx, func(t tx) error {
		var webhook int64
		err := t.queryRow(ctx, `UPDATE webhook_deliveries SET state = $2, attempts = attempts + 1, next_attempt_at = $3,
			last_status = $4, last_error = $5 WHERE id = $1 RETURNING webhook_id`,
			o.DeliveryID, state, db.t(next), o.Status, o.Err).Scan(&webhook)
		if err != nil {
			return err
		}
		_, err = t.exec(ctx, `UPDATE webhooks SET last_attempt_at = $2, last_status = $3, last_error = $4 WHERE id = $1`,
			webhook, db.t(o.At), o.Status, o.Err)
		return err
	})
	if err != nil {
		return db.wrap(err, fmt.Sprintf("record delivery %d", o.DeliveryID), fmt.Sprintf("delivery %d not found", o.DeliveryID))
	}
	return nil
}

// Deliveries lists a webhook's newest deliveries.
func (db *DB) Deliveries(ctx context.Context, webhookID int64, limit int) ([]herald.Delivery, error) {
	rows, err := db.query(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries d WHERE d.webhook_id = $1
		ORDER BY d.id DESC LIMIT $2`, webhookID, limit)
	if err != nil {
		return nil, db.wrap(err, "webhook deliveries", "")
	}
	defer rows.Close()
	out := []herald.Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, db.wrap(err, "webhook deliveries", "")
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
