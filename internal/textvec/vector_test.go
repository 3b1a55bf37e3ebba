package textvec

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWeighAndDot(t *testing.T) {
	a := Weigh(Counts("North Korea fires missile over Japan"), nil)
	b := Weigh(Counts("Japan says North Korea missile flew over Hokkaido"), nil)
	c := Weigh(Counts("Bank of England raises interest rates"), nil)
	if got := Dot(a, a); math.Abs(got-1) > 1e-6 {
		t.Errorf("Dot(a, a) = %v, want 1 (unit length)", got)
	}
	if ab, ac := Dot(a, b), Dot(a, c); ab <= ac || ac != 0 {
		t.Errorf("Dot(a, b) = %v, Dot(a, c) = %v: want related > unrelated = 0", ab, ac)
	}
}

func TestCountsSkipsStopWords(t *testing.T) {
	got := Counts("The minister said that the talks would go on")
	for _, w := range []string{"the", "said", "that", "would", "on"} {
		if _, ok := got[TermID([]byte(w))]; ok {
			t.Errorf("stop word %q counted", w)
		}
	}
	if got[TermID([]byte("talks"))] != 1 {
		t.Errorf("talks not counted once: %v", got)
	}
}

func TestIDFWeighsRareTermsUp(t *testing.T) {
	df := NewDF()
	df.Add(Counts("oil prices rise"))
	df.Add(Counts("oil prices fall"))
	df.Add(Counts("opec meets on oil"))
	oil, opec := df.IDF(TermID([]byte("oil"))), df.IDF(TermID([]byte("opec")))
	if oil != 1 || opec <= oil {
		t.Errorf("IDF(oil) = %v, IDF(opec) = %v: want 1 and more", oil, opec)
	}
}

func TestTopKeepsHeaviest(t *testing.T) {
	v := Vector{{1, 0.1}, {2, 0.9}, {3, 0.5}}
	got := v.Top(2)
	if len(got) != 2 || got[0].ID != 2 || got[1].ID != 3 {
		t.Fatalf("Top(2) = %v, want ids 2 and 3 in id order", got)
	}
	if n := Dot(got, got); math.Abs(n-1) > 1e-6 {
		t.Errorf("Top is not unit length: %v", n)
	}
}

func TestBinaryRoundTrip(t *testing.T) {
	v := Weigh(Counts("Storm Isolde hits the Westhaven coast"), nil)
	b, _ := v.MarshalBinary()
	var got Vector
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(v, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	for name, bad := range map[string][]byte{"ragged": b[:len(b)-1], "unordered": append(b[8:16:16], b[:8]...)} {
		if err := got.UnmarshalBinary(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
