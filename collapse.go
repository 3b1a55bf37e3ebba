package herald

// Collapse shows each story cluster once in a listing. It is the one
// collapse that the API and the web pages use.
//
// stories is one page of a listing in its order (newest first for every
// story listing); refs are the clusters of its stories, by story id, as
// ClusterStore.ClusterRefs returns them (only clusters of two or more
// visible stories). Collapse sets each story's Cluster from refs and keeps,
// of the stories of one cluster, only the first in page order (the newest
// of that cluster on the page), which carries the cluster's ref: its size,
// outlet count and reason. Stories outside a cluster, or alone in theirs,
// stay as they are. The order of the kept stories does not change.
//
// Collapse works on one page: a cluster whose stories span two pages shows
// once on each (clients that walk pages fold by cluster.id). A collapsed
// page may hold fewer stories than the page size; the listing's cursor
// stays valid. It returns a new slice and sets Cluster on the stories.
func Collapse(stories []*Story, refs map[int64]*ClusterRef) []*Story {
	out := make([]*Story, 0, len(stories))
	shown := map[int64]bool{}
	for _, s := range stories {
		ref := refs[s.ID]
		s.Cluster = ref
		if ref != nil {
			if shown[ref.ID] {
				continue
			}
			shown[ref.ID] = true
		}
		out = append(out, s)
	}
	return out
}
