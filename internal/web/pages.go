package web

import (
	"html/template"

	"github.com/heraldnews/herald"
)

// layout is what every page shares; render fills Path, Version, CSS, JS,
// Theme and Undo.
type layout struct {
	Title   string
	User    *herald.User // nil when signed out: the navigation is hidden
	Nav     string       // active navigation entry: feed, headlines, saved, topics, sources, following, search, settings, admin
	Path    string       // this page's request URI, where its forms return to
	Version string
	CSS     string
	Feeds   []FeedLink // the feeds this page offers, set by render
	JS      string
	Theme   string // the reader's theme: system, light or dark
	Query   string // the search box's text
	Undo    *undoNotice
	Keys    []shortcut // the keyboard shortcuts, for the help the "?" key opens
	// Headlines is set by render when the server has the ranked feed that
	// /headlines is made from, so that the navigation links to it.
	Headlines bool
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

// feedPage is the front page, GET /: a view of the reader's feed or a section.
type feedPage struct {
	layout
	Heading    string // the view's or section's name
	View       string // herald.ViewForYou, ViewFollowing or ViewLatest
	Section    string // the section shown, "" for a view
	Unread     bool   // only unread stories (the latest view and sections)
	Views      []tab
	Sections   []tab
	Items      []storyCard
	NextCursor string
	Later      bool        // this is not the first page
	Empty      *emptyState // set when the first page of a feed view has no items
	Scope      readScope   // what "mark all as read" covers
}

// tab is one entry of a bar of views or sections.
type tab struct {
	Label   string
	Href    string
	Current bool
}

// emptyState tells a reader with an empty feed what to do next.
type emptyState struct {
	FollowsAnything bool       // the reader follows something that has no stories yet
	Topics          []topicRow // the topics with most stories, to follow right here
	CanAddSource    bool
	Form            addForm
	Headlines       []storyCard // the biggest story clusters now, for a reader who follows nothing
}

// addForm is the add-source form: what was typed and why it was refused.
type addForm struct {
	URL     string
	Error   string
	Preview bool // the form goes to the preview page first
}

// topicsPage is GET /topics: the catalogue, the reader's followed topics first.
type topicsPage struct {
	layout
	Query      string
	Kind       string
	Kinds      []tab
	Followed   []topicRow
	Others     []topicRow
	Prev, Next string // the neighbouring pages of the list
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
	Scope        readScope
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
	ID           int64
	Href         string
	Next         string // where the story's buttons return
	Published    when
	Updated      when
	Image        *leadImage // the kept lead image; nil when none
	ImageCaption string
	ImageCredit  string
	Saved        bool
	Hidden       bool
	Reason       reasonLine
	// Coverage is the story's cluster (nil when it is in none of two or
	// more stories); More lists the cluster's other stories, other outlets
	// first, and Related the stories sharing its salient topics outside it.
	Coverage *coverageView
	More     []storyCard
	Related  []storyCard
	// Content is the story's ContentHTML, sanitised at ingest. It is the only
	// template.HTML on any page.
	Content  template.HTML
	Fallback string // plain text of the summary, shown when there is no content
	Section  string
	Topics   []topicRow
}

// leadImage is a story's kept lead image, with its size so that the page
// keeps its place for it while it loads.
type leadImage struct {
	Src           string
	Width, Height int
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
	Preview   bool // the add form goes through the preview page
	Manage    bool // an administrator: folders can be renamed
	Folders   []folder
	Deleted   string // the title of a source just deleted
}

// folder is a category of sources (an OPML folder), "" for those in none.
type folder struct {
	Name    string
	Sources []sourceRow
}

// sourcePage is GET /sources/{id}: one source's status and stories.
type sourcePage struct {
	layout
	Source     sourceRow
	Push       *pushView // the source's WebSub subscription; nil when it has none
	Stories    []storyCard
	NextCursor string
	Manage     bool     // an administrator: the settings, pause and delete forms show
	Saved      bool     // the settings were just saved
	Kinds      []string // the full-text modes
	Scope      readScope
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
	Stories  []clusterRow // followed story clusters, most recently followed first
	Quiet    string       // how long a followed story stays quiet before it leaves the feed, "2 days"
	Topics   []topicRow
	Sources  []sourceRow
	Mutes    []topicRow
	Searches []herald.SavedSearch
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
