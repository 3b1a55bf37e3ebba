package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald/internal/demo"
	"github.com/heraldnews/herald/internal/store"
)

// demoRun starts `herald demo` with args, waits until it serves, and returns
// its output so far and a stop function that waits for it to end.
func demoRun(t *testing.T, args ...string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: noEnv}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, e, append([]string{"demo", "--addr", "127.0.0.1:0", "--log-level", "warn"}, args...))
	}()
	stop := func() {
		cancel()
		<-done
	}
	for deadline := time.Now().Add(4 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if strings.Contains(out.String(), "ready at") {
			return out.String(), stop
		}
		select {
		case code := <-done:
			t.Fatalf("demo exited %d:\n%s\n%s", code, out.String(), errOut.String())
		default:
		}
	}
	stop()
	t.Fatalf("demo not ready:\n%s\n%s", out.String(), errOut.String())
	return "", nil
}

func TestDemoRestartReusesItsSources(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the demo twice")
	}
	data := t.TempDir()
	first, stop := demoRun(t, "--data", data)
	stop()
	// Take the first run's publisher port, so that the second must move the sources.
	port := regexp.MustCompile(`Demo publisher at http://127\.0\.0\.1:(\d+)`).FindStringSubmatch(first)
	if port == nil {
		t.Fatalf("no publisher address in %q", first)
	}
	ln, err := listen(context.Background(), "127.0.0.1:"+port[1])
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	second, stop := demoRun(t, "--data", data)
	stop()
	pub, err := demo.New(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	want := len(pub.Sources())
	if !strings.Contains(second, "Ingested 0 stories") && !strings.Contains(second, fmt.Sprintf("from %d sources", want)) {
		t.Errorf("second run:\n%s", second)
	}
	db, err := store.Open(context.Background(), filepath.Join(data, "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srcs, err := db.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != want {
		t.Fatalf("%d sources after a restart, want the demo's %d", len(srcs), want)
	}
	for _, s := range srcs {
		if strings.Contains(s.URL, ":"+port[1]+"/") || s.StoryCount == 0 || s.LastError != "" {
			t.Errorf("source %s: %d stories, error %q (it should have moved off port %s and kept its stories)", s.URL, s.StoryCount, s.LastError, port[1])
		}
	}
	u, err := db.UserByName(context.Background(), "demo")
	if err != nil || !u.IsAdmin {
		t.Errorf("demo user = %+v, %v; want an administrator", u, err)
	}
}

func TestDemoRemovesItsTemporaryDirectory(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the demo")
	}
	t.Setenv("TMPDIR", t.TempDir())
	out, stop := demoRun(t)
	dir := regexp.MustCompile(`Data: (\S+)`).FindStringSubmatch(out)
	if dir == nil {
		t.Fatalf("no data directory in %q", out)
	}
	if _, err := os.Stat(dir[1]); err != nil {
		t.Fatalf("data directory missing while the demo runs: %v", err)
	}
	stop()
	if _, err := os.Stat(dir[1]); !os.IsNotExist(err) {
		t.Errorf("data directory %s still there after the demo stopped (%v)", dir[1], err)
	}
}
