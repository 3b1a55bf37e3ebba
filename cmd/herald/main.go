// Command herald is Herald: a self-hosted personalised news service. It is the
// only place that knows every package: it reads the configuration, opens the
// store, wires the packages together and runs one subcommand.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/heraldnews/herald"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// env is what a subcommand runs with; tests give their own.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

type command struct {
	usage string // arguments after the command name
	help  string // one line
	run   func(ctx context.Context, e *env, args []string) error
}

// commands maps "name" or "name sub" to its command.
var commands map[string]command

func init() {
	commands = map[string]command{
		"serve":         {"[flags]", "serve the web app and API, and fetch sources in the background", cmdServe},
		"demo":          {"[flags]", "serve a demo on a fresh data directory with a built-in publisher and the user demo/demo", cmdDemo},
		"user add":      {"NAME [--admin] [flags]", "create a user; the password is read from standard input", cmdUserAdd},
		"token create":  {"NAME [--name LABEL] [--source ID | --app-password] [flags]", "print a new API token (or with --app-password an app password for feed reader apps) for user NAME as the last line; --source scopes it to pushing stories to source ID", cmdTokenCreate},
		"token list":    {"NAME [flags]", "list user NAME's API tokens (never their secrets), as JSON lines", cmdTokenList},
		"token revoke":  {"ID [flags]", "revoke API token ID: it stops working at once", cmdTokenRevoke},
		"source add":    {"URL [flags]", "add a feed", cmdSourceAdd},
		"source list":   {"[flags]", "list sources with their fetch status, as JSON lines", cmdSourceList},
		"source import": {"FILE.opml [flags]", "add every feed of an OPML file", cmdSourceImport},
		"source export": {"[flags]", "print every source as OPML", cmdSourceExport},
		"topic list":    {"[--q TEXT] [--limit N] [flags]", "list topics with their story counts, as JSON lines", cmdTopicList},
		"topic merge":   {"FROM INTO [flags]", "fold topic FROM into topic INTO: stories, follows and mutes move, and FROM's slug leads to INTO", cmdTopicMerge},
		"topic rebuild": {"[flags]", "re-resolve the topics of every stored story with the current tagger and catalogue (JSON summary)", cmdTopicRebuild},
		"topic rename":  {"SLUG NAME [--kind KIND] [flags]", "change a topic's name (and kind); its slug stays", cmdTopicRename},
		"refresh":       {"[--force] [flags]", "fetch every due source once (all with --force), then exit", cmdRefresh},
		"tag":           {"[FILE] [flags]", "print the topics, entities and section of a text or HTML story (stdin without FILE)", cmdTag},
		"eval ner":      {"--test FILE [--model FILE]", "score the entity tagger on a CoNLL file", cmdEvalNER},
		"eval classify": {"--train FILE --test FILE", "train and test the section classifier on JSON lines", cmdEvalClassify},
		"eval cluster":  {"--input FILE", "cluster labelled JSON lines in arrival order and score the clusters", cmdEvalCluster},
		"eval pairs":    {"--input FILE", "score the paraphrase decision on MSRP-format sentence pairs", cmdEvalPairs},
		"eval rank":     {"--input FILE [--preset NAME] [--weights JSON]", "replay readers' histories through the ranker and score their feeds (nDCG@10, recall@10, MRR)", cmdEvalRank},
		"train ner":     {"--train FILE [--dev FILE] --out FILE", "train the entity tagger", cmdTrainNER},
		"bench":         {"[--stories N] [--sources K] [--topics T] [--readers M] [flags]", "generate a corpus into a fresh store, then measure ingest, and feed and story-list latency over HTTP (JSON)", cmdBench},
		"backup":        {"FILE [flags]", "write a consistent copy of the SQLite database to FILE (safe while serve runs); PostgreSQL: use pg_dump", cmdBackup},
		"version":       {"", "print the version", cmdVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(ctx, e, os.Args[1:]))
}

// run dispatches args to a command and returns the exit code.
func run(ctx context.Context, e *env, args []string) int {
	name, rest, ok := lookup(args)
	if !ok {
		usage(e.stderr)
		if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
			return 0
		}
		fmt.Fprintf(e.stderr, "\nherald: unknown command %q\n", strings.Join(args, " "))
		return 2
	}
	err := commands[name].run(ctx, e, rest)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(e.stderr, "herald %s: %v\nusage: herald %s %s\n", name, err, name, commands[name].usage)
		return 2
	default:
		fmt.Fprintf(e.stderr, "herald %s: %s\n", name, describe(err))
		return 1
	}
}

// lookup finds the longest command name that args start with.
func lookup(args []string) (string, []string, bool) {
	if len(args) >= 2 {
		if _, ok := commands[args[0]+" "+args[1]]; ok {
			return args[0] + " " + args[1], args[2:], true
		}
	}
	if len(args) >= 1 {
		if _, ok := commands[args[0]]; ok {
			return args[0], args[1:], true
		}
	}
	return "", nil, false
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Herald: a personalised news feed of the stories that matter to you.")
	fmt.Fprintln(w, "\nusage: herald COMMAND [arguments] [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-15s %s\n", n, commands[n].help)
	}
	fmt.Fprintln(w, "\nEvery command takes --data DIR (env HERALD_DATA) and --db URL (env HERALD_DB).")
	fmt.Fprintln(w, "Run 'herald COMMAND --help' for its flags.")
}

// usageError marks a mistake in how a command was called.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// newFlags returns a flag set for a command whose errors are returned, not fatal.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("herald "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: herald %s %s\n\n%s\n\nflags:\n", name, commands[name].usage, commands[name].help)
		fs.PrintDefaults()
	}
	return fs
}

// parseInterspersed parses flags that may come before or after positional
// arguments, returning the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func cmdVersion(_ context.Context, e *env, _ []string) error {
	fmt.Fprintln(e.stdout, "herald", version)
	return nil
}

// describe is what a person sees of an error: the message of a herald error
// (which names the problem and what to do), the whole chain of any other.
func describe(err error) string {
	if code := herald.ErrorCode(err); code != herald.EINTERNAL {
		return herald.ErrorMessage(err)
	}
	return err.Error()
}
