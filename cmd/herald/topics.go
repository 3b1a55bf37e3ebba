package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/extract"
	"github.com/heraldnews/herald/internal/ingest"
)

// withStore parses fs's flags, opens the store (without loading the tagger)
// and runs fn with the positional arguments.
func withStore(ctx context.Context, e *env, fs *flag.FlagSet, args []string, fn func(s herald.Store, pos []string) error) error {
	cfg, pos, err := parseConfig(e, fs, args, commonFlags)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s, pos)
}

func cmdTopicList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "topic list")
	q := fs.String("q", "", "list only topics whose name contains `TEXT`")
	limit := fs.Int("limit", 100, "at most `N` topics (1..500)")
	return withStore(ctx, e, fs, args, func(s herald.Store, pos []string) error {
		if len(pos) != 0 {
			return usagef("topic list takes no arguments; use --q TEXT to search")
		}
		ts, err := s.Topics(ctx, herald.TopicFilter{Query: *q, Limit: *limit})
		if err != nil {
			return err
		}
		for _, t := range ts {
			if err := printJSON(e, t); err != nil {
				return err
			}
		}
		return nil
	})
}

func cmdTopicMerge(ctx context.Context, e *env, args []string) error {
	return withStore(ctx, e, newFlags(e, "topic merge"), args, func(s herald.Store, pos []string) error {
		if len(pos) != 2 {
			return usagef("want the slug of the topic to merge away and the slug of the topic to keep")
		}
		t, err := s.MergeTopic(ctx, pos[0], pos[1])
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "merged %s into %s (%s): %d stories; %s now leads to %s\n", pos[0], t.Slug, t.Name, t.StoryCount, pos[0], t.Slug)
		return printJSON(e, t)
	})
}

func cmdTopicRename(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "topic rename")
	kind := fs.String("kind", "", "also set the `KIND`: person, place, organisation, event or other")
	return withStore(ctx, e, fs, args, func(s herald.Store, pos []string) error {
		if len(pos) < 2 {
			return usagef("want a topic slug and its new name")
		}
		t, err := s.RenameTopic(ctx, pos[0], strings.Join(pos[1:], " "), *kind)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "renamed %s to %q (%s)\n", t.Slug, t.Name, t.Kind)
		return printJSON(e, t)
	})
}

// rebuildBatch is how many stories `topic rebuild` re-resolves together (one
// collection for the topic resolver, which learns across it).
const rebuildBatch = 200

// cmdTopicRebuild re-resolves the topics of every stored story with the
// current tagger, resolver and catalogue memory, so that an installation
// benefits from better topics without re-fetching anything.
func cmdTopicRebuild(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "topic rebuild")
	cfg, pos, err := parseConfig(e, fs, args, commonFlags)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("topic rebuild takes no arguments")
	}
	a, err := openApp(ctx, e, cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	sum := rebuildSummary{}
	f := herald.StoryFilter{Limit: rebuildBatch, Now: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}
	for {
		page, err := a.store.Stories(ctx, f)
		if err != nil {
			return err
		}
		if err := rebuildTopics(ctx, a, page.Items, &sum); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "topic rebuild: %d stories, %d with new topics (%.0f/s)\n",
			sum.Stories, sum.Changed, float64(sum.Stories)/time.Since(start).Seconds())
		if f.Cursor = page.NextCursor; f.Cursor == "" {
			break
		}
	}
	a.memory.Sync(ctx)
	sum.Seconds = time.Since(start).Seconds()
	return printJSON(e, sum)
}

// rebuildSummary is what `topic rebuild` prints last.
type rebuildSummary struct {
	Stories int     `json:"stories"`
	Changed int     `json:"changed"`
	Seconds float64 `json:"seconds"`
}

// rebuildTopics re-resolves one batch of stories and stores the topics of
// those whose topics changed.
func rebuildTopics(ctx context.Context, a *app, stories []*herald.Story, sum *rebuildSummary) error {
	ins := make([]analyze.Input, len(stories))
	for i, s := range stories {
		ins[i] = analyze.Input{Title: s.Title, Text: extract.PlainText(s.ContentHTML), Source: s.Source.Title,
			ID: ingest.StoryKey(s)}
	}
	for i, res := range a.analyzer.AnalyzeAll(ins) {
		sum.Stories++
		if sameTopics(stories[i].Topics, res.Topics) {
			continue
		}
		if err := a.store.SetStoryTopics(ctx, stories[i].ID, res.Topics); err != nil {
			return fmt.Errorf("topic rebuild: %w", err)
		}
		sum.Changed++
	}
	return nil
}

// sameTopics reports whether a and b name the same topics with the same kinds.
func sameTopics(a, b []herald.StoryTopic) bool {
	if len(a) != len(b) {
		return false
	}
	kinds := make(map[string]string, len(a))
	for _, t := range a {
		kinds[t.Slug] = t.Kind
	}
	for _, t := range b {
		if k, ok := kinds[t.Slug]; !ok || k != t.Kind {
			return false
		}
	}
	return true
}
