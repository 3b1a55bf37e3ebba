package topic

import "strings"

// The word lists below are general English and newsroom vocabulary. Every
// list is matched against lower-cased words.

// stopWords never start or join a proper-noun phrase, even when capitalised:
// function words and the adverbs, determiners and discourse words that begin
// sentences.
var stopWords = wordSet(`
a an the this that these those there here it its it's i me my mine we us our ours you your yours
he him his she her hers they them their theirs who whom whose which what whatever whoever where
when why how whether if unless until while whilst because since as so than then though although
yet but and or nor not no yes also too very just only even still already again ever never always
often sometimes perhaps maybe indeed thus hence however meanwhile moreover furthermore nevertheless
nonetheless otherwise instead besides therefore accordingly likewise similarly consequently overall
in on at by for from to of off out over under with without within into onto upon about above below
after before during despite amid amidst among amongst between through throughout across against
along around behind beyond near toward towards via per like unlike including excluding regarding
concerning following according ahead inside outside beneath beside besides underneath
all any both each either every few many more most much neither none other others own same several
some such another enough less least lot lots
is are was were be been being am do does did done have has had having would shall should
can could might must ought let lets
yesterday today tonight tomorrow now later earlier soon recently currently previously initially
finally eventually once twice
oh ok okay please thanks hello
whereas wherever whenever whichever everyone everybody everything someone somebody something
anyone anybody anything nobody nothing
`)

// dayMonth are day and month names: not topics on their own.
var dayMonth = wordSet(`
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
`)

// compassWords are direction words that are not names on their own ("North and
// South Korea").
var compassWords = wordSet(`
north south east west northern southern eastern western central northeast northwest southeast
southwest north-east north-west south-east south-west mid
`)

// titleHeads are titles and honorifics that precede a person's name.
var titleHeads = wordSet(`
president president-elect vice-president premier chancellor minister secretary secretary-general
king queen prince princess pope emperor empress tsar czar sultan emir sheikh shaikh ayatollah
mr mr. mrs mrs. ms ms. miss mx dr dr. prof prof. professor sir dame
sen sen. senator rep rep. representative congressman congresswoman congressmember
gov gov. governor mayor lieutenant-governor
general gen gen. admiral adm adm. colonel col col. lieutenant lt lt. captain capt capt. sergeant sgt sgt.
commander cmdr cmdr. marshal brigadier major maj maj.
judge justice magistrate chairman chairwoman chairperson ceo cfo coo executive director
ambassador envoy commissioner spokesman spokeswoman spokesperson leader speaker
archbishop bishop cardinal rev rev. reverend rabbi imam cleric
detective inspector constable superintendent officer
treasurer chief lord lady pm correspondent editor
`)

// titleMods are words that qualify a title ("Vice", "Prime", "Foreign",
// "Former", "Defence") and may sit inside a title block. Words that also name
// institutions ("Party", "House", "Senate") are deliberately absent, so that
// "Labour Party Leader Keir Starmer" keeps "Labour Party" as a name.
var titleMods = wordSet(`
vice deputy prime foreign defence defense finance home interior chief supreme crown former acting
interim first senior state executive attorney health trade economy economic education labour
labor energy environment culture transport commerce treasury justice opposition presidential
associate assistant managing exiled late incoming outgoing ex general grand high majority
minority top principal
`)

// weakHeads are title heads that are also the first word of common
// organisation names ("General Motors", "Justice Department"): they count as a
// title only before a name of two or more words or inside a longer title.
var weakHeads = wordSet(`general justice chief executive leader officer major marshal lord lady`)

// roleWords are lower-case job and role words that, just before a
// capitalised phrase, make it a person ("leader Kim Jong-un", "striker Harry
// Kane", "chief executive Tim Cook").
var roleWords = wordSet(`
president premier chancellor minister secretary king queen prince princess pope emperor sultan
emir sheikh senator congressman congresswoman governor mayor ambassador envoy commissioner
spokesman spokeswoman spokesperson leader chairman chairwoman chairperson ceo director judge
coach manager captain striker midfielder defender goalkeeper winger player singer actor actress
rapper musician writer author novelist journalist reporter photographer artist founder co-founder
cofounder chief executive presenter economist analyst professor scientist lawyer attorney officer
detective candidate nominee challenger colleague wife husband son daughter brother sister mother
father widow boss
`)

// legalForms end company names without being part of what people call the
// company: "Apple Inc." is Apple.
var legalForms = wordSet(`inc inc. corp corp. co co. cos cos. ltd ltd. llc llp plc ag sa nv gmbh bv limited incorporated`)

// adjSuffixes turn a name into an adjective after a hyphen: "California-based",
// "Saudi-led", "US-backed". The name is kept, the suffix dropped.
var adjSuffixes = wordSet(`
based born bred led backed owned made style era bound linked funded controlled run listed
headquartered registered flagged focused related wide friendly allied aligned sponsored
dominated inspired brokered
`)

// orgSuffixes end organisation names.
var orgSuffixes = wordSet(`
inc inc. corp corp. corporation co co. company ltd ltd. llc llp plc ag sa nv gmbh bv
group holdings holding bank bancorp partners ventures capital fund trust
party ministry agency university college school institute institution foundation association
federation union league council committee commission authority board bureau department office
service services court tribunal parliament assembly senate congress army navy force forces
police guard guards corps brigade regiment command division
airlines airways air motors motor systems technologies technology labs laboratories pharmaceuticals
industries international networks communications media news times post journal herald tribune
telegraph guardian gazette press broadcasting radio television tv club fc afc cf
church mosque temple hospital clinic museum gallery library exchange
organization organisation movement alliance coalition society network
`)

// workWords end the names of works and programmes, not people ("The Dick
// Van Dyke Show", "Match of the Day").
var workWords = wordSet(`show programme program podcast magazine film movie album book novel song day night live today`)

// facilityWords begin names of places and buildings that carry name
// particles without being people ("Place de la Concorde", "Stade de France").
var facilityWords = wordSet(`
place plaza piazza rue avenue boulevard stade stadium estadio gare palais palace palazzo musée
museo pont porte parc park hotel hôtel institut instituto banco banque universidad université
universita casa villa château castello cathedral notre saint st san santa são sainte lac lake
mont monte cap isla puerto port fort forte bahia costa sierra rio
`)

// contractionBases are the first halves of contractions that are function
// words ("don't", "isn't", "I'm").
var contractionBases = wordSet(`don can won isn aren wasn weren doesn didn hasn haven hadn couldn shouldn wouldn mustn needn ain`)

// ofHeads may be followed by "of" inside a name ("Bank of Japan",
// "University of Tokyo", "Republic of Korea", "Prince of Wales").
var ofHeads = wordSet(`
bank university college school institute ministry department secretary office bureau board
council court federation association union church museum academy society commission
republic kingdom state states emirate sultanate principality commonwealth federation
gulf sea isle island islands bay strait straits cape city county province district
duke duchess prince princess earl countess archbishop bishop lord lady house
chamber centre center centers centres organisation organization league party
`)

// placeOfHeads make an "X of Y" name a place; personOfHeads make it a person.
var (
	placeOfHeads  = wordSet(`republic kingdom state states emirate sultanate principality commonwealth gulf sea isle island islands bay strait straits cape city county province district`)
	personOfHeads = wordSet(`duke duchess prince princess earl countess archbishop bishop lord lady`)
)

// nameParticles join the parts of a name ("Charles de Gaulle", "Ursula von
// der Leyen", "Mohammed bin Salman") when capitalised words surround them.
var nameParticles = wordSet(`de da di del della der den van von bin bint ibn al el le la du dos das y zu ter ten`)

// eventWords end the names of events.
var eventWords = wordSet(`
olympics olympiad paralympics games cup summit championship championships open festival expo
marathon awards prix election elections referendum war revolution uprising conference convention
tournament derby final finals series week fair carnival parade
`)

// ctaWords begin calls to action, promotions and page furniture ("Learn
// more", "Sign up", "Read more: …", "Advertisement").
var ctaWords = wordSet(`
get learn sign subscribe register log login click tap download install follow share join try
discover explore continue read watch listen see view more related recommended advertisement
sponsored promoted trending popular back skip go upgrade unlock buy shop order donate support
start manage update allow accept enable
`)

// creditCues introduce picture and reporting credits when followed by ':' or
// "by": "Photo: AFP", "Picture: Reuters", "Reporting by …".
var creditCues = wordSet(`
photo photos photograph photographs photography picture pictures pic pics image images video
credit credits illustration illustrations graphic graphics source sources courtesy reporting
editing writing additional compiled production produced filming footage
`)

// sectionWords are the words of newsroom section names: a feed category made
// only of them ("Top Stories", "World News", "Sport") names a section, not a topic.
var sectionWords = wordSet(`
world news top stories story latest breaking headlines home front page uncategorized uncategorised
general misc miscellaneous other others more main featured feature features sport sports business
economy markets market money finance politics political opinion opinions comment commentary
editorial editorials analysis column columns columnists blog blogs tech technology science health
entertainment lifestyle life style culture arts art travel food local national international
regional global domestic foreign video videos photo photos gallery galleries podcast podcasts
live weather obituaries letters review reviews society education environment property motoring
cars fashion beauty books music film films tv television media trending popular today daily
weekly week weekend special specials reports report insight insights explainer explainers
in-depth long-reads read reads magazine
`)

// lex is a set of the word lists above, one bit a list. lexicon gives every
// word the lists it is in, so that a token is looked up once (when it is
// classified) and its lists are tested as bits after that.
type lex uint32

const (
	lexStop lex = 1 << iota
	lexDayMonth
	lexCompass
	lexTitleHead
	lexTitleMod
	lexWeakHead
	lexRole
	lexLegal
	lexOrgSuffix
	lexWork
	lexFacility
	lexOfHead
	lexPlaceOfHead
	lexPersonOfHead
	lexParticle
	lexEvent
	lexCTA
	lexCreditCue
	lexAbbrevTitle
	lexAbbrevSuffix
)

// lexicon maps each word of the lists above to the lists it is in.
var lexicon = buildLexicon(map[lex]map[string]bool{
	lexStop: stopWords, lexDayMonth: dayMonth, lexCompass: compassWords, lexTitleHead: titleHeads,
	lexTitleMod: titleMods, lexWeakHead: weakHeads, lexRole: roleWords, lexLegal: legalForms,
	lexOrgSuffix: orgSuffixes, lexWork: workWords, lexFacility: facilityWords, lexOfHead: ofHeads,
	lexPlaceOfHead: placeOfHeads, lexPersonOfHead: personOfHeads, lexParticle: nameParticles,
	lexEvent: eventWords, lexCTA: ctaWords, lexCreditCue: creditCues, lexAbbrevTitle: abbrevTitles,
	lexAbbrevSuffix: abbrevSuffixes,
})

func buildLexicon(lists map[lex]map[string]bool) map[string]lex {
	m := make(map[string]lex, 1024)
	for bit, set := range lists {
		for w := range set {
			m[w] |= bit
		}
	}
	return m
}

// lexOf returns the lists that w, lower-cased, is in, without allocating for
// short ASCII words.
func lexOf(w string) lex {
	var buf [24]byte
	if len(w) > len(buf) {
		return lexicon[lower(w)]
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			return lexicon[lower(w)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return lexicon[string(buf[:len(w)])]
}

// wordSet turns a whitespace-separated list into a set.
func wordSet(words string) map[string]bool {
	fs := strings.Fields(words)
	m := make(map[string]bool, len(fs))
	for _, w := range fs {
		m[w] = true
	}
	return m
}

// inSet reports whether w, lower-cased, is in set, without allocating for
// short ASCII words.
func inSet(set map[string]bool, w string) bool {
	var buf [24]byte
	if len(w) > len(buf) {
		return set[lower(w)]
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			return set[lower(w)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return set[string(buf[:len(w)])]
}

// lower returns s lower-cased, without allocating when s is already lower-case
// ASCII.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}
