package nlp

import (
	"strings"
)

// Entity is a named entity found in a text. Type is PER, LOC, ORG or MISC.
// Start and End are byte offsets into the text given to Entities; Text is
// the entity as written there, with HTML character references decoded and
// runs of white space collapsed to one space.
type Entity struct {
	Text  string `json:"text"`
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Entities finds the named entities in plain text of any length: it
// tokenizes the text, splits it into sentences and tags them as one
// document, in order.
func (m *Tagger) Entities(text string) []Entity {
	toks := Tokenize(text)
	spans := SplitSentences(text, toks)
	sents := make([][]string, len(spans))
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Text
	}
	for s, sp := range spans {
		sents[s] = words[sp[0]:sp[1]]
	}
	var out []Entity
	m.tagSentences(sents, func(s int, ys []int) {
		out = m.appendEntities(out, text, toks[spans[s][0]:spans[s][1]], ys)
	})
	return out
}

// appendEntities appends the entities that labels ys mark on toks.
func (m *Tagger) appendEntities(out []Entity, text string, toks []Token, ys []int) []Entity {
	for i := 0; i < len(ys); {
		if !m.ls.begins(ys[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(ys) && ys[j] != 0 && !m.ls.begins(ys[j]) && m.ls.typ[ys[j]] == m.ls.typ[ys[i]] {
			j++
		}
		start, end := toks[i].Start, toks[j-1].End
		out = append(out, Entity{
			Text:  entityText(text[start:end], toks[i:j]),
			Type:  m.ls.types[m.ls.typ[ys[i]]],
			Start: start,
			End:   end,
		})
		i = j
	}
	return out
}

// entityText returns raw with references decoded and white space collapsed.
func entityText(raw string, toks []Token) string {
	if !strings.ContainsAny(raw, "&\n\t\r\u00a0") && !strings.Contains(raw, "  ") {
		return raw
	}
	var b strings.Builder
	for k, t := range toks {
		if k > 0 && toks[k-1].End < t.Start {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}
