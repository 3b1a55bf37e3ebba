package store

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// The child process of TestHostileE5_KillDuringIngest runs when these are set.
const (
	e5DBEnv    = "HERALD_TEST_E5_DB"    // the database file to ingest into
	e5StartEnv = "HERALD_TEST_E5_START" // the first batch number to store
	e5Batch    = 20                     // stories per batch (one transaction)
)

// TestHostileE5_KillDuringIngest re-executes this test binary as a child that
// ingests batches of stories into an SQLite file, one transaction per batch,
// and prints "committed N" after each UpsertStories returns. The parent
// SIGKILLs it at a random point, then reopens the file and checks that
// PRAGMA integrity_check is ok, that every batch the child reported is there
// whole, and that no batch is there in part. Each round restarts from the last
// reported batch, so a batch that committed without being reported is stored
// again, which must update it, not duplicate it.
func TestHostileE5_KillDuringIngest(t *testing.T) {
	if path := os.Getenv(e5DBEnv); path != "" {
		e5Child(path, os.Getenv(e5StartEnv))
		return
	}
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 5))
	path := filepath.Join(t.TempDir(), "herald.db")
	reported := map[int]bool{}
	next := 0
	for round := range 3 {
		kill := 2 + r.IntN(12)
		got := e5Round(t, path, next, kill, time.Duration(r.IntN(20))*time.Millisecond)
		if len(got) == 0 {
			t.Fatalf("round %d: the child reported no batch", round)
		}
		for _, b := range got {
			reported[b] = true
			next = max(next, b+1)
		}
		e5Check(t, path, reported, next)
	}
}

// e5Round runs one child from batch start, kills it after it has reported
// kill batches (and a pause), and returns every batch it reported.
func e5Round(t *testing.T, path string, start, kill int, pause time.Duration) []int {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute) // hang guard
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHostileE5_KillDuringIngest$")
	cmd.Env = append(os.Environ(), e5DBEnv+"="+path, e5StartEnv+"="+strconv.Itoa(start))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var got []int
	killed := false
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		n, ok := strings.CutPrefix(sc.Text(), "committed ")
		if !ok {
			continue
		}
		b, err := strconv.Atoi(n)
		if err != nil {
			t.Fatalf("child said %q", sc.Text())
		}
		got = append(got, b)
		if len(got) == kill && !killed {
			time.Sleep(pause)
			if err := cmd.Process.Kill(); err != nil { // SIGKILL
				t.Fatal(err)
			}
			killed = true
		}
	}
	err = cmd.Wait()
	if !killed || err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("child ended with %v before it was killed (after %d batches)\nstderr: %s", err, len(got), stderr.String())
	}
	return got
}

// e5Check opens the database the way a restarted Herald would and checks it.
func e5Check(t *testing.T, path string, reported map[int]bool, next int) {
	t.Helper()
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer db.Close()
	assertIntegrity(t, db.r)
	rows, err := db.r.QueryContext(t.Context(), `SELECT substr(external_id, 1, 7), count(*) FROM stories GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	present := map[int]int{}
	for rows.Next() {
		var key string
		var n int
		if err := rows.Scan(&key, &n); err != nil {
			t.Fatal(err)
		}
		b, _ := strconv.Atoi(strings.TrimPrefix(key, "b"))
		present[b] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for b := range reported {
		if present[b] != e5Batch {
			t.Errorf("batch %d was reported committed; %d of its %d stories are stored", b, present[b], e5Batch)
		}
	}
	for b, n := range present {
		switch {
		case n != e5Batch:
			t.Errorf("batch %d is stored in part: %d of %d stories", b, n, e5Batch)
		case !reported[b] && b != next:
			t.Errorf("batch %d is stored but was neither reported nor the one in flight (%d)", b, next)
		}
	}
}

// e5Child ingests batches from start until it is killed, printing each one
// that committed. It runs in the child process only.
func e5Child(path, start string) {
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(3)
	}
	ctx := context.Background()
	b, err := strconv.Atoi(start)
	if err != nil {
		fail(err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		fail(err)
	}
	src, err := db.SourceByURL(ctx, "https://crash.example/feed")
	if herald.ErrorCode(err) == herald.ENOTFOUND {
		src = &herald.Source{URL: "https://crash.example/feed"}
		err = db.CreateSource(ctx, src)
	}
	if err != nil {
		fail(err)
	}
	body := "<p>" + strings.Repeat("Storm damage reported along the coast road overnight. ", 60) + "</p>"
	for ; ; b++ {
		batch := make([]*herald.Story, e5Batch)
		for i := range batch {
			batch[i] = &herald.Story{SourceID: src.ID, ExternalID: fmt.Sprintf("b%06d-%02d", b, i),
				Title: fmt.Sprintf("Storm %d.%d", b, i), ContentHTML: body, PublishedAt: time.Now().Add(-time.Hour),
				Topics: []herald.StoryTopic{{Topic: herald.Topic{Slug: fmt.Sprintf("storm-%d", i%7)}, Salience: 0.5}}}
		}
		_, errs := db.UpsertStories(ctx, batch)
		for _, err := range errs {
			if err != nil {
				fail(err)
			}
		}
		fmt.Printf("committed %d\n", b)
	}
}
