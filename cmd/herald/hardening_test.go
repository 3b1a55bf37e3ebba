package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/config"
	"github.com/heraldnews/herald/internal/nlp"
)

// TestTokenCommands: `token list NAME` shows a user's tokens without their
// secrets, `token revoke ID` revokes one, and a running server refuses it at
// once (issue 10 item 6).
func TestTokenCommands(t *testing.T) {
	data := []string{"--data", t.TempDir()}
	cli(t, "correct horse battery\n", append([]string{"user", "add", "alice"}, data...)...)
	laptop := lastLine(cli(t, "", append([]string{"token", "create", "alice", "--name", "laptop"}, data...)...))
	phone := lastLine(cli(t, "", append([]string{"token", "create", "alice", "--name", "phone"}, data...)...))

	list := func() []herald.Token {
		var ts []herald.Token
		sc := bufio.NewScanner(strings.NewReader(cli(t, "", append([]string{"token", "list", "alice"}, data...)...)))
		for sc.Scan() {
			var tk herald.Token
			if err := json.Unmarshal(sc.Bytes(), &tk); err != nil {
				t.Fatalf("token list line %q: %v", sc.Text(), err)
			}
			ts = append(ts, tk)
		}
		return ts
	}
	ts := list()
	if len(ts) != 2 || ts[0].Name != "laptop" || ts[1].Name != "phone" {
		t.Fatalf("token list = %+v, want laptop and phone", ts)
	}
	out := cli(t, "", append([]string{"token", "list", "alice"}, data...)...)
	if strings.Contains(out, laptop) || strings.Contains(out, strings.TrimPrefix(phone, "hrd_")) {
		t.Fatalf("token list shows a secret: %s", out)
	}

	a := openTestApp(t, data...)
	srv := httptest.NewServer(a.handler())
	defer srv.Close()
	(client{t: t, base: srv.URL, token: laptop}).do("GET", "/api/v1/me", http.StatusOK, nil)
	cli(t, "", append([]string{"token", "revoke", fmt.Sprint(ts[0].ID)}, data...)...)
	(client{t: t, base: srv.URL, token: laptop}).do("GET", "/api/v1/me", http.StatusUnauthorized, nil)
	(client{t: t, base: srv.URL, token: phone}).do("GET", "/api/v1/me", http.StatusOK, nil)
	if ts := list(); len(ts) != 1 || ts[0].Name != "phone" {
		t.Errorf("token list after revoking = %+v, want phone only", ts)
	}
	var stderr strings.Builder
	code := run(t.Context(), &env{stdout: io.Discard, stderr: &stderr, getenv: noEnv}, append([]string{"token", "revoke", fmt.Sprint(ts[0].ID)}, data...))
	if code != 1 || !strings.Contains(stderr.String(), "not found") {
		t.Errorf("revoking twice: exit %d, %q; want 1 and not found", code, stderr.String())
	}
}

// openTestApp opens the app of a serve command with args, closed with the test.
func openTestApp(t *testing.T, args ...string) *app {
	t.Helper()
	cfg, _, err := parseConfig(&env{getenv: noEnv, stderr: io.Discard}, newFlags(&env{stderr: io.Discard}, "serve"), args, serveFlags)
	if err != nil {
		t.Fatal(err)
	}
	a, err := openApp(t.Context(), &env{stderr: io.Discard, getenv: noEnv}, cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// TestCrossOriginAnswersFitTheSurface: the whole handler answers a refused
// cross-origin API request with the documented JSON error, and a web form
// with the friendly page (issue 10 item 6).
func TestCrossOriginAnswersFitTheSurface(t *testing.T) {
	a := openTestApp(t, "--data", t.TempDir())
	h := a.handler()
	post := func(path, ct string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", path, strings.NewReader("{}"))
		r.Header.Set("Origin", "https://evil.example")
		r.Header.Set("Content-Type", ct)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec
	}
	api := post("/api/v1/sources", "application/json")
	var body struct {
		Error struct{ Code, Message string }
	}
	if api.Code != http.StatusForbidden || !strings.HasPrefix(api.Header().Get("Content-Type"), "application/json") ||
		json.Unmarshal(api.Body.Bytes(), &body) != nil || body.Error.Code != herald.EFORBIDDEN {
		t.Errorf("cross-origin API request = %d %s %q, want 403 with the JSON error", api.Code, api.Header().Get("Content-Type"), api.Body)
	}
	page := post("/topics/x/follow", "application/x-www-form-urlencoded")
	if page.Code != http.StatusForbidden || !strings.HasPrefix(page.Header().Get("Content-Type"), "text/html") ||
		!strings.Contains(page.Body.String(), "sent from another site") {
		t.Errorf("cross-origin form = %d %s, want 403 with the friendly page:\n%.500s", page.Code, page.Header().Get("Content-Type"), page.Body)
	}
}

// TestTaggerLoadsOnlyForCommandsThatAnalyse: commands that never analyse a
// story do not pay for loading the entity tagger (issue 8 part 2).
func TestTaggerLoadsOnlyForCommandsThatAnalyse(t *testing.T) {
	var loads atomic.Int32
	orig := defaultTagger
	defaultTagger = func() (*nlp.Tagger, error) { loads.Add(1); return orig() }
	t.Cleanup(func() { defaultTagger = orig })
	data := []string{"--data", t.TempDir()}
	for _, cmd := range [][]string{
		{"user", "add", "alice"},
		{"token", "create", "alice"},
		{"token", "list", "alice"},
		{"source", "add", "https://news.example/feed"},
		{"source", "list"},
		{"source", "export"},
		{"topic", "list"},
	} {
		cli(t, "correct horse battery\n", append(cmd, data...)...)
		if n := loads.Load(); n != 0 {
			t.Fatalf("herald %s loaded the tagger %d times, want 0", strings.Join(cmd, " "), n)
		}
	}
	cli(t, "", append([]string{"refresh", "--workers", "2"}, data...)...)
	if n := loads.Load(); n != 1 {
		t.Errorf("herald refresh loaded the tagger %d times, want 1", n)
	}
}

// envSamples gives each documented environment variable a valid value other
// than its default. A variable the README documents without a sample here
// fails TestDocumentedEnvironmentVariablesWork.
var envSamples = map[string]string{
	"HERALD_DATA":                "/tmp/herald-env-test",
	"HERALD_DB":                  "/tmp/herald-env-test/other.db",
	"HERALD_ADDR":                "127.0.0.1:9999",
	"HERALD_ALLOW_NETWORKS":      "10.0.0.0/8",
	"HERALD_POLL_INTERVAL":       "7m",
	"HERALD_WORKERS":             "9",
	"HERALD_SECURE_COOKIES":      "true",
	"HERALD_PUBLIC_URL":          "https://news.example.org",
	"HERALD_LOG_LEVEL":           "debug",
	"HERALD_LOG_FORMAT":          "json",
	"HERALD_READERS_ADD_SOURCES": "true",
	"HERALD_INSTANCE_NAME":       "web-2",
	"HERALD_METRICS":             "false",
	"HERALD_METRICS_TOKEN":       "s3cret",
	"HERALD_METRICS_NETWORKS":    "10.0.0.0/8",
}

// configTable returns the rows of the README's configuration table: the
// flag and the environment variable of each.
func configTable(t *testing.T) map[string]string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Configuration")
	if !ok {
		t.Fatal("README.md has no Configuration section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	row := regexp.MustCompile("(?m)^\\| `--([a-z-]+)[^|]*\\| `(HERALD_[A-Z_]+)")
	rows := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		rows[m[2]] = m[1]
	}
	if len(rows) < 10 {
		t.Fatalf("found %d rows in the README's configuration table, want every setting", len(rows))
	}
	return rows
}

// TestDocumentedEnvironmentVariablesWork reads every environment variable
// of the README's configuration table: set, it changes the configuration the
// way its flag does (issue 10 item 7: HERALD_WORKERS was documented but never
// read). The commands that fetch take --workers too.
func TestDocumentedEnvironmentVariablesWork(t *testing.T) {
	parse := func(cmd string, group flagGroup, vars map[string]string, args ...string) config.Config {
		t.Helper()
		e := &env{stderr: io.Discard, getenv: func(k string) string { return vars[k] }}
		cfg, _, err := parseConfig(e, newFlags(e, cmd), args, group)
		if err != nil {
			t.Fatalf("herald %s %v with %v: %v", cmd, args, vars, err)
		}
		return cfg
	}
	for key, flagName := range configTable(t) {
		t.Run(key, func(t *testing.T) {
			v, ok := envSamples[key]
			if !ok {
				t.Fatalf("the README documents %s; give it a sample value in envSamples", key)
			}
			def := parse("serve", serveFlags, nil)
			byEnv := parse("serve", serveFlags, map[string]string{key: v})
			byFlag := parse("serve", serveFlags, nil, "--"+flagName+"="+v)
			if reflect.DeepEqual(byEnv, def) {
				t.Errorf("%s=%s changed nothing", key, v)
			}
			if !reflect.DeepEqual(byEnv, byFlag) {
				t.Errorf("%s=%s gives %+v, --%s=%s gives %+v", key, v, byEnv, flagName, v, byFlag)
			}
			flagWins := parse("serve", serveFlags, map[string]string{key: v}, "--"+flagName+"="+defaultOf(t, flagName))
			if !reflect.DeepEqual(flagWins, def) {
				t.Errorf("the flag --%s does not win over %s", flagName, key)
			}
		})
	}
	for _, cmd := range []string{"refresh", "serve"} {
		group := map[string]flagGroup{"refresh": ingestFlags, "serve": serveFlags}[cmd]
		if cfg := parse(cmd, group, map[string]string{"HERALD_WORKERS": "9"}); cfg.Workers != 9 {
			t.Errorf("herald %s with HERALD_WORKERS=9: Workers = %d", cmd, cfg.Workers)
		}
		if cfg := parse(cmd, group, nil, "--workers", "3"); cfg.Workers != 3 {
			t.Errorf("herald %s --workers 3: Workers = %d", cmd, cfg.Workers)
		}
	}
	var help strings.Builder
	e := &env{stderr: &help, getenv: func(k string) string { return map[string]string{"HERALD_WORKERS": "9"}[k] }}
	if _, _, err := parseConfig(e, newFlags(e, "serve"), []string{"--help"}, serveFlags); err != flag.ErrHelp {
		t.Fatalf("serve --help: %v", err)
	}
	if !strings.Contains(help.String(), "(default 9)") {
		t.Errorf("serve --help with HERALD_WORKERS=9 does not show 9 as the default:\n%s", help.String())
	}
	if _, _, err := parseConfig(&env{stderr: io.Discard, getenv: func(k string) string { return map[string]string{"HERALD_WORKERS": "many"}[k] }},
		newFlags(&env{stderr: io.Discard}, "serve"), nil, serveFlags); err == nil || !strings.Contains(err.Error(), "HERALD_WORKERS") {
		t.Errorf("HERALD_WORKERS=many: %v, want an error naming it", err)
	}
}

// defaultOf is the default value of serve's flag name, as --help shows it
// with no environment set.
func defaultOf(t *testing.T, name string) string {
	t.Helper()
	e := &env{stderr: io.Discard, getenv: noEnv}
	fs := newFlags(e, "serve")
	if _, _, err := parseConfig(e, fs, nil, serveFlags); err != nil {
		t.Fatal(err)
	}
	f := fs.Lookup(name)
	if f == nil {
		t.Fatalf("serve has no flag --%s", name)
	}
	return f.DefValue
}
