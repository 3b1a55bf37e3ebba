package section

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
)

// svmParams configures one binary solver.
type svmParams struct {
	C       float64   // penalty on the squared hinge loss
	eps     float64   // stop when the projected-gradient spread falls below eps
	maxIter int       // passes over the active examples, at most
	seed    uint64    // example order
	scale   []float64 // per-feature multipliers (nil: none)
	val     []float32 // x.val multiplied by scale; nil when scale is
}

// biasValue is the constant extra feature that carries the bias. As in LIBLINEAR
// the bias is regularised like any weight.
const biasValue = 1

// dcd is the state of dual coordinate descent for an L2-regularised,
// squared-hinge-loss linear SVM (Hsieh et al., ICML 2008; LIBLINEAR's solver 1)
// on rows of x scaled column-wise by scale.
type dcd struct {
	x     *matrix
	val   []float32 // x.val scaled column-wise by scale
	y     []float64 // +1 or -1 per row
	scale []float64 // nil: none
	w     []float32 // primal weights on scaled features
	b     float64
	alpha []float64
	qd    []float64 // diagonal of the dual Hessian
	diag  float64   // 1/(2C), the loss term's contribution to qd
}

// trainBinarySVM fits the SVM to x with pos[i] saying whether row i is positive,
// shrinking examples that stay at alpha = 0. It returns weights over x's
// numFeatures columns, with p.scale already folded in, and the bias; or ctx's
// error if ctx ends first.
func trainBinarySVM(ctx context.Context, x *matrix, numFeatures int, pos []bool, p svmParams) (w []float32, b float64, err error) {
	s := newDCD(x, numFeatures, pos, p)
	n := x.rows()
	index := make([]int, n)
	for i := range index {
		index[i] = i
	}
	rng := rand.New(rand.NewPCG(p.seed, 0x5eed))
	active := n
	// Squared hinge loss leaves alpha unbounded above, so the only shrinking is
	// of rows at alpha = 0 whose gradient exceeds the last pass's largest.
	pgMaxOld := math.Inf(1)
	for range p.maxIter {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		rng.Shuffle(active, func(i, j int) { index[i], index[j] = index[j], index[i] })
		var pgMax, pgMin float64
		active, pgMax, pgMin = s.pass(index[:active], pgMaxOld)
		if pgMax-pgMin <= p.eps {
			if active == n {
				break
			}
			active, pgMaxOld = n, math.Inf(1) // converged on the active set: recheck all
			continue
		}
		pgMaxOld = pgMax
		if pgMaxOld <= 0 {
			pgMaxOld = math.Inf(1)
		}
	}
	return s.weights(), s.b, nil
}

func newDCD(x *matrix, numFeatures int, pos []bool, p svmParams) *dcd {
	n := x.rows()
	s := &dcd{
		x: x, scale: p.scale, diag: 0.5 / p.C,
		y: make([]float64, n), w: make([]float32, numFeatures),
		alpha: make([]float64, n), qd: make([]float64, n),
	}
	s.val = x.val
	if p.val != nil {
		s.val = p.val
	}
	for i := range n {
		s.y[i] = -1
		if pos[i] {
			s.y[i] = 1
		}
		s.qd[i] = s.diag + biasValue*biasValue + s.rowNorm2(i)
	}
	return s
}

// pass updates each row in index once, moving rows it shrinks to the end. It
// returns the new active count and the range of projected gradients it saw.
func (s *dcd) pass(index []int, pgMaxOld float64) (active int, pgMax, pgMin float64) {
	active = len(index)
	pgMax, pgMin = math.Inf(-1), math.Inf(1)
	for k := 0; k < active; k++ {
		i := index[k]
		g := s.y[i]*s.dot(i) - 1 + s.alpha[i]*s.diag
		pg := g
		if s.alpha[i] == 0 {
			if g > pgMaxOld {
				active--
				index[k], index[active] = index[active], index[k]
				k--
				continue
			}
			pg = min(g, 0)
		}
		pgMax, pgMin = max(pgMax, pg), min(pgMin, pg)
		if math.Abs(pg) > 1e-12 {
			old := s.alpha[i]
			s.alpha[i] = max(old-g/s.qd[i], 0)
			s.add(i, (s.alpha[i]-old)*s.y[i])
		}
	}
	return active, pgMax, pgMin
}

// dot is the decision value of row i: w·x_i + b.
func (s *dcd) dot(i int) float64 {
	lo, hi := s.x.ptr[i], s.x.ptr[i+1]
	idx, val := s.x.idx[lo:hi], s.val[lo:hi]
	var g float32
	for k, j := range idx {
		g += s.w[j] * val[k]
	}
	return float64(g) + s.b*biasValue
}

// add adds d·x_i to the weights.
func (s *dcd) add(i int, d float64) {
	lo, hi := s.x.ptr[i], s.x.ptr[i+1]
	idx, val := s.x.idx[lo:hi], s.val[lo:hi]
	s.b += d * biasValue
	d32 := float32(d)
	for k, j := range idx {
		s.w[j] += d32 * val[k]
	}
}

func (s *dcd) rowNorm2(i int) float64 {
	var sum float64
	for _, v := range s.val[s.x.ptr[i]:s.x.ptr[i+1]] {
		sum += float64(v) * float64(v)
	}
	return sum
}

// weights returns w with the feature scale folded in, so that the decision value
// on an unscaled row is weights·x + b.
func (s *dcd) weights() []float32 {
	if s.scale != nil {
		for j := range s.w {
			s.w[j] *= float32(s.scale[j])
		}
	}
	return s.w
}

// scaleValues returns x.val with every entry multiplied by its feature's scale,
// in buf when buf is large enough.
func scaleValues(buf []float32, x *matrix, scale []float64) []float32 {
	buf = slices.Grow(buf[:0], len(x.val))[:len(x.val)]
	for k, j := range x.idx {
		buf[k] = x.val[k] * float32(scale[j])
	}
	return buf
}

// nbScale returns Wang and Manning's (2012) naive-Bayes log-count ratios of each
// feature, positives against negatives, from document counts smoothed by alpha,
// as absolute values: a feature gets more weight the better it tells the two
// classes apart, and the SVM's regulariser penalises using it less.
func nbScale(x *matrix, numFeatures int, pos []bool, alpha float64) []float64 {
	p := make([]float64, numFeatures)
	q := make([]float64, numFeatures)
	for i := range x.rows() {
		c := q
		if pos[i] {
			c = p
		}
		for _, j := range x.idx[x.ptr[i]:x.ptr[i+1]] {
			c[j]++
		}
	}
	var sp, sq float64
	for j := range p {
		p[j] += alpha
		q[j] += alpha
		sp += p[j]
		sq += q[j]
	}
	for j := range p {
		p[j] = math.Abs(math.Log(p[j] / sp * sq / q[j]))
	}
	return p
}
