package cluster

import "testing"

// TestSplitInterval: clusters under every² stories are checked every
// `every` stories, as before; larger ones every eighth of their size.
func TestSplitInterval(t *testing.T) {
	for _, tc := range []struct{ n, want int }{{8, 8}, {40, 8}, {63, 8}, {64, 8}, {72, 9}, {200, 25}, {1000, 125}} {
		if got := splitInterval(8, tc.n); got != tc.want {
			t.Errorf("splitInterval(8, %d) = %d, want %d", tc.n, got, tc.want)
		}
	}
}
