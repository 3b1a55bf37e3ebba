package section

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
)

func threadCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(1, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestZZCPU(t *testing.T) {
	if os.Getenv("SECTCPU") == "" {
		t.Skip()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	type cs struct {
		name  string
		train []Example
		test  []Example
	}
	cases := []cs{
		{"synthetic600", syntheticCorpus(5000, 12, 300), syntheticCorpus(50, 12, 600)},
		{"bbc", loadSplit(t, "bbc-train.jsonl"), loadSplit(t, "bbc-test.jsonl")},
		{"20ng", loadSplit(t, "20ng-train.jsonl"), loadSplit(t, "20ng-test.jsonl")},
	}
	for _, c := range cases {
		m, err := Train(context.Background(), c.train, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			for _, ex := range c.test {
				m.Predict(ex.Title, ex.Text)
			}
		}
		n := 0
		t0 := threadCPU()
		w0 := time.Now()
		for n < 20000 {
			for _, ex := range c.test {
				m.Predict(ex.Title, ex.Text)
				n++
			}
		}
		fmt.Printf("%s: cpu %.1f µs/op wall %.1f µs/op\n", c.name, float64(threadCPU()-t0)/1e3/float64(n), float64(time.Since(w0))/1e3/float64(n))
	}
}
