package rank

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

func TestSnapshots(t *testing.T) {
	var ss snapshots
	items := []Scored{scored(1, 1, 0, 1), scored(2, 1, 0, 0.5), scored(3, 2, 0, 0.2)}
	s := ss.put(7, "k", &Profile{}, items, now)
	got, off, err := ss.get(s.cursor(2), 7)
	if err != nil || got != s || off != 2 {
		t.Fatalf("get(cursor at 2) = %v, %d, %v", got, off, err)
	}
	if _, _, err := ss.get(s.cursor(2), 8); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("another reader's cursor: %v, want invalid", err)
	}
	if _, _, err := ss.get("r1.zz", 7); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("malformed cursor: %v, want invalid", err)
	}
	if l, fresh := ss.latest(7, "k"); l != s || !fresh {
		t.Errorf("latest(same key) = %v, %v; want the snapshot, fresh", l, fresh)
	}
	if l, _ := ss.latest(7, "other"); l != nil {
		t.Errorf("latest(changed key) = %v, want none: profile, settings or follows changed", l)
	}
	s.made = time.Now().Add(-RerankAfter - time.Second)
	if l, fresh := ss.latest(7, "k"); l != s || fresh {
		t.Errorf("latest after RerankAfter = %v, %v; want it, stale", l, fresh)
	}
	if !ss.startRerank(7) || ss.startRerank(7) {
		t.Errorf("a second background ranking of one reader was allowed")
	}
	ss.endRerank(7)
	if !ss.startRerank(7) {
		t.Errorf("no background ranking after the last ended")
	}
}
