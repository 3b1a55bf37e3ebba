package nlp

import "math"

// viterbi returns in out the best label sequence for n tokens, given the
// emission scores emit[i*nl+y], the transition scores trans[a*nl+b], the start
// and end scores, and the allowed transitions (ok[a*nl+b], okStart, okEnd).
// delta and back are scratch space of at least n*nl entries.
func viterbi(n, nl int, emit []float32, trans, start, end []float32, ok, okStart, okEnd []bool, delta []float32, back []int32, out []int) {
	if n == 0 {
		return
	}
	neg := float32(math.Inf(-1))
	for y := 0; y < nl; y++ {
		delta[y] = neg
		if okStart[y] {
			delta[y] = start[y] + emit[y]
		}
	}
	for i := 1; i < n; i++ {
		prev, cur := delta[(i-1)*nl:i*nl], delta[i*nl:(i+1)*nl]
		for y := 0; y < nl; y++ {
			best, arg := neg, int32(0)
			for a := 0; a < nl; a++ {
				if !ok[a*nl+y] {
					continue
				}
				if s := prev[a] + trans[a*nl+y]; s > best {
					best, arg = s, int32(a)
				}
			}
			cur[y] = best + emit[i*nl+y]
			back[i*nl+y] = arg
		}
	}
	last := delta[(n-1)*nl : n*nl]
	best, arg := neg, 0
	for y := 0; y < nl; y++ {
		if okEnd[y] && last[y]+end[y] > best {
			best, arg = last[y]+end[y], y
		}
	}
	out[n-1] = arg
	for i := n - 1; i > 0; i-- {
		out[i-1] = int(back[i*nl+out[i]])
	}
}
