// Command clustergen learns the word clusters that the tagger's features use,
// lexicon/clusters.txt.gz, from unlabelled text. Only the derived clusters
// ship; the text does not:
//
//	go run ./internal/nlp/internal/clustergen -eval ../shared/eval -conll eng.train,eng.testa -out internal/nlp/lexicon/clusters.txt.gz
//
// Every word seen often enough gets a vector of the words seen next to it
// (positive pointwise mutual information of left and right neighbours at
// distances 1 and 2, reduced by a truncated SVD), and spherical k-means
// splits the words into a three-level tree of clusters. A word's path in the
// tree ("3a5") plays the part of a Brown cluster bit string: its prefixes
// are features. A third column says how often the word's lower-case form is
// capitalised mid-sentence, a truecasing cue. The run is deterministic.
//
// For cross-validating the tagger, -holdout K/N leaves out the documents of
// fold K of N (nlp.Folds) of the CoNLL files, so that the held-out fold's
// words are as new to the clusters as a test set's.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald/internal/nlp"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "clustergen:", err)
		os.Exit(1)
	}
}

type options struct {
	minCount, maxVocab, contexts, dims int
	branches, offsets                  []int
}

func run() error {
	evalDir := flag.String("eval", "../shared/eval", "the shared evaluation folder (text sources)")
	out := flag.String("out", "", "output file (.txt.gz)")
	var o options
	flag.IntVar(&o.minCount, "min-count", 3, "smallest word count to cluster")
	flag.IntVar(&o.maxVocab, "max-vocab", 120000, "most words to cluster")
	flag.IntVar(&o.contexts, "contexts", 3000, "context words (most frequent)")
	flag.IntVar(&o.dims, "dims", 100, "SVD dimensions")
	tree := flag.String("branches", "16,16,8", "clusters per tree level, top down")
	offsets := flag.String("offsets", "-2,-1,1,2", "neighbour positions counted as contexts")
	probe := flag.String("probe", "", "comma-separated words whose nearest neighbours to print")
	conll := flag.String("conll", "eng.train", "CoNLL files in the eval folder's conll2003 whose words are read, comma-separated (empty: none)")
	holdout := flag.String("holdout", "", "fold K/N: leave out the documents of fold K of N (nlp.Folds) of every CoNLL file, to cross-validate the tagger")
	flag.Parse()
	var src corpus
	if *conll != "" {
		src.conll = strings.Split(*conll, ",")
	}
	if *holdout != "" {
		if _, err := fmt.Sscanf(*holdout, "%d/%d", &src.fold, &src.folds); err != nil || src.fold < 0 || src.fold >= src.folds {
			return fmt.Errorf("bad -holdout %q: want K/N", *holdout)
		}
	}
	for _, f := range strings.Split(*offsets, ",") {
		n, err := strconv.Atoi(f)
		if err != nil || n == 0 {
			return fmt.Errorf("bad -offsets %q", *offsets)
		}
		o.offsets = append(o.offsets, n)
	}
	for _, b := range strings.Split(*tree, ",") {
		n, err := strconv.Atoi(b)
		if err != nil || n < 2 || n > 36 {
			return fmt.Errorf("bad -branches %q", *tree)
		}
		o.branches = append(o.branches, n)
	}
	if *out == "" {
		return fmt.Errorf("-out is required")
	}
	began := time.Now()
	sents, err := src.read(*evalDir)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "read %d sentences in %.1fs\n", len(sents), time.Since(began).Seconds())
	vocab, vecs := embed(sents, o)
	fmt.Fprintf(os.Stderr, "embedded %d words in %.1fs\n", len(vocab), time.Since(began).Seconds())
	if *probe != "" {
		printNeighbours(os.Stderr, strings.Split(*probe, ","), vocab, vecs, o.dims)
	}
	paths := cluster(vecs, o.dims, o.branches)
	fmt.Fprintf(os.Stderr, "clustered in %.1fs\n", time.Since(began).Seconds())
	return write(*out, vocab, paths, casingOf(sents), len(o.branches))
}

// corpus names the CoNLL files read as unlabelled text, and the fold of
// documents left out of them (folds 0: none).
type corpus struct {
	conll       []string
	fold, folds int
}

// read tokenizes the unlabelled text: the words of the CoNLL files (by
// default the training file, not the dev file), BBC and 20 Newsgroups texts,
// the WikiRef articles, and the MSRP and STS sentences.
func (c corpus) read(dir string) ([][]string, error) {
	var sents [][]string
	add := func(text string) {
		for _, line := range strings.Split(text, "\n") {
			toks := nlp.Tokenize(line)
			if len(toks) == 0 {
				continue
			}
			words := make([]string, len(toks))
			for i, t := range toks {
				words[i] = t.Text
			}
			sents = append(sents, words)
		}
	}
	for _, name := range c.conll {
		if err := c.readCoNLLWords(filepath.Join(dir, "conll2003", name), &sents); err != nil {
			return nil, err
		}
	}
	for _, f := range []string{"classify/bbc-train.jsonl", "classify/bbc-test.jsonl", "classify/20ng-train.jsonl",
		"classify/20ng-test.jsonl", "cluster/wikiref150.jsonl", "cluster/wikiref186.jsonl"} {
		if err := readJSONL(filepath.Join(dir, f), add); err != nil {
			return nil, err
		}
	}
	if err := readTSV(filepath.Join(dir, "pairs/msrp-train.tsv"), []int{3, 4}, add); err != nil {
		return nil, err
	}
	for _, f := range []string{"pairs/sts-train.csv", "pairs/sts-dev.csv"} {
		if err := readTSV(filepath.Join(dir, f), []int{5, 6}, add); err != nil {
			return nil, err
		}
	}
	return sents, nil
}

func (c corpus) readCoNLLWords(path string, sents *[][]string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := nlp.ReadCoNLL(f)
	if err != nil {
		return err
	}
	if c.folds > 1 {
		data = nlp.Except(nlp.Folds(data, c.folds), c.fold)
	}
	for _, s := range data {
		*sents = append(*sents, s.Words)
	}
	return nil
}

func readJSONL(path string, add func(string)) error {
	return eachLine(path, func(line string) error {
		var rec struct{ Title, Text string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		add(rec.Title)
		add(rec.Text)
		return nil
	})
}

func readTSV(path string, cols []int, add func(string)) error {
	return eachLine(path, func(line string) error {
		f := strings.Split(line, "\t")
		for _, c := range cols {
			if c < len(f) {
				add(f[c])
			}
		}
		return nil
	})
}

func eachLine(path string, fn func(string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		if err := fn(sc.Text()); err != nil {
			return err
		}
	}
	return sc.Err()
}

func write(path string, vocab []string, paths []string, cs casing, levels int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	idx := make([]int, len(vocab))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return vocab[idx[a]] < vocab[idx[b]] })
	prefixes := make([]string, levels)
	for i := range prefixes {
		prefixes[i] = strconv.Itoa(i + 1)
	}
	fmt.Fprintf(zw, "# prefixes %s\n", strings.Join(prefixes, ","))
	for _, i := range idx {
		fmt.Fprintf(zw, "%s\t%s\t%s\n", vocab[i], paths[i], cs.bucket(vocab[i]))
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// printNeighbours writes the ten nearest words of each probe word, to check
// the vectors by eye.
func printNeighbours(w io.Writer, probes, vocab []string, vecs []float32, dims int) {
	for _, p := range probes {
		pi := slices.Index(vocab, p)
		if pi < 0 {
			continue
		}
		type hit struct {
			w string
			s float32
		}
		var hits []hit
		for i := range vocab {
			if i != pi {
				hits = append(hits, hit{vocab[i], dot(vecs[i*dims:(i+1)*dims], vecs[pi*dims:(pi+1)*dims])})
			}
		}
		sort.Slice(hits, func(a, b int) bool { return hits[a].s > hits[b].s })
		fmt.Fprintf(w, "%s:", p)
		for _, h := range hits[:10] {
			fmt.Fprintf(w, " %s", h.w)
		}
		fmt.Fprintln(w)
	}
}
