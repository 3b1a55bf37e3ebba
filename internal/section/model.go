package section

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/heraldnews/herald"
)

// Options tune Train. The zero value gives the defaults documented on each
// field, chosen by cross-validation on the training splits of the development
// corpora (see README.md).
type Options struct {
	// C is the SVM's penalty on training errors; larger fits the training data
	// more closely. 0 means 1.
	C float64
	// NBSmoothing is the add-alpha smoothing of the naive-Bayes log-count ratios
	// that scale each label's features (NBSVM, Wang and Manning 2012). 0 means 1;
	// a negative value turns the scaling off, leaving a plain TF-IDF SVM.
	NBSmoothing float64
	// MinDF drops features seen in fewer training documents. 0 means 2; 1 keeps all.
	MinDF int
	// MaxFeatures caps the vocabulary, keeping the features in most documents.
	// 0 means 1,000,000; values above 16,777,215 are lowered to that.
	MaxFeatures int
	// NoBigrams restricts features to single tokens.
	NoBigrams bool
	// Tolerance is the solver's stopping tolerance. 0 means 0.1 (as LIBLINEAR).
	Tolerance float64
	// MaxIter bounds the solver's passes over the data per label. 0 means 1000.
	MaxIter int
	// CalibrationFolds, when 2 or more, fits the confidence scale by
	// cross-validation with that many folds, which costs that many extra
	// trainings on part of the data. 0 uses DefaultScale.
	CalibrationFolds int
	// Workers is how many goroutines train. 0 means GOMAXPROCS.
	Workers int
	// Seed fixes the solver's example order; training is deterministic for a
	// given seed and input. 0 means 1.
	Seed uint64
}

func (o Options) withDefaults() Options {
	o.C = cmp.Or(o.C, 1)
	o.NBSmoothing = cmp.Or(o.NBSmoothing, 1)
	o.MinDF = cmp.Or(o.MinDF, 2)
	o.MaxFeatures = min(cmp.Or(o.MaxFeatures, 1_000_000), maxFeatures)
	o.Tolerance = cmp.Or(o.Tolerance, 0.1)
	o.MaxIter = cmp.Or(o.MaxIter, 1000)
	o.Workers = cmp.Or(o.Workers, runtime.GOMAXPROCS(0))
	o.Seed = cmp.Or(o.Seed, 1)
	return o
}

// validate returns a herald.EINVALID error naming the first option that is out
// of range. Only NBSmoothing may be negative.
func (o Options) validate() error {
	for _, f := range []struct {
		name string
		bad  bool
	}{
		{"C", !(o.C >= 0)}, // also rejects NaN
		{"MinDF", o.MinDF < 0},
		{"MaxFeatures", o.MaxFeatures < 0},
		{"Tolerance", !(o.Tolerance >= 0)},
		{"MaxIter", o.MaxIter < 0},
		{"CalibrationFolds", o.CalibrationFolds < 0},
		{"Workers", o.Workers < 0},
	} {
		if f.bad {
			return herald.Errorf(herald.EINVALID, "option %s out of range", f.name)
		}
	}
	return nil
}

// DefaultScale turns SVM decision values into softmax logits for Predict's
// confidence unless Options.CalibrationFolds asks for a fitted one. It is the
// mean of the scales fitted by 5-fold cross-validation on the BBC and 20
// Newsgroups training splits (6.6 and 7.4).
const DefaultScale = 7

// Model is a trained section classifier. It is immutable and safe for concurrent
// use by many goroutines.
type Model struct {
	labels []string
	cfg    featureConfig
	voc    *vocab
	// rows holds, per feature f, its IDF and then its weight for each label:
	// rows[f*(len(labels)+1)] is the IDF, rows[f*(len(labels)+1)+1+k] the weight
	// for label k. Keeping them together costs Predict one cache miss per feature.
	rows  []float32
	bias  []float32 // per label
	scale float64   // softmax sharpness applied to decision values
	pool  sync.Pool // *scratch for Predict
}

// stride is the length of one feature's row in m.rows.
func (m *Model) stride() int { return len(m.labels) + 1 }

// Labels returns the labels the model predicts, sorted. The caller owns the slice.
func (m *Model) Labels() []string { return slices.Clone(m.labels) }

// Train fits a model to examples. It returns a herald.EINVALID error when the
// examples have fewer than two distinct labels or an option is out of range, and
// ctx's error if ctx ends first. Examples are neither modified nor retained.
func Train(ctx context.Context, examples []Example, opts Options) (*Model, error) {
	if err := opts.validate(); err != nil {
		return nil, fmt.Errorf("train section model: %w", err)
	}
	opts = opts.withDefaults()
	cfg := featureConfigFor(opts)
	m, err := train(ctx, examples, opts, cfg)
	if err != nil {
		return nil, fmt.Errorf("train section model: %w", err)
	}
	if opts.CalibrationFolds >= 2 {
		if m.scale, err = calibrate(ctx, examples, opts, cfg); err != nil {
			return nil, fmt.Errorf("train section model: calibrate: %w", err)
		}
	}
	return m, nil
}

// train fits a model with resolved options and the given features.
func train(ctx context.Context, examples []Example, opts Options, cfg featureConfig) (*Model, error) {
	labels, y, err := labelIndex(examples)
	if err != nil {
		return nil, err
	}
	bags, err := extractBags(ctx, examples, cfg, opts.Workers)
	if err != nil {
		return nil, err
	}
	hashes, df, err := selectFeatures(ctx, bags, opts.MinDF, opts.MaxFeatures, opts.Workers)
	if err != nil {
		return nil, err
	}
	m := &Model{labels: labels, cfg: cfg, voc: newVocab(hashes), scale: DefaultScale}
	idf := idfWeights(df, len(examples))
	x, err := vectorize(ctx, bags, m.voc, idf, opts.Workers)
	if err != nil {
		return nil, err
	}
	m.rows = make([]float32, len(idf)*m.stride())
	for f, v := range idf {
		m.rows[f*m.stride()] = v
	}
	if err := m.fit(ctx, x, y, opts); err != nil {
		return nil, err
	}
	return m, nil
}

// labelIndex returns the sorted distinct labels and each example's label index.
func labelIndex(examples []Example) ([]string, []int32, error) {
	seen := map[string]bool{}
	for _, ex := range examples {
		seen[ex.Label] = true
	}
	if len(seen) < 2 {
		return nil, nil, herald.Errorf(herald.EINVALID, "need examples of at least two labels, got %d", len(seen))
	}
	labels := make([]string, 0, len(seen))
	for l := range seen {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	y := make([]int32, len(examples))
	for i, ex := range examples {
		k, _ := slices.BinarySearch(labels, ex.Label)
		y[i] = int32(k)
	}
	return labels, y, nil
}

// fit trains one binary SVM per label (one-vs-rest), labels spread over workers.
func (m *Model) fit(ctx context.Context, x *matrix, y []int32, opts Options) error {
	nl := len(m.labels)
	m.bias = make([]float32, nl)
	errs := make([]error, nl)
	// One buffer for scaled values per running worker; at most opts.Workers
	// calls of the function below run at once, so the channel never blocks.
	bufs := make(chan []float32, opts.Workers)
	for range opts.Workers {
		bufs <- nil
	}
	err := parallel(ctx, nl, opts.Workers, func(lo, hi int) {
		buf := <-bufs
		for k := lo; k < hi; k++ {
			buf, errs[k] = m.fitLabel(ctx, x, y, k, opts, buf)
		}
		bufs <- buf
	})
	return cmp.Or(append([]error{err}, errs...)...)
}

// fitLabel trains label k against the rest and stores its weights. buf is
// scratch space for scaled values; fitLabel returns it, possibly grown.
func (m *Model) fitLabel(ctx context.Context, x *matrix, y []int32, k int, opts Options, buf []float32) ([]float32, error) {
	nf := m.voc.n
	pos := make([]bool, len(y))
	for i, l := range y {
		pos[i] = int(l) == k
	}
	p := svmParams{C: opts.C, eps: opts.Tolerance, maxIter: opts.MaxIter, seed: opts.Seed + uint64(k)}
	if opts.NBSmoothing > 0 {
		p.scale = nbScale(x, nf, pos, opts.NBSmoothing)
		buf = scaleValues(buf, x, p.scale)
		p.val = buf
	}
	w, b, err := trainBinarySVM(ctx, x, nf, pos, p)
	if err != nil {
		return buf, err
	}
	for f, v := range w {
		m.rows[f*m.stride()+1+k] = v
	}
	m.bias[k] = float32(b)
	return buf, nil
}
