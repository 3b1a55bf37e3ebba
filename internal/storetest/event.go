package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var eventTests = []namedTest{
	{"Record", testEventRecord},
}

func testEventRecord(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "https://example.org/feed", "Example")
	st := newStory(src.ID, "1", t0)
	upsert(t, s, st)
	u := newUser(t, s, "ada")
	var all []herald.Event
	for _, kind := range []string{herald.EventImpression, herald.EventOpen, herald.EventRead, herald.EventSave,
		herald.EventHide, herald.EventMoreLike, herald.EventLessLike} {
		all = append(all, herald.Event{StoryID: st.ID, Kind: kind, At: t0, DwellMS: 1500})
	}
	all = append(all, herald.Event{StoryID: st.ID, Kind: herald.EventOpen}) // zero At: now
	if err := s.RecordEvents(ctx, u.ID, all); err != nil {
		t.Fatalf("RecordEvents(every kind): %v", err)
	}
	if err := s.RecordEvents(ctx, u.ID, nil); err != nil {
		t.Errorf("RecordEvents(none): %v", err)
	}
	tests := []struct {
		name   string
		userID int64
		events []herald.Event
		code   string
	}{
		{"unknown kind", u.ID, []herald.Event{{StoryID: st.ID, Kind: "like", At: t0}}, herald.EINVALID},
		{"empty kind", u.ID, []herald.Event{{StoryID: st.ID, At: t0}}, herald.EINVALID},
		{"unknown story", u.ID, []herald.Event{{StoryID: st.ID + 1000, Kind: herald.EventOpen, At: t0}}, herald.ENOTFOUND},
		{"unknown story after a good one", u.ID, []herald.Event{
			{StoryID: st.ID, Kind: herald.EventOpen, At: t0.Add(time.Second)},
			{StoryID: st.ID + 1000, Kind: herald.EventOpen, At: t0},
		}, herald.ENOTFOUND},
		{"unknown user", u.ID + 1000, []herald.Event{{StoryID: st.ID, Kind: herald.EventOpen, At: t0}}, herald.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, s.RecordEvents(ctx, tt.userID, tt.events), tt.code)
		})
	}
}
