package textvec

import (
	"strings"
	"testing"
)

// BenchmarkIDs tokenises and hashes a 600-word story.
func BenchmarkIDs(b *testing.B) {
	text := strings.Repeat("The Westhaven harbour authority said on Tuesday that Storm Isolde's floods had closed the container terminal, and Zürich insurers expect claims. ", 30)
	var ids []uint32
	var buf []byte
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		ids, buf = IDs(text, buf, ids[:0])
	}
}
