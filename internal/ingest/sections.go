package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/section"
)

// ExampleSource gives the trainer its weakly labelled stories; a
// herald.StoryStore is one.
type ExampleSource interface {
	SectionExamples(ctx context.Context, limit int) ([]herald.SectionExample, error)
}

// TrainerOptions tune a Trainer. Zero values mean the defaults.
type TrainerOptions struct {
	MaxExamples int // newest weak labels read per training (default 20,000)
	// MinPerSection is how many examples a section needs to be learned; sections
	// with fewer are left out (default 20). At least two sections must qualify.
	MinPerSection int
	// RetrainAfter is how many new weakly labelled stories trigger a retraining
	// in Run (default 200).
	RetrainAfter int
	// Section are the learner's options; Workers 0 means 1, so that training
	// leaves the other cores to ingest and readers.
	Section section.Options
	// OnTrained, when set, is called after each new model is swapped in, before
	// Retrain returns (e.g. to give stored stories without a section one).
	OnTrained func(ctx context.Context)
	// Models, when set, keeps the model in the store, so that every Herald
	// process sharing it serves the same one and a restart need not retrain:
	// a training saves the model there, and Run loads a newer one that
	// another process saved within SyncEvery (default 30 s).
	Models    herald.ModelStore
	SyncEvery time.Duration
	// Exclusive, when set, runs train only if this process may train now
	// (it holds the cluster-wide training lease) and reports whether it ran;
	// nil trains every time.
	Exclusive func(ctx context.Context, train func(ctx context.Context)) bool
}

func (o *TrainerOptions) defaults() {
	if o.MaxExamples <= 0 {
		o.MaxExamples = 20_000
	}
	if o.MinPerSection <= 0 {
		o.MinPerSection = 20
	}
	if o.RetrainAfter <= 0 {
		o.RetrainAfter = 200
	}
	if o.Section.Workers <= 0 {
		o.Section.Workers = 1
	}
	if o.SyncEvery <= 0 {
		o.SyncEvery = 30 * time.Second
	}
	if o.Exclusive == nil {
		o.Exclusive = func(ctx context.Context, train func(context.Context)) bool { train(ctx); return true }
	}
}

// modelName is the section model's name in the store.
const modelName = "section"

// ErrTooFewExamples is returned (wrapped) by Retrain when the weak labels do
// not yet cover two sections well enough to learn from.
var ErrTooFewExamples = errors.New("too few section examples")

// Trainer learns the section classifier from the sections that publishers,
// sources and feed categories give (weak labels) and retrains it as stories
// arrive. It implements analyze.SectionClassifier with the newest model; until
// a first training succeeds it predicts nothing. Build it with NewTrainer; it
// is safe for concurrent use, and predictions never wait for a training.
type Trainer struct {
	src     ExampleSource
	log     *slog.Logger
	opts    TrainerOptions
	model   atomic.Pointer[section.Model]
	pending atomic.Int64  // weak labels stored since the last training began
	kick    chan struct{} // signalled when pending reaches RetrainAfter
	mu      sync.Mutex    // one training at a time
	version atomic.Int64  // the stored model's version that model holds (0: none)
}

// NewTrainer returns a trainer without a model; call Retrain or Run.
func NewTrainer(src ExampleSource, log *slog.Logger, opts TrainerOptions) *Trainer {
	opts.defaults()
	return &Trainer{src: src, log: log, opts: opts, kick: make(chan struct{}, 1)}
}

// Section implements analyze.SectionClassifier: the current model's section
// and confidence, or "", 0 when there is no model yet.
func (t *Trainer) Section(title, text string) (string, float64) {
	m := t.model.Load()
	if m == nil {
		return "", 0
	}
	return m.Predict(title, text)
}

// Model returns the current model, nil before the first training.
func (t *Trainer) Model() *section.Model { return t.model.Load() }

// Note tells the trainer that a story whose section came from sectionSource
// was stored. Weak labels count towards the next retraining; it never blocks.
func (t *Trainer) Note(sectionSource string) {
	if !herald.IsWeakLabel(sectionSource) {
		return
	}
	if t.pending.Add(1) >= int64(t.opts.RetrainAfter) {
		select {
		case t.kick <- struct{}{}:
		default:
		}
	}
}

// Pending is how many weak labels were noted since the last training began.
func (t *Trainer) Pending() int { return int(t.pending.Load()) }

// Retrain reads the newest weak labels and, when at least two sections have
// MinPerSection examples, trains a model on those sections and swaps it in.
// Otherwise the current model stays and the error wraps ErrTooFewExamples.
func (t *Trainer) Retrain(ctx context.Context) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	noted := t.pending.Swap(0)
	start := time.Now()
	raw, err := t.src.SectionExamples(ctx, t.opts.MaxExamples)
	if err != nil {
		t.pending.Add(noted)
		return fmt.Errorf("retrain sections: %w", err)
	}
	examples, labels := t.usable(raw)
	if len(labels) < 2 {
		return fmt.Errorf("retrain sections: %w: %d examples, %d sections with %d or more (need 2)",
			ErrTooFewExamples, len(raw), len(labels), t.opts.MinPerSection)
	}
	m, err := section.Train(ctx, examples, t.opts.Section)
	if err != nil {
		t.pending.Add(noted)
		return fmt.Errorf("retrain sections: %w", err)
	}
	t.model.Store(m)
	t.log.InfoContext(ctx, "section model trained", "examples", len(examples), "labels", len(labels),
		"sections", strings.Join(labels, ","), "seconds", time.Since(start).Seconds())
	if err := t.save(ctx, m); err != nil {
		t.log.WarnContext(ctx, "section model not shared", "error", err)
	}
	if t.opts.OnTrained != nil {
		t.opts.OnTrained(ctx)
	}
	return nil
}

// usable keeps the examples of sections with at least MinPerSection of them,
// and returns those sections, sorted.
func (t *Trainer) usable(raw []herald.SectionExample) ([]section.Example, []string) {
	count := map[string]int{}
	for _, e := range raw {
		count[e.Section]++
	}
	var labels []string
	for l, n := range count {
		if l != "" && n >= t.opts.MinPerSection {
			labels = append(labels, l)
		}
	}
	sort.Strings(labels)
	out := make([]section.Example, 0, len(raw))
	for _, e := range raw {
		if e.Section != "" && count[e.Section] >= t.opts.MinPerSection {
			out = append(out, section.Example{Label: e.Section, Title: e.Title, Text: e.Text})
		}
	}
	return out, labels
}

// Run keeps the model current until ctx ends; run it in its own goroutine.
// It trains at once (with Models set: only when the store holds no model
// yet, else it loads the stored one), then whenever RetrainAfter new weak
// labels have been noted or every has passed since the last training (6 h
// when every <= 0), whichever comes first; with Models set it also loads,
// every SyncEvery, a newer model that another process saved. Trainings go
// through Exclusive. A failed training is logged and the current model kept.
func (t *Trainer) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = 6 * time.Hour
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	syncs := time.NewTicker(t.opts.SyncEvery)
	defer syncs.Stop()
	if t.Sync(ctx) {
		timer.Reset(every)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-syncs.C:
			t.Sync(ctx)
			continue
		case <-timer.C:
		case <-t.kick:
		}
		t.opts.Exclusive(ctx, t.retrainLogged)
		timer.Reset(every)
	}
}

// Sync loads the stored model when it is newer than the one in use, and
// reports whether a stored model is in use.
func (t *Trainer) Sync(ctx context.Context) bool {
	if t.opts.Models == nil {
		return false
	}
	v, err := t.opts.Models.ModelVersion(ctx, modelName)
	if err != nil {
		if !herald.IsNotFound(err) && ctx.Err() == nil {
			t.log.WarnContext(ctx, "section model not checked", "error", err)
		}
		return false
	}
	if v == t.version.Load() {
		return true
	}
	data, v, err := t.opts.Models.Model(ctx, modelName)
	if err == nil {
		var m *section.Model
		if m, err = section.Load(bytes.NewReader(data)); err == nil {
			t.model.Store(m)
			t.version.Store(v)
			t.log.InfoContext(ctx, "section model loaded", "version", v)
			return true
		}
	}
	if ctx.Err() == nil {
		t.log.WarnContext(ctx, "section model not loaded", "error", err)
	}
	return false
}

// save stores m as the shared model's next version, when there is a store.
func (t *Trainer) save(ctx context.Context, m *section.Model) error {
	if t.opts.Models == nil {
		return nil
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return fmt.Errorf("save section model: %w", err)
	}
	v, err := t.opts.Models.SaveModel(ctx, modelName, buf.Bytes())
	if err != nil {
		return fmt.Errorf("save section model: %w", err)
	}
	t.version.Store(v)
	return nil
}

// retrainLogged retrains and logs why when it could not.
func (t *Trainer) retrainLogged(ctx context.Context) {
	err := t.Retrain(ctx)
	switch {
	case err == nil, ctx.Err() != nil:
	case errors.Is(err, ErrTooFewExamples):
		t.log.InfoContext(ctx, "section model not trained", "reason", err.Error(), "model_kept", t.model.Load() != nil)
	default:
		t.log.WarnContext(ctx, "section model not trained", "error", err, "model_kept", t.model.Load() != nil)
	}
}

// noteStored tells the section trainer, if any, about a newly stored story.
func (p *Pipeline) noteStored(s *herald.Story, res herald.UpsertResult) {
	if p.opts.Sections != nil && res.Created {
		p.opts.Sections.Note(s.SectionSource)
	}
}
