package topic

import (
	"strings"
	"testing"
)

func TestFindCredits(t *testing.T) {
	tests := []struct {
		name, line string
		want       []string // the credit texts
	}{
		{"cue after a sentence", "Abe speaks in Tokyo on February 14. Photo: Kyodo", []string{"Photo: Kyodo"}},
		{"bracketed cue", "Abe speaks in Tokyo (Photo: Reuters) before the talks.", []string{"(Photo: Reuters)"}},
		{"cue at line start", "Picture: AFP/Getty Images", []string{"Picture: AFP/Getty Images"}},
		{"agency slash credit", "Pence speaks in Seoul. AP Photo/Evan Vucci", []string{"AP Photo/Evan Vucci"}},
		{"capitals slash credit", "Leaders meet in Berlin. REUTERS/Fabrizio Bensch", []string{"REUTERS/Fabrizio Bensch"}},
		{"via images", "Leaders meet in Berlin. Bloomberg via Getty Images", []string{"Bloomberg via Getty Images"}},
		{"bracketed images", "Rashford celebrates. (Getty Images)", []string{"(Getty Images)"}},
		{"reporting by", "Reporting by Linda Sieg; Editing by Nick Macfie", []string{"Reporting by Linda Sieg; Editing by Nick Macfie"}},
		{"copyright", "© 2018 Example Media Ltd. All rights reserved.", []string{"© 2018 Example Media Ltd. All rights reserved."}},
		{"dateline agency", "TOKYO (Reuters) - Japan's prime minister said", []string{"(Reuters)"}},
		{"prose with a colon is no credit", "Abe said: the photo was taken by Trump.", nil},
		{"prose slash is no credit", "The Japan/US alliance held.", nil},
		{"cue inside a sentence is no credit", "He showed the video: it was Abe.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range findCredits(tt.line, span{0, len(tt.line)}) {
				got = append(got, tt.line[c.start:c.end])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("credits of %q = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

func TestAnalyseZones(t *testing.T) {
	page := strings.Join([]string{
		"Home | World | Business | Sport", // 0 menu
		"Sign up for our newsletter",      // 1 call to action
		"",                                // 2
		"Acme and Globex agree to merge",  // 3 headline
		"",                                // 4
		"By Jane Holloway",                // 5 byline
		"",                                // 6
		"Acme Corp agreed on Monday to buy Globex Corp for $2bn.",   // 7 prose
		"The Acme chief executive at a press event. Photo: Reuters", // 8 caption
		"Markets",   // 9 short block
		"Companies", // 10 short block
		"Most Read", // 11 short block
		"Shares rose 3 per cent in early trading in New York, and analysts said", // 12 wrapped prose
		"the deal made sense.",              // 13 prose
		"World Business Tech Opinion Sport", // 14 menu-like
		"Read more: Globex shares jump",     // 15 label
	}, "\n")
	want := []zone{zoneChrome, zoneChrome, zoneChrome, zoneHeading, zoneChrome, zoneChrome, zoneChrome,
		zoneProse, zoneCaption, zoneChrome, zoneChrome, zoneChrome, zoneProse, zoneProse, zoneChrome, zoneChrome}
	l := analyse(page)
	if len(l.lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(l.lines), len(want))
	}
	for i, ln := range l.lines {
		if ln.zone != want[i] {
			t.Errorf("line %d %q: zone %d, want %d", i, page[ln.start:ln.end], ln.zone, want[i])
		}
	}
	caption := l.lines[8]
	if z := l.zoneOf(strings.Index(page, "Reuters"), strings.Index(page, "Reuters")+7); z != zoneCredit {
		t.Errorf("Reuters in %q: zone %d, want credit", page[caption.start:caption.end], z)
	}
}

func TestBoilerplateMakesNoTopics(t *testing.T) {
	page := "Home | World | Business | Sport\nGet more with ThisSite Premium\nUnlimited stories from Example Media\nLearn more\n\n" +
		"Acme Corp agreed on Monday to buy Globex Corp. Acme Corp said the deal would close in March.\n" +
		"The Acme chief executive in New York. Photo: Jane Snapper/Reuters\n\n" +
		"Reporting by John Scribe; Editing by Mary Pen\n© 2024 Example Media Ltd. All rights reserved."
	res := NewResolver(Options{Threshold: 0.001, MinEvidence: -1}).Resolve(Input{Text: page})
	for _, tp := range res.Topics {
		switch tp.Slug {
		case "acme", "globex", "new-york":
		default:
			t.Errorf("boilerplate topic %+v", tp)
		}
	}
}
