package rank

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// WriteTestReplay writes a small replay: stories of two themes over ten
// days, half in place 1; a reader who follows place 1 and reads theme 0.
// The fresh stories of theme 0 are relevant (grade 2 in place 1).
func writeTestReplay(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	themes := []string{"rocket launch orbit satellite astronauts", "football league match goal striker"}
	end := now
	rd := ReplayReader{ID: "r", Now: end, Follows: ReplayFollows{Topics: []int64{1}}, Relevant: map[string]float64{}}
	id := int64(0)
	for h := 240; h > 0; h -= 4 {
		for th := range themes {
			id++
			at := end.Add(-time.Duration(h) * time.Hour)
			s := ReplayStory{ID: id, Title: fmt.Sprintf("%s %d", themes[th][:6], id), Text: themes[th] + fmt.Sprintf(" n%d", id),
				SourceID: id % 3, Published: at}
			if id%2 == 0 {
				s.Topics = []DocTopic{{ID: 1, Slug: "place", Name: "Place", Salience: 0.8}}
			}
			enc.Encode(map[string]any{"story": s})
			switch {
			case h <= 24 && th == 0:
				rd.Relevant[strconv.FormatInt(id, 10)] = 1 + float64(1-id%2)
			case h > 24:
				rd.Events = append(rd.Events, herald.Event{StoryID: id, Kind: herald.EventImpression, At: at.Add(time.Hour)})
				if th == 0 {
					rd.Events = append(rd.Events, herald.Event{StoryID: id, Kind: herald.EventRead, DwellMS: 60000, At: at.Add(time.Hour)})
				}
			}
		}
	}
	enc.Encode(map[string]any{"reader": rd})
	return buf.Bytes()
}

func TestReplayBeatsNewestFirst(t *testing.T) {
	replay := writeTestReplay(t)
	latest, _ := Preset(PresetLatest)
	base, err := Replay(bytes.NewReader(replay), latest)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Replay(bytes.NewReader(replay), DefaultWeights())
	if err != nil {
		t.Fatal(err)
	}
	if got.Readers != 1 || got.NDCG10 < 0.9 || got.NDCG10 <= base.NDCG10 || got.MRR != 1 {
		t.Errorf("balanced %+v, latest %+v: want balanced near the oracle and above newest first", got, base)
	}
	if _, err := Replay(bytes.NewReader([]byte("{}\n")), latest); err == nil {
		t.Errorf("a line with neither story nor reader: no error")
	}
}

func TestMetrics(t *testing.T) {
	rel := map[string]float64{"1": 2, "2": 1}
	if n, r, m := Metrics([]int64{1, 2, 3}, rel); n != 1 || r != 1 || m != 1 {
		t.Errorf("ideal order: ndcg %v recall %v mrr %v, want 1 1 1", n, r, m)
	}
	if n, _, m := Metrics([]int64{3, 2, 1}, rel); n >= 1 || m != 0.5 {
		t.Errorf("worse order: ndcg %v mrr %v, want below 1 and 0.5", n, m)
	}
}
