package topic

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMergeMentions(t *testing.T) {
	primary := []Mention{
		{Text: "Shinzo Abe", Type: "PER", Start: 10, End: 20},
		{Text: "Tokyo", Type: "", Start: 30, End: 35},
		{Text: "Big Long Name", Type: "ORG", Start: 50, End: 90},
	}
	fallback := []Mention{
		{Text: "Japanese", Type: "MISC", Start: 0, End: 8},     // gap: added
		{Text: "Abe", Start: 17, End: 20},                      // inside a primary: dropped
		{Text: "Tokyo", Type: "LOC", Start: 30, End: 35},       // same span: types the primary
		{Text: "Long", Start: 60, End: 64},                     // inside a long primary: dropped
		{Text: "Trump", Type: "", Start: 95, End: 100},         // gap: added
		{Text: "Name Straddle", Type: "", Start: 85, End: 100}, // overlaps: dropped
	}
	want := []Mention{
		{Text: "Japanese", Type: "MISC", Start: 0, End: 8},
		{Text: "Shinzo Abe", Type: "PER", Start: 10, End: 20},
		{Text: "Tokyo", Type: "LOC", Start: 30, End: 35},
		{Text: "Big Long Name", Type: "ORG", Start: 50, End: 90},
		{Text: "Trump", Type: "", Start: 95, End: 100},
	}
	if diff := cmp.Diff(want, MergeMentions(primary, fallback)); diff != "" {
		t.Errorf("MergeMentions (-want +got):\n%s", diff)
	}
	if primary[1].Type != "" {
		t.Error("MergeMentions modified its input")
	}
	if got := MergeMentions(nil, fallback[:1]); len(got) != 1 {
		t.Errorf("no primary: %v", got)
	}
}
