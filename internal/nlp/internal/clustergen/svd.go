package main

import (
	"math"
	"math/rand/v2"
	"sort"
)

// sparse is a row-compressed matrix.
type sparse struct {
	rows, cols int
	ptr        []int
	idx        []int32
	val        []float32
}

// mulDense returns m (rows x cols) times d (cols x l), row-major.
func (m *sparse) mulDense(d []float64, l int) []float64 {
	out := make([]float64, m.rows*l)
	for r := 0; r < m.rows; r++ {
		o := out[r*l : (r+1)*l]
		for k := m.ptr[r]; k < m.ptr[r+1]; k++ {
			v := float64(m.val[k])
			row := d[int(m.idx[k])*l : (int(m.idx[k])+1)*l]
			for j := range o {
				o[j] += v * row[j]
			}
		}
	}
	return out
}

// tmulDense returns the transpose of m times d (rows x l): cols x l.
func (m *sparse) tmulDense(d []float64, l int) []float64 {
	out := make([]float64, m.cols*l)
	for r := 0; r < m.rows; r++ {
		row := d[r*l : (r+1)*l]
		for k := m.ptr[r]; k < m.ptr[r+1]; k++ {
			v := float64(m.val[k])
			o := out[int(m.idx[k])*l : (int(m.idx[k])+1)*l]
			for j := range o {
				o[j] += v * row[j]
			}
		}
	}
	return out
}

// orthonormalise makes the l columns of y (n x l, row-major) orthonormal
// with modified Gram-Schmidt.
func orthonormalise(y []float64, n, l int) {
	for j := 0; j < l; j++ {
		for p := 0; p < j; p++ {
			var d float64
			for i := 0; i < n; i++ {
				d += y[i*l+j] * y[i*l+p]
			}
			for i := 0; i < n; i++ {
				y[i*l+j] -= d * y[i*l+p]
			}
		}
		var norm float64
		for i := 0; i < n; i++ {
			norm += y[i*l+j] * y[i*l+j]
		}
		norm = math.Sqrt(norm)
		if norm == 0 {
			continue
		}
		for i := 0; i < n; i++ {
			y[i*l+j] /= norm
		}
	}
}

// reduce returns the rows of m projected on its top k right singular
// vectors, scaled by the singular values to the power alpha (randomised
// SVD with power iterations, Halko et al. 2011): rows x k, row-major.
func reduce(m *sparse, k, oversample, powers int, alpha float64) []float32 {
	l := k + oversample
	rng := rand.New(rand.NewPCG(7, 11))
	omega := make([]float64, m.cols*l)
	for i := range omega {
		omega[i] = rng.NormFloat64()
	}
	q := m.mulDense(omega, l)
	orthonormalise(q, m.rows, l)
	for p := 0; p < powers; p++ {
		z := m.tmulDense(q, l)
		orthonormalise(z, m.cols, l)
		q = m.mulDense(z, l)
		orthonormalise(q, m.rows, l)
	}
	bt := m.tmulDense(q, l) // (Q^T M)^T: cols x l
	// B B^T = bt^T bt, l x l.
	g := make([]float64, l*l)
	for c := 0; c < m.cols; c++ {
		row := bt[c*l : (c+1)*l]
		for a := 0; a < l; a++ {
			for b := 0; b < l; b++ {
				g[a*l+b] += row[a] * row[b]
			}
		}
	}
	vals, vecs := jacobi(g, l)
	order := make([]int, l)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return vals[order[a]] > vals[order[b]] })
	out := make([]float32, m.rows*k)
	for r := 0; r < m.rows; r++ {
		qr := q[r*l : (r+1)*l]
		for j := 0; j < k; j++ {
			e := order[j]
			var s float64
			for a := 0; a < l; a++ {
				s += qr[a] * vecs[a*l+e]
			}
			// Singular value sigma = sqrt(eigenvalue); Q U gives the left
			// singular vectors, scaled by sigma^alpha.
			out[r*k+j] = float32(s * math.Pow(math.Sqrt(max(vals[e], 0)), alpha))
		}
	}
	return out
}

// jacobi returns the eigenvalues and eigenvectors (columns of the
// row-major n x n result) of the symmetric matrix a, which it overwrites.
func jacobi(a []float64, n int) ([]float64, []float64) {
	v := make([]float64, n*n)
	for i := 0; i < n; i++ {
		v[i*n+i] = 1
	}
	for sweep := 0; sweep < 60; sweep++ {
		var off float64
		for p := 0; p < n; p++ {
			for q := p + 1; q < n; q++ {
				off += a[p*n+q] * a[p*n+q]
			}
		}
		if off < 1e-22 {
			break
		}
		for p := 0; p < n; p++ {
			for q := p + 1; q < n; q++ {
				rotate(a, v, n, p, q)
			}
		}
	}
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = a[i*n+i]
	}
	return vals, v
}

// rotate applies the Jacobi rotation that zeroes a[p][q].
func rotate(a, v []float64, n, p, q int) {
	apq := a[p*n+q]
	if math.Abs(apq) < 1e-300 {
		return
	}
	theta := (a[q*n+q] - a[p*n+p]) / (2 * apq)
	t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
	c := 1 / math.Sqrt(t*t+1)
	s := t * c
	for k := 0; k < n; k++ {
		akp, akq := a[k*n+p], a[k*n+q]
		a[k*n+p] = c*akp - s*akq
		a[k*n+q] = s*akp + c*akq
	}
	for k := 0; k < n; k++ {
		apk, aqk := a[p*n+k], a[q*n+k]
		a[p*n+k] = c*apk - s*aqk
		a[q*n+k] = s*apk + c*aqk
	}
	for k := 0; k < n; k++ {
		vkp, vkq := v[k*n+p], v[k*n+q]
		v[k*n+p] = c*vkp - s*vkq
		v[k*n+q] = s*vkp + c*vkq
	}
}
