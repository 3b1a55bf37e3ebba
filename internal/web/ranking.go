package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/rank"
)

// rankRoutes are the learning feed's pages: why a story is in the feed,
// the ranking settings with the reader's mutes, and mute forms. Without
// a ranked feed (Deps.Ranking nil) they answer 404.
func (s *server) rankRoutes() map[string]handlerFunc {
	return map[string]handlerFunc{
		"GET /why/{id}":                      s.why,
		"GET /headlines":                     s.headlines,
		"GET /settings/ranking":              s.rankingSettings,
		"POST /settings/ranking":             s.saveRanking,
		"POST /mutes/{kind}/{target}":        s.muteFromWeb,
		"POST /mutes/{kind}/{target}/unmute": s.unmuteFromWeb,
	}
}

// whyPage is GET /why/{id}: why a story is in the reader's feed, and the
// features that counted, with what each added to the score.
type whyPage struct {
	layout
	Story   storyCard
	Score   float64
	Reasons []string
	Explain []herald.Contribution
	Source  int64
	Author  string
}

func (*whyPage) templateName() string { return "why.html" }

func (s *server) ranked() (*rank.Personal, error) {
	if s.Ranking == nil {
		return nil, herald.Errorf(herald.ENOTFOUND, "this server has no ranked feed")
	}
	return s.Ranking, nil
}

func (s *server) why(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rk, err := s.ranked()
	if err != nil {
		return err
	}
	it, err := rk.Why(r.Context(), u.ID, id)
	if err != nil {
		return fmt.Errorf("why story %d: %w", id, err)
	}
	p := &whyPage{layout: layout{Title: "Why you see this story", User: u, Nav: "feed"},
		Story: s.card(it.Story, it.Reasons, r.URL.RequestURI()), Score: it.Score, Explain: it.Explain, Source: it.Story.Source.ID}
	for _, rs := range it.Reasons {
		p.Reasons = append(p.Reasons, rs.Text)
	}
	if len(it.Story.Authors) > 0 {
		p.Author = it.Story.Authors[0]
	}
	return s.render(w, r, http.StatusOK, p)
}

// rankingPage is GET /settings/ranking: the preset and weights of the
// ranked feed, the reader's mutes beyond topics, and what mutes hid.
type rankingPage struct {
	layout
	Weights  rank.Weights
	Presets  []string
	Mutes    []herald.MuteTarget
	Hidden   int // stories of the last 7 days the reader's mutes hid
	Notice   string
	Problem  string
	Sections []weightField
}

func (*rankingPage) templateName() string { return "ranking.html" }

// weightField is one adjustable weight of the settings form.
type weightField struct {
	Name, Label, Help string
	Value             float64
}

func (s *server) rankingSettings(w http.ResponseWriter, r *http.Request) error {
	p, err := s.rankingPage(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("done") == "1" {
		p.Notice = "Your ranking settings are saved."
	}
	return s.render(w, r, http.StatusOK, p)
}

func (s *server) rankingPage(r *http.Request) (*rankingPage, error) {
	u, err := s.user(r)
	if err != nil {
		return nil, err
	}
	rk, err := s.ranked()
	if err != nil {
		return nil, err
	}
	ctx, now := r.Context(), s.now()
	p := &rankingPage{layout: layout{Title: "Ranking", User: u, Nav: "settings"},
		Presets: []string{rank.PresetBalanced, rank.PresetDiscover, rank.PresetLatest, "custom"}}
	if p.Weights, err = rk.Settings(ctx, u.ID); err != nil {
		return nil, err
	}
	if p.Mutes, err = s.Store.MutedTargets(ctx, u.ID, now); err != nil {
		return nil, err
	}
	if p.Hidden, err = s.Store.MutedStories(ctx, u.ID, now.Add(-7*24*time.Hour), now); err != nil {
		return nil, err
	}
	wt := p.Weights
	p.Sections = []weightField{
		{"text", "Words like what you read", "likeness of a story's words to the stories you read", wt.Text},
		{"topics", "Topics you read", "your reading of the story's topics", wt.Topics},
		{"sections", "Sections you read", "your reading of the story's section", wt.Sections},
		{"sources", "Sources you read", "your reading of the story's source", wt.Sources},
		{"follow", "What you follow", "the story carries a topic, source or story you follow", wt.Follow},
		{"freshness", "Freshness", "newer stories first", wt.Freshness},
		{"trending", "Trending", "many outlets cover the story", wt.Trending},
	}
	return p, nil
}

// saveRanking stores the form: a preset alone, or custom weights.
func (s *server) saveRanking(w http.ResponseWriter, r *http.Request) error {
	p, err := s.rankingPage(r)
	if err != nil {
		return err
	}
	wt := p.Weights
	wt.Preset = r.PostFormValue("preset")
	if wt.Preset == "custom" {
		for _, f := range []struct {
			name string
			v    *float64
		}{{"text", &wt.Text}, {"topics", &wt.Topics}, {"sections", &wt.Sections}, {"sources", &wt.Sources},
			{"follow", &wt.Follow}, {"freshness", &wt.Freshness}, {"trending", &wt.Trending}} {
			v, err := strconv.ParseFloat(r.PostFormValue(f.name), 64)
			if err != nil {
				p.Problem = f.name + ": want a number from 0 to 5"
				return s.render(w, r, http.StatusBadRequest, p)
			}
			*f.v = v
		}
	}
	if _, err := s.Ranking.SaveSettings(r.Context(), p.User.ID, wt); err != nil {
		if herald.ErrorCode(err) == herald.EINVALID {
			p.Problem = herald.ErrorMessage(err)
			return s.render(w, r, http.StatusBadRequest, p)
		}
		return err
	}
	http.Redirect(w, r, "/settings/ranking?done=1", http.StatusSeeOther)
	return nil
}

// muteFromWeb mutes a source, author or cluster (for a week with
// snooze=1), then goes back.
func (s *server) muteFromWeb(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	m := herald.MuteTarget{Kind: r.PathValue("kind"), Target: r.PathValue("target")}
	if r.PostFormValue("snooze") == "1" {
		m.Until = s.now().Add(7 * 24 * time.Hour)
	}
	if err := s.Store.MuteTarget(r.Context(), u.ID, m); err != nil {
		return fmt.Errorf("mute %s: %w", m.Kind, err)
	}
	redirectBack(w, r, "/settings/ranking")
	return nil
}

func (s *server) unmuteFromWeb(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	if err := s.Store.UnmuteTarget(r.Context(), u.ID, r.PathValue("kind"), r.PathValue("target")); err != nil {
		return fmt.Errorf("unmute: %w", err)
	}
	redirectBack(w, r, "/settings/ranking")
	return nil
}

// whyHref is the why page of a story.
func whyHref(id int64) string { return "/why/" + strconv.FormatInt(id, 10) }

// muteHref is the form action that mutes a source, author or cluster.
func muteHref(kind, target string) string {
	return "/mutes/" + kind + "/" + url.PathEscape(target)
}
