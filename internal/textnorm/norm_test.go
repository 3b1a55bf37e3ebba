package textnorm

import (
	"strings"
	"testing"
)

// wire is a story in the shape of 1980s Reuters copy, written for these
// tests: a title in capitals, a dateline, lines wrapped at 65 columns,
// indented paragraphs, a ticker, a rating and the closing credit.
const wire = `    TOKYO, March 3 - Finance Minister Kiichi
Miyazawa said Japan would not intervene to support the dollar,
and the Bank of Japan <BOJ.T> left its discount rate unchanged.
    Moody's Investors Service Inc said it cut the rating of Ivory
Coast's bonds to Baa-2 from A-1-plus, and Standard and Poor's
Corp <SPC> affirmed the AAA grade of Sony Corp (SNE).
    The Securities and Exchange Commission (SEC) said it would
study the plan. Miyazawa said the U.S. dollar fell to 150 yen.
 Reuter
`

func TestStory(t *testing.T) {
	title, text := Story("MIYAZAWA SAYS JAPAN WILL NOT SUPPORT U.S. DLRS", wire)
	if len(title) != len("MIYAZAWA SAYS JAPAN WILL NOT SUPPORT U.S. DLRS") || len(text) != len(wire) {
		t.Fatalf("lengths changed: %d/%d", len(title), len(text))
	}
	if want := "Miyazawa says Japan will not support U.S. dlrs"; title != want {
		t.Errorf("title = %q, want %q (re-cased from the text's evidence; currency codes are no names)", title, want)
	}
	checks := []struct {
		reason, want string
		absent       bool
	}{
		{"a name broken at a line end is one name", "Kiichi Miyazawa", false},
		{"a country broken at a line end is one name", "Ivory Coast's", false},
		{"the dateline's place is a name, not a headline", "    Tokyo, March 3 -", false},
		{"the closing credit is who wrote the story, not what it is about", "Reuter", true},
		{"a ticker in angle brackets names nothing", "BOJ.T", true},
		{"a ticker after a company names nothing", "(SNE)", true},
		{"an acronym defined after its expansion stays", "Commission (SEC)", false},
		{"the brackets around a company's ticker go with it", "<SPC>", true},
		{"rating grades name nothing", "Baa-2", true},
		{"short-term grades name nothing", "A-1-plus", true},
		{"triple-A names nothing", "AAA", true},
		{"a paragraph break (indented line) stays", "unchanged.\n    Moody's", false},
	}
	for _, c := range checks {
		if got := strings.Contains(text, c.want); got == c.absent {
			t.Errorf("%s: Contains(%q) = %v in\n%s", c.reason, c.want, got, text)
		}
	}
}

func TestUnwrap(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"web text with one paragraph a line keeps its lines",
			"Shinzo Abe met Donald Trump in Tokyo on Monday to talk about North Korea and trade between the two countries.\nMoon Jae-in was not there.\n",
			"Shinzo Abe met Donald Trump in Tokyo on Monday to talk about North Korea and trade between the two countries.\nMoon Jae-in was not there.\n"},
		{"a menu of short lines is not wrapped prose",
			"Home\nWorld\nBusiness\nSport\n", "Home\nWorld\nBusiness\nSport\n"},
		{"wrapped lines join; a short paragraph end does not",
			"The ministry said it expected the talks with the European\nCommunity to end next week, officials said.\nThat was all.\nA new paragraph starts here and it runs on to the\nnext line.\n",
			"The ministry said it expected the talks with the European Community to end next week, officials said.\nThat was all.\nA new paragraph starts here and it runs on to the next line.\n"},
		{"a line ending inside a sentence joins even when the next word would have fitted",
			"Finance Minister Kiichi Miyazawa met the Governor of the Bank\nof Japan, Satoshi Sumita, and later Foreign Minister Tadashi\nKuranari in Tokyo on Monday to discuss the yen's rise, he said.\n",
			"Finance Minister Kiichi Miyazawa met the Governor of the Bank of Japan, Satoshi Sumita, and later Foreign Minister Tadashi Kuranari in Tokyo on Monday to discuss the yen's rise, he said.\n"},
		{"a heading in capitals stays on its own line",
			"JAPAN CUTS RICE PRICE\nThe government cut the price of rice paid to farmers by\nfive pct, the ministry of agriculture said on Monday.\n",
			"JAPAN CUTS RICE PRICE\nThe government cut the price of rice paid to farmers by five pct, the ministry of agriculture said on Monday.\n"},
		{"CRLF line ends join too",
			"Finance Minister Kiichi Miyazawa told reporters that Kiichi\r\nMiyazawa and Ivory Coast officials met in Tokyo on Monday.\r\nThe talks went well and both said they would meet again.\r\n",
			"Finance Minister Kiichi Miyazawa told reporters that Kiichi  Miyazawa and Ivory Coast officials met in Tokyo on Monday.  The talks went well and both said they would meet again.\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := []byte(tt.in)
			unwrap(b)
			if string(b) != tt.want {
				t.Errorf("unwrap:\n got %q\nwant %q", b, tt.want)
			}
		})
	}
}

func TestRecase(t *testing.T) {
	body := "The European Community (EC) and the U.S. Agriculture Department met in Brussels. Officials of the EC said talks with GATT would go on. The USDA said wheat exports rose."
	tests := []struct {
		name, title, want string
	}{
		{"words take their form inside the text's sentences", "EC AND USDA TO MEET IN BRUSSELS", "EC and USDA to meet in Brussels"},
		{"common words seen in lower case go lower", "U.S. OFFICIALS SAY WHEAT EXPORTS ROSE", "U.S. officials say wheat exports rose"},
		{"a place before a common word is not an organisation", "U.S. HOPES JAPAN WILL BUY WHEAT", "U.S. hopes japan will buy wheat"},
		{"possessives keep the name's form", "GATT'S TALKS", "GATT's talks"},
		{"a title in ordinary case is left alone", "EC talks resume", "EC talks resume"},
		{"a single word in capitals is an acronym, not a shouted title", "GATT", "GATT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := Story(tt.title, body)
			if got != tt.want {
				t.Errorf("Story title %q = %q, want %q", tt.title, got, tt.want)
			}
		})
	}
}

func TestTickers(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"a company's name in angle brackets keeps the name", "<Hooper Holmes Inc> said", " Hooper Holmes Inc  said"},
		{"an exchange-prefixed symbol goes", "IBM (NYSE:IBM) rose", "IBM            rose"},
		{"a bare exchange-prefixed symbol goes", "shares of NYSE: IBM rose", "shares of           rose"},
		{"a symbol after a company goes", "Valley National Bancorp (VMNB) said", "Valley National Bancorp        said"},
		{"an acronym with its expansion stays", "the Organization of Petroleum Exporting Countries (OPEC) met", "the Organization of Petroleum Exporting Countries (OPEC) met"},
		{"a short country code is not taken for a ticker", "Britain (UK) said", "Britain (UK) said"},
		{"a parenthesised word in lower case stays", "the plan (announced today) was", "the plan (announced today) was"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := []byte(tt.in)
			blankTickers(b)
			if string(b) != tt.want {
				t.Errorf("blankTickers(%q) = %q, want %q", tt.in, b, tt.want)
			}
		})
	}
}

func TestCredits(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"the closing wire credit", "Shares rose.\n Reuter\n", "Shares rose.\n       \n"},
		{"the credit in capitals with the end-of-text mark", "Shares rose.\nREUTER &#3;", "Shares rose.\n           "},
		{"a news agency alone on a line", "Shares rose.\nKyodo\n", "Shares rose.\n     \n"},
		{"a reporting credit in brackets", "Shares rose. (Reporting by Jane Doe; Editing by John Roe)", "Shares rose. " + strings.Repeat(" ", len("(Reporting by Jane Doe; Editing by John Roe)"))},
		{"an agency's name in a sentence stays", "Reuters reported that Kyodo said so.", "Reuters reported that Kyodo said so."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := []byte(tt.in)
			blankCredits(b)
			if string(b) != tt.want {
				t.Errorf("blankCredits(%q) = %q, want %q", tt.in, b, tt.want)
			}
		})
	}
}

func TestIsAcronymOf(t *testing.T) {
	tests := []struct {
		acr, name string
		want      bool
	}{
		{"SEC", "the Securities and Exchange Commission", true},
		{"EC", "the European Community", true},
		{"OPEC", "Organization of Petroleum Exporting Countries", true},
		{"USDA", "the U.S. Department of Agriculture", true},
		{"GATT", "General Agreement on Tariffs and Trade", true},
		{"IMF", "the International Monetary Fund", true},
		{"VMNB", "Valley National Bancorp", false},
		{"SNE", "Sony Corp", false},
		{"EC", "Community", false},
		{"MITI", "Ministry of International Trade and Industry", true},
	}
	for _, tt := range tests {
		if got := IsAcronymOf(tt.acr, tt.name); got != tt.want {
			t.Errorf("IsAcronymOf(%q, %q) = %v, want %v", tt.acr, tt.name, got, tt.want)
		}
	}
}

func TestRatings(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"grades in a paragraph about ratings go", "Moody's raised the debt to Aa-3 from Baa1 and S&P gave it BBB-minus.", "Moody's raised the debt to      from      and S&P gave it          ."},
		{"capitals elsewhere stay", "The AA said motorists should slow down.", "The AA said motorists should slow down."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := []byte(tt.in)
			blankRatings(b)
			if string(b) != tt.want {
				t.Errorf("blankRatings = %q, want %q", b, tt.want)
			}
		})
	}
}

func FuzzStory(f *testing.F) {
	f.Add("TITLE IN CAPS", wire)
	f.Add("", "a (B) <C> NYSE:D\nE\r\nF Reuter")
	f.Fuzz(func(t *testing.T, title, text string) {
		nt, nx := Story(title, text)
		if len(nt) != len(title) || len(nx) != len(text) {
			t.Fatalf("lengths changed: %d→%d, %d→%d", len(title), len(nt), len(text), len(nx))
		}
	})
}
