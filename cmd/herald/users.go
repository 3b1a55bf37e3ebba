package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
)

func cmdUserAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "user add")
	admin := fs.Bool("admin", false, "make the user an administrator")
	cfg, pos, err := parseConfig(e, fs, args, commonFlags)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one user NAME")
	}
	pw, err := readPassword(e)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, e, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.auth.CreateUser(ctx, pos[0], pw, *admin)
	if err != nil {
		return fmt.Errorf("add user %s: %w", pos[0], err)
	}
	fmt.Fprintf(e.stdout, "created user %s (id %d, admin %t)\n", u.Name, u.ID, u.IsAdmin)
	return nil
}

// readPassword reads the first line of standard input.
func readPassword(e *env) (string, error) {
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		if err != nil {
			return "", usagef("no password on standard input: pipe it in, e.g. echo 'secret phrase' | herald user add NAME")
		}
		return "", usagef("the password on standard input is empty")
	}
	return pw, nil
}

func cmdTokenCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "token create")
	label := fs.String("name", "cli", "a `label` for the token, to tell tokens apart")
	source := fs.Int64("source", 0, "scope the token to source `ID`: it may then push and retract that source's stories (POST /api/v1/stories) and nothing else")
	appPW := fs.Bool("app-password", false, "print an app password instead: what a feed reader app (Google Reader API, Fever) takes in place of the account password")
	return withUser(ctx, e, fs, args, "create token", func(a *app, u *herald.User) error {
		if *source < 0 {
			return usagef("--source: want a source id")
		}
		if *appPW && *source != 0 {
			return usagef("--app-password and --source do not go together: an app password reads, it never pushes")
		}
		var secret string
		var err error
		if *appPW {
			secret, err = a.auth.CreateAppPassword(ctx, u, *label)
		} else {
			secret, err = a.auth.CreateSourceToken(ctx, u.ID, *source, *label)
		}
		if err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		fmt.Fprintln(e.stdout, secret)
		return nil
	})
}

func cmdTokenList(ctx context.Context, e *env, args []string) error {
	return withUser(ctx, e, newFlags(e, "token list"), args, "list tokens", func(a *app, u *herald.User) error {
		ts, err := a.auth.Tokens(ctx, u.ID)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(e.stdout)
		for _, t := range ts {
			if err := enc.Encode(t); err != nil {
				return err
			}
		}
		return nil
	})
}

// withUser parses fs's flags and one user NAME, opens the app (without the
// tagger) and runs fn with that user; op names the command in errors.
func withUser(ctx context.Context, e *env, fs *flag.FlagSet, args []string, op string, fn func(a *app, u *herald.User) error) error {
	cfg, pos, err := parseConfig(e, fs, args, commonFlags)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one user NAME")
	}
	a, err := openApp(ctx, e, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.store.UserByName(ctx, pos[0])
	if err != nil {
		return fmt.Errorf("%s: user %s: %w", op, pos[0], err)
	}
	return fn(a, u)
}

func cmdTokenRevoke(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "token revoke")
	cfg, pos, err := parseConfig(e, fs, args, commonFlags)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one token ID (see herald token list NAME)")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return usagef("token ID %q: want a positive whole number", pos[0])
	}
	a, err := openApp(ctx, e, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.auth.RevokeToken(ctx, id); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "revoked token %d\n", id)
	return nil
}

// setDemoPassword gives the demo user the password "demo", shorter than the
// policy allows for real accounts.
func setDemoPassword(ctx context.Context, a *app) error {
	u, err := a.store.UserByName(ctx, "demo")
	if err != nil {
		return fmt.Errorf("demo user: %w", err)
	}
	hash, err := auth.HashPassword("demo")
	if err != nil {
		return fmt.Errorf("demo user: %w", err)
	}
	if err := a.store.SetUserAdmin(ctx, u.ID, true); err != nil { // the demo shows the administrator's pages too
		return fmt.Errorf("demo user: %w", err)
	}
	return a.store.SetPassword(ctx, u.ID, hash)
}

// explicitFlag reports whether the flag name was set on the command line.
func explicitFlag(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

func parseURL(s string) (*url.URL, error) { return url.Parse(s) }
