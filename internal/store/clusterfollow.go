package store

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
)

// clusterVisible returns ENOTFOUND unless cluster id has a visible story.
func (db *DB) clusterVisible(ctx context.Context, id int64) error {
	var one int
	err := db.queryRow(ctx, `SELECT 1 FROM stories s WHERE `+clusterOf("s")+` = $1 AND `+clusterOf("s")+` <> 0
		AND `+visibleAt+`$2) LIMIT 1`, id, db.t(db.clock())).Scan(&one)
	if err != nil {
		return db.wrap(err, "find cluster", fmt.Sprintf("cluster %d not found", id))
	}
	return nil
}

// FollowCluster makes userID follow cluster id (or the cluster it was merged
// into). ENOTFOUND when no story of it is visible, or for an unknown user.
func (db *DB) FollowCluster(ctx context.Context, userID, id int64) error {
	op := fmt.Sprintf("follow cluster %d", id)
	cid, err := db.resolveCluster(ctx, id)
	if err != nil {
		return db.wrap(err, op, "")
	}
	if err := db.clusterVisible(ctx, cid); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	_, err = db.exec(ctx, `INSERT INTO cluster_follows (user_id, cluster_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, userID, cid, db.t(db.clock()))
	if err != nil {
		return db.wrap(db.userMissing(err, userID), op, "")
	}
	return nil
}

// UnfollowCluster stops userID following cluster id (or the cluster it was
// merged into); not following it is not an error. ENOTFOUND when no story
// of it is visible.
func (db *DB) UnfollowCluster(ctx context.Context, userID, id int64) error {
	op := fmt.Sprintf("unfollow cluster %d", id)
	cid, err := db.resolveCluster(ctx, id)
	if err != nil {
		return db.wrap(err, op, "")
	}
	if err := db.clusterVisible(ctx, cid); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if _, err := db.exec(ctx, `DELETE FROM cluster_follows WHERE user_id = $1 AND cluster_id = $2`, userID, cid); err != nil {
		return db.wrap(err, op, "")
	}
	return nil
}

// FollowedClusters lists userID's follows of clusters, the most recent
// first, each cluster as a listing shows it; clusters with no visible
// story are left out.
func (db *DB) FollowedClusters(ctx context.Context, userID int64) ([]herald.Follow, error) {
	op := fmt.Sprintf("followed clusters of user %d", userID)
	rows, err := db.query(ctx, `SELECT cluster_id, created_at FROM cluster_follows WHERE user_id = $1
		ORDER BY created_at DESC, cluster_id DESC`, userID)
	if err != nil {
		return nil, db.wrap(err, op, "")
	}
	var follows []herald.Follow
	var ids []int64
	for rows.Next() {
		f := herald.Follow{Kind: herald.FollowCluster, Cluster: &herald.Cluster{}}
		if err := rows.Scan(&f.Cluster.ID, at(&f.CreatedAt)); err != nil {
			rows.Close()
			return nil, db.wrap(err, op, "")
		}
		follows, ids = append(follows, f), append(ids, f.Cluster.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, op, "")
	}
	found, err := db.assembleClusters(ctx, userID, ids, listedStories)
	if err != nil {
		return nil, db.wrap(err, op, "")
	}
	out := []herald.Follow{}
	for _, f := range follows {
		if c := found[f.Cluster.ID]; c != nil {
			f.Cluster = c
			out = append(out, f)
		}
	}
	return out, nil
}
