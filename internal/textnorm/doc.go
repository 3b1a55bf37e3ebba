// Package textnorm rewrites a story's title and text, before tagging, into
// the form the entity tagger and the topic resolver read best, without moving
// a byte: every output has exactly the length of its input and every byte
// offset keeps its meaning, so the entities found in the normalised text point
// into the original one.
//
// It is a package of its own because two readers share it (the tagger in
// internal/nlp and the resolver in internal/topic both read its output, and
// analyze runs it once for both), and because its rules are about the shape
// of wire copy, not about names: hard-wrapped lines, headlines in capitals,
// datelines, credits, tickers and rating grades.
//
// The rules, in order (each has a test that states its reason):
//
//   - Credits are blanked: a line that is only an agency's name (the closing
//     "Reuter" of wire copy), and "(Reporting by …)", "(Editing by …)"
//     parentheticals. A credit is who wrote the story, never what it is about.
//   - Tickers are blanked: "<BUD>", "(VMNB)" after a company name,
//     "NYSE:IBM". The brackets of a company name ("<Hooper Holmes Inc>") go,
//     the name stays. A parenthesised acronym that spells the initials of the
//     name before it ("Securities and Exchange Commission (SEC)") is a
//     definition, not a ticker, and stays.
//   - Rating grades ("AAA", "Baa-2", "A-1-plus") in a paragraph about ratings
//     are blanked: they are capitalised but name nothing.
//   - Hard line breaks inside a paragraph become spaces, so that a name
//     broken at a line end ("Kiichi\nMiyazawa") is one name.
//   - Text in capitals (a headline, a dateline's city, a shouted paragraph) is
//     re-cased from the evidence of the rest of the text: a word takes the
//     form it has inside sentences ("MIYAZAWA" → "Miyazawa", "U.S." stays),
//     common words and currency codes ("DLRS", "STG", "YEN") go to lower case.
//
// Normalisation is linear in the length of the text and safe for concurrent
// use (it keeps no state).
package textnorm
