package nlp

import (
	"fmt"
	"strings"
)

// featureSet selects the optional feature templates a model uses. It is
// saved with the model, so tagging computes the features training did.
type featureSet uint32

const (
	fsAgg     featureSet = 1 << iota // context aggregation over the document
	fsHist                           // types earlier sentences gave the word
	fsDoc                            // casing of the word elsewhere in the document
	fsLexCtx                         // word bigrams and word plus next shape
	fsCase                           // how often unlabelled text capitalises the word
	fsTwoPass                        // tag twice, the second time with the history of the whole document
	fsChar                           // character trigrams of the word
)

// legacyFeatures are the features of models saved before feature sets were
// (format version 1).
const legacyFeatures = fsAgg | fsHist | fsDoc | fsLexCtx

// defaultFeatures are the features Train uses unless told otherwise, chosen
// by cross-validation on eng.train (MODEL.md): the lexical context
// templates (fsLexCtx) fit seen names and were dropped, the casing ratios
// (fsCase) added.
const defaultFeatures = fsAgg | fsHist | fsDoc | fsCase

var featureNames = []struct {
	name string
	fs   featureSet
}{{"agg", fsAgg}, {"hist", fsHist}, {"doc", fsDoc}, {"lexctx", fsLexCtx}, {"case", fsCase}, {"twopass", fsTwoPass}, {"char", fsChar}}

// parseFeatures applies a comma-separated list of "+name" and "-name" to
// the default feature set.
func parseFeatures(s string) (featureSet, error) {
	fs := defaultFeatures
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		on := f[0] != '-'
		name := strings.TrimLeft(f, "+-")
		bit, ok := featureBit(name)
		if !ok {
			return 0, fmt.Errorf("unknown feature set member %q", name)
		}
		if on {
			fs |= bit
		} else {
			fs &^= bit
		}
	}
	return fs, nil
}

func featureBit(name string) (featureSet, bool) {
	for _, n := range featureNames {
		if n.name == name {
			return n.fs, true
		}
	}
	return 0, false
}

// String lists the members of the set by name.
func (fs featureSet) String() string {
	var names []string
	for _, n := range featureNames {
		if fs&n.fs != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, ",")
}
