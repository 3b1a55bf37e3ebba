package web

import (
	"html/template"

	"github.com/heraldnews/herald"
)

// layout is what every page shares; render fills Path, Version and CSS.
type layout struct {
	Title   string
	User    *herald.User // nil when signed out: the navigation is hidden
	Nav     string       // active navigation entry: feed, topics, sources or following
	Path    string       // this page's request URI, where its forms return to
	Version string
	CSS     string
	Feeds   []FeedLink // the feeds this page offers, set by render
}

func (l *layout) base() *layout { return l }

// loginPage is GET /login and a failed POST /login.
type loginPage struct {
	layout
	Name  string // the name typed so far
	Next  string // where to go after signing in
	Error string
	Hint  string // Deps.LoginHint
}

// feedPage is the reader's ranked feed, GET /.
type feedPage struct {
	layout
	Items      []storyCard
	NextCursor string
	Later      bool        // this is not the first page
	Empty      *emptyState // set when the first page has no items
}

// emptyState tells a reader with an empty feed what to do next.
type emptyState struct {
	FollowsAnything bool       // the reader follows something that has no stories yet
	Topics          []topicRow // the topics with most stories, to follow right here
	CanAddSource    bool
	Form            addForm
}

// addForm is the add-source form: what was typed and why it was refused.
type addForm struct {
	URL   string
	Error string
}

// topicsPage is GET /topics: the catalogue, the reader's followed topics first.
type topicsPage struct {
	layout
	Query    string
	Followed []topicRow
	Others   []topicRow
}

// topicPage is GET /topics/{slug}: one topic's stories, newest first.
type topicPage struct {
	layout
	Topic      topicRow
	Stories    []storyCard
	NextCursor string
	Kinds      []string // set for an administrator: the rename and merge forms show
	// MergeChoices are the topics the merge form suggests (administrators only).
	MergeChoices []herald.Topic
}

// storyPage is GET /stories/{id}.
type storyPage struct {
	layout
	Story storyView
}

// storyView is one story as its page shows it.
type storyView struct {
	Title        string
	URL          string // the original, on the publisher's site
	Source       string
	SourceHref   string
	Authors      []string
	Published    when
	Updated      when
	ImageURL     string
	ImageCaption string
	// Content is the story's ContentHTML, sanitised at ingest. It is the only
	// template.HTML on any page.
	Content  template.HTML
	Fallback string // plain text of the summary, shown when there is no content
	Section  string
	Topics   []topicRow
}

// sourcesPage is GET /sources and a failed POST /sources.
type sourcesPage struct {
	layout
	Sources []sourceRow
	CanAdd  bool
	Form    addForm
	Added   *sourceRow // the source just added
	// CanImport shows the OPML import form; Import is its error or result.
	CanImport bool
	Import    importForm
}

// sourcePage is GET /sources/{id}: one source's status and stories.
type sourcePage struct {
	layout
	Source     sourceRow
	Push       *pushView // the source's WebSub subscription; nil when it has none
	Stories    []storyCard
	NextCursor string
}

// pushView is how a source's WebSub subscription stands, for its page.
type pushView struct {
	State     string // pending, active, denied, expired, unsubscribing
	Hub       string // the hub's host
	LastPush  when
	LastError string
}

// followingPage is GET /following: what the reader follows and mutes.
type followingPage struct {
	layout
	Topics  []topicRow
	Sources []sourceRow
	Mutes   []topicRow
}

// errorPage explains a failed request.
type errorPage struct {
	layout
	Status  int
	Heading string
	Message string
}

func (*loginPage) templateName() string     { return "login.html" }
func (*feedPage) templateName() string      { return "feed.html" }
func (*topicsPage) templateName() string    { return "topics.html" }
func (*topicPage) templateName() string     { return "topic.html" }
func (*storyPage) templateName() string     { return "story.html" }
func (*sourcesPage) templateName() string   { return "sources.html" }
func (*sourcePage) templateName() string    { return "source.html" }
func (*followingPage) templateName() string { return "following.html" }
func (*errorPage) templateName() string     { return "error.html" }
