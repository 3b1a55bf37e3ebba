package textvec

// stopWords are English function words, contractions' halves and the commonest
// news filler: tokens that occur in nearly every story and say nothing about
// which story it is. Tokens are lower case, as Scan emits them.
var stopWords = map[string]struct{}{}

// stopIDs holds the TermIDs of the stop words (see IsStopID), and stopBits
// their low 16 bits as a bitset: most ids are ruled out without a map lookup.
var (
	stopIDs  = map[uint32]struct{}{}
	stopBits [1 << 10]uint64
)

func init() {
	for _, w := range []string{
		"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
		"be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
		"can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further",
		"had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
		"i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself",
		"no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves",
		"out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
		"theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too",
		"under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
		"whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves",
		"isn", "aren", "wasn", "weren", "hasn", "haven", "hadn", "doesn", "don", "didn", "won", "wouldn",
		"shan", "shouldn", "can't", "cannot", "couldn", "mustn", "ll", "ve", "re",
		"said", "says", "say", "told", "according", "would", "may", "might", "must", "shall", "one", "two",
		"new", "year", "years", "last", "first", "mr", "mrs", "ms", "per", "cent", "percent",
	} {
		stopWords[w] = struct{}{}
		id := TermID([]byte(w))
		stopIDs[id] = struct{}{}
		stopBits[id&0xffff>>6] |= 1 << (id & 63)
	}
}

// IsStopWord reports whether tok (lower case, as Scan emits it) is a stop word.
func IsStopWord(tok []byte) bool {
	_, ok := stopWords[string(tok)]
	return ok
}
