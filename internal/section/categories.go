package section

// categoryTable maps normalised category phrases (lower case, "&" spelt "and",
// punctuation as single spaces) to canonical sections. Plurals ending in "s" and a
// trailing " news" are handled by phraseSection, so entries are singular where the
// plural is a plain "s" plural. Words that are ambiguous across sections or too common inside
// longer categories ("media", "games", "home", "it", "us", "national") are left out
// on purpose.
var categoryTable = buildCategoryTable(map[string][]string{
	World: {
		"world", "international", "global", "foreign", "foreign affairs", "world affairs",
		"europe", "african", "africa", "asia", "asia pacific", "middle east", "americas",
		"latin america", "south america", "north america", "australasia", "oceania",
		"international affairs", "around the world", "worldwide",
	},
	Politics: {
		"politics", "political", "government", "election", "elections", "congress",
		"parliament", "white house", "westminster", "policy", "us politics", "uk politics",
		"vote", "democracy", "senate", "legislature",
	},
	Business: {
		"business", "economy", "economic", "economics", "finance", "financial", "money",
		"market", "markets", "companies", "company", "industry", "trade", "stock",
		"stocks", "investing", "investment", "personal finance", "banking", "corporate",
		"earnings", "retail", "real estate", "property", "jobs", "careers",
		"startup", "startups", "entrepreneurship", "wall street",
	},
	Technology: {
		"technology", "tech", "science and tech", "science and technology", "sci tech",
		"scitech", "sci and tech", "computing", "computer", "computers", "internet",
		"gadget", "gadgets", "software", "hardware", "mobile", "cybersecurity",
		"cyber", "security and privacy", "artificial intelligence", "ai", "digital",
		"innovation", "web", "apps", "video game", "video games", "gaming",
		"information technology", "infotech", "tech and science", "technology and science",
	},
	Science: {
		"science", "sciences", "space", "physics", "biology", "chemistry", "astronomy",
		"research", "science and environment", "science and nature", "nature",
		"space and science", "archaeology", "genetics", "neuroscience", "mathematics",
	},
	Health: {
		"health", "medicine", "medical", "wellness", "wellbeing", "well being", "fitness",
		"healthcare", "health care", "mental health", "nutrition", "diet", "coronavirus",
		"covid", "covid 19", "pandemic", "disease", "public health", "nhs",
		"health and fitness", "health and wellness",
	},
	Environment: {
		"environment", "environmental", "climate", "climate change", "climate crisis",
		"energy and environment", "green", "sustainability", "conservation", "wildlife",
		"pollution", "earth",
	},
	Education: {
		"education", "school", "schools", "university", "universities", "higher education",
		"college", "colleges", "teaching", "students", "learning",
	},
	Sport: {
		"sport", "sports", "football", "soccer", "cricket", "rugby", "rugby union",
		"rugby league", "tennis", "golf", "formula 1", "formula one", "f1", "motorsport",
		"motor sport", "motorsports", "athletics", "boxing", "cycling", "basketball",
		"baseball", "hockey", "ice hockey", "nfl", "nba", "mlb", "nhl", "olympics",
		"olympic", "olympic games", "premier league", "champions league", "world cup",
		"swimming", "horse racing", "racing", "mma", "ufc", "wrestling", "sailing",
		"skiing", "winter sports", "snooker", "darts", "college football",
		"college basketball", "ncaa", "mls", "nascar",
	},
	Entertainment: {
		"entertainment", "arts", "art", "culture", "arts and culture", "film", "films",
		"movie", "movies", "cinema", "music", "tv", "television", "tv and radio", "radio",
		"celebrity", "celebrities", "showbiz", "showbusiness", "show business", "books",
		"book", "theatre", "theater", "stage", "comedy", "dance", "pop culture",
		"hollywood", "streaming", "arts and entertainment", "entertainment and arts",
		"classical music", "opera", "fine art", "art and design", "literature", "gossip",
	},
	Lifestyle: {
		"lifestyle", "life", "style", "life and style", "fashion", "beauty", "food",
		"food and drink", "travel", "home and garden", "garden", "gardening",
		"living", "family", "parenting", "relationships", "recipes", "cooking", "drink",
		"motoring", "cars", "auto", "autos", "shopping", "pets", "leisure", "wine",
	},
	Opinion: {
		"opinion", "opinions", "comment", "comments", "comment is free", "commentisfree",
		"editorial", "editorials", "op ed", "oped", "commentary", "columnists",
		"columnist", "column", "columns", "letters", "letters to the editor",
		"viewpoint", "viewpoints", "perspective", "perspectives",
	},
})

// buildCategoryTable inverts the section → phrases lists and panics on a phrase
// listed under two sections, which would make the mapping depend on map order.
func buildCategoryTable(m map[string][]string) map[string]string {
	t := make(map[string]string)
	for sec, phrases := range m {
		for _, p := range phrases {
			if prev, dup := t[p]; dup && prev != sec {
				panic("section: category " + p + " listed under " + prev + " and " + sec)
			}
			t[p] = sec
		}
	}
	return t
}
