package nlp

import (
	"fmt"
	"strings"
)

// Label schemes. A tagger decodes in its own scheme and reports IOB2.
const (
	SchemeBILOU = "BILOU" // Begin, Inside, Last, Unit-length, Outside
	SchemeIOB2  = "IOB2"  // Begin, Inside, Outside
)

// Label kinds.
const (
	kindO = iota
	kindB
	kindI
	kindL
	kindU
)

// labelSet numbers the internal labels: 0 is O, then each type's labels.
type labelSet struct {
	scheme string
	types  []string
	names  []string // internal label names ("B-PER", "U-LOC", ...)
	kind   []int
	typ    []int // type index, -1 for O
}

func newLabelSet(scheme string, types []string) (labelSet, error) {
	kinds := map[string][]int{SchemeBILOU: {kindB, kindI, kindL, kindU}, SchemeIOB2: {kindB, kindI}}[scheme]
	if kinds == nil {
		return labelSet{}, fmt.Errorf("unknown label scheme %q", scheme)
	}
	ls := labelSet{scheme: scheme, types: types, names: []string{"O"}, kind: []int{kindO}, typ: []int{-1}}
	for t, name := range types {
		for _, k := range kinds {
			ls.names = append(ls.names, string("OBILU"[k])+"-"+name)
			ls.kind = append(ls.kind, k)
			ls.typ = append(ls.typ, t)
		}
	}
	return ls, nil
}

func (ls labelSet) size() int { return len(ls.names) }

// allowed reports whether label b may follow label a; a < 0 means the start.
func (ls labelSet) allowed(a, b int) bool {
	open := a >= 0 && (ls.kind[a] == kindB || ls.kind[a] == kindI)
	if ls.scheme == SchemeIOB2 {
		return ls.kind[b] != kindI || (a >= 0 && ls.kind[a] != kindO && ls.typ[a] == ls.typ[b])
	}
	cont := ls.kind[b] == kindI || ls.kind[b] == kindL
	if open {
		return cont && ls.typ[a] == ls.typ[b]
	}
	return !cont
}

// allowedEnd reports whether a sentence may end with label a.
func (ls labelSet) allowedEnd(a int) bool {
	return ls.scheme == SchemeIOB2 || (ls.kind[a] != kindB && ls.kind[a] != kindI)
}

// encode turns IOB2 labels into internal label numbers.
func (ls labelSet) encode(iob []string, out []int) ([]int, error) {
	out = out[:0]
	for i, l := range iob {
		if l == "O" {
			out = append(out, 0)
			continue
		}
		prefix, typ, ok := strings.Cut(l, "-")
		t := ls.typeIndex(typ)
		if !ok || t < 0 || (prefix != "B" && prefix != "I") {
			return nil, fmt.Errorf("label %q", l)
		}
		kind := kindB
		if prefix == "I" {
			kind = kindI
		}
		next := i+1 < len(iob) && iob[i+1] == "I-"+typ
		if ls.scheme == SchemeBILOU {
			kind = bilouKind(kind == kindB, next)
		}
		out = append(out, ls.label(kind, t))
	}
	return out, nil
}

func bilouKind(begin, continues bool) int {
	switch {
	case begin && continues:
		return kindB
	case begin:
		return kindU
	case continues:
		return kindI
	}
	return kindL
}

func (ls labelSet) typeIndex(name string) int {
	for t, n := range ls.types {
		if n == name {
			return t
		}
	}
	return -1
}

// label returns the number of the label of the given kind and type.
func (ls labelSet) label(kind, t int) int {
	for y := range ls.names {
		if ls.kind[y] == kind && ls.typ[y] == t {
			return y
		}
	}
	return 0
}

// iob2 returns the IOB2 name of internal label y.
func (ls labelSet) iob2(y int) string {
	switch ls.kind[y] {
	case kindO:
		return "O"
	case kindB, kindU:
		return "B-" + ls.types[ls.typ[y]]
	}
	return "I-" + ls.types[ls.typ[y]]
}

// begins reports whether label y starts an entity.
func (ls labelSet) begins(y int) bool { return ls.kind[y] == kindB || ls.kind[y] == kindU }
