package main

import (
	"fmt"
	"os"

	"github.com/heraldnews/herald/internal/nlp"
)

func main() {
	for _, s := range os.Args[1:] {
		for _, t := range nlp.Tokenize(s) {
			fmt.Printf("%q ", t.Text)
		}
		fmt.Println()
		m, err := nlp.DefaultTagger()
		if err != nil {
			panic(err)
		}
		for _, e := range m.Entities(s) {
			fmt.Printf("  %s %q [%d:%d] %q\n", e.Type, e.Text, e.Start, e.End, s[e.Start:e.End])
		}
	}
}
