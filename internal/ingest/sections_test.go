package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/topic"
)

// fakeExamples is an ExampleSource over a fixed list that counts its reads.
type fakeExamples struct {
	mu    sync.Mutex
	list  []herald.SectionExample
	reads atomic.Int32
}

func (f *fakeExamples) SectionExamples(_ context.Context, limit int) ([]herald.SectionExample, error) {
	f.reads.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.list[:min(limit, len(f.list))]), nil
}

func (f *fakeExamples) set(list []herald.SectionExample) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = list
}

// vocab are words typical of each section, for synthetic stories.
var vocab = map[string][]string{
	"Sport":      {"match", "goal", "striker", "league", "coach", "season", "penalty", "stadium", "cup", "referee"},
	"Business":   {"shares", "profit", "market", "investors", "revenue", "bank", "quarter", "merger", "prices", "economy"},
	"Technology": {"software", "chip", "startup", "smartphone", "network", "data", "app", "cloud", "robot", "processor"},
}

var filler = []string{"the", "said", "on", "after", "with", "new", "year", "week", "people", "city"}

// examples returns n synthetic stories of each section in counts.
func examples(seed uint64, counts map[string]int) []herald.SectionExample {
	r := rand.New(rand.NewPCG(seed, 1))
	var out []herald.SectionExample
	for _, label := range []string{"Business", "Sport", "Technology"} {
		for i := range counts[label] {
			out = append(out, herald.SectionExample{
				Title: fmt.Sprintf("%s story %d", words(r, vocab[label], 2), i), Text: story(r, vocab[label]), Section: label,
			})
		}
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func words(r *rand.Rand, pool []string, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = pool[r.IntN(len(pool))]
	}
	return strings.Join(w, " ")
}

func story(r *rand.Rand, topical []string) string {
	var b strings.Builder
	for range 40 {
		if r.IntN(3) == 0 {
			b.WriteString(topical[r.IntN(len(topical))])
		} else {
			b.WriteString(filler[r.IntN(len(filler))])
		}
		b.WriteByte(' ')
	}
	return b.String()
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestTrainerLearnsFromWeakLabels(t *testing.T) {
	src := &fakeExamples{list: examples(1, map[string]int{"Sport": 40, "Business": 40})}
	tr := NewTrainer(src, quietLog(), TrainerOptions{})
	if s, conf := tr.Section("goal striker penalty", "the match went to a penalty"); s != "" || conf != 0 || tr.Model() != nil {
		t.Fatalf("before training: Section = %q, %v; want nothing", s, conf)
	}
	if err := tr.Retrain(t.Context()); err != nil {
		t.Fatalf("Retrain: %v", err)
	}
	if got := tr.Model().Labels(); !slices.Equal(got, []string{"Business", "Sport"}) {
		t.Errorf("labels = %v, want Business and Sport", got)
	}
	an := analyze.New(nil, topic.NewResolver(topic.Options{}), tr)
	for _, tt := range []struct{ name, title, text, want string }{
		{"sport", "Striker scores late goal", "The striker scored a goal in the league match after a penalty at the stadium.", "Sport"},
		{"business", "Bank shares rise", "Investors pushed bank shares up as profit and revenue beat the market this quarter.", "Business"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := an.Analyze(analyze.Input{Title: tt.title, Text: tt.text})
			if got.Section != tt.want || got.SectionSource != herald.SectionFromModel {
				t.Errorf("Analyze = section %q from %q, want %q from model", got.Section, got.SectionSource, tt.want)
			}
		})
	}
}

func TestTrainerNeedsTwoSectionsWithEnoughExamples(t *testing.T) {
	tests := []struct {
		name   string
		counts map[string]int
	}{
		{"no examples", nil},
		{"one section", map[string]int{"Sport": 100}},
		{"second section one short", map[string]int{"Sport": 100, "Business": 19}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := NewTrainer(&fakeExamples{list: examples(2, tt.counts)}, quietLog(), TrainerOptions{})
			if err := tr.Retrain(t.Context()); !errors.Is(err, ErrTooFewExamples) {
				t.Errorf("Retrain = %v, want ErrTooFewExamples", err)
			}
			if tr.Model() != nil {
				t.Error("a model was trained from too few examples")
			}
		})
	}
}

func TestTrainerKeepsModelAndDropsSmallSections(t *testing.T) {
	src := &fakeExamples{list: examples(3, map[string]int{"Sport": 30, "Business": 30, "Technology": 5})}
	tr := NewTrainer(src, quietLog(), TrainerOptions{})
	if err := tr.Retrain(t.Context()); err != nil {
		t.Fatalf("Retrain: %v", err)
	}
	m := tr.Model()
	if got := m.Labels(); !slices.Equal(got, []string{"Business", "Sport"}) {
		t.Errorf("labels = %v, want Technology (5 examples) left out", got)
	}
	src.set(examples(4, map[string]int{"Sport": 3}))
	if err := tr.Retrain(t.Context()); !errors.Is(err, ErrTooFewExamples) {
		t.Fatalf("Retrain on too few = %v, want ErrTooFewExamples", err)
	}
	if tr.Model() != m {
		t.Error("a failed retraining replaced the model")
	}
}

func TestTrainerRunRetrainsAfterEnoughNotes(t *testing.T) {
	src := &fakeExamples{list: examples(5, map[string]int{"Sport": 25, "Business": 25})}
	tr := NewTrainer(src, quietLog(), TrainerOptions{RetrainAfter: 3})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { tr.Run(ctx, time.Hour); close(done) }()
	defer func() { cancel(); <-done }()

	waitFor(t, "the first training", func() bool { return src.reads.Load() == 1 && tr.Model() != nil })
	first := tr.Model()
	for _, from := range []string{herald.SectionFromModel, "", herald.SectionFromCategory, herald.SectionFromSource} {
		tr.Note(from)
	}
	time.Sleep(20 * time.Millisecond)
	if n := src.reads.Load(); n != 1 {
		t.Fatalf("retrained after 2 weak labels (reads = %d), want 3 first", n)
	}
	tr.Note(herald.SectionFromPublisher)
	waitFor(t, "the second training", func() bool { return src.reads.Load() == 2 && tr.Model() != first })
	if p := tr.Pending(); p != 0 {
		t.Errorf("Pending after retraining = %d, want 0", p)
	}
}

func TestTrainerConcurrentRetrainAndSection(t *testing.T) {
	src := &fakeExamples{list: examples(6, map[string]int{"Sport": 25, "Business": 25, "Technology": 25})}
	tr := NewTrainer(src, quietLog(), TrainerOptions{RetrainAfter: 10})
	ctx := t.Context()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if s, _ := tr.Section("Chip startup", "a new chip for the cloud network"); s != "" && s != "Technology" && s != "Business" && s != "Sport" {
					t.Errorf("Section = %q", s)
				}
				tr.Note(herald.SectionFromCategory)
			}
		})
	}
	for range 3 {
		wg.Go(func() {
			if err := tr.Retrain(ctx); err != nil {
				t.Errorf("Retrain: %v", err)
			}
		})
	}
	waitFor(t, "a model", func() bool { return tr.Model() != nil })
	close(stop)
	wg.Wait()
}

func TestPipelineNotesWeakLabels(t *testing.T) {
	ctx := context.Background()
	p, _ := newPipeline(t, loopback)
	tr := NewTrainer(&fakeExamples{}, quietLog(), TrainerOptions{})
	p.opts.Sections = tr
	src, err := p.AddSource(ctx, "http://127.0.0.1:1/feed")
	if err != nil {
		t.Fatal(err)
	}
	pushed := &herald.Story{SourceID: src.ID, ExternalID: "a", Title: "Budget vote", Summary: "MPs voted.", Section: "Politics", PublishedAt: time.Now()}
	if _, err := p.Push(ctx, pushed, nil); err != nil {
		t.Fatal(err)
	}
	if pushed.SectionSource != herald.SectionFromPublisher || tr.Pending() != 1 {
		t.Errorf("after a push: section_source %q, pending %d; want publisher, 1", pushed.SectionSource, tr.Pending())
	}
	plain := &herald.Story{SourceID: src.ID, ExternalID: "b", Title: "Something happened", Summary: "It did.", PublishedAt: time.Now()}
	if _, err := p.Push(ctx, plain, nil); err != nil {
		t.Fatal(err)
	}
	if plain.SectionSource != "" || tr.Pending() != 1 {
		t.Errorf("after a push without section: section_source %q, pending %d; want \"\", 1", plain.SectionSource, tr.Pending())
	}
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}
