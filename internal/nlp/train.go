package nlp

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/heraldnews/herald"
)

// TrainOptions tune Train. The zero value gives the settings of the shipped
// model.
type TrainOptions struct {
	Epochs    int    // passes over the training data; 0 means 15
	Scheme    string // SchemeIOB2 (the default) or SchemeBILOU
	Seed      uint64 // shuffling seed; 0 means 1
	Clusters  string // word cluster list; "" means the embedded one
	Gazetteer string // gazetteer list; "" means the embedded one
	NoLexicon bool   // train without word clusters and gazetteers
	// Ensemble trains this many perceptrons with successive seeds and
	// averages their weights; 0 means 10.
	Ensemble int
	// WordDropout is the probability with which training hides the
	// features that name a word (lexicalFeatures) from one token of one
	// pass, so that the model learns more from shapes, clusters, gazetteers
	// and context, which carry over to unseen names; 0 means 0.25 and a
	// negative value means none.
	WordDropout float64
	// MinCount drops features seen fewer times than this in the training
	// data; 0 means 1 (keep all).
	MinCount int
	// Features adds ("+name") and removes ("-name") optional feature
	// templates from the default set, comma-separated: agg, hist, doc,
	// lexctx, case (featureset.go).
	Features string
	// UpperCase is the share of training documents that are also trained on
	// in capitals (a copy with every word upper-cased), so that headlines
	// and wire copy in capitals are tagged as well as ordinary text.
	UpperCase float64
	// HistoryDropout is the probability with which training hides a
	// token's prediction-history features, so that the model leans less on
	// how earlier sentences were tagged (right in training, less often on
	// new text, where an early mistake would spread through the document).
	HistoryDropout float64
	// Bag trains each ensemble member on this share of the training
	// documents, drawn at random (0 means all of them for every member).
	Bag float64
	// KeepBest keeps the weights of the epoch with the best F1 on dev
	// instead of those of the last epoch (of every ensemble member).
	KeepBest bool
}

func (o TrainOptions) withDefaults() TrainOptions {
	if o.Epochs <= 0 {
		o.Epochs = 15
	}
	if o.Scheme == "" {
		o.Scheme = SchemeIOB2
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Ensemble <= 0 {
		o.Ensemble = 10
	}
	switch {
	case o.WordDropout == 0:
		o.WordDropout = 0.25
	case o.WordDropout < 0:
		o.WordDropout = 0
	}
	return o
}

// Train trains a tagger on labelled sentences (IOB2 labels, sentences of a
// document consecutive with one Doc number). It writes a line per ensemble
// member to progress (which may be nil), with its dev F1 when dev is not
// empty, and the dev F1 of the final model. It
// returns an error coded herald.EINVALID for unusable data, and ctx's error
// when ctx is cancelled.
func Train(ctx context.Context, train, dev []Sentence, opts TrainOptions, progress io.Writer) (*Tagger, error) {
	opts = opts.withDefaults()
	if progress == nil {
		progress = io.Discard
	}
	if len(train) == 0 {
		return nil, herald.Errorf(herald.EINVALID, "train ner: no training sentences")
	}
	lex, err := trainLexicon(opts)
	if err != nil {
		return nil, fmt.Errorf("train ner: %w", err)
	}
	ls, err := newLabelSet(opts.Scheme, entityTypes(train))
	if err != nil {
		return nil, herald.Errorf(herald.EINVALID, "train ner: %v", err)
	}
	fs, err := parseFeatures(opts.Features)
	if err != nil {
		return nil, herald.Errorf(herald.EINVALID, "train ner: %v", err)
	}
	if opts.UpperCase > 0 {
		train = withUpperCase(train, opts.UpperCase, opts.Seed)
	}
	tr, err := newTrainer(newTagger(ls, fs, lex), train)
	if err != nil {
		return nil, err
	}
	if opts.MinCount > 1 {
		tr.dropRare(opts.MinCount)
	}
	fmt.Fprintf(progress, "features %d (%s), labels %d, sentences %d\n", tr.m.table.n, fs, ls.size(), len(train))
	var sum *Tagger
	for k := 0; k < opts.Ensemble; k++ {
		tr.reset()
		member, err := tr.run(ctx, dev, k, opts, progress)
		if err != nil {
			return nil, err
		}
		sum = addModels(sum, member, 1/float32(opts.Ensemble))
	}
	if opts.Ensemble > 1 && len(dev) > 0 {
		sc := Evaluate(sum, dev)
		fmt.Fprintf(progress, "ensemble of %d: dev F1 %.2f (P %.2f R %.2f)\n", opts.Ensemble, sc.F1, sc.Precision, sc.Recall)
	}
	return sum.pruned(), nil
}

// addModels returns sum plus scale times m; both share one feature table.
// A nil sum starts the total.
func addModels(sum, m *Tagger, scale float32) *Tagger {
	if sum == nil {
		sum = newTagger(m.ls, m.fs, m.lex)
		sum.table = m.table
		sum.w = make([]float32, len(m.w))
		sum.trans = make([]float32, len(m.trans))
	}
	for _, p := range [][2][]float32{{sum.w, m.w}, {sum.trans, m.trans}, {sum.start, m.start}, {sum.end, m.end}} {
		for i, v := range p[1] {
			p[0][i] += scale * v
		}
	}
	return sum
}

func trainLexicon(opts TrainOptions) (*lexicon, error) {
	if opts.NoLexicon {
		return newLexicon("", "")
	}
	clusters, gaz := opts.Clusters, opts.Gazetteer
	if clusters == "" {
		clusters = defaultClusters()
	}
	if gaz == "" {
		gaz = defaultGazetteer()
	}
	return newLexicon(clusters, gaz)
}

// entityTypes returns the sorted entity types used in the labels.
func entityTypes(sents []Sentence) []string {
	seen := map[string]bool{}
	for _, s := range sents {
		for _, l := range s.Labels {
			if _, typ := splitLabel(l); typ != "" {
				seen[typ] = true
			}
		}
	}
	types := make([]string, 0, len(seen))
	for t := range seen {
		types = append(types, t)
	}
	slices.Sort(types)
	return types
}

// withUpperCase returns train followed by upper-cased copies of a share of
// its documents, chosen at random with the seed.
func withUpperCase(train []Sentence, share float64, seed uint64) []Sentence {
	rng := rand.New(rand.NewPCG(seed, 0x5550))
	var extra []Sentence
	for _, doc := range Documents(train) {
		if rng.Float64() >= share {
			continue
		}
		for _, s := range doc {
			up := s
			up.Words = make([]string, len(s.Words))
			for i, w := range s.Words {
				up.Words[i] = strings.ToUpper(w)
			}
			extra = append(extra, up)
		}
	}
	return Concat(train, extra)
}
