package api

// rankOperations documents rankRoutes.
func rankOperations() map[string]op {
	until := []map[string]any{query("until", "RFC 3339 end of the mute (a snooze); none: for good", dateTime())}
	muted := object(map[string]any{"muted": boolean(), "kind": str(), "target": str(), "until": dateTime()}, "muted", "kind", "target")
	return map[string]op{
		"GET /api/v1/feed/why/{id}": {summary: "Why a story is in the reader's feed: its score, reasons and the features that counted (explain)",
			status: 200, resp: schema("FeedItem")},
		"GET /api/v1/headlines": {summary: "Headlines: the biggest story clusters of the last 48 hours (two or more outlets), per section, the same for every reader",
			params: []map[string]any{query("section", "one section only", str()),
				query("limit", "clusters per section", map[string]any{"type": "integer", "minimum": 1, "maximum": 50, "default": 5})},
			status: 200, resp: object(map[string]any{"sections": array(object(map[string]any{"section": str(),
				"items": array(schema("FeedItem"))}, "section", "items"))}, "sections")},
		"GET /api/v1/me/ranking": {summary: "The reader's ranking settings: preset and weights", status: 200, resp: schema("RankingSettings")},
		"PUT /api/v1/me/ranking": {summary: "Change the ranking settings: a preset's name picks its weights; preset custom takes the weights given",
			body: schema("RankingSettings"), status: 200, resp: schema("RankingSettings")},
		"PUT /api/v1/mutes/sources/{id}":      {summary: "Mute a source, for good or until a time", params: until, status: 200, resp: muted},
		"DELETE /api/v1/mutes/sources/{id}":   {summary: "Unmute a source", status: 204},
		"PUT /api/v1/mutes/authors/{name}":    {summary: "Mute an author, for good or until a time", params: until, status: 200, resp: muted},
		"DELETE /api/v1/mutes/authors/{name}": {summary: "Unmute an author", status: 204},
		"PUT /api/v1/mutes/clusters/{id}":     {summary: "Mute a story cluster, for good or until a time", params: until, status: 200, resp: muted},
		"DELETE /api/v1/mutes/clusters/{id}":  {summary: "Unmute a story cluster", status: 204},
	}
}
