package section

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

// toyExamples is a small hand-written corpus whose labels are separable by
// vocabulary: every story of a label uses that label's words.
func toyExamples() []Example {
	words := map[string][]string{
		"sport":    {"goal", "match", "striker", "league", "coach", "penalty", "stadium", "fans"},
		"business": {"shares", "profit", "market", "investors", "bank", "merger", "revenue", "bonds"},
		"tech":     {"software", "chip", "internet", "startup", "smartphone", "server", "code", "browser"},
	}
	var out []Example
	for _, label := range slices.Sorted(maps.Keys(words)) {
		ws := words[label]
		for i := range 12 {
			text := fmt.Sprintf("The %s and the %s. A %s, %s and %s today.",
				ws[i%8], ws[(i+1)%8], ws[(i+3)%8], ws[(i+5)%8], ws[(i+6)%8])
			out = append(out, Example{Label: label, Title: ws[(i+2)%8] + " news", Text: text})
		}
	}
	return out
}

func trainToy(t testing.TB, opts Options) *Model {
	t.Helper()
	m, err := Train(context.Background(), toyExamples(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTrainSeparable(t *testing.T) {
	for _, opts := range []Options{{}, {NBSmoothing: -1}, {NoBigrams: true}, {Workers: 1}, {CalibrationFolds: 3}} {
		t.Run(fmt.Sprintf("%+v", opts), func(t *testing.T) {
			m := trainToy(t, opts)
			if diff := cmp.Diff([]string{"business", "sport", "tech"}, m.Labels()); diff != "" {
				t.Errorf("Labels (-want +got):\n%s", diff)
			}
			for _, ex := range toyExamples() {
				if got, _ := m.Predict(ex.Title, ex.Text); got != ex.Label {
					t.Errorf("Predict(%q) = %q, want %q", ex.Text, got, ex.Label)
				}
			}
			unseen := map[string]string{
				"Fans cheer as the striker scores a penalty":  "sport",
				"Investors sell shares after the bank merger": "business",
				"A new browser and smartphone chip":           "tech",
			}
			for text, want := range unseen {
				got, conf := m.Predict("", text)
				if got != want {
					t.Errorf("Predict(%q) = %q, want %q", text, got, want)
				}
				if conf <= 1.0/3 || conf > 1 {
					t.Errorf("Predict(%q) confidence = %v, want in (1/3, 1]", text, conf)
				}
			}
		})
	}
}

func TestPredictConfidence(t *testing.T) {
	m := trainToy(t, Options{})
	_, clear := m.Predict("", "goal match striker league coach penalty stadium fans")
	_, unclear := m.Predict("", "goal shares software")
	_, unknown := m.Predict("", "zebra xylophone")
	if !(clear > unclear) {
		t.Errorf("confidence for a clear story %v not above a mixed one %v", clear, unclear)
	}
	if unknown > 0.5 {
		t.Errorf("confidence %v for a story with no known words, want near 1/3", unknown)
	}
}

func TestScores(t *testing.T) {
	m := trainToy(t, Options{})
	text := "Investors sell shares after the bank merger"
	got := m.Scores("", text)
	if len(got) != 3 {
		t.Fatalf("Scores gave %d labels, want 3", len(got))
	}
	label, conf := m.Predict("", text)
	if got[0].Label != label || math.Abs(got[0].Probability-conf) > 1e-12 {
		t.Errorf("Scores top = %+v, Predict = %q %v", got[0], label, conf)
	}
	var sum float64
	for i, ls := range got {
		sum += ls.Probability
		if i > 0 && ls.Probability > got[i-1].Probability {
			t.Errorf("Scores not sorted: %+v", got)
		}
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("probabilities sum to %v, want 1", sum)
	}
}

func TestTrainErrors(t *testing.T) {
	oneLabel := []Example{{Label: "a", Text: "x y"}, {Label: "a", Text: "y z"}}
	if _, err := Train(context.Background(), oneLabel, Options{}); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("Train(one label) error = %v, want EINVALID", err)
	}
	if _, err := Train(context.Background(), nil, Options{}); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("Train(nil) error = %v, want EINVALID", err)
	}
	for _, opts := range []Options{{C: -1}, {C: math.NaN()}, {MinDF: -1}, {Workers: -2}, {Tolerance: -0.1}} {
		if _, err := Train(context.Background(), toyExamples(), opts); herald.ErrorCode(err) != herald.EINVALID {
			t.Errorf("Train(%+v) error = %v, want EINVALID", opts, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Train(ctx, toyExamples(), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Train(cancelled) error = %v, want context.Canceled", err)
	}
}

func TestTrainWithoutFeatures(t *testing.T) {
	exs := []Example{{Label: "a"}, {Label: "b", Text: "?"}, {Label: "a", Text: "x"}}
	m, err := Train(context.Background(), exs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	label, conf := m.Predict("", "")
	if label != "a" && label != "b" || conf < 0.5 || conf > 1 {
		t.Errorf("Predict on an empty model = %q %v", label, conf)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(&buf); err != nil {
		t.Errorf("Load of a model without features: %v", err)
	}
}

func TestPredictHugeStory(t *testing.T) {
	m := trainToy(t, Options{})
	huge := strings.Repeat("goal match striker ", 50_000)
	if got, _ := m.Predict("", huge); got != "sport" {
		t.Errorf("Predict(huge sport story) = %q", got)
	}
	if got, _ := m.Predict("", "bank shares profit"); got != "business" {
		t.Errorf("Predict after a huge story = %q", got)
	}
}

func TestTrainDeterministic(t *testing.T) {
	a, b := trainToy(t, Options{}), trainToy(t, Options{})
	if !slicesEqual(a.rows, b.rows) || !slicesEqual(a.bias, b.bias) {
		t.Fatal("two trainings with the same seed differ")
	}
}

func slicesEqual(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

func TestSaveLoad(t *testing.T) {
	m := trainToy(t, Options{CalibrationFolds: 3})
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m.Labels(), got.Labels()); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	if got.scale != m.scale || got.cfg != m.cfg {
		t.Errorf("scale, config = %v, %+v; want %v, %+v", got.scale, got.cfg, m.scale, m.cfg)
	}
	probes := append(toyExamples(), Example{Text: "From: a@b.c\nSubject: goal\n\nzebra"}, Example{})
	for _, ex := range probes {
		l1, c1 := m.Predict(ex.Title, ex.Text)
		l2, c2 := got.Predict(ex.Title, ex.Text)
		if l1 != l2 || c1 != c2 {
			t.Errorf("Predict(%q) = %q %v after Load, %q %v before", ex.Text, l2, c2, l1, c1)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := trainToy(t, Options{}).Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	flip := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x40
		return b
	}
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"foreign", []byte("GIF89a........................")},
		{"truncated header", good[:10]},
		{"truncated body", good[:len(good)/2]},
		{"no checksum", good[:len(good)-4]},
		{"bad version", flip(8)},
		{"flipped label count", flip(24)},
		{"flipped weight", flip(len(good) - 40)},
		{"flipped checksum", flip(len(good) - 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(bytes.NewReader(tc.in))
			if herald.ErrorCode(err) != herald.EINVALID {
				t.Fatalf("Load error = %v, want EINVALID", err)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	var buf bytes.Buffer
	if err := trainToy(f, Options{}).Save(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(fileMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Load(bytes.NewReader(b))
		if err != nil {
			return
		}
		m.Predict("goal", "shares software") // must not panic or hang
	})
}

func TestPredictConcurrent(t *testing.T) {
	m := trainToy(t, Options{})
	exs := toyExamples()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				ex := exs[(g+i)%len(exs)]
				if got, _ := m.Predict(ex.Title, ex.Text); got != ex.Label {
					t.Errorf("Predict = %q, want %q", got, ex.Label)
					return
				}
			}
		})
	}
	wg.Wait()
}
