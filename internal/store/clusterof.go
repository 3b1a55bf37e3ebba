package store

// How the feed reader APIs, feeds out and webhooks read which cluster a
// story is in. Every such read goes through these three fragments, so that
// the cluster's source is one place: today the stories' cluster_id column.
// When the clustering tables keep membership (cluster_members), these become
// reads of that table: clusterOf a coalesce of cluster_members.cluster_id and
// the column, newerInClusterOf a join of cluster_members with itself on
// cluster_id, and clusterStoriesFrom a join of cluster_members and stories.

// clusterOf is the cluster of the story aliased a (0: none).
func clusterOf(a string) string { return a + ".cluster_id" }

// newerInClusterOf is a condition that holds when a story o of the cluster
// of story alias s is newer (published later, then a higher id), given the
// extra condition cond on o; o must be visible at the placeholder now.
func newerInClusterOf(s, now, cond string) string {
	return `EXISTS (SELECT 1 FROM stories o WHERE o.cluster_id = ` + s + `.cluster_id AND o.cluster_id <> 0
		AND (o.published_at, o.id) > (` + s + `.published_at, ` + s + `.id) AND ` + visibleAt + now + `) AND ` + cond + `)`
}

// clusterStoriesWhere selects, with storyColumns and storyFrom, the stories
// of the clusters in the {{ids}} placeholder list, ordered by cluster and
// then oldest first; the story's cluster is read as clusterOf("s").
func clusterStoriesWhere(list string) string {
	return ` WHERE s.cluster_id IN ({{ids ` + list + `}}) AND s.cluster_id <> 0`
}
