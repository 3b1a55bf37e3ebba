package rank

import (
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/textvec"
)

// VectorTerms is how many of a story's heaviest TF-IDF terms its vector keeps.
const VectorTerms = 64

// titleRepeat is how many times a title's words count against the body's once.
const titleRepeat = 2

// maxTextBytes caps the text a story's vector is made from.
const maxTextBytes = 8000

// Doc is what the ranker knows of a story: the features it scores, all
// computed once (at ingest, or when the index first sees the story).
type Doc struct {
	ID        int64
	Published time.Time
	SourceID  int64
	Source    string
	Section   string
	ClusterID int64 // 0: none
	Authors   []string
	Topics    []DocTopic // most salient first
	Vec       textvec.Vector
}

// DocTopic is a topic a story carries.
type DocTopic struct {
	ID       int64
	Slug     string
	Name     string
	Salience float64
}

// NewDoc makes a Doc of a story and its text vector.
func NewDoc(s *herald.Story, vec textvec.Vector) *Doc {
	d := &Doc{ID: s.ID, Published: s.PublishedAt, SourceID: s.SourceID, Source: s.Source.Title,
		Section: s.Section, ClusterID: s.ClusterID, Authors: s.Authors, Vec: vec}
	if d.SourceID == 0 {
		d.SourceID = s.Source.ID
	}
	for _, t := range s.Topics {
		d.Topics = append(d.Topics, DocTopic{ID: t.ID, Slug: t.Slug, Name: t.Name, Salience: t.Salience})
	}
	return d
}

// Counts returns the term counts of a story's title and text, the title's
// words counted titleRepeat times, the text cut at maxTextBytes.
func Counts(title, text string) map[uint32]int {
	if len(text) > maxTextBytes {
		text = text[:maxTextBytes]
	}
	counts := textvec.Counts(text)
	for id, n := range textvec.Counts(title) {
		counts[id] += titleRepeat * n
	}
	return counts
}

// Vectorize turns a story's title and text into its stored vector: TF-IDF
// with df's idf, its VectorTerms heaviest terms, unit length. It adds the
// story to df.
func Vectorize(df *textvec.DF, title, text string) textvec.Vector {
	counts := Counts(title, text)
	df.Add(counts)
	return df.Weigh(counts).Top(VectorTerms)
}
