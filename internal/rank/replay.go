package rank

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/heraldnews/herald"
)

// The replay format of `herald eval rank`: JSON lines, each one story or one
// reader. Stories come first (in publication order); each reader line is
// ranked over the stories before it.
//
//	{"story":{"id","title","text","source_id","source","section","cluster_id","published","authors",
//	          "topics":[{"id","slug","name","salience"}]}}
//	{"reader":{"id","now","follows":{"topics":[id],"sources":[id],"clusters":[id]},
//	           "events":[{"story_id","kind","at","dwell_ms"}],"relevant":{"story id":grade}}}
type replayLine struct {
	Story  *ReplayStory  `json:"story"`
	Reader *ReplayReader `json:"reader"`
}

// ReplayStory is a story of a replay.
type ReplayStory struct {
	ID        int64      `json:"id"`
	Title     string     `json:"title"`
	Text      string     `json:"text"`
	SourceID  int64      `json:"source_id"`
	Source    string     `json:"source"`
	Section   string     `json:"section,omitempty"`
	ClusterID int64      `json:"cluster_id,omitempty"`
	Published time.Time  `json:"published"`
	Authors   []string   `json:"authors,omitempty"`
	Topics    []DocTopic `json:"topics,omitempty"`
}

// ReplayReader is one reader of a replay: follows, history, and the graded
// relevance of the stories a perfect feed would show at Now.
type ReplayReader struct {
	ID      string         `json:"id"`
	Now     time.Time      `json:"now"`
	Follows ReplayFollows  `json:"follows"`
	Events  []herald.Event `json:"events"`
	// Relevant maps story ids (as strings) to grades > 0.
	Relevant map[string]float64 `json:"relevant"`
}

// ReplayFollows is what a replay reader follows.
type ReplayFollows struct {
	Topics   []int64 `json:"topics,omitempty"`
	Sources  []int64 `json:"sources,omitempty"`
	Clusters []int64 `json:"clusters,omitempty"`
}

// ReplayResult is what `herald eval rank` prints: means over readers.
type ReplayResult struct {
	NDCG10   float64 `json:"ndcg_at_10"`
	Recall10 float64 `json:"recall_at_10"`
	MRR      float64 `json:"mrr"`
	Readers  int     `json:"readers"`
	Stories  int     `json:"stories"`
}

// Replay runs the ranker over a replay with weights w: for each reader it
// learns a profile from the events, gathers and ranks candidates exactly
// as the feed does, and scores the first page of 10 against the graded
// relevance: nDCG@10, recall@10 (relevant stories in the top 10 over the
// fewer of 10 and the relevant ones) and MRR.
func Replay(r io.Reader, w Weights) (ReplayResult, error) {
	idx := NewIndex()
	all := map[int64]*Doc{}
	var res ReplayResult
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		var l replayLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return res, fmt.Errorf("eval rank: line %d: %w", n, err)
		}
		switch {
		case l.Story != nil:
			d := l.Story.doc(idx)
			all[d.ID] = d
			idx.Add(d)
			res.Stories++
		case l.Reader != nil:
			nd, rc, rr := replayReader(l.Reader, idx, all, w)
			res.NDCG10, res.Recall10, res.MRR = res.NDCG10+nd, res.Recall10+rc, res.MRR+rr
			res.Readers++
		default:
			return res, fmt.Errorf("eval rank: line %d: want a story or a reader", n)
		}
	}
	if err := sc.Err(); err != nil {
		return res, fmt.Errorf("eval rank: %w", err)
	}
	if res.Readers > 0 {
		k := float64(res.Readers)
		res.NDCG10, res.Recall10, res.MRR = round(res.NDCG10/k), round(res.Recall10/k), round(res.MRR/k)
	}
	return res, nil
}

func (s *ReplayStory) doc(idx *Index) *Doc {
	return &Doc{ID: s.ID, Published: s.Published, SourceID: s.SourceID, Source: s.Source, Section: s.Section,
		ClusterID: s.ClusterID, Authors: s.Authors, Topics: s.Topics, Vec: Vectorize(idx.DF(), s.Title, s.Text)}
}

// replayReader ranks one reader's feed and scores its first page.
func replayReader(rd *ReplayReader, idx *Index, all map[int64]*Doc, w Weights) (ndcg, recall, mrr float64) {
	p := &Profile{}
	events := slices.Clone(rd.Events)
	slices.SortStableFunc(events, func(a, b herald.Event) int { return a.At.Compare(b.At) })
	for _, e := range events {
		p.Learn(all[e.StoryID], e)
	}
	f := &Follows{Topics: set(rd.Follows.Topics), Sources: set(rd.Follows.Sources), Clusters: set(rd.Follows.Clusters)}
	var followed []*Doc
	per := PerFollow(len(rd.Follows.Topics) + len(rd.Follows.Sources))
	for _, t := range rd.Follows.Topics {
		followed = append(followed, idx.Newest(t, 0, per)...)
	}
	for _, s := range rd.Follows.Sources {
		followed = append(followed, idx.Newest(0, s, per)...)
	}
	ranked := Rank(p, Gather(followed, idx, f, p, w, rd.Now), w, rd.Now, 10)
	ids := make([]int64, 0, 10)
	for _, s := range ranked[:min(10, len(ranked))] {
		ids = append(ids, s.Doc.ID)
	}
	return Metrics(ids, rd.Relevant)
}

// Metrics scores a ranked list of story ids against graded relevance:
// nDCG@10 (gain 2^grade − 1), recall@10 and reciprocal rank.
func Metrics(ids []int64, relevant map[string]float64) (ndcg, recall, mrr float64) {
	grades := make([]float64, 0, len(relevant))
	for _, g := range relevant {
		grades = append(grades, g)
	}
	slices.SortFunc(grades, func(a, b float64) int { return int(math.Copysign(1, b-a)) })
	var dcg, ideal float64
	hits := 0
	for i := 0; i < 10; i++ {
		disc := 1 / math.Log2(float64(i)+2)
		if i < len(grades) {
			ideal += (math.Exp2(grades[i]) - 1) * disc
		}
		if i < len(ids) {
			if g := relevant[strconv.FormatInt(ids[i], 10)]; g > 0 {
				dcg += (math.Exp2(g) - 1) * disc
				hits++
				if mrr == 0 {
					mrr = 1 / float64(i+1)
				}
			}
		}
	}
	if ideal == 0 {
		return 0, 0, 0
	}
	return dcg / ideal, float64(hits) / float64(min(10, len(grades))), mrr
}

func set(ids []int64) map[int64]bool {
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}
