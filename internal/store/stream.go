package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// ReaderStream returns one page of a reader's stream; see
// herald.StreamStore. In publication order each part of the stream walks an
// index (story_topics by topic and publication, stories by source and
// publication) for at most one page, and the parts are merged, so a page
// costs the same however many stories are stored; the unread window bounds
// the walk of unread stories the same way. In id order (Fever) it walks
// stories by id and keeps those in the stream.
func (db *DB) ReaderStream(ctx context.Context, q herald.StreamQuery) ([]herald.StreamRef, string, error) {
	if q.Limit < 0 || q.Limit > herald.MaxStreamPage {
		return nil, "", herald.Errorf(herald.EINVALID, "limit: must be between 0 and %d", herald.MaxStreamPage)
	}
	cur, hasCur, err := parseCursor(q.Cursor)
	if err != nil {
		return nil, "", fmt.Errorf("reader stream: %w", err)
	}
	op := fmt.Sprintf("stream of user %d", q.UserID)
	b := &streamSQL{db: db, q: q, now: db.or(q.Now)}
	if len(q.Sources)+len(q.Topics) > 0 {
		if b.muted, err = db.mutedTopics(ctx, q.UserID, b.now); err != nil {
			return nil, "", db.wrap(err, op, "")
		}
	}
	query, ok := b.build(cur, hasCur)
	if !ok {
		return []herald.StreamRef{}, "", nil
	}
	refs, err := db.streamRefs(ctx, query, b.a)
	if err != nil {
		return nil, "", db.wrap(err, op, "")
	}
	var next string
	if q.Limit > 0 && len(refs) > q.Limit {
		refs = refs[:q.Limit]
		last := refs[len(refs)-1]
		next = cursor{at: last.PublishedAt.UnixMilli(), id: last.ID}.String()
	}
	return refs, next, nil
}

// streamRefs runs a stream query whose rows are (id, at, src, cl).
func (db *DB) streamRefs(ctx context.Context, query string, a args) ([]herald.StreamRef, error) {
	rows, err := db.query(ctx, query, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	refs := []herald.StreamRef{}
	for rows.Next() {
		var r herald.StreamRef
		if err := rows.Scan(&r.ID, timeCol{&r.PublishedAt}, &r.SourceID, &r.ClusterID, &r.Lead); err != nil {
			return nil, err
		}
		refs = append(refs, r)
	}
	return refs, rows.Err()
}

// mutedTopics returns the topics userID mutes at now.
func (db *DB) mutedTopics(ctx context.Context, userID int64, now time.Time) ([]int64, error) {
	return idColumn(db.query(ctx, `SELECT topic_id FROM mutes WHERE user_id = $1 AND (until IS NULL OR until > $2)`,
		userID, db.t(now)))
}

// streamSQL builds one stream query; a collects its arguments.
type streamSQL struct {
	db    *DB
	q     herald.StreamQuery
	now   time.Time
	muted []int64
	a     args
	ph    map[string]string // shared placeholders by name
}

// arg returns the placeholder of a value shared by every part, adding it once.
func (b *streamSQL) arg(name string, v func() any) string {
	if b.ph == nil {
		b.ph = map[string]string{}
	}
	if p, ok := b.ph[name]; ok {
		return p
	}
	p := b.a.add(v())
	b.ph[name] = p
	return p
}

func (b *streamSQL) user() string { return b.arg("user", func() any { return b.q.UserID }) }

// build returns the stream's query; ok is false when the stream has no part.
func (b *streamSQL) build(cur cursor, hasCur bool) (string, bool) {
	q := b.q
	if len(q.Sources)+len(q.Topics) == 0 && q.Label == "" && !q.Starred && !q.ReadOnes {
		return "", false
	}
	if q.Order == herald.IDAscending || q.Order == herald.IDDescending {
		return b.byID(cur, hasCur), true
	}
	var parts []string
	for _, id := range q.Sources {
		parts = append(parts, b.part(`FROM stories s`, "s.source_id = "+b.a.add(id)+b.followed("s"),
			"s.published_at", "s.id", cur, hasCur))
	}
	for _, id := range q.Topics {
		cond := "st.topic_id = " + b.a.add(id) + b.followed("s")
		if len(q.TopicSources) > 0 {
			cond += " AND s.source_id IN ({{ids " + b.arg("topicSources", func() any { return b.db.ids(q.TopicSources) }) + "}})"
		}
		parts = append(parts, b.part(`FROM story_topics st JOIN stories s ON s.id = st.story_id`, cond,
			"st.published_at", "st.story_id", cur, hasCur))
	}
	if q.Label != "" {
		parts = append(parts, b.part(`FROM story_labels l JOIN stories s ON s.id = l.story_id`,
			"l.user_id = "+b.user()+" AND l.label = "+b.a.add(q.Label)+" AND "+b.notHidden("s"),
			"s.published_at", "s.id", cur, hasCur))
	}
	for _, st := range []struct {
		on  bool
		col string
	}{{q.Starred, "r.saved_at"}, {q.ReadOnes, "r.read_at"}} {
		if st.on {
			cond := "r.user_id = " + b.user() + " AND " + st.col + " IS NOT NULL"
			if !q.StateSince.IsZero() {
				cond += " AND " + st.col + " >= " + b.arg("stateSince", func() any { return b.db.tv(q.StateSince) })
			}
			if st.col == "r.read_at" {
				cond += " AND " + b.notHidden("s")
			}
			parts = append(parts, b.part(`FROM story_states r JOIN stories s ON s.id = r.story_id`, cond,
				"s.published_at", "s.id", cur, hasCur))
		}
	}
	for i := range parts {
		parts[i] = "SELECT * FROM (" + parts[i] + ") AS p" + strconv.Itoa(i)
	}
	desc := q.Order == herald.NewestFirst
	return `SELECT DISTINCT id, at, src, cl, lead FROM (` + strings.Join(parts, "\nUNION ALL ") + `) AS u
		ORDER BY at ` + dir(desc) + `, id ` + dir(desc) + b.limit(), true
}

// part is one part of a stream in publication order: rows of from whose
// condition holds, walked by (pub, id) from the cursor, at most a page.
func (b *streamSQL) part(from, cond, pub, id string, cur cursor, hasCur bool) string {
	where := append([]string{cond}, b.filters(pub)...)
	desc := b.q.Order == herald.NewestFirst
	if hasCur {
		cmp := ">"
		if desc {
			cmp = "<"
		}
		where = append(where, "("+pub+", "+id+") "+cmp+" ("+b.a.add(b.db.tv(cur.time()))+", "+b.a.add(cur.id)+")")
	}
	return `SELECT ` + b.columns() + ` ` + from + b.stateJoin() +
		` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + pub + ` ` + dir(desc) + `, ` + id + ` ` + dir(desc) + b.limit()
}

// byID is the stream in id order: stories walked by id, kept when they are
// in the stream.
func (b *streamSQL) byID(cur cursor, hasCur bool) string {
	asc := b.q.Order == herald.IDAscending
	where := append([]string{b.member("s")}, b.filters("s.published_at")...)
	if hasCur {
		cmp := "<"
		if asc {
			cmp = ">"
		}
		where = append(where, "s.id "+cmp+" "+b.a.add(cur.id))
	}
	return `SELECT ` + b.columns() + ` FROM stories s` + b.stateJoin() + ` WHERE ` +
		strings.Join(where, " AND ") + ` ORDER BY s.id ` + dir(!asc) + b.limit()
}

// limit is the LIMIT clause of a page (one row more, to know that another
// page follows), or nothing when the query asks for every story.
func (b *streamSQL) limit() string {
	if b.q.Limit == 0 {
		return ""
	}
	return " LIMIT " + b.arg("limit", func() any { return b.q.Limit + 1 })
}

// filters are the conditions every part shares, over story s published at
// the column pub.
func (b *streamSQL) filters(pub string) []string {
	q := b.q
	now := b.arg("now", func() any { return b.db.t(b.now) })
	out := []string{visibleAt + now + ")"}
	since := func() string { return b.arg("unreadSince", func() any { return b.db.tv(q.UnreadSince) }) }
	read, saved := "rs.read_at IS NOT NULL", "rs.saved_at IS NOT NULL"
	if q.Unread {
		out = append(out, pub+" >= "+since(), "rs.read_at IS NULL")
	}
	if q.Read {
		out = append(out, "("+pub+" < "+since()+" OR "+read+")")
	}
	if q.OnlyStarred {
		out = append(out, saved)
	}
	if q.NotStarred {
		out = append(out, "rs.saved_at IS NULL")
	}
	if !q.Since.IsZero() {
		out = append(out, pub+" >= "+b.arg("since", func() any { return b.db.tv(q.Since) }))
	}
	if !q.Until.IsZero() {
		out = append(out, pub+" < "+b.arg("until", func() any { return b.db.tv(q.Until) }))
	}
	if !q.CrawledSince.IsZero() {
		out = append(out, "s.fetched_at >= "+b.arg("crawled", func() any { return b.db.tv(q.CrawledSince) }))
	}
	if q.AfterID > 0 {
		out = append(out, "s.id > "+b.arg("after", func() any { return q.AfterID }))
	}
	if q.BeforeID > 0 {
		out = append(out, "s.id < "+b.arg("before", func() any { return q.BeforeID }))
	}
	if q.Collapse {
		out = append(out, b.lead())
	}
	return out
}

// columns is a part's select list: id, at, src, cl and lead.
func (b *streamSQL) columns() string {
	lead := "1"
	if b.q.MarkLeads {
		lead = "CASE WHEN " + b.lead() + " THEN 1 ELSE 0 END"
	}
	return `s.id AS id, s.published_at AS at, s.source_id AS src, ` + clusterOf("s") + ` AS cl, ` + lead + ` AS lead`
}

// lead is the condition that no newer story of s's cluster is in the
// stream: a cluster stands in the stream as its newest story, so that a new
// development brings the cluster back.
func (b *streamSQL) lead() string {
	now := b.arg("now", func() any { return b.db.t(b.now) })
	return `(` + clusterOf("s") + ` = 0 OR NOT ` + newerInClusterOf("s", now, b.member("o")) + `)`
}

// followed is the condition a story of a Sources or Topics part meets
// besides its part's: no muted topic, not hidden. It starts with " AND ".
func (b *streamSQL) followed(s string) string {
	out := " AND " + b.notHidden(s)
	if len(b.muted) > 0 {
		out += " AND NOT EXISTS (SELECT 1 FROM story_topics m WHERE m.story_id = " + s + ".id AND m.topic_id IN ({{ids " +
			b.arg("muted", func() any { return b.db.ids(b.muted) }) + "}}))"
	}
	return out
}

// stateJoin joins the reader's state of story s as rs: one lookup a story
// for the read, saved and hidden conditions.
func (b *streamSQL) stateJoin() string {
	return " LEFT JOIN story_states rs ON rs.user_id = " + b.user() + " AND rs.story_id = s.id"
}

// notHidden is the condition that the reader did not hide story alias s
// (through stateJoin for s itself).
func (b *streamSQL) notHidden(s string) string {
	if s == "s" {
		return "rs.hidden IS NOT TRUE"
	}
	return "NOT EXISTS (SELECT 1 FROM story_states h WHERE h.user_id = " + b.user() + " AND h.story_id = " + s + ".id AND h.hidden)"
}

// member is the condition that story alias s is in the stream (any part).
func (b *streamSQL) member(s string) string {
	q := b.q
	var or []string
	if len(q.Sources)+len(q.Topics) > 0 {
		var in []string
		if len(q.Sources) > 0 {
			in = append(in, s+".source_id IN ({{ids "+b.arg("sources", func() any { return b.db.ids(q.Sources) })+"}})")
		}
		if len(q.Topics) > 0 {
			t := "EXISTS (SELECT 1 FROM story_topics t WHERE t.story_id = " + s + ".id AND t.topic_id IN ({{ids " +
				b.arg("topics", func() any { return b.db.ids(q.Topics) }) + "}}))"
			if len(q.TopicSources) > 0 {
				t = "(" + t + " AND " + s + ".source_id IN ({{ids " + b.arg("topicSources", func() any { return b.db.ids(q.TopicSources) }) + "}}))"
			}
			in = append(in, t)
		}
		or = append(or, "(("+strings.Join(in, " OR ")+")"+b.followed(s)+")")
	}
	if q.Label != "" {
		or = append(or, "(EXISTS (SELECT 1 FROM story_labels l WHERE l.user_id = "+b.user()+" AND l.label = "+
			b.arg("label", func() any { return q.Label })+" AND l.story_id = "+s+".id) AND "+b.notHidden(s)+")")
	}
	if q.Starred {
		or = append(or, "EXISTS (SELECT 1 FROM story_states r WHERE r.user_id = "+b.user()+" AND r.story_id = "+s+".id AND r.saved_at IS NOT NULL)")
	}
	if q.ReadOnes {
		or = append(or, "(EXISTS (SELECT 1 FROM story_states r WHERE r.user_id = "+b.user()+" AND r.story_id = "+s+".id AND r.read_at IS NOT NULL) AND "+b.notHidden(s)+")")
	}
	return "(" + strings.Join(or, " OR ") + ")"
}

// dir is DESC or ASC.
func dir(desc bool) string {
	if desc {
		return "DESC"
	}
	return "ASC"
}
