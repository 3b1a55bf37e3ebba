package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
)

// topicKinds are the kinds an admin can give a topic, in the order offered.
var topicKinds = []string{herald.KindPerson, herald.KindPlace, herald.KindOrganisation, herald.KindEvent, herald.KindOther}

// mergeChoices are the topics the merge form suggests: the catalogue's
// largest, without the topic being merged.
func (s *server) mergeChoices(ctx context.Context, slug string) ([]herald.Topic, error) {
	ts, err := s.Store.Topics(ctx, herald.TopicFilter{Limit: 500})
	if err != nil {
		return nil, fmt.Errorf("list topics: %w", err)
	}
	out := make([]herald.Topic, 0, len(ts))
	for _, t := range ts {
		if t.Slug != slug {
			out = append(out, *t)
		}
	}
	return out, nil
}

// adminUser returns the signed-in user when an administrator, else EFORBIDDEN.
func (s *server) adminUser(r *http.Request, what string) (*herald.User, error) {
	u, err := s.user(r)
	if err != nil {
		return nil, err
	}
	if err := auth.RequireAdmin(u, what); err != nil {
		return nil, err
	}
	return u, nil
}

// renameTopic is POST /topics/{slug}/rename: an admin sets the topic's name
// and kind; the slug, and so every link to the topic, stays.
func (s *server) renameTopic(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.adminUser(r, "rename topics"); err != nil {
		return err
	}
	slug := r.PathValue("slug")
	t, err := s.Store.RenameTopic(r.Context(), slug, r.PostFormValue("name"), r.PostFormValue("kind"))
	if err != nil {
		return fmt.Errorf("rename topic %q: %w", slug, err)
	}
	http.Redirect(w, r, topicHref(t.Slug), http.StatusSeeOther)
	return nil
}

// mergeConfirmPage asks an administrator to confirm a merge, saying what
// moves where.
type mergeConfirmPage struct {
	layout
	From, Into topicRow
}

func (*mergeConfirmPage) templateName() string { return "merge.html" }

// mergeTopic is POST /topics/{slug}/merge: an admin folds the topic into the
// one named in the form ("into": a slug or a topic page URL) and lands on it.
// Without confirm=yes it only shows what the merge would do, with the button
// that does it.
func (s *server) mergeTopic(w http.ResponseWriter, r *http.Request) error {
	u, err := s.adminUser(r, "merge topics")
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	into := strings.TrimSpace(r.PostFormValue("into"))
	if i := strings.LastIndex(into, "/topics/"); i >= 0 {
		into = into[i+len("/topics/"):]
	}
	into = strings.Trim(into, "/ ")
	if into == "" {
		return herald.Errorf(herald.EINVALID, "into: name the topic to merge %s into, by its slug", slug)
	}
	if r.PostFormValue("confirm") != "yes" {
		return s.confirmMerge(w, r, u, slug, into)
	}
	t, err := s.Store.MergeTopic(r.Context(), slug, into)
	if err != nil {
		return fmt.Errorf("merge topic %q into %q: %w", slug, into, err)
	}
	http.Redirect(w, r, topicHref(t.Slug), http.StatusSeeOther)
	return nil
}

// confirmMerge shows what merging from into into would do.
func (s *server) confirmMerge(w http.ResponseWriter, r *http.Request, u *herald.User, from, into string) error {
	f, err := s.Store.TopicBySlug(r.Context(), from)
	if err != nil {
		return fmt.Errorf("topic %q: %w", from, err)
	}
	t, err := s.Store.TopicBySlug(r.Context(), into)
	if err != nil {
		return fmt.Errorf("merge into %q: %w", into, err)
	}
	if f.ID == t.ID {
		return herald.Errorf(herald.EINVALID, "into: %s and %s are the same topic already", from, into)
	}
	rd, err := s.reader(r.Context(), u.ID)
	if err != nil {
		return err
	}
	p := &mergeConfirmPage{layout: layout{Title: "Merge " + f.Name + "?", User: u, Nav: "topics"},
		From: s.topicRow(*f, rd, ""), Into: s.topicRow(*t, rd, "")}
	return s.render(w, r, http.StatusOK, p)
}
