package nlp

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

// toySentences is a tiny hand-written training set.
func toySentences() []Sentence {
	raw := []string{
		"Ann/B-PER Lee/I-PER visited/O Paris/B-LOC ./O",
		"Bob/B-PER Stone/I-PER works/O for/O Acme/B-ORG ./O",
		"Acme/B-ORG opened/O an/O office/O in/O Rome/B-LOC ./O",
		"Ann/B-PER likes/O French/B-MISC food/O ./O",
		"Rome/B-LOC and/O Paris/B-LOC are/O cities/O ./O",
		"Bob/B-PER met/O Ann/B-PER in/O Rome/B-LOC ./O",
	}
	var out []Sentence
	for doc, line := range raw {
		var s Sentence
		for _, wl := range strings.Fields(line) {
			w, l, _ := strings.Cut(wl, "/")
			s.Words = append(s.Words, w)
			s.Labels = append(s.Labels, l)
		}
		s.Doc = doc / 2
		out = append(out, s)
	}
	return out
}

func trainToy(t *testing.T, opts TrainOptions) *Tagger {
	t.Helper()
	opts.NoLexicon = true
	opts.Epochs = 5
	m, err := Train(context.Background(), toySentences(), nil, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTrainLearnsToyData(t *testing.T) {
	for _, scheme := range []string{SchemeBILOU, SchemeIOB2} {
		t.Run(scheme, func(t *testing.T) {
			m := trainToy(t, TrainOptions{Scheme: scheme})
			sents := toySentences()
			if sc := Evaluate(m, sents); sc.F1 != 100 {
				t.Errorf("F1 on the training data = %.2f, want 100", sc.F1)
			}
		})
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m := trainToy(t, TrainOptions{})
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m.ls.names, got.ls.names); diff != "" {
		t.Errorf("labels mismatch (-want +got):\n%s", diff)
	}
	if got.table.n != m.table.n {
		t.Fatalf("features: got %d, want %d", got.table.n, m.table.n)
	}
	for slot, h := range m.table.keys {
		if h == 0 {
			continue
		}
		f, g := int(m.table.vals[slot]), int(got.table.get(h))
		if diff := cmp.Diff(m.w[f*m.nl:(f+1)*m.nl], got.w[g*got.nl:(g+1)*got.nl]); diff != "" {
			t.Fatalf("weights of feature %x mismatch (-want +got):\n%s", h, diff)
		}
	}
	if diff := cmp.Diff(m.trans, got.trans); diff != "" {
		t.Errorf("transitions mismatch (-want +got):\n%s", diff)
	}
	for _, s := range toySentences() {
		if diff := cmp.Diff(m.TagTokens(s.Words), got.TagTokens(s.Words)); diff != "" {
			t.Errorf("tags of %v differ after Load (-before +after):\n%s", s.Words, diff)
		}
	}
}

func TestLoadRejectsGarbage(t *testing.T) {
	for name, data := range map[string][]byte{"empty": nil, "text": []byte("not a model"), "truncated": truncatedModel(t)} {
		t.Run(name, func(t *testing.T) {
			if _, err := Load(bytes.NewReader(data)); err == nil {
				t.Error("Load succeeded, want an error")
			}
		})
	}
	if _, err := Load(strings.NewReader("x")); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("Load(text) code = %q, want %q", herald.ErrorCode(err), herald.EINVALID)
	}
}

func truncatedModel(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := trainToy(t, TrainOptions{}).Save(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()[:buf.Len()/2]
}

func TestTrainErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Train(ctx, toySentences(), nil, TrainOptions{NoLexicon: true}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Train with a cancelled context: err = %v, want context.Canceled", err)
	}
	if _, err := Train(context.Background(), nil, nil, TrainOptions{}, nil); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("Train with no data: err = %v, want code %s", err, herald.EINVALID)
	}
	bad := []Sentence{{Words: []string{"a", "b"}, Labels: []string{"O"}}}
	if _, err := Train(context.Background(), bad, nil, TrainOptions{NoLexicon: true}, nil); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("Train with mismatched labels: err = %v, want code %s", err, herald.EINVALID)
	}
}

func mustDefault(t testing.TB) *Tagger {
	t.Helper()
	m, err := DefaultTagger()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDefaultTaggerEntities(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Entity
	}{
		{
			name: "leaders in a city",
			text: "Prime Minister Shinzo Abe met Donald Trump in Tokyo.",
			want: []Entity{{"Shinzo Abe", "PER", 15, 25}, {"Donald Trump", "PER", 30, 42}, {"Tokyo", "LOC", 46, 51}},
		},
		{
			name: "organisation and country",
			text: "The European Commission said on Thursday it disagreed with advice from Germany.",
			want: []Entity{{"European Commission", "ORG", 4, 23}, {"Germany", "LOC", 71, 78}},
		},
		{
			name: "hyphenated name and possessive",
			text: "South Korean President Moon Jae-in's visit to Washington was praised.",
			want: []Entity{{"South Korean", "MISC", 0, 12}, {"Moon Jae-in", "PER", 23, 34}, {"Washington", "LOC", 46, 56}},
		},
		{
			name: "several sentences",
			text: "Angela Merkel flew to Paris on Monday.\n\nShe met Emmanuel Macron there.",
			want: []Entity{{"Angela Merkel", "PER", 0, 13}, {"Paris", "LOC", 22, 27}, {"Emmanuel Macron", "PER", 48, 63}},
		},
		{
			name: "html entities keep offsets into the input",
			text: "Shinzo Abe&#8217;s visit to New&nbsp;York ended.",
			want: []Entity{{"Shinzo Abe", "PER", 0, 10}, {"New York", "LOC", 28, 41}},
		},
		{
			name: "no entities",
			text: "it was a quiet day and nothing happened.",
			want: nil,
		},
	}
	m := mustDefault(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := m.Entities(tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Entities(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestDefaultTaggerWireCopy tags 1980s-style wire copy: a headline in
// capitals and hard-wrapped lines, one of which breaks a name.
func TestDefaultTaggerWireCopy(t *testing.T) {
	text := "JAPAN TO CUT TRADE SURPLUS, MIYAZAWA SAYS\n" +
		"    TOKYO, March 3 - Japanese Finance Minister Kiichi\n" +
		"Miyazawa said on Tuesday that Japan would cut its trade\n" +
		"surplus with the United States this year, and the Bank of\n" +
		"Japan would keep interest rates low.\n" +
		"    The European Community welcomed the move.\n"
	found := map[Entity]bool{}
	for _, e := range mustDefault(t).Entities(text) {
		found[Entity{Text: e.Text, Type: e.Type}] = true
	}
	for _, want := range []Entity{
		{Text: "JAPAN", Type: "LOC"}, {Text: "MIYAZAWA", Type: "PER"}, {Text: "TOKYO", Type: "LOC"},
		{Text: "Kiichi Miyazawa", Type: "PER"}, {Text: "United States", Type: "LOC"},
		{Text: "Bank of Japan", Type: "ORG"}, {Text: "European Community", Type: "ORG"},
	} {
		if !found[want] {
			t.Errorf("%s %q not found in %v", want.Type, want.Text, found)
		}
	}
	for _, half := range []string{"Kiichi", "Miyazawa"} {
		if found[Entity{Text: half, Type: "PER"}] {
			t.Errorf("the name broken by the wrap was split: found %q alone", half)
		}
	}
}

func TestDefaultTaggerTagTokens(t *testing.T) {
	m := mustDefault(t)
	words := []string{"Donald", "Trump", "visited", "Japan", "."}
	want := []string{"B-PER", "I-PER", "O", "B-LOC", "O"}
	if diff := cmp.Diff(want, m.TagTokens(words)); diff != "" {
		t.Errorf("TagTokens(%v) mismatch (-want +got):\n%s", words, diff)
	}
	if got := m.TagTokens(nil); len(got) != 0 {
		t.Errorf("TagTokens(nil) = %v, want no labels", got)
	}
	odd := []string{"", " ", "\xff", "ÉTAT", "’s", "US"}
	if got := m.TagTokens(odd); len(got) != len(odd) {
		t.Errorf("TagTokens(%q) = %v, want %d labels", odd, got, len(odd))
	}
}

// conllDir locates the shared CoNLL-2003 files ($HERALD_EVAL/conll2003,
// else ../shared/eval/conll2003 beside the module; HERALD_CONLL_DIR names
// the folder itself), or skips the test.
func conllDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("HERALD_CONLL_DIR")
	if dir == "" {
		eval := os.Getenv("HERALD_EVAL")
		if eval == "" {
			eval = filepath.Join("..", "..", "..", "shared", "eval")
		}
		dir = filepath.Join(eval, "conll2003")
	}
	if _, err := os.Stat(filepath.Join(dir, "eng.train")); err != nil {
		t.Skipf("CoNLL-2003 data not found in %s (set HERALD_EVAL to the shared eval folder); skipping: %v", dir, err)
	}
	return dir
}

func readCoNLLFile(t testing.TB, path string) []Sentence {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sents, err := ReadCoNLL(f)
	if err != nil {
		t.Fatal(err)
	}
	return sents
}

// logScores writes the overall and per-type scores to the test log.
func logScores(t *testing.T, what string, sc Scores) {
	t.Logf("%s: F1 %.2f P %.2f R %.2f, %d tokens, %.0f tokens/s", what, sc.F1, sc.Precision, sc.Recall, sc.Tokens, sc.TokensPerSecond)
	for _, typ := range sortedTypes(sc.ByType) {
		ts := sc.ByType[typ]
		t.Logf("  %-4s F1 %.2f P %.2f R %.2f", typ, ts.F1, ts.Precision, ts.Recall)
	}
}

// trainedFloor is the lowest F1 the embedded model may score on eng.testa.
// The shipped model was trained on eng.train and eng.testa, so this is not
// a measure of accuracy on new text (TestTrainHeldOutFold is): it guards
// that the embedded weights, lexicon and feature code belong together (a
// model whose features no longer match the code scores far lower).
const trainedFloor = 98.0

func TestDefaultTaggerOnTrainingData(t *testing.T) {
	dev := readCoNLLFile(t, filepath.Join(conllDir(t), "eng.testa"))
	sc := Evaluate(mustDefault(t), dev)
	logScores(t, "eng.testa (training data of the shipped model)", sc)
	if sc.F1 < trainedFloor {
		t.Errorf("F1 on eng.testa = %.2f, want at least %.2f", sc.F1, trainedFloor)
	}
}

// heldOutFloor is the lowest F1 that one perceptron with the shipped
// settings may score on the last of five folds of eng.train (by document)
// when trained on the other four with the embedded lexicon. Cross-validated
// single perceptrons score 89 to 92 on the folds (MODEL.md); the last fold
// is the hardest.
const heldOutFloor = 88.0

func TestTrainHeldOutFold(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model on 160,000 tokens; skipped with -short")
	}
	folds := Folds(readCoNLLFile(t, filepath.Join(conllDir(t), "eng.train")), 5)
	m, err := Train(context.Background(), Except(folds, 4), nil, TrainOptions{Ensemble: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sc := Evaluate(m, folds[4])
	logScores(t, "fold 5 of 5 of eng.train, held out", sc)
	if sc.F1 < heldOutFloor {
		t.Errorf("F1 on the held-out fold = %.2f, want at least %.2f", sc.F1, heldOutFloor)
	}
}

func FuzzEntities(f *testing.F) {
	for _, s := range []string{
		"Prime Minister Shinzo Abe met Donald Trump in Tokyo.",
		"AT&amp;T\n\nU.S. Mr. O'Brien’s 5km", "\"\"''..--", "A. B. C. D.\n\n\nE", "\xff&#xffffff;",
	} {
		f.Add(s)
	}
	m, err := DefaultTagger()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for _, e := range m.Entities(text) {
			if e.Start < prev || e.End <= e.Start || e.End > len(text) {
				t.Fatalf("entity %+v out of order or range (len %d)", e, len(text))
			}
			if e.Type == "" || e.Text == "" {
				t.Fatalf("entity %+v lacks type or text", e)
			}
			prev = e.End
		}
	})
}

func TestConcurrentEntities(t *testing.T) {
	m := mustDefault(t)
	text := "Prime Minister Shinzo Abe met Donald Trump in Tokyo. The European Commission said so."
	want := m.Entities(text)
	done := make(chan []Entity)
	for range 8 {
		go func() { done <- m.Entities(text) }()
	}
	for range 8 {
		if diff := cmp.Diff(want, <-done); diff != "" {
			t.Errorf("concurrent Entities mismatch (-want +got):\n%s", diff)
		}
	}
}

// sortedTypes returns the keys of by in order.
func sortedTypes(by map[string]TypeScores) []string {
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestTrainIsDeterministic(t *testing.T) {
	save := func() []byte {
		var buf bytes.Buffer
		if err := trainToy(t, TrainOptions{WordDropout: 0.3, Seed: 5}).Save(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if !bytes.Equal(save(), save()) {
		t.Error("two trainings with the same options and seed gave different models")
	}
}

// TestSeedArticle tags the scraped news page in the shared seed folder
// (navigation lines, captions and all) and checks that the people and
// places the story is about are found.
func TestSeedArticle(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "seed", "article.txt")
	text, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("seed article not found at %s; skipping: %v", path, err)
	}
	found := map[Entity]bool{}
	for _, e := range mustDefault(t).Entities(string(text)) {
		if string(text)[e.Start:e.End] != e.Text && !strings.ContainsAny(string(text)[e.Start:e.End], "&\n") {
			t.Errorf("entity %+v: text at its offsets is %q", e, string(text)[e.Start:e.End])
		}
		found[Entity{Text: e.Text, Type: e.Type}] = true
	}
	for _, want := range []Entity{
		{Text: "Shinzo Abe", Type: "PER"}, {Text: "Donald Trump", Type: "PER"}, {Text: "Moon Jae-in", Type: "PER"},
		{Text: "Mike Pence", Type: "PER"}, {Text: "Kim Jong-un", Type: "PER"},
		{Text: "North Korea", Type: "LOC"}, {Text: "South Korea", Type: "LOC"}, {Text: "Tokyo", Type: "LOC"},
	} {
		if !found[want] {
			t.Errorf("%s %q not found", want.Type, want.Text)
		}
	}
}
