package section

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"lower-cases", "Apple SHARES Rise", []string{"apple", "shares", "rise"}},
		{"punctuation splits", "profits, (up 76%)!", []string{"profits", "up", "76"}},
		{"apostrophe splits, drops single letters", "Obama's plan isn't new", []string{"obama", "plan", "isn", "new"}},
		{"hyphen splits", "e-mail long-term", []string{"mail", "long", "term"}},
		{"digits kept", "Windows 3.1 in 1993", []string{"windows", "in", "1993"}},
		{"accents kept", "Café Zürich ÉTÉ", []string{"café", "zürich", "été"}},
		{"combining mark kept", "cafe\u0301 x", []string{"cafe\u0301"}},
		{"non-latin", "Москва Ελλάδα", []string{"москва", "ελλάδα"}},
		{"email split", "<mathew@mantis.co.uk>", []string{"mathew", "mantis", "co", "uk"}},
		{"overlong dropped", "begin " + strings.Repeat("M", 31) + " end", []string{"begin", "end"}},
		{"longest kept", strings.Repeat("a", 30), []string{strings.Repeat("a", 30)}},
		{"empty", "", nil},
		{"invalid utf-8", "ab\xffcd", []string{"ab", "cd"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tokens(tc.in)); diff != "" {
				t.Errorf("tokens(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func FuzzTokens(f *testing.F) {
	f.Add("Apple's SHARES rose 5% in Zürich")
	f.Add("ab\xffcd\u0301")
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range tokens(s) {
			n := utf8.RuneCountInString(tok)
			if n < minTokenRunes || n > maxTokenRunes {
				t.Fatalf("token %q has %d runes", tok, n)
			}
			if strings.ContainsAny(tok, " \t\n.,'") {
				t.Fatalf("token %q holds a separator", tok)
			}
		}
	})
}

func TestSplitHeader(t *testing.T) {
	post := "From: ann@cs.example.edu (Ann Lee)\nSubject: Re: clutch\n  advice\nLines: 12\n" +
		"Organization: Example University\nMessage-ID: <1@x>\n\nBody text.\n\nMore: not a header.\n"
	tests := []struct {
		name       string
		in         string
		wantOK     bool
		wantFields []headerField
		wantBody   string
	}{
		{
			name: "news post", in: post, wantOK: true,
			wantFields: []headerField{
				{"from", "ann@cs.example.edu (Ann Lee)"},
				{"subject", "Re: clutch\n  advice"},
				{"organization", "Example University"},
			},
			wantBody: "Body text.\n\nMore: not a header.\n",
		},
		{name: "crlf", in: "Subject: hi\r\n\tthere\r\nDate: today\r\n\r\nbody", wantOK: true,
			wantFields: []headerField{{"subject", "hi\r\n\tthere"}}, wantBody: "body"},
		{name: "folded dropped field", in: "Path: a!b\n c!d\nSubject: hi\n\nbody", wantOK: true,
			wantFields: []headerField{{"subject", "hi"}}, wantBody: "body"},
		{name: "case-insensitive names", in: "FROM: Ann\nsUbJeCt: hi\n\nbody", wantOK: true,
			wantFields: []headerField{{"from", "Ann"}, {"subject", "hi"}}, wantBody: "body"},
		{name: "story starting with a label", in: "Update: the match is off.\nMore later.\n\nText", wantBody: "Update: the match is off.\nMore later.\n\nText"},
		{name: "fields but no envelope field", in: "Location: Paris\nTime: noon\n\nText", wantBody: "Location: Paris\nTime: noon\n\nText"},
		{name: "one field only", in: "Subject: hi\n\nText", wantBody: "Subject: hi\n\nText"},
		{name: "no blank line", in: "From: a\nSubject: b", wantBody: "From: a\nSubject: b"},
		{name: "continuation first", in: " From: a\nSubject: b\n\nx", wantBody: " From: a\nSubject: b\n\nx"},
		{name: "bad field name", in: "From: a\n2Subject: b\n\nx", wantBody: "From: a\n2Subject: b\n\nx"},
		{name: "plain text", in: "The Prime Minister said", wantBody: "The Prime Minister said"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fields, body, ok := splitHeader(tc.in, nil)
			if ok != tc.wantOK || body != tc.wantBody {
				t.Errorf("splitHeader ok=%v body=%q; want ok=%v body=%q", ok, body, tc.wantOK, tc.wantBody)
			}
			if diff := cmp.Diff(tc.wantFields, fields, cmp.AllowUnexported(headerField{})); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzSplitHeader(f *testing.F) {
	f.Add("From: a\nSubject: b\n\nbody")
	f.Add("Subject: x\r\n y\r\nDate: z\r\n\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		fields, body, ok := splitHeader(s, nil)
		if !ok && (body != s || fields != nil) {
			t.Fatalf("no header, but body or fields changed")
		}
		if ok && !strings.HasSuffix(s, body) {
			t.Fatalf("body %q is not a suffix of the input", body)
		}
		for _, fl := range fields {
			if lookupField(contentFields, fl.name) != fl.name {
				t.Fatalf("kept non-content field %q", fl.name)
			}
		}
	})
}

func TestFeatures(t *testing.T) {
	e := &extractor{cfg: featureConfig{Bigrams: true, TitleTokens: true, Headers: true}}
	word := func(s string) uint64 { return featureHash(hashBytes([]byte(s)), kindWord) }
	bigram := func(a, b string) uint64 {
		return featureHash(hashBytes([]byte(a))*0x9e3779b97f4a7c15+hashBytes([]byte(b)), kindBigram)
	}
	title := func(s string) uint64 { return featureHash(hashBytes([]byte(s)), kindTitle) }
	author := func(s string) uint64 { return featureHash(hashBytes([]byte(s)), kindAuthor) }

	got := e.features(nil, "Big Win", "Late goal")
	want := []uint64{word("big"), title("big"), word("win"), title("win"), bigram("big", "win"),
		word("late"), word("goal"), bigram("late", "goal")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("features with title (-want +got):\n%s", diff)
	}

	got = e.features(nil, "", "From: Ann\nSubject: Clutch\nLines: 3\n\nGear box")
	want = []uint64{author("ann"), word("clutch"), title("clutch"), word("gear"), word("box"), bigram("gear", "box")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("features of a news post (-want +got):\n%s", diff)
	}

	e.cfg = featureConfig{}
	got = e.features(nil, "Big Win", "From: Ann\nSubject: Clutch\n\nGear")
	want = []uint64{word("big"), word("win"), word("from"), word("ann"), word("subject"), word("clutch"), word("gear")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("features, unigrams only (-want +got):\n%s", diff)
	}
}

func TestFeatureKinds(t *testing.T) {
	h := hashBytes([]byte("apple"))
	seen := map[uint64]bool{}
	for _, kind := range []uint64{kindWord, kindBigram, kindTitle, kindAuthor} {
		f := featureHash(h, kind)
		if featureKind(f) != int(kind) {
			t.Errorf("featureKind(featureHash(h, %d)) = %d", kind, featureKind(f))
		}
		if seen[f] {
			t.Errorf("kind %d collides with another kind", kind)
		}
		seen[f] = true
	}
}

func TestNewBag(t *testing.T) {
	b := newBag([]uint64{7, 3, 7, 9, 3, 7})
	want := bag{hashes: []uint64{3, 7, 9}, counts: []uint32{2, 3, 1}}
	if diff := cmp.Diff(want, b, cmp.AllowUnexported(bag{})); diff != "" {
		t.Errorf("newBag (-want +got):\n%s", diff)
	}
}

func TestVocab(t *testing.T) {
	var hashes []uint64
	for i := range 1000 {
		hashes = append(hashes, mix(uint64(i)+1))
	}
	v := newVocab(hashes)
	for i, h := range hashes {
		if got := v.index(h); got != int32(i) {
			t.Fatalf("index(hashes[%d]) = %d", i, got)
		}
	}
	for i := range 1000 {
		if got := v.index(mix(uint64(i) + 5000)); got != -1 {
			t.Fatalf("unknown hash found at %d", got)
		}
	}
	if empty := newVocab(nil); empty.index(42) != -1 {
		t.Fatal("empty vocabulary found a feature")
	}
}

func TestVectorize(t *testing.T) {
	bags := []bag{
		{hashes: []uint64{10, 20, 30}, counts: []uint32{1, 3, 1}},
		{hashes: []uint64{20, 40}, counts: []uint32{1, 1}},
		{hashes: []uint64{99}, counts: []uint32{4}},
	}
	hashes, df := selectFeatures(bags, 1, 100)
	if diff := cmp.Diff([]uint64{10, 20, 30, 40, 99}, hashes); diff != "" {
		t.Errorf("selectFeatures hashes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int32{1, 2, 1, 1, 1}, df); diff != "" {
		t.Errorf("selectFeatures df (-want +got):\n%s", diff)
	}
	hashes, df = selectFeatures(bags, 2, 100)
	if diff := cmp.Diff([]uint64{20}, hashes); diff != "" || df[0] != 2 {
		t.Errorf("selectFeatures minDF=2 (-want +got):\n%s", diff)
	}
	hashes, _ = selectFeatures(bags, 1, 2)
	if diff := cmp.Diff([]uint64{10, 20}, hashes); diff != "" {
		t.Errorf("selectFeatures limit=2 keeps the most frequent, then lowest hashes (-want +got):\n%s", diff)
	}

	hashes, df = selectFeatures(bags, 1, 100)
	idf := idfWeights(df, len(bags))
	x := vectorize(bags, newVocab(hashes), idf)
	if x.rows() != 3 {
		t.Fatalf("rows = %d", x.rows())
	}
	for i := range x.rows() {
		if n := sqNorm(x, i); n < 0.9999 || n > 1.0001 {
			t.Errorf("row %d squared norm = %v, want 1", i, n)
		}
	}
	// Row 0: feature 20 (count 3, df 2) against 10 (count 1, df 1).
	r0 := x.val[x.ptr[0]:x.ptr[1]]
	wantRatio := float64(tfWeight(3)*idf[1]) / float64(tfWeight(1)*idf[0])
	if got := float64(r0[1] / r0[0]); got < wantRatio*0.999 || got > wantRatio*1.001 {
		t.Errorf("tf-idf ratio = %v, want %v", got, wantRatio)
	}
}

func sqNorm(x *matrix, i int) float64 {
	var s float64
	for _, v := range x.val[x.ptr[i]:x.ptr[i+1]] {
		s += float64(v) * float64(v)
	}
	return s
}
