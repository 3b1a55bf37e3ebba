package topic

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestScratchPN(t *testing.T) {
	b, _ := os.ReadFile(os.Getenv("PNFILE"))
	for _, m := range ProperNouns(string(b)) {
		fmt.Printf("%-4s %q\n", m.Type, m.Text)
	}
}

func TestScratchResolve(t *testing.T) {
	b, _ := os.ReadFile(os.Getenv("PNFILE"))
	res := NewResolver(Options{Threshold: 0.01, MinEvidence: -1, MaxTopics: 40}).Resolve(Input{Text: string(b), Title: os.Getenv("PNTITLE")})
	for _, tp := range res.Topics {
		fmt.Printf("%.3f %-13s %-30s %s\n", tp.Salience, tp.Kind, tp.Name, tp.Slug)
	}
	if os.Getenv("PNENT") != "" {
		j, _ := json.MarshalIndent(res.Entities, "", " ")
		fmt.Println(string(j))
	}
}

func TestScratchStories(t *testing.T) {
	for _, st := range []string{earningsStory, footballStory, euStory} {
		res := NewResolver(Options{Threshold: 0.01, MinEvidence: -1, MaxTopics: 40}).Resolve(Input{Text: st})
		for _, tp := range res.Topics {
			fmt.Printf("%.3f %-13s %-30s %s\n", tp.Salience, tp.Kind, tp.Name, tp.Slug)
		}
		for _, e := range res.Entities {
			if e.Topic == "" {
				fmt.Printf("   dropped %q %s\n", e.Text, e.Type)
			}
		}
		fmt.Println("----")
	}
}

func TestScratchDefault(t *testing.T) {
	b, _ := os.ReadFile("/work/shared/seed/article.txt")
	for _, in := range []Input{{Text: string(b)}, {Text: string(b), Title: "Donald Trump and Shinzo Abe agree to keep pressure up on North Korea"}, {Text: earningsStory}, {Text: footballStory}, {Text: euStory}} {
		res := NewResolver(Options{}).Resolve(in)
		for _, tp := range res.Topics {
			fmt.Printf("%.3f %-13s %-30s %s\n", tp.Salience, tp.Kind, tp.Name, tp.Slug)
		}
		fmt.Println("----")
	}
}

func TestScratchWiki(t *testing.T) {
	f, err := os.Open("/work/shared/eval/cluster/wikiref186.jsonl")
	if err != nil {
		t.Skip()
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	r := NewResolver(Options{})
	n := 0
	for dec.More() {
		var d struct{ Title, Text, Label string }
		if err := dec.Decode(&d); err != nil {
			t.Fatal(err)
		}
		n++
		if n%9 != 0 {
			continue
		}
		res := r.Resolve(Input{Title: d.Title, Text: d.Text})
		fmt.Printf("## %s | %s (%d bytes)\n", d.Label, d.Title, len(d.Text))
		for _, tp := range res.Topics {
			fmt.Printf("   %.2f %-12s %s\n", tp.Salience, tp.Kind, tp.Name)
		}
	}
}

func TestScratchWikiOne(t *testing.T) {
	f, err := os.Open("/work/shared/eval/cluster/wikiref186.jsonl")
	if err != nil {
		t.Skip()
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	r := NewResolver(Options{})
	for dec.More() {
		var d struct{ Title, Text, Label string }
		if err := dec.Decode(&d); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(d.Title, os.Getenv("WT")) {
			continue
		}
		res := r.Resolve(Input{Title: d.Title, Text: d.Text})
		fmt.Printf("## %s | %s (%d bytes)\n", d.Label, d.Title, len(d.Text))
		for _, tp := range res.Topics {
			fmt.Printf("   %.2f %-12s %q\n", tp.Salience, tp.Kind, tp.Name)
		}
		for _, e := range append(res.TitleEntities, res.Entities...) {
			if os.Getenv("WE") == "" || strings.Contains(e.Text, os.Getenv("WE")) || strings.Contains(e.Topic, os.Getenv("WE")) {
				ctx := ""
				if e.End <= len(d.Text) {
					ctx = d.Text[max(0, e.Start-40):min(len(d.Text), e.End+20)]
				}
				fmt.Printf("   %-30q %-4s %-25s %q\n", e.Text, e.Type, e.Topic, ctx)
			}
		}
	}
}
