// Package nlp finds named entities in news text.
//
// It holds a tokenizer for news prose (Tokenize), a sentence splitter, and a
// named-entity tagger: a structured averaged perceptron over hashed features
// (words, shapes, affixes, word clusters learned from unlabelled news text,
// gazetteers and document-level history) decoded with Viterbi. The tagger is
// trained on CoNLL-2003 (Train, ReadCoNLL), scored with conlleval rules
// (Evaluate) and shipped embedded in the binary (DefaultTagger). MODEL.md is
// the model card.
//
// Everything is pure Go: no cgo, no network and no files at run time.
package nlp
