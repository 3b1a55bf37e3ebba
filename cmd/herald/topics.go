package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/heraldnews/herald"
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
