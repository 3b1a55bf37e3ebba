// Package extract cleans publisher content: it sanitises untrusted HTML
// (Sanitize), turns HTML into text (PlainText), normalises story URLs
// (CanonicalURL), hashes content for duplicate detection (Fingerprint),
// converts fetched bytes to UTF-8 (ToUTF8) and pulls the readable article out
// of a full web page (ExtractArticle, FetchArticle).
//
// It knows the root domain types and nothing of storage or HTTP serving; the
// only network access is through the FetchFunc a caller passes in.
// Every function is safe for concurrent use.
package extract
