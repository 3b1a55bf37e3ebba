package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/feed"
	"github.com/heraldnews/herald/internal/section"
	"github.com/heraldnews/herald/internal/topic"
)

// Limits on a pushed story.
const (
	maxExternalID = 512
	maxTitle      = 1000
	maxShortText  = 1000 // an author, an image caption or credit, a topic name
	maxAuthors    = 50
	maxTopics     = 50
)

// pushRequest is the body of POST /api/v1/stories. Times are RFC 3339 strings,
// parsed here so that a bad one gets a message naming its field.
type pushRequest struct {
	ExternalID   string            `json:"external_id"`
	Title        string            `json:"title"`
	URL          string            `json:"url"`
	Authors      []string          `json:"authors"`
	PublishedAt  string            `json:"published_at"`
	UpdatedAt    string            `json:"updated_at"`
	Summary      string            `json:"summary"`
	ContentHTML  string            `json:"content_html"`
	Image        *pushImage        `json:"image"`
	Topics       []json.RawMessage `json:"topics"`
	Section      string            `json:"section"`
	EmbargoUntil string            `json:"embargo_until"`
}

type pushImage struct {
	URL     string `json:"url"`
	Caption string `json:"caption"`
	Credit  string `json:"credit"`
}

// pushTopic is a topic given as an object; a plain string is its name.
type pushTopic struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// pushSource returns the source the request's token may push to, or EFORBIDDEN.
func pushSource(r *http.Request) (int64, error) {
	id := auth.SourceFrom(r.Context())
	if id == 0 {
		return 0, herald.Errorf(herald.EFORBIDDEN,
			"this credential may not publish; use a token made with `herald token create NAME --source ID`")
	}
	return id, nil
}

// pushStory upserts the story in the body into the token's source: 201 when it
// is new, 200 when it updated a story with the same external_id (or the
// source already holds it under another external_id: that story comes back).
func (s *server) pushStory(w http.ResponseWriter, r *http.Request) error {
	sourceID, err := pushSource(r)
	if err != nil {
		return err
	}
	var req pushRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	st, topics, err := req.story(time.Now())
	if err != nil {
		return err
	}
	if s.Push == nil {
		return herald.Errorf(herald.EUNAVAILABLE, "publisher push is not enabled on this server")
	}
	st.SourceID = sourceID
	res, err := s.Push(r.Context(), st, topics)
	if err != nil {
		return wrap("push story", err)
	}
	if res.Duplicate {
		// The same story under another external_id of this very source
		// (same URL or text): the publisher already has it, and gets it back.
		// A copy of another source's story is never a Duplicate: it is
		// stored as this source's own and linked (res.DuplicateOf).
		stored, err := s.Store.Story(r.Context(), res.ID)
		if err != nil {
			return wrap("push story", err)
		}
		writeJSON(w, http.StatusOK, stored)
		return nil
	}
	st.RevisionCount, st.DuplicateOf = res.RevisionCount, res.DuplicateOf
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	writeJSON(w, status, st)
	return nil
}

// retractStory deletes a story of the token's source.
func (s *server) retractStory(w http.ResponseWriter, r *http.Request) error {
	sourceID, err := pushSource(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.Store.RetractStory(r.Context(), sourceID, id); err != nil {
		return wrap("retract story", err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// storyRevisions lists a visible story's revisions, oldest first.
func (s *server) storyRevisions(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Store.Story(r.Context(), id); err != nil {
		return wrap("story revisions", err)
	}
	revs, err := s.Store.StoryRevisions(r.Context(), id)
	if err != nil {
		return wrap("story revisions", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": revs})
	return nil
}

// story validates the request and builds the story and publisher topics it
// describes; now is the time dates are judged by.
func (p *pushRequest) story(now time.Time) (*herald.Story, []herald.Topic, error) {
	st := &herald.Story{
		ExternalID:  strings.TrimSpace(p.ExternalID),
		Title:       strings.TrimSpace(p.Title),
		URL:         strings.TrimSpace(p.URL),
		Summary:     p.Summary,
		ContentHTML: p.ContentHTML,
		Authors:     []string{},
	}
	checks := []func() error{
		func() error { return checkText("external_id", st.ExternalID, maxExternalID, true) },
		func() error { return checkText("title", st.Title, maxTitle, true) },
		func() error { return checkURL("url", st.URL) },
		func() error { return p.authors(st) },
		func() error { return p.times(st, now) },
		func() error { return p.image(st) },
		func() error { return p.section(st) },
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return nil, nil, err
		}
	}
	topics, err := p.topics()
	if err != nil {
		return nil, nil, err
	}
	return st, topics, nil
}

// checkText validates a one-line text field.
func checkText(field, v string, maxLen int, required bool) error {
	switch {
	case v == "" && required:
		return herald.Errorf(herald.EINVALID, "%s: required", field)
	case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
		return herald.Errorf(herald.EINVALID, "%s: holds invalid UTF-8 or a NUL byte", field)
	case utf8.RuneCountInString(v) > maxLen:
		return herald.Errorf(herald.EINVALID, "%s: at most %d characters", field, maxLen)
	}
	return nil
}

// checkURL accepts "" or an absolute http or https URL with a host.
func checkURL(field, v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return herald.Errorf(herald.EINVALID, "%s: want an absolute http or https URL, got %q", field, v)
	}
	return checkText(field, v, 4096, false)
}

// parseTime reads an optional RFC 3339 time.
func parseTime(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, herald.Errorf(herald.EINVALID, "%s: want an RFC 3339 time such as 2026-12-01T09:00:00Z, got %q", field, v)
	}
	return t.UTC(), nil
}

// plausible refuses a story time that feed ingest would not believe: before
// feed.EarliestPlausibleYear, or more than feed.FutureTolerance after now.
// Ingest replaces such a feed date with the fetch time; a publisher is told,
// so that a wrong clock or a placeholder date never pins a story to the top
// of every feed.
func plausible(field, raw string, t, now time.Time) error {
	switch {
	case t.Year() < feed.EarliestPlausibleYear:
		return herald.Errorf(herald.EINVALID, "%s: %s is before %d, which Herald takes for a missing date; send when the story was published",
			field, raw, feed.EarliestPlausibleYear)
	case t.After(now.Add(feed.FutureTolerance)):
		return herald.Errorf(herald.EINVALID, "%s: %s is in the future (more than %s ahead of this server's clock, %s); send when the story was published, and embargo_until to hold it back",
			field, raw, feed.FutureTolerance, now.UTC().Format(time.RFC3339))
	}
	return nil
}

// times reads the story's times: published_at is required and, like
// updated_at, must be plausible; embargo_until may be any time.
func (p *pushRequest) times(st *herald.Story, now time.Time) error {
	var err error
	if p.PublishedAt == "" {
		// Not defaulted to now: a re-push without it would move the story.
		return herald.Errorf(herald.EINVALID, "published_at: required")
	}
	if st.PublishedAt, err = parseTime("published_at", p.PublishedAt); err != nil {
		return err
	}
	if err := plausible("published_at", p.PublishedAt, st.PublishedAt, now); err != nil {
		return err
	}
	if st.UpdatedAt, err = parseTime("updated_at", p.UpdatedAt); err != nil {
		return err
	}
	if p.UpdatedAt != "" {
		if err := plausible("updated_at", p.UpdatedAt, st.UpdatedAt, now); err != nil {
			return err
		}
	}
	st.EmbargoUntil, err = parseTime("embargo_until", p.EmbargoUntil)
	return err
}

func (p *pushRequest) authors(st *herald.Story) error {
	if len(p.Authors) > maxAuthors {
		return herald.Errorf(herald.EINVALID, "authors: at most %d", maxAuthors)
	}
	for i, a := range p.Authors {
		a = strings.TrimSpace(a)
		if err := checkText(fmt.Sprintf("authors[%d]", i), a, maxShortText, true); err != nil {
			return err
		}
		st.Authors = append(st.Authors, a)
	}
	return nil
}

func (p *pushRequest) image(st *herald.Story) error {
	if p.Image == nil {
		return nil
	}
	img := pushImage{URL: strings.TrimSpace(p.Image.URL), Caption: strings.TrimSpace(p.Image.Caption), Credit: strings.TrimSpace(p.Image.Credit)}
	if img.URL == "" {
		return herald.Errorf(herald.EINVALID, "image.url: required when image is given")
	}
	if err := checkURL("image.url", img.URL); err != nil {
		return err
	}
	if err := checkText("image.caption", img.Caption, maxShortText, false); err != nil {
		return err
	}
	if err := checkText("image.credit", img.Credit, maxShortText, false); err != nil {
		return err
	}
	st.ImageURL, st.ImageCaption, st.ImageCredit = img.URL, img.Caption, img.Credit
	return nil
}

func (p *pushRequest) section(st *herald.Story) error {
	v := strings.TrimSpace(p.Section)
	if v == "" {
		return nil
	}
	sec, ok := section.CanonicalSection(v)
	if !ok {
		return herald.Errorf(herald.EINVALID, "section: %q is not one of %s", v, strings.Join(section.Sections(), ", "))
	}
	st.Section = sec
	return nil
}

// topics reads the publisher's topics: names, or objects {name, kind}.
func (p *pushRequest) topics() ([]herald.Topic, error) {
	if len(p.Topics) > maxTopics {
		return nil, herald.Errorf(herald.EINVALID, "topics: at most %d", maxTopics)
	}
	out := make([]herald.Topic, 0, len(p.Topics))
	for i, raw := range p.Topics {
		field := fmt.Sprintf("topics[%d]", i)
		var t pushTopic
		if err := json.Unmarshal(raw, &t.Name); err != nil {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&t); err != nil {
				return nil, herald.Errorf(herald.EINVALID, "%s: want a name or an object {\"name\", \"kind\"}", field)
			}
		}
		t.Name = strings.TrimSpace(t.Name)
		if err := checkText(field+".name", t.Name, maxShortText, true); err != nil {
			return nil, err
		}
		if topic.Slug(t.Name) == "" {
			return nil, herald.Errorf(herald.EINVALID, "%s.name: needs a letter or digit", field)
		}
		if t.Kind != "" && !herald.ValidKind(t.Kind) { // "" lets Herald decide
			return nil, herald.Errorf(herald.EINVALID, "%s.kind: %q is not one of person, place, organisation, event, other", field, t.Kind)
		}
		out = append(out, herald.Topic{Name: t.Name, Kind: t.Kind})
	}
	return out, nil
}
