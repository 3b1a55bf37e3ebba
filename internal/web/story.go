package web

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/extract"
)

// story shows one story. Its ContentHTML, sanitised at ingest, is the only string
// rendered as HTML; everything else is escaped. Opening the page records an
// "open" reading signal for the ranker.
func (s *server) story(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.Store.Story(r.Context(), id)
	if err != nil {
		return fmt.Errorf("story %d: %w", id, err)
	}
	rd, err := s.reader(r.Context(), u.ID)
	if err != nil {
		return err
	}
	p := &storyPage{layout: layout{Title: cmp.Or(st.Title, "Untitled story"), User: u}, Story: s.storyView(st, rd, r.URL.RequestURI())}
	if err := s.readerState(r, u.ID, st, p); err != nil {
		return err
	}
	if err := s.coverage(r.Context(), u.ID, st, p); err != nil {
		return err
	}
	s.recordOpen(r.Context(), u.ID, id)
	return s.render(w, r, http.StatusOK, p)
}

// readerState fills in what the story is to this reader: it marks the story
// read (opening it is reading it) and gives the page the reader's saved
// state, why the story would be in their feed and its kept lead image.
func (s *server) readerState(r *http.Request, userID int64, st *herald.Story, p *storyPage) error {
	ctx := r.Context()
	if err := s.Store.SetRead(ctx, userID, []int64{st.ID}, true); err != nil {
		return fmt.Errorf("story %d: mark read: %w", st.ID, err)
	}
	states, err := s.Store.StoryStates(ctx, userID, []int64{st.ID})
	if err != nil {
		return fmt.Errorf("story %d: %w", st.ID, err)
	}
	p.Story.Saved, p.Story.Hidden = states[st.ID].Saved, states[st.ID].Hidden
	rd, err := s.reader(ctx, userID)
	if err != nil {
		return err
	}
	p.Story.Reason = newReasonLine(reasonsFor(st, rd))
	sizes, err := s.Store.ImageSizes(ctx, []int64{st.ID})
	if err != nil {
		return fmt.Errorf("story %d: %w", st.ID, err)
	}
	if wh, ok := sizes[st.ID]; ok {
		p.Story.Image = &leadImage{Src: imageHref(st.ID, herald.ImageLead), Width: wh[0], Height: wh[1]}
	}
	return nil
}

// reasonsFor says why a story is in the reader's feed: the followed topics
// it carries (most salient first, at most three) and its followed source.
func reasonsFor(st *herald.Story, rd *reader) []herald.Reason {
	var rs []herald.Reason
	for _, t := range bySalience(st.Topics, len(st.Topics)) {
		if rd.topics[t.Slug] && len(rs) < 3 {
			rs = append(rs, herald.Reason{Kind: herald.ReasonTopic, Text: followPrefix + t.Name, TopicSlug: t.Slug})
		}
	}
	if rd.sources[st.Source.ID] {
		rs = append(rs, herald.Reason{Kind: herald.ReasonSource, Text: followPrefix + st.Source.Title, SourceID: st.Source.ID})
	}
	return rs
}

func (s *server) storyView(st *herald.Story, rd *reader, next string) storyView {
	v := storyView{
		Title: cmp.Or(st.Title, "Untitled story"), URL: st.URL, Source: st.Source.Title, SourceHref: sourceHref(st.Source.ID),
		Authors: st.Authors, Published: s.when(st.PublishedAt),
		ImageCaption: st.ImageCaption, ImageCredit: st.ImageCredit, Section: st.Section,
		ID: st.ID, Href: storyHref(st.ID), Next: next,
		Content: template.HTML(st.ContentHTML), // sanitised at ingest (herald.Story contract)
	}
	if !strings.HasPrefix(st.URL, "https://") && !strings.HasPrefix(st.URL, "http://") {
		v.URL = "" // no link, no share box, for an address that is not the web's
	}
	if st.UpdatedAt.After(st.PublishedAt) {
		v.Updated = s.when(st.UpdatedAt)
	}
	if st.ContentHTML == "" {
		v.Fallback = extract.InlineText(st.Summary)
	}
	for _, t := range bySalience(st.Topics, len(st.Topics)) {
		v.Topics = append(v.Topics, s.topicRow(t.Topic, rd, next))
	}
	return v
}

// recordOpen stores an "open" event. A failure costs the ranker one signal, not
// the reader the page, so it is logged and dropped.
func (s *server) recordOpen(ctx context.Context, userID, storyID int64) {
	ev := []herald.Event{{StoryID: storyID, Kind: herald.EventOpen, At: s.now()}}
	if err := s.record(ctx, userID, ev); err != nil {
		s.Log.LogAttrs(ctx, slog.LevelWarn, "record open event", slog.Int64("story_id", storyID), slog.Any("error", err))
	}
}

// pathID parses the {id} path value; anything but a positive integer is ENOTFOUND,
// since no page has that address.
func pathID(r *http.Request) (int64, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, herald.Errorf(herald.ENOTFOUND, "there is no page at %s", r.URL.Path)
	}
	return id, nil
}
