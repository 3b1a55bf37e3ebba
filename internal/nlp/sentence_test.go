package nlp

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sentenceTexts splits text and returns each sentence's tokens joined by spaces.
func sentenceTexts(text string) []string {
	toks := Tokenize(text)
	var out []string
	for _, sp := range SplitSentences(text, toks) {
		words := make([]string, 0, sp[1]-sp[0])
		for _, t := range toks[sp[0]:sp[1]] {
			words = append(words, t.Text)
		}
		out = append(out, strings.Join(words, " "))
	}
	return out
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"two sentences", "Abe left. Trump stayed.", []string{"Abe left .", "Trump stayed ."}},
		{"question and exclamation", "Why? Because! Yes.", []string{"Why ?", "Because !", "Yes ."}},
		{"title does not end", "Mr. Smith met Dr. Jones.", []string{"Mr. Smith met Dr. Jones ."}},
		{"month does not end before a number", "On Jan. 5 he left.", []string{"On Jan. 5 he left ."}},
		{"country abbreviation inside", "The U.S. Senate voted.", []string{"The U.S. Senate voted ."}},
		{"country abbreviation at the end", "He lives in the U.S. The weather is fine.", []string{"He lives in the U.S.", "The weather is fine ."}},
		{"company abbreviation at the end", "He joined Acme Inc. It grew.", []string{"He joined Acme Inc.", "It grew ."}},
		{"initials", "J. K. Rowling wrote it.", []string{"J. K. Rowling wrote it ."}},
		{"closing quote stays", `"We won." Abe smiled.`, []string{`" We won . "`, "Abe smiled ."}},
		{"lower case continues", "It rose 5 p.m. today. Then fell.", []string{"It rose 5 p.m. today .", "Then fell ."}},
		{"paragraph break", "Breaking news\n\nAbe met Trump", []string{"Breaking news", "Abe met Trump"}},
		{"navigation lines", "North Korea\nGet more with myNEWS\nLearn more\nAbe said so.", []string{"North Korea", "Get more with myNEWS", "Learn more", "Abe said so ."}},
		{"wrapped line runs on", "The prime minister said on Wednesday that he and the\npresident agreed.", []string{"The prime minister said on Wednesday that he and the president agreed ."}},
		{"wrapped line before a name", "The prime minister said on Wednesday that he met with\nDonald Trump on Monday.", []string{"The prime minister said on Wednesday that he met with Donald Trump on Monday ."}},
		{"short line after a long one", "A personalised news feed of stories that matter to you\nLearn more\n\nAbe said so.", []string{"A personalised news feed of stories that matter to you", "Learn more", "Abe said so ."}},
		{"name broken by a hard wrap", "TOKYO, March 3 - Japanese Prime Minister Kiichi\nMiyazawa said on Tuesday that Japan would cut its\ntrade surplus with the United States this year.", []string{"TOKYO , March 3 - Japanese Prime Minister Kiichi Miyazawa said on Tuesday that Japan would cut its trade surplus with the United States this year ."}},
		{"name broken inside a wrapped paragraph", "The talks between the two governments were held in the Ivory\nCoast, officials of both governments said today, and\nthey will go on next week.", []string{"The talks between the two governments were held in the Ivory Coast , officials of both governments said today , and they will go on next week ."}},
		{"headline in capitals before the story", "JAPAN TO CUT TRADE SURPLUS WITH THE UNITED STATES\nJapan will cut its trade surplus with the United States, officials said.", []string{"JAPAN TO CUT TRADE SURPLUS WITH THE UNITED STATES", "Japan will cut its trade surplus with the United States , officials said ."}},
		{"title line before a one-line story", "Abe and Trump agree to keep pressure on North Korea\nThe two leaders spoke by telephone on Wednesday night.", []string{"Abe and Trump agree to keep pressure on North Korea", "The two leaders spoke by telephone on Wednesday night ."}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, sentenceTexts(tt.in)); diff != "" {
				t.Errorf("sentences of %q mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestSplitSentencesCapsLength(t *testing.T) {
	text := strings.Repeat("word ", 3*maxSentence)
	toks := Tokenize(text)
	for _, sp := range SplitSentences(text, toks) {
		if sp[1]-sp[0] > maxSentence {
			t.Fatalf("sentence of %d tokens, want at most %d", sp[1]-sp[0], maxSentence)
		}
	}
}
