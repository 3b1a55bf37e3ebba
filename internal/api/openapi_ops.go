package api

import "maps"

// operations documents every route of routes() and OpenAPIRoute. A route
// added to routes() must be added here: the OpenAPI test fails until it is.
func operations() map[string]op {
	limit := func(def, max int) map[string]any {
		return query("limit", "page size", map[string]any{"type": "integer", "minimum": 1, "maximum": max, "default": def})
	}
	cursor := query("cursor", "next_cursor of the previous page", str())
	slugOnly := object(map[string]any{"muted": boolean(), "slug": str(), "until": dateTime()}, "muted", "slug")
	ops := map[string]op{
		OpenAPIRoute: {summary: "This OpenAPI 3.1 description (needs no credentials)", status: 200, resp: map[string]any{"type": "object"}},

		"GET /api/v1/stories": {summary: "List stories, newest first, with the reader's read and saved state",
			params: []map[string]any{limit(50, 200), cursor, query("topic", "a topic's slug", str()), query("source", "a source's id", integer()),
				query("q", "full-text search: words, \"phrases\", OR, -exclusions", str()),
				query("unread", "only stories the reader has not read", enum("true", "false")),
				query("saved", "only stories the reader saved", enum("true", "false")),
				query("collapse", "false lists every story; by default a story cluster shows once per page, as its newest story on the page, carrying \"cluster\"", enum("true", "false"))},
			status: 200, resp: schema("StoryPage"), example: exampleStoryPage()},
		"GET /api/v1/stories/{id}":           {summary: "One story, with its cluster when it has one", status: 200, resp: schema("Story"), example: exampleClusteredStory()},
		"POST /api/v1/stories":               {summary: "A publisher pushes a story of its source (upsert by external_id; 201 new, 200 updated)", body: schema("PushStory"), status: 201, resp: schema("Story")},
		"DELETE /api/v1/stories/{id}":        {summary: "A publisher retracts a story of its source", status: 204},
		"GET /api/v1/stories/{id}/revisions": {summary: "A story's revisions, oldest first", status: 200, resp: items(schema("Revision"))},
		"GET /api/v1/stories/{id}/related": {summary: "Related stories: stories sharing the story's salient topics, outside its cluster, newest first",
			params: []map[string]any{limit(10, 50)}, status: 200, resp: items(schema("Story")),
			example: map[string]any{"items": []any{exampleStory()}}},

		"GET /api/v1/clusters": {summary: "Story clusters (two or more stories), most recently active first, each with its first stories",
			params: []map[string]any{limit(20, 200), cursor, query("topic", "a topic's slug: clusters with a story carrying it", str())},
			status: 200, resp: object(map[string]any{"items": array(schema("Cluster")), "next_cursor": str()}, "items", "next_cursor"),
			example: map[string]any{"items": []any{exampleCluster()}, "next_cursor": "MTc3MjM1NzQwMDAwMDo4OA"}},
		"GET /api/v1/clusters/{id}": {summary: "One story cluster with every story, outlet and its timeline (a merged cluster's id answers the cluster it went into)",
			status: 200, resp: schema("Cluster"), example: exampleCluster()},
		"PUT /api/v1/follows/clusters/{id}": {summary: "Follow a developing story: its new stories enter the feed until it is quiet for 48 hours",
			status: 200, resp: object(map[string]any{"following": boolean(), "cluster": schema("Cluster")}, "following", "cluster"),
			example: map[string]any{"following": true, "cluster": exampleCluster()}},
		"DELETE /api/v1/follows/clusters/{id}": {summary: "Stop following a story cluster", status: 204},

		"GET /api/v1/topics": {summary: "Topics with their story counts, most stories first",
			params: []map[string]any{query("q", "names matching", str()), limit(100, 500)}, status: 200, resp: items(schema("Topic")),
			example: map[string]any{"items": []any{exampleTopic()}}},
		"GET /api/v1/topics/{slug}":        {summary: "One topic (a merged topic's slug answers the topic it went into)", status: 200, resp: schema("Topic"), example: exampleTopic()},
		"PATCH /api/v1/topics/{slug}":      {summary: "An administrator renames a topic or changes its kind", body: object(map[string]any{"name": str(), "kind": schema("TopicKind")}), status: 200, resp: schema("Topic")},
		"POST /api/v1/topics/{slug}/merge": {summary: "An administrator folds the topic into another", body: object(map[string]any{"into": str()}, "into"), status: 200, resp: schema("Topic")},

		"GET /api/v1/follows":                  {summary: "What the reader follows (topics, sources, story clusters), newest first", status: 200, resp: items(schema("Follow"))},
		"PUT /api/v1/follows/topics/{slug}":    {summary: "Follow a topic", status: 200, resp: object(map[string]any{"following": boolean(), "topic": schema("Topic")}, "following", "topic")},
		"DELETE /api/v1/follows/topics/{slug}": {summary: "Stop following a topic", status: 204},
		"PUT /api/v1/follows/sources/{id}":     {summary: "Follow a source", status: 200, resp: object(map[string]any{"following": boolean(), "source": schema("Source")}, "following", "source")},
		"DELETE /api/v1/follows/sources/{id}":  {summary: "Stop following a source", status: 204},
		"GET /api/v1/mutes": {summary: "The reader's mutes in force: topics (items), sources, authors and clusters (others), and how many stories of the last 7 days they hid",
			status: 200, resp: object(map[string]any{"items": array(schema("Mute")), "others": array(schema("MuteTarget")),
				"hidden_this_week": integer()}, "items", "others", "hidden_this_week")},
		"PUT /api/v1/mutes/topics/{slug}": {summary: "Mute a topic, for good or until a time",
			params: []map[string]any{query("until", "RFC 3339 end of the mute", dateTime())}, status: 200, resp: slugOnly},
		"DELETE /api/v1/mutes/topics/{slug}": {summary: "Unmute a topic", status: 204},

		"GET /api/v1/feed": {summary: "The reader's ranked feed, each item with its reasons",
			params: []map[string]any{limit(50, 200), cursor,
				query("order", "latest: newest first instead of ranked", enum("ranked", "latest")),
				query("explain", "1: each item lists the features that counted (explain)", enum("1", "true"))}, status: 200, resp: schema("FeedPage"),
			example: map[string]any{"items": []any{map[string]any{"story": exampleStory(), "score": 0.83, "cluster": exampleClusterRef(),
				"reasons": []any{map[string]any{"kind": "followed_cluster", "text": "Because you follow this story", "cluster_id": 88},
					map[string]any{"kind": "followed_topic", "text": "Because you follow North Korea", "topic_slug": "north-korea"}}}},
				"next_cursor": ""}},
		"POST /api/v1/events": {summary: "Reading signals", body: array(schema("Event")), status: 202,
			resp: object(map[string]any{"accepted": integer()}, "accepted")},

		"GET /api/v1/sources":      {summary: "Every source, by title, with its fetch status", status: 200, resp: items(schema("Source"))},
		"POST /api/v1/sources":     {summary: "Add a feed for the install (administrators, or readers when allowed)", body: object(map[string]any{"url": str()}, "url"), status: 201, resp: schema("Source")},
		"GET /api/v1/sources/opml": {summary: "Every source as OPML", status: 200, resp: str(), media: "text/x-opml"},
		"POST /api/v1/sources/opml": {summary: "Import an OPML document: add and follow each feed", status: 200, resp: schema("ImportResult"),
			content: map[string]any{"text/x-opml": map[string]any{"schema": str()}, "application/xml": map[string]any{"schema": str()},
				"text/xml":            map[string]any{"schema": str()},
				"multipart/form-data": map[string]any{"schema": object(map[string]any{"file": str()}, "file")}}},
		"GET /api/v1/sources/{id}":    {summary: "One source with its WebSub subscription", status: 200, resp: schema("SourceDetail")},
		"DELETE /api/v1/sources/{id}": {summary: "Remove a source and its stories, for every reader (administrators)", status: 204},

		"GET /api/v1/tokens": {summary: "The reader's API tokens and app passwords, with when each was last used (never the secrets)",
			status: 200, resp: items(schema("Token"))},
		"POST /api/v1/tokens": {summary: "Create an API token or an app password (for feed reader apps); the secret is shown this once",
			body: object(map[string]any{"name": str(), "kind": enum("api", "app_password")}, "name"), status: 201,
			resp: object(map[string]any{"token": schema("Token"), "secret": str()}, "token", "secret"),
			example: map[string]any{"token": map[string]any{"id": 7, "name": "Reeder", "kind": "app_password", "created_at": "2026-03-01T09:00:00Z"},
				"secret": "abcd-efgh-jkmn-pqrs-tuvw-xyz2"}},
		"DELETE /api/v1/tokens/{id}": {summary: "Revoke a token or app password: it stops working at once", status: 204},
		"GET /api/v1/me": {summary: "The signed-in reader, with the secret feed_key of their feed URLs", status: 200, resp: schema("Me"),
			example: map[string]any{"id": 1, "name": "ada", "is_admin": false, "created_at": "2026-03-01T09:00:00Z",
				"feed_key": "hfk_c2VjcmV0LWZlZWQta2V5LWZvci1hZGEtMTIzNA"}},
		"POST /api/v1/me/feed-key": {summary: "Replace the feed key: feed URLs with the old one stop working", status: 200,
			resp: object(map[string]any{"feed_key": str()}, "feed_key")},

		"GET /api/v1/labels": {summary: "The reader's own labels on stories (what feed reader apps call tags), by name", status: 200,
			resp: items(object(map[string]any{"name": str()}, "name")), example: map[string]any{"items": []any{map[string]any{"name": "Later"}}}},
		"GET /api/v1/labels/{name}/stories": {summary: "The stories the reader gave a label, newest first",
			params: []map[string]any{limit(50, 200), cursor}, status: 200, resp: schema("StoryPage")},
		"PUT /api/v1/labels/{name}/stories/{id}":    {summary: "Put the reader's label on a story", status: 204},
		"DELETE /api/v1/labels/{name}/stories/{id}": {summary: "Take the reader's label off a story", status: 204},

		"GET /api/v1/webhooks": {summary: "The reader's webhooks (an administrator's ?all=true: everyone's)",
			params: []map[string]any{query("all", "every reader's (administrators)", enum("true", "false"))}, status: 200, resp: items(schema("Webhook"))},
		"POST /api/v1/webhooks": {summary: "Register a URL for new stories of one topic, source or cluster; the signing secret is shown this once",
			body: object(map[string]any{"url": str(), "topic": str(), "source_id": integer(), "cluster_id": integer()}, "url"), status: 201,
			resp:    object(map[string]any{"webhook": schema("Webhook"), "secret": str()}, "webhook", "secret"),
			example: map[string]any{"webhook": exampleWebhook(), "secret": "whsec_c2lnbmluZy1zZWNyZXQtZXhhbXBsZS0xMjM0NTY3OA"}},
		"GET /api/v1/webhooks/{id}": {summary: "A webhook and its recent deliveries", status: 200,
			resp: object(map[string]any{"webhook": schema("Webhook"), "deliveries": array(schema("Delivery"))}, "webhook", "deliveries")},
		"DELETE /api/v1/webhooks/{id}": {summary: "Delete a webhook", status: 204},
	}
	maps.Copy(ops, rankOperations())
	return ops
}

// schemas are the components' schemas.
func schemas() map[string]any {
	return map[string]any{
		"Error":     object(map[string]any{"error": object(map[string]any{"code": str(), "message": str()}, "code", "message")}, "error"),
		"SourceRef": object(map[string]any{"id": integer(), "title": str()}, "id", "title"),
		"TopicKind": enum("person", "place", "organisation", "event", "other"),
		"Topic": object(map[string]any{"slug": str(), "name": str(), "kind": schema("TopicKind"), "story_count": integer()},
			"slug", "name", "kind"),
		"StoryTopic": object(map[string]any{"slug": str(), "name": str(), "kind": schema("TopicKind"), "salience": number()},
			"slug", "name", "kind", "salience"),
		"Story": object(map[string]any{
			"id": integer(), "source": schema("SourceRef"), "external_id": str(), "url": str(), "title": str(),
			"summary": str(), "content_html": str(), "authors": array(str()), "image_url": str(), "image_caption": str(),
			"image_credit": str(), "published_at": dateTime(), "updated_at": dateTime(), "section": str(), "section_source": str(),
			"cluster_id": integer(), "duplicate_of": integer(), "topics": array(schema("StoryTopic")), "embargo_until": dateTime(),
			"revision_count": integer(), "read": boolean(), "saved": boolean(), "cluster": schema("ClusterRef"),
		}, "id", "source", "url", "title", "summary", "content_html", "authors", "published_at", "section", "section_source",
			"cluster_id", "topics", "revision_count", "read", "saved"),
		"StoryPage": object(map[string]any{"items": array(schema("Story")), "next_cursor": str()}, "items", "next_cursor"),
		"Revision": object(map[string]any{"id": integer(), "story_id": integer(), "at": dateTime(), "changed": array(str()),
			"previous": map[string]any{"type": "object", "additionalProperties": str()}}, "id", "story_id", "at", "changed", "previous"),
		"PushStory": object(map[string]any{"external_id": str(), "title": str(), "url": str(), "authors": array(str()),
			"published_at": dateTime(), "updated_at": dateTime(), "summary": str(), "content_html": str(),
			"image":   object(map[string]any{"url": str(), "caption": str(), "credit": str()}, "url"),
			"topics":  array(map[string]any{"oneOf": []any{str(), object(map[string]any{"name": str(), "kind": schema("TopicKind")}, "name")}}),
			"section": str(), "embargo_until": dateTime()}, "external_id", "title"),
		"Follow": object(map[string]any{"kind": enum("topic", "source", "cluster"), "topic": schema("Topic"), "source": schema("SourceRef"),
			"cluster": schema("Cluster"), "created_at": dateTime()}, "kind", "created_at"),
		"ClusterRef": object(map[string]any{"id": integer(), "size": integer(), "outlets": integer(), "sources": array(schema("SourceRef")),
			"first_seen": dateTime(), "last_seen": dateTime(), "reason": str()},
			"id", "size", "outlets", "sources", "first_seen", "last_seen", "reason"),
		"Outlet": object(map[string]any{"source_id": integer(), "title": str(), "story_id": integer(), "published_at": dateTime()},
			"source_id", "title", "story_id", "published_at"),
		"TimelineEntry": object(map[string]any{"at": dateTime(), "story_id": integer(), "source": schema("SourceRef"), "title": str(),
			"kind": enum("first report", "also covered", "update")}, "at", "story_id", "source", "title", "kind"),
		"Cluster": object(map[string]any{"id": integer(), "headline": schema("Story"), "stories": array(schema("Story")),
			"outlets": array(schema("Outlet")), "topics": array(schema("StoryTopic")), "first_seen": dateTime(), "last_seen": dateTime(),
			"size": integer(), "following": boolean(), "timeline": array(schema("TimelineEntry"))},
			"id", "headline", "stories", "outlets", "topics", "first_seen", "last_seen", "size", "following", "timeline"),
		"Mute":   object(map[string]any{"topic": schema("Topic"), "until": dateTime(), "created_at": dateTime()}, "topic", "created_at"),
		"Reason": object(map[string]any{"kind": str(), "text": str(), "topic_slug": str(), "source_id": integer(), "cluster_id": integer()}, "kind", "text"),
		"FeedItem": object(map[string]any{"story": schema("Story"), "score": number(), "reasons": array(schema("Reason")),
			"explain": array(schema("Contribution")), "cluster": schema("ClusterRef")}, "story", "score", "reasons"),
		"Contribution": object(map[string]any{"feature": str(), "value": number(), "weight": number(), "contribution": number()},
			"feature", "value", "weight", "contribution"),
		"MuteTarget": object(map[string]any{"kind": enum("source", "author", "cluster"), "target": str(), "until": dateTime(),
			"created_at": dateTime()}, "kind", "target", "created_at"),
		"RankingSettings": object(map[string]any{"preset": enum("latest", "balanced", "discover", "custom"),
			"text": number(), "topics": number(), "sections": number(), "sources": number(), "follow": number(),
			"freshness": number(), "trending": number(), "fresh_half_life_hours": number(), "source_cap": integer(),
			"diversity": number()}, "preset"),
		"FeedPage": object(map[string]any{"items": array(schema("FeedItem")), "next_cursor": str()}, "items", "next_cursor"),
		"Event": object(map[string]any{"story_id": integer(), "kind": enum("impression", "open", "read", "save", "hide", "share", "more_like", "less_like"),
			"at": dateTime(), "dwell_ms": integer()}, "story_id", "kind"),
		"Source": object(sourceProps(), "id", "url", "title", "site_url", "full_text", "error_count", "story_count", "created_at"),
		"SourceDetail": map[string]any{"allOf": []any{schema("Source"), object(map[string]any{"websub": object(map[string]any{
			"state": enum("pending", "active", "denied", "expired", "unsubscribing"), "hub": str(), "expires_at": dateTime(),
			"last_push_at": dateTime(), "last_error": str()}, "state", "hub")})}},
		"ImportResult": object(map[string]any{"added": integer(), "existing": integer(), "failed": integer(),
			"items": array(object(map[string]any{"url": str(), "title": str(), "category": str(), "status": str(), "error": str(),
				"source": schema("Source")}, "url", "title", "category", "status"))}, "added", "existing", "failed", "items"),
		"Token": object(map[string]any{"id": integer(), "name": str(), "kind": enum("api", "app_password"), "source_id": integer(),
			"created_at": dateTime(), "last_used_at": dateTime()}, "id", "name", "kind", "created_at"),
		"Me": object(map[string]any{"id": integer(), "name": str(), "is_admin": boolean(), "created_at": dateTime(), "feed_key": str()},
			"id", "name", "is_admin", "created_at", "feed_key"),
		"Webhook": object(map[string]any{"id": integer(), "user_id": integer(), "url": str(), "topic": str(), "source_id": integer(),
			"cluster_id": integer(), "created_at": dateTime(), "last_attempt_at": dateTime(), "last_status": integer(), "last_error": str(),
			"delivered": integer(), "failed": integer(), "pending": integer()},
			"id", "user_id", "url", "created_at", "delivered", "failed", "pending"),
		"Delivery": object(map[string]any{"id": integer(), "webhook_id": integer(), "story_id": integer(),
			"state": enum("pending", "delivered", "failed"), "attempts": integer(), "next_attempt_at": dateTime(),
			"last_status": integer(), "last_error": str(), "created_at": dateTime()},
			"id", "webhook_id", "story_id", "state", "attempts", "created_at"),
	}
}

func sourceProps() map[string]any {
	return map[string]any{"id": integer(), "url": str(), "title": str(), "site_url": str(), "category": str(),
		"full_text": enum("auto", "always", "never"), "last_fetched_at": dateTime(), "next_fetch_at": dateTime(),
		"last_error": str(), "error_count": integer(), "story_count": integer(), "created_at": dateTime(), "last_fetched_by": str()}
}

func exampleTopic() map[string]any {
	return map[string]any{"slug": "north-korea", "name": "North Korea", "kind": "place", "story_count": 42}
}

func exampleStory() map[string]any {
	return map[string]any{"id": 1234, "source": map[string]any{"id": 3, "title": "World Desk"}, "url": "https://world.example/summit",
		"title": "Leaders meet at the border", "summary": "<p>The two leaders met…</p>", "content_html": "<p>The two leaders met on Friday…</p>",
		"authors": []any{"Ann Writer"}, "published_at": "2026-03-01T09:30:00Z", "section": "world", "section_source": "category",
		"cluster_id": 88, "topics": []any{map[string]any{"slug": "north-korea", "name": "North Korea", "kind": "place", "salience": 0.92}},
		"revision_count": 0, "read": false, "saved": true}
}

func exampleClusterRef() map[string]any {
	return map[string]any{"id": 88, "size": 5, "outlets": 3, "sources": []any{map[string]any{"id": 3, "title": "World Desk"},
		map[string]any{"id": 9, "title": "Border Times"}, map[string]any{"id": 4, "title": "Daily Wire"}},
		"first_seen": "2026-03-01T07:10:00Z", "last_seen": "2026-03-01T09:30:00Z", "reason": "New development 20 min ago"}
}

func exampleCluster() map[string]any {
	first := map[string]any{"id": 1201, "source": map[string]any{"id": 9, "title": "Border Times"}, "url": "https://border.example/talks",
		"title": "Leaders to meet at the border on Friday", "summary": "<p>A summit was announced…</p>", "content_html": "<p>A summit was announced…</p>",
		"authors": []any{}, "published_at": "2026-03-01T07:10:00Z", "section": "world", "section_source": "source", "cluster_id": 88,
		"topics":         []any{map[string]any{"slug": "north-korea", "name": "North Korea", "kind": "place", "salience": 0.88}},
		"revision_count": 0, "read": true, "saved": false}
	return map[string]any{"id": 88, "headline": exampleStory(), "stories": []any{first, exampleStory()},
		"outlets": []any{map[string]any{"source_id": 9, "title": "Border Times", "story_id": 1201, "published_at": "2026-03-01T07:10:00Z"},
			map[string]any{"source_id": 3, "title": "World Desk", "story_id": 1234, "published_at": "2026-03-01T09:30:00Z"}},
		"topics":     []any{map[string]any{"slug": "north-korea", "name": "North Korea", "kind": "place", "salience": 0.9}},
		"first_seen": "2026-03-01T07:10:00Z", "last_seen": "2026-03-01T09:30:00Z", "size": 2, "following": true,
		"timeline": []any{
			map[string]any{"at": "2026-03-01T07:10:00Z", "story_id": 1201, "source": map[string]any{"id": 9, "title": "Border Times"},
				"title": "Leaders to meet at the border on Friday", "kind": "first report"},
			map[string]any{"at": "2026-03-01T09:30:00Z", "story_id": 1234, "source": map[string]any{"id": 3, "title": "World Desk"},
				"title": "Leaders meet at the border", "kind": "also covered"}}}
}

func exampleStoryPage() map[string]any {
	return map[string]any{"items": []any{exampleClusteredStory()}, "next_cursor": "MTc3MjM1NzQwMDAwMDoxMjM0"}
}

// exampleClusteredStory is exampleStory as listings give it: with its cluster.
func exampleClusteredStory() map[string]any {
	st := exampleStory()
	st["cluster"] = exampleClusterRef()
	return st
}

func exampleWebhook() map[string]any {
	return map[string]any{"id": 5, "user_id": 1, "url": "https://hooks.example/herald", "topic": "north-korea",
		"created_at": "2026-03-01T09:00:00Z", "delivered": 0, "failed": 0, "pending": 0}
}
