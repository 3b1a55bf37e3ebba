package topic

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/golden_resolve.json from the current code")

// goldenPath holds what the current code makes of goldenCases: the whole
// Result of a default Resolver and of one that keeps every topic, and the
// mentions of ProperNouns. It guards refactorings (performance work above
// all) that must not change a single byte of output. Regenerate it with
// `go test ./internal/topic -run TestGolden -update` only when a change of
// behaviour is intended, and review the diff.
var goldenPath = filepath.Join("testdata", "golden_resolve.json")

// goldenCase is one story to resolve. Mentions, when set, are given as a
// tagger would (texts found in order in Text); otherwise ProperNouns runs.
type goldenCase struct {
	name       string
	title      string
	text       string
	categories []string
	mentions   []tm
}

// goldenOutput is what the golden file records for one case.
type goldenOutput struct {
	Name        string    `json:"name"`
	Resolve     Result    `json:"resolve"`
	All         Result    `json:"all"`
	ProperNouns []Mention `json:"proper_nouns"`
	TitleNouns  []Mention `json:"title_proper_nouns,omitempty"`
}

// goldenTexts are short news-like texts written for this test: names with
// titles, possessives, hyphens, headlines in capitals, non-ASCII names,
// lists, bylines, photo credits, initialisms.
var goldenTexts = []goldenCase{
	{name: "titles and possessives", title: "Merkel's successor faces first test",
		text: "Chancellor Angela Merkel's chosen successor, Annegret Kramp-Karrenbauer, faced her first test on Sunday. Kramp-Karrenbauer told reporters in Berlin that the CDU would stay united. Merkel did not comment."},
	{name: "US initialism", title: "U.S. and China resume trade talks",
		text: "WASHINGTON (Reuters) - The U.S. and China resumed trade talks on Monday. U.S. Trade Representative Robert Lighthizer met Vice Premier Liu He in Washington.\nThe United States wants China to buy more American goods. Chinese officials said Beijing would not bow to pressure."},
	{name: "all caps headline", title: "BREAKING: EARTHQUAKE HITS SOUTHERN MEXICO",
		text:       "BREAKING: EARTHQUAKE HITS SOUTHERN MEXICO\n\nA magnitude 7.4 earthquake struck southern Mexico on Tuesday, the U.S. Geological Survey said. Buildings shook in Mexico City, more than 600 km away.\nOaxaca Governor Alejandro Murat said there were no immediate reports of deaths.",
		categories: []string{"World", "Americas"}},
	{name: "non-ASCII names", title: "Zürich talks end without deal",
		text: "Talks in Zürich between Recep Tayyip Erdoğan and Emmanuel Macron ended without a deal. Erdoğan's spokesman, İbrahim Kalın, said Ankara would continue to press for guarantees. François Hollande, Macron's predecessor, criticised the talks. Søren Pind of Denmark and Łukasz Szumowski of Poland also attended."},
	{name: "list of names", title: "Oscar nominations announced",
		text:       "The nominees for best actress are Glenn Close, Lady Gaga, Olivia Colman, Melissa McCarthy and Yalitza Aparicio. Best director nominees include Alfonso Cuarón, Spike Lee, Adam McKay, Yorgos Lanthimos and Paweł Pawlikowski.\nThe ceremony will be held in Los Angeles on February 24.",
		categories: []string{"Entertainment", "Film"}},
	{name: "byline and credits", title: "Floods force thousands from homes in Bangladesh",
		text: "By Priya Sharma, South Asia correspondent\n\nFloods have forced more than 200,000 people from their homes in Bangladesh, officials said on Wednesday.\nA woman wades through flood water in Sylhet. Photo: AFP/Getty Images\nThe Bangladesh Meteorological Department warned of more rain. Prime Minister Sheikh Hasina visited the worst-hit areas.\nREUTERS/Mohammad Ponir Hossain\nAdditional reporting by Karim Rahman"},
	{name: "hyphenated compounds", title: "Japan-South Korea summit set for next month",
		text: "A Japan-South Korea summit will be held next month, the two governments said. The US-Japan alliance and the China-Russia partnership were on the agenda. South Korean President Yoon Suk-yeol and Japanese Prime Minister Fumio Kishida will meet in Tokyo. Yoon said the relationship was improving."},
	{name: "company legal forms", title: "Toyota Motor Corp raises forecast",
		text:       "Toyota Motor Corp. raised its full-year profit forecast on Thursday. Rival Honda Motor Co. Ltd. cut its forecast, while Nissan Motor Co said sales had fallen. Toyota said the weaker yen had helped. Analysts at Goldman Sachs Group Inc and JPMorgan Chase & Co. said Toyota's outlook was cautious.",
		categories: []string{"Business > Autos", "Toyota"}},
	{name: "sports match report", title: "Djokovic beats Nadal in Paris final",
		text:       "Novak Djokovic beat Rafael Nadal 6-3, 6-4 in the Paris Masters final on Sunday. Djokovic, the world No. 1, won his 40th Masters title. \"It was a great match,\" Djokovic said. Nadal, who had not lost a final in Paris since 2015, said he was tired.\nNovak Djokovic of Serbia celebrates. (Photo by Julien Mattia/Getty Images)",
		categories: []string{"Sport", "Tennis"}},
	{name: "name particles", title: "Van Gogh exhibition opens in Amsterdam",
		text: "An exhibition of works by Vincent van Gogh opened at the Rijksmuseum in Amsterdam on Friday. Curator Louise van der Berg said the show included loans from the Musée d'Orsay. Dutch Minister of Culture Ingrid van Engelshoven opened the exhibition. Leonardo da Vinci and Rembrandt van Rijn were also represented."},
	{name: "middle initials and honorifics", title: "Sen. John F. Kennedy Jr. honoured",
		text: "Mr. John F. Kennedy Jr. was honoured at a ceremony in Boston. Sen. Elizabeth Warren and Rep. Ayanna Pressley spoke. Dr. Martin Luther King Jr.'s daughter, Bernice King, also attended. Mrs. Warren said Kennedy had inspired a generation."},
	{name: "arabic names", title: "Assad meets Putin in Moscow",
		text: "Syrian President Bashar al-Assad met Russian President Vladimir Putin in Moscow on Tuesday. Al-Assad thanked Russia for its support. Saudi Crown Prince Mohammed bin Salman and Egypt's Abdel Fattah el-Sisi were not invited. The Kremlin said Putin and al-Assad discussed reconstruction."},
	{name: "title case headline line", title: "Trump And Kim Agree To Meet Again In Vietnam",
		text: "Trump And Kim Agree To Meet Again In Vietnam\nPresident Donald Trump said on Friday that he would meet North Korean leader Kim Jong-un again, this time in Vietnam. Trump said the meeting would take place in Hanoi. Kim has not commented."},
	{name: "sentence-initial common words", title: "",
		text: "Dialogue is needed, the minister said. Growth slowed in the third quarter. Prices rose. Sales fell in Germany, and Growth Fund managers were cautious. Inflation stayed at 2 per cent."},
	{name: "days and months", title: "May to face vote in June",
		text: "Prime Minister Theresa May will face a confidence vote in June, officials said on Monday. May has said she will not resign. On Tuesday, March 12, lawmakers rejected her deal. In April the EU granted an extension until October 31."},
	{name: "organisations with of", title: "Bank of England holds rates",
		text:       "The Bank of England held interest rates at 5.25 per cent on Thursday. Governor Andrew Bailey said the Monetary Policy Committee was divided. The University of Oxford and the London School of Economics published forecasts. The Secretary of State for Business said the decision was expected.",
		categories: []string{"Business", "Economy"}},
	{name: "ampersands and brands", title: "P&G and Johnson & Johnson report sales",
		text: "Procter & Gamble and Johnson & Johnson reported higher sales on Tuesday. P&G said demand for Tide and Pampers was strong. Meanwhile, eBay and iRobot shares fell. AT&T said it would cut jobs. Marks & Spencer, the British retailer, also reported."},
	{name: "menu furniture", title: "Wildfires spread across Greece",
		text: "Home | News | Sport | Weather | iPlayer\nEurope\nAsia\nAfrica\n\nWildfires spread across Greece on Sunday, forcing the evacuation of villages near Athens.\nFirefighters battle a blaze on the island of Rhodes. Photo: Eurokinissi\nGreek Prime Minister Kyriakos Mitsotakis said the country was \"at war\" with the fires. The European Union sent planes from Italy and Spain.\nSign up for our newsletter\nShare this story\nMost Read\nRelated Topics"},
	{name: "dateline and editing", title: "Indonesia picks new capital site",
		text: "JAKARTA (Reuters) - Indonesia will build its new capital in East Kalimantan on the island of Borneo, President Joko Widodo said on Monday. Jokowi, as he is known, said Jakarta was overcrowded and sinking.\nReporting by Tabita Diela; Writing by Ed Davies; Editing by Kim Coghill"},
	{name: "copyright footer", title: "Chile elects new president",
		text: "Gabriel Boric won Chile's presidential election on Sunday, defeating José Antonio Kast. Boric, 35, will be the youngest president in Chile's history. Kast conceded defeat.\n© 2021 Example News Corp. All rights reserved.\nCopyright notice: do not redistribute."},
	{name: "demonyms", title: "Japanese and Korean firms invest in Vietnam",
		text: "Japanese and South Korean companies announced new investments in Vietnam. Vietnamese officials welcomed the plans. American and Chinese firms have also expanded. The Germans and the French were absent, while Britons made up most tourists."},
	{name: "place as modifier", title: "US Secretary of State visits Kyiv",
		text: "US Secretary of State Antony Blinken visited Kyiv on Wednesday. Ukrainian President Volodymyr Zelensky thanked the US for its support. UK Foreign Secretary James Cleverly and French Foreign Minister Catherine Colonna were also there."},
	{name: "ambiguous short names", title: "Kim siblings appear together",
		text: "Kim Jong-un and his sister Kim Yo-jong appeared together at a parade in Pyongyang. Kim waved to the crowd. Later, Kim Yo-jong issued a statement. South Korea's Kim Dae-jung was mentioned by state media."},
	{name: "events", title: "Qatar prepares for World Cup",
		text:       "Qatar is preparing to host the FIFA World Cup in November. The tournament will be the first World Cup held in the Middle East. Officials compared it with the 2016 Rio Olympics and the Tokyo Summer Olympics. The G20 Summit will be held in Bali the same month. Hurricane Ian hit Florida in September.",
		categories: []string{"Sport", "Football", "World Cup 2022"}},
	{name: "quotes and apostrophes", title: "‘We will rebuild,’ says mayor of O'Fallon",
		text: "“We will rebuild,” said Mayor Herb Roach of O'Fallon, Missouri. The mayor’s office said the tornado hit on Friday. O’Fallon’s residents gathered at St. Mary’s Church. Missouri Gov. Mike Parson declared an emergency."},
	{name: "hard-wrapped prose", title: "Election results delayed",
		text: "Election results in Kenya were delayed on Tuesday as the\nIndependent Electoral and Boundaries Commission said it needed more\ntime. William Ruto and Raila Odinga both claimed victory, and\nRuto's supporters gathered in Nairobi."},
	{name: "numbers and tickers", title: "Nasdaq falls as Nvidia slides",
		text:       "The Nasdaq Composite fell 2.1 per cent on Friday as shares of Nvidia Corp (NVDA.O) slid 8 per cent. The S&P 500 lost 1.4 per cent and the Dow Jones Industrial Average fell 300 points. Nvidia's chief executive Jensen Huang said demand for its H100 chips was strong.",
		categories: []string{"Markets", "Technology"}},
	{name: "royal titles", title: "Prince of Wales visits Cardiff",
		text: "The Prince of Wales visited Cardiff on Thursday. Prince William met staff at the University Hospital of Wales. The Princess of Wales did not attend. King Charles III is expected to visit in the spring. The Archbishop of Canterbury, Justin Welby, led prayers."},
	{name: "lower-case roles", title: "Striker signs for club",
		text: "striker Erling Haaland signed a new contract on Monday. manager Pep Guardiola said Haaland was the best striker in the world. chief executive Ferran Soriano praised the deal. Haaland's father Alf-Inge Haaland was present."},
	{name: "title and body mismatch", title: "Scientists Say New Species Found In Amazon Rainforest",
		text: "Researchers from the University of São Paulo said they had found a new species of frog in the Amazon rainforest. The frog was found in Brazil's Pará state. Professor Ana Carolina Carnaval said the discovery was important."},
	{name: "short promo block", title: "Ceasefire holds in Gaza",
		text: "Get the app\nListen to our podcast\nDownload now\n\nA ceasefire between Israel and Hamas held for a second day on Saturday, Egyptian mediators said. Israeli Prime Minister Benjamin Netanyahu said Israel would respond to any attack. Hamas leader Yahya Sinwar was not seen in public.\nAdvertisement\nRead more: Who are Hamas?"},
	{name: "international organisations", title: "WHO warns of new variant",
		text: "The WHO warned on Monday of a new variant. The World Health Organization said cases were rising in Europe. NATO and the UN Security Council also met. Who will pay for vaccines remained unclear, the IMF said. The EU and the African Union issued a joint statement."},
	{name: "no names at all", title: "weather mild today",
		text: "the weather was mild and the talks went on. nobody said anything about it, and everyone went home early."},
	{name: "empty text with title", title: "Shinzo Abe visits Washington", text: ""},
	{name: "shouting body", title: "",
		text: "CITY COUNCIL APPROVES NEW BUDGET FOR SCHOOLS\nThe Springfield City Council approved the budget on Monday. Mayor Joe Quimby said schools would get more money."},
	{name: "multi-line caption and credit", title: "Storm Ciarán batters France",
		text: "Storm Ciarán battered northern France and southern England on Thursday, leaving 1.2 million homes without power.\nWaves crash against the harbour wall in Brittany. Picture: Damien Meyer/AFP via Getty Images\nFrench Interior Minister Gérald Darmanin said seven people had been injured. In Cornwall, the Met Office issued an amber warning.\n(Photo: PA Media)"},
	{name: "unicode oddities", title: "ǅemal and STRAẞE",
		text: "ǅemal Bijedić met officials in İstanbul. The KELVIN K sign and STRAẞE appeared in the text. Ærø and Øresund were mentioned, as was ŁÓDŹ. a\u0308b and \xff\xfe invalid bytes followed."},
	{name: "long capitalised run", title: "",
		text: "Members Of The International Association Of Independent Tanker Owners And The Baltic And International Maritime Council Met In London On Tuesday To Discuss Rates."},
	{name: "tagger mentions with compounds", title: "Japan-US drills before Olympics",
		text: "The Japan-US alliance and US-South Korea drills came before the Pyeongchang Winter Olympics. The Olympics opened on Friday in Washington's absence, George Washington's heirs said.",
		mentions: []tm{{"Japan-US", "MISC"}, {"US-South Korea", "LOC"}, {"Pyeongchang Winter Olympics", "ORG"},
			{"Olympics", "MISC"}, {"Washington", "LOC"}, {"George Washington", "PER"}}},
	{name: "tagger mentions with titles", title: "",
		text: "President Trump met Mr Abe. Mrs. May and Sen. Elizabeth Warren were there, as was DONALD TRUMP's aide.",
		mentions: []tm{{"President Trump", "PER"}, {"Mr Abe", "PER"}, {"Mrs. May", "PER"},
			{"Sen. Elizabeth Warren", "PER"}, {"DONALD TRUMP's", "PER"}}},
}

// existingTexts are the inputs of the package's other tests.
func existingTexts() []goldenCase {
	var cs []goldenCase
	for i, s := range []string{
		// TestProperNouns
		"Talks on North Korea resumed.", "Prime Minister Shinzo Abe spoke.", "He met US President Donald Trump.",
		"Japanese Prime Minister Shinzo Abe spoke.", "US Vice President Mike Pence said so.",
		"South Korean President Moon Jae-in met Kim Jong-un.", "North Korean leader Kim Jong-un wrote.",
		"They met at the Pyeongchang Winter Olympics on Friday.", "Officials in the U.S. and the U.K. agreed.",
		"The Bank of Japan held rates.", "He is the Governor of Texas.",
		"However, The talks failed. But In the end nothing changed.", "On Wednesday, November 5, they met Abe.",
		"Theresa May spoke. May said she would stay.", "Dialogue for the sake of dialogue would be meaningless.",
		"Abe said no. Later Abe left.", "Japan said no.",
		"They heard Abe’s talk with Trump's aide and the Joneses' reply.",
		"The Japan-US alliance and US-South Korea drills.", "Shares of Hewlett-Packard rose.",
		"The California-based company grew.", "Apple Inc. and Toyota Motor Corp reported.",
		"The Liberal Democratic Party and the Defence Ministry agreed.", "She studied at Seoul National University.",
		"General Motors and the Justice Department settled.", "Bank of Japan Governor Haruhiko Kuroda spoke.",
		"Ursula von der Leyen met Mohammed bin Salman and Charles de Gaulle's heirs.", "Bashar al-Assad spoke.",
		"Procter & Gamble and AT&T fell.", "He flew to Trinidad and Tobago.",
		"Unity between North and South Korea grew.", "The President said the Prime Minister agreed.",
		"He met the Prime Minister of Japan.", "The Prince of Wales visited.",
		"BREAKING NEWS FROM TOKYO TODAY\nIn Tokyo, Abe spoke.",
		"Trump And Abe Agree On North Korea\nDonald Trump met Shinzo Abe to discuss Trump's plan.",
		"Marcus Rashford scored. The crowd cheered as Rashford ran.", "They watched The Dick Van Dyke Show.",
		"Manchester United won. United were better.", "Sales of the iPhone rose.",
		"He presented Match of the Day for years.", "Judges in The Hague ruled.", "I'm sure, Moto said. I'm told.",
		"", "nothing to see here.",
		"Ahead of the Olympics, Abe’s team met\r\nU.S. officials in Zürich — and Moon Jae-in's aides.",
		// resolve_test.go
		"Shinzo Abe spoke to Donald Trump. Later Abe said Trump agreed. President Moon Jae-in wrote to Kim Jong-un, and Moon waited for Kim to answer.",
		"Abe arrived first. The talks were hosted by Prime Minister Shinzo Abe in Tokyo.",
		"Kim Jong-un and his sister Kim Yo-jong attended. Kim spoke briefly.",
		"Athletes arrived for the Pyeongchang Winter Olympics. The Olympics open on Friday.",
		"Michelle Obama Welcomes Military Families. First Lady Michelle Obama hosted families, and Obama spoke.",
		"Apple Inc. reported results. Apple Music grew, and Apple said margins held.",
		"President Trump met Mr Abe. Mrs. May and Sen. Elizabeth Warren were there, as was DONALD TRUMP's aide.",
		"The U.S. and the United States of America, or simply America, and US officials. PyeongChang and Pyeongchang. The DPRK, N. Korea and North Korea.",
		"South Korea and Japanese officials met. South Korea and Japanese voters agreed.",
		"Acme Corp hired Jane Roe. Jane Roe met US President Donald Trump.",
		"Tokyo talks began on Monday. Officials from Acme Corp attended. Jane Roe of Acme Corp said Acme Corp would invest. Acme Corp has offices in Osaka, Roe added. A spokesman for Globex Corp declined to comment.",
		"Officials from Acme Corp arrived. " + strings.Repeat("The weather stayed mild and the talks went on. ", 20) + "Officials from Globex Corp arrived.",
		"Acme Corp leads. Acme Corp grew. Acme Corp hired. Acme Corp won. Rivals Globex Corp, Initech Corp, Umbrella Corp and Hooli Corp trailed far behind Acme Corp.",
		"Prime Minister Shinzo Abe met President Donald Trump. Abe and Trump talked for an hour, and Abe thanked Trump. Members of the Cabinet waited outside.",
		"Melania Trump spoke. Trump left.",
		// fuzz seeds
		"A", "U.S.", "Abe's", "’s", "-", "&", "Mr.", "The", "Prime Minister", "Photo:", "(c)", "©",
		"Japan-US", "US-South Korea", "al-", "al-A", "von der", "Bank of", "of the", "North and",
		"Donald J. Trump said", "ZÜRICH straße ǅemal", "\xff\xfe invalid \xc3", "a\u0308b", "İstanbul KELVİN K",
		"Home | World\nSign up\n\nPhoto: AFP/Getty Images (Reuters) - x",
		"TRUMP AND ABE AGREE\nTrump And Abe Agree To Keep\nDonald Trump met Shinzo Abe.",
	} {
		cs = append(cs, goldenCase{name: "existing " + strconv.Itoa(i), text: s})
	}
	cs = append(cs,
		goldenCase{name: "existing title case title", title: "Trump And Abe Agree To Keep Pressure Up On North Korea",
			text: "Donald Trump and Shinzo Abe spoke by phone about North Korea."},
		goldenCase{name: "existing categories", text: "Officials in Seoul said talks would resume.",
			categories: []string{"World", "Top Stories", "North Korea", "News > Asia", "Uncategorized", "Sport", "donald trump"}},
		goldenCase{name: "existing category boost", text: "Acme Corp and Globex Corp both reported. Acme Corp and Globex Corp both grew.",
			categories: []string{"Globex Corp"}},
		goldenCase{name: "earnings story", title: "Apple's quarterly profit beats forecasts as iPhone sales rebound in China",
			text: earningsStory, categories: []string{"Technology"}},
		goldenCase{name: "football story", title: "Rashford double sinks Liverpool as United close the gap",
			text: footballStory, categories: []string{"Sport"}},
		goldenCase{name: "eu story", title: "Macron and Scholz call for EU to speed up defence spending",
			text: euStory, categories: []string{"World"}},
		goldenCase{name: "bench story", title: "Macron and Scholz call for EU to speed up defence spending",
			text: benchStory(), categories: []string{"World", "Europe"}},
		goldenCase{name: "all stories as title", title: earningsStory, text: footballStory + "\n" + euStory},
	)
	return cs
}

// seedCases are the shared seed page as TestSeedArticle reads it; nil when
// the page is absent.
func seedCases() []goldenCase {
	b, err := os.ReadFile(seedPath)
	if err != nil {
		return nil
	}
	text := string(b)
	return []goldenCase{
		{name: "seed whole page", text: text},
		{name: "seed with its title", title: "Donald Trump and Shinzo Abe agree to keep pressure up on North Korea", text: text},
	}
}

func (c goldenCase) run(t *testing.T) goldenOutput {
	in := Input{Title: c.title, Text: c.text, Categories: c.categories}
	if c.mentions != nil {
		in.Mentions = mark(t, c.text, c.mentions...)
	}
	return goldenOutput{
		Name:        c.name,
		Resolve:     NewResolver(Options{}).Resolve(in),
		All:         allTopics().Resolve(in),
		ProperNouns: ProperNouns(c.text),
		TitleNouns:  ProperNouns(c.title),
	}
}

func TestGolden(t *testing.T) {
	cases := append(append(append([]goldenCase(nil), goldenTexts...), existingTexts()...), seedCases()...)
	want := map[string]json.RawMessage{}
	var order []string
	b, err := os.ReadFile(goldenPath)
	switch {
	case err == nil:
		var stored []json.RawMessage
		if err := json.Unmarshal(b, &stored); err != nil {
			t.Fatalf("%s: %v", goldenPath, err)
		}
		for _, raw := range stored {
			var head struct{ Name string }
			if err := json.Unmarshal(raw, &head); err != nil {
				t.Fatalf("%s: %v", goldenPath, err)
			}
			want[head.Name] = raw
			order = append(order, head.Name)
		}
	case !*update:
		t.Fatalf("%v (run with -update to create it)", err)
	}

	got := map[string]json.RawMessage{}
	for _, c := range cases {
		if _, dup := got[c.name]; dup {
			t.Fatalf("two cases named %q", c.name)
		}
		out, err := json.Marshal(c.run(t))
		if err != nil {
			t.Fatal(err)
		}
		got[c.name] = out
	}

	if *update {
		var all []json.RawMessage
		for _, c := range cases {
			all = append(all, got[c.name])
		}
		if seedCases() == nil { // keep the seed's entries when the page is absent
			for _, name := range order {
				if strings.HasPrefix(name, "seed ") {
					all = append(all, want[name])
				}
			}
		}
		b, err := json.Marshal(all)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		writeJSON(&out, b, "")
		if !jsonEqual(out.Bytes(), b) {
			t.Fatal("writeJSON changed the JSON")
		}
		b = out.Bytes()
		if err := os.MkdirAll(filepath.Dir(goldenPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenPath, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}

	for _, c := range cases {
		w, ok := want[c.name]
		if !ok {
			t.Errorf("%q: not in %s (run with -update)", c.name, goldenPath)
			continue
		}
		if g := got[c.name]; !jsonEqual(w, g) {
			t.Errorf("%q: output changed (-golden +got):\n%s", c.name, cmp.Diff(indent(w), indent(g)))
		}
	}
	if seedCases() == nil {
		t.Log("seed article absent: its golden cases were skipped")
	}
}

func jsonEqual(a, b []byte) bool {
	var ca, cb bytes.Buffer
	return json.Compact(&ca, a) == nil && json.Compact(&cb, b) == nil && bytes.Equal(ca.Bytes(), cb.Bytes())
}

func indent(b []byte) string {
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return string(b)
	}
	return out.String()
}

// writeJSON writes the compact JSON value v indented, with every object or
// array that holds only scalars on one line, so that the golden file stays
// small and its diffs readable.
func writeJSON(w *bytes.Buffer, v []byte, ind string) {
	if len(v) < 2 || v[0] != '{' && v[0] != '[' || !bytes.ContainsAny(stripStrings(v[1:len(v)-1]), "{[") {
		w.Write(v)
		return
	}
	inner := ind + " "
	w.WriteByte(v[0])
	for i, el := range splitTop(v[1:len(v)-1], ',') {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString("\n" + inner)
		if v[0] == '{' {
			kv := splitTop(el, ':')
			w.Write(kv[0])
			w.WriteString(": ")
			el = el[len(kv[0])+1:]
		}
		writeJSON(w, el, inner)
	}
	w.WriteString("\n" + ind)
	w.WriteByte(v[len(v)-1])
}

// stripStrings returns compact JSON with the contents of its strings removed.
func stripStrings(v []byte) []byte {
	var out []byte
	in, esc := false, false
	for _, c := range v {
		switch {
		case esc:
			esc = false
		case in && c == '\\':
			esc = true
		case c == '"':
			in = !in
		case !in:
			out = append(out, c)
		}
	}
	return out
}

// splitTop splits compact JSON members at sep outside strings and nested
// values.
func splitTop(v []byte, sep byte) [][]byte {
	var out [][]byte
	depth, start, in, esc := 0, 0, false, false
	for i, c := range v {
		switch {
		case esc:
			esc = false
		case in:
			esc = c == '\\'
			in = c != '"'
		case c == '"':
			in = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		case c == sep && depth == 0:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}
