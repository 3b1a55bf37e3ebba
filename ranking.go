package herald

// Reason kinds of the ranked feed, besides ReasonTopic and ReasonSource.
const (
	ReasonCluster  = "followed_cluster" // "Because you follow this story"
	ReasonRead     = "reading"          // "Because you read 3 stories about OPEC this week"
	ReasonSimilar  = "similar"          // "Like stories you read recently"
	ReasonTrending = "trending"         // "Trending: 14 outlets"
	ReasonFresh    = "fresh"            // "One of the newest stories"
)

// Contribution is one feature's part in a feed item's score: the feature's
// value for the story (in [-1, 1]), its weight in the reader's settings,
// and their product, what it added to the score.
type Contribution struct {
	Feature      string  `json:"feature"`
	Value        float64 `json:"value"`
	Weight       float64 `json:"weight"`
	Contribution float64 `json:"contribution"`
}
