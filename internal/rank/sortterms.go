package rank

import (
	"cmp"
	"slices"

	"github.com/heraldnews/herald/internal/textvec"
)

func sortTerms(v textvec.Vector) {
	slices.SortFunc(v, func(a, b textvec.Term) int { return cmp.Compare(a.ID, b.ID) })
}
