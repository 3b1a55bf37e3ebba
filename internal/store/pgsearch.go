package store

import (
	"context"
	"strings"
)

// pgSearch is PostgreSQL's search condition for a reader's query, read the way
// ftsQuery reads it for SQLite: words are ANDed, "quoted text" is a phrase,
// OR between two terms is a disjunction, -word excludes and word* matches
// words that start with word. Each term becomes its own tsquery built from a
// parameter (phraseto_tsquery, or to_tsquery of a quoted prefix), combined
// with the tsquery operators, so nothing the reader types is tsquery syntax.
func pgSearch(q string, a *args) (string, bool) {
	var groups [][]string
	var cur, neg []string
	orNext := false
	for _, tok := range searchTokens(q) {
		switch {
		case tok.or:
			orNext = len(cur) > 0
		case tok.not:
			neg = append(neg, pgTerm(tok, a))
		case orNext:
			groups, cur, orNext = append(groups, cur), []string{pgTerm(tok, a)}, false
		default:
			cur = append(cur, pgTerm(tok, a))
		}
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}
	if len(groups) == 0 {
		if len(neg) == 0 {
			return "", false
		}
		return "NOT s.search @@ (" + strings.Join(neg, " || ") + ")", true
	}
	ors := make([]string, len(groups))
	for i, g := range groups {
		ors[i] = "(" + strings.Join(g, " && ") + ")"
	}
	expr := "(" + strings.Join(ors, " || ") + ")"
	for _, n := range neg {
		expr += " && !!" + n
	}
	return "s.search @@ (" + expr + ")", true
}

// pgSearchPlanned is pgSearch written the way that is fastest for how many
// stories match, as sqliteSearch does: a bounded probe counts the matches
// through the GIN index, and when there are more than driveFromMatches the
// condition tests a copy of the search column, which no index serves, so
// that PostgreSQL walks the stories newest first and stops at a page instead
// of fetching and sorting every match (its plans are generic: it cannot tell
// a rare word from a common one itself).
func pgSearchPlanned(ctx context.Context, db *DB, q string, a *args) (string, bool, error) {
	var probe args
	cond, ok := pgSearch(q, &probe)
	if !ok {
		return "", false, nil
	}
	var n int
	if err := db.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM stories s WHERE `+cond+` LIMIT `+
		probe.add(driveFromMatches+1)+`) m`, probe...).Scan(&n); err != nil {
		return "", false, err
	}
	cond, _ = pgSearch(q, a)
	if n > driveFromMatches {
		cond = strings.Replace(cond, "s.search @@", "(s.search || ''::tsvector) @@", 1)
	}
	return cond, true, nil
}

// pgTerm is one term as a tsquery expression over a new parameter.
func pgTerm(tok searchToken, a *args) string {
	if tok.prefix {
		lexeme := strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(tok.raw)
		return "to_tsquery('english', " + a.add("'"+lexeme+"':*") + ")"
	}
	return "phraseto_tsquery('english', " + a.add(tok.raw) + ")"
}
