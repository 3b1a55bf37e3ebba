package main

// The browser suite: the demo driven like a person in Debian's Chromium
// (chromedp), every page screenshotted at 1280 and 390 px in light and dark
// and checked with axe-core for WCAG 2.2 AA, layout shift and overflow at
// 320 px. It skips only when no Chromium can be found (.ci/run installs it).

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axeVersion is the axe-core release the suite runs (from the npm registry).
const axeVersion = "4.14.1"

// chromium finds a Chromium to drive: $HERALD_CHROMIUM, else one on PATH.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("HERALD_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("browser suite skipped: no Chromium on PATH (install it with `apt-get install -y chromium`, as .ci/run does, or set HERALD_CHROMIUM)")
	return ""
}

// axeSource returns axe-core's script: $HERALD_AXE, else .ci/node's copy,
// installed there with npm when missing.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("HERALD_AXE")
	if path == "" {
		root, _ := filepath.Abs("../..")
		prefix := filepath.Join(root, ".ci", "node")
		path = filepath.Join(prefix, "node_modules", "axe-core", "axe.min.js")
		if _, err := os.Stat(path); err != nil {
			cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--prefix", prefix, "axe-core@"+axeVersion)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("axe-core is missing and npm could not install it (%v):\n%s", err, out)
			}
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read axe-core: %v", err)
	}
	return string(b)
}

// runDemo runs `herald demo` in-process on a free port and returns its URL.
func runDemo(t *testing.T, dir string) string {
	t.Helper()
	out, stop := demoRun(t, "--data", dir)
	t.Cleanup(stop)
	m := regexp.MustCompile(`ready at (http://\S+/)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no address in the demo's output:\n%s", out)
	}
	return strings.TrimSuffix(m[1], "/")
}

// browser is one headless Chromium tab on the demo.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	data string // the demo's data directory (its SQLite file is herald.db)
	axe  string
	shot string // where screenshots go; "" keeps none
}

func newBrowser(t *testing.T) *browser {
	exe := chromium(t)
	data := t.TempDir()
	b := &browser{t: t, base: runDemo(t, data), data: data, axe: axeSource(t), shot: os.Getenv("HERALD_SCREENSHOTS")}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	b.ctx = ctx
	// The first action starts the browser: its context must have no deadline.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	b.scheme("light")
	if b.shot != "" {
		if err := os.MkdirAll(b.shot, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// run runs actions with a deadline, failing the test on error.
func (b *browser) run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// call sends one protocol command to the tab.
func call[P any](b *browser, cmd cdpCommand[P], params P) {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, cmd, params); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// open loads a page of the demo and waits for it.
func (b *browser) open(path string) {
	b.t.Helper()
	b.run(chromedp.Navigate(b.base+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// eval evaluates a script (awaiting a promise) into out.
func (b *browser) eval(js string, out any) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("browser: evaluate %.80q: %v", js, err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		b.t.Fatalf("browser: evaluate %.80q: %v", js, err)
	}
}

// text returns the visible text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("browser: text of %s: %v", sel, err)
	}
	return s
}

func (b *browser) wantText(sel, want string) {
	b.t.Helper()
	if got := b.text(sel); !strings.Contains(got, want) {
		b.t.Errorf("%s: text %q lacks %q", sel, got, want)
	}
}

// count returns how many elements match a CSS selector.
func (b *browser) count(sel string) int {
	b.t.Helper()
	var n int
	b.eval(fmt.Sprintf(`document.querySelectorAll(%q).length`, sel), &n)
	return n
}

// scheme emulates the device's colour scheme ("light" or "dark").
func (b *browser) scheme(s string) {
	b.t.Helper()
	// Reduced motion too: a smooth scroll to an anchor would move what the
	// next click aims at.
	call(b, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{
		{Name: "prefers-color-scheme", Value: s}, {Name: "prefers-reduced-motion", Value: "reduce"}}})
}

// scripts turns the page's JavaScript on or off (the no-JavaScript path).
func (b *browser) scripts(on bool) {
	b.t.Helper()
	call(b, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
}

// axeResult is the part of axe.run's answer the suite reads.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
}

// checkAxe runs axe-core's WCAG 2.2 A and AA rules on the page.
func (b *browser) checkAxe(name string) {
	b.t.Helper()
	var loaded bool
	b.eval(`typeof axe !== "undefined"`, &loaded)
	if !loaded {
		var ignored any
		b.eval(b.axe+";true", &ignored)
	}
	var raw json.RawMessage
	b.eval(`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}, resultTypes: ["violations"]}).then(r => JSON.stringify({violations: r.violations}))`, &raw)
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		b.t.Fatal(err)
	}
	var res axeResult
	if err := json.Unmarshal([]byte(s), &res); err != nil {
		b.t.Fatal(err)
	}
	for _, v := range res.Violations {
		for _, n := range v.Nodes {
			b.t.Errorf("%s: axe %s (%s) %s at %v: %s", name, v.ID, v.Impact, v.Help, n.Target, n.Summary)
		}
	}
}

// layoutShift is the page's cumulative layout shift so far, and the
// elements that moved.
func (b *browser) layoutShift() (float64, []string) {
	b.t.Helper()
	var res struct {
		CLS   float64
		Moved []string
	}
	b.eval(`new Promise(done => { let cls = 0, moved = []; new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) { cls += e.value; for (const s of e.sources || []) if (s.node && s.node.nodeType === 1) moved.push(s.node.tagName.toLowerCase() + "." + s.node.className + " " + JSON.stringify(s.previousRect) + "→" + JSON.stringify(s.currentRect)); } }).observe({type: "layout-shift", buffered: true}); setTimeout(() => done({CLS: cls, Moved: moved}), 300); })`, &res)
	return res.CLS, res.Moved
}

// screenshot saves the whole page as NAME-WIDTH-SCHEME.png.
func (b *browser) screenshot(name string, width int, scheme string) {
	b.t.Helper()
	if b.shot == "" {
		return
	}
	// A full-page shot shows what is below the fold: load the lazy images first.
	var loaded int
	b.eval(`Promise.all([...document.images].map(i => { i.loading = "eager"; return i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; }); })).then(l => l.length)`, &loaded)
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	file := filepath.Join(b.shot, fmt.Sprintf("%s-%d-%s.png", name, width, scheme))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// cdpCommand is a protocol command without a result worth reading.
type cdpCommand[P any] = cdp.Command[P, cdp.Empty]
