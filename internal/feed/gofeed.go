package feed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	gjson "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
)

// parsed is gofeed's universal feed plus the format-specific original, whose
// items line up one to one with the universal ones.
type parsed struct {
	kind kind
	gf   *gofeed.Feed
	rss  *rss.Feed
	atom *atom.Feed
	json *gjson.Feed
	hubs []jsonHub // JSON Feed "hubs", which gofeed does not read
}

type jsonHub struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

// runGofeed parses doc with the gofeed parser for its sniffed kind (skipping
// gofeed's own detection, which only looks at the first 4 KiB). A new parser
// is made per call, so concurrent calls share nothing. A panic inside gofeed
// becomes an error.
func runGofeed(doc *document) (p *parsed, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, herald.Errorf(herald.EINVALID, "%s feed could not be parsed (parser failure: %v)", doc.kind, r)
		}
	}()
	p = &parsed{kind: doc.kind}
	switch doc.kind {
	case kindRSS:
		err = p.parseRSS(doc.data)
	case kindAtom:
		err = p.parseAtom(doc.data)
	case kindJSON:
		err = p.parseJSON(doc.data)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (p *parsed) parseRSS(data []byte) (err error) {
	err = withRepair(data, func(d []byte) (err error) {
		p.rss, err = (&rss.Parser{}).Parse(bytes.NewReader(d))
		return err
	})
	if err != nil {
		return malformed(p.kind, err)
	}
	// Our own image search (image.go) reads the content and summary HTML
	// already; gofeed's fallback would parse each item's HTML once more.
	if p.gf, err = (&gofeed.DefaultRSSTranslator{DisableContentImageScan: true}).Translate(p.rss); err != nil {
		return malformed(p.kind, err)
	}
	return nil
}

func (p *parsed) parseAtom(data []byte) (err error) {
	err = withRepair(data, func(d []byte) (err error) {
		p.atom, err = (&atom.Parser{}).Parse(bytes.NewReader(d))
		return err
	})
	if err != nil {
		return malformed(p.kind, err)
	}
	if p.gf, err = (&gofeed.DefaultAtomTranslator{}).Translate(p.atom); err != nil {
		return malformed(p.kind, err)
	}
	return nil
}

// withRepair runs parse on data and, when the document ended early ("unexpected
// EOF"), once more on the repaired document (see repairTruncated). The first
// error is returned when the repair does not help.
func withRepair(data []byte, parse func([]byte) error) error {
	err := parse(data)
	if err == nil || !strings.Contains(err.Error(), "unexpected EOF") {
		return err
	}
	fixed := repairTruncated(data)
	if fixed == nil || parse(fixed) != nil {
		return err
	}
	return nil
}

// parseJSON checks that the object is a JSON Feed (a jsonfeed.org version or
// an items member) before handing it to gofeed.
func (p *parsed) parseJSON(data []byte) error {
	var probe struct {
		Version string          `json:"version"`
		Items   json.RawMessage `json:"items"`
		Hubs    []jsonHub       `json:"hubs"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return malformed(p.kind, err)
	}
	if !strings.Contains(probe.Version, "jsonfeed.org") && probe.Items == nil {
		return herald.Errorf(herald.EINVALID, "not a feed: a JSON object without a JSON Feed version or items")
	}
	p.hubs = probe.Hubs
	data, err := dropNullItems(data, probe.Items)
	if err != nil {
		return malformed(p.kind, err)
	}
	if p.json, err = (&gjson.Parser{}).Parse(bytes.NewReader(data)); err != nil {
		return malformed(p.kind, err)
	}
	if p.gf, err = (&gofeed.DefaultJSONTranslator{}).Translate(p.json); err != nil {
		return malformed(p.kind, err)
	}
	return nil
}

func malformed(k kind, err error) error {
	return herald.Errorf(herald.EINVALID, "malformed %s feed: %s", k, truncateRunes(err.Error(), 300))
}

// format names the feed format and version, e.g. "rss 2.0", "atom 1.0" or
// "json 1.1".
func (p *parsed) format() string {
	version := p.gf.FeedVersion
	if i := strings.Index(version, "jsonfeed.org/version/"); i >= 0 {
		version = strings.Trim(version[i+len("jsonfeed.org/version/"):], "/")
		if !strings.Contains(version, ".") {
			version += ".0"
		}
	}
	return strings.TrimSpace(fmt.Sprintf("%s %s", p.gf.FeedType, truncateRunes(version, 20)))
}

// hubURL returns the feed's WebSub hub link, unresolved.
func (p *parsed) hubURL() string {
	switch p.kind {
	case kindAtom:
		for _, l := range p.atom.Links {
			if l != nil && hasRel(l.Rel, "hub") {
				return l.Href
			}
		}
	case kindRSS:
		for _, byName := range p.gf.Extensions {
			for _, l := range byName["link"] {
				if hasRel(l.Attrs["rel"], "hub") && l.Attrs["href"] != "" {
					return l.Attrs["href"]
				}
			}
		}
	case kindJSON:
		for _, h := range p.hubs {
			if strings.EqualFold(h.Type, "websub") || len(p.hubs) == 1 {
				return h.URL
			}
		}
	}
	return ""
}

func hasRel(rel, want string) bool {
	for _, f := range strings.Fields(rel) {
		if strings.EqualFold(f, want) {
			return true
		}
	}
	return false
}

// rssItem, atomEntry and jsonItem return the format-specific item i, or nil
// when the feed is of another format or i is out of range.
func (p *parsed) rssItem(i int) *rss.Item {
	if p.rss == nil || i >= len(p.rss.Items) {
		return nil
	}
	return p.rss.Items[i]
}

func (p *parsed) atomEntry(i int) *atom.Entry {
	if p.atom == nil || i >= len(p.atom.Entries) {
		return nil
	}
	return p.atom.Entries[i]
}

func (p *parsed) jsonItem(i int) *gjson.Item {
	if p.json == nil || i >= len(p.json.Items) {
		return nil
	}
	return p.json.Items[i]
}

// dropNullItems removes null entries from a JSON Feed's items array, which
// gofeed's translator would dereference. It returns data unchanged when there
// are none (the common case) or items is not an array.
func dropNullItems(data []byte, items json.RawMessage) ([]byte, error) {
	var list []json.RawMessage
	if !bytes.Contains(items, []byte("null")) || json.Unmarshal(items, &list) != nil {
		return data, nil
	}
	kept := list[:0]
	for _, it := range list {
		if !bytes.Equal(bytes.TrimSpace(it), []byte("null")) {
			kept = append(kept, it)
		}
	}
	if len(kept) == len(list) {
		return data, nil
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	var err error
	if doc["items"], err = json.Marshal(kept); err != nil {
		return nil, err
	}
	return json.Marshal(doc)
}
