package config

import (
	"flag"
	"io"
	"strings"
	"testing"
)

// parse registers the common and serve flags with env and parses args.
func parse(t *testing.T, env map[string]string, args ...string) (Config, error) {
	t.Helper()
	var c Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	getenv := func(k string) string { return env[k] }
	c.Register(fs, getenv)
	c.RegisterServe(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	return c, c.Validate()
}

func TestPublicURL(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		want    string
		wantErr string
	}{
		{name: "off by default", want: ""},
		{name: "flag", args: []string{"--public-url", "https://news.example.org"}, want: "https://news.example.org"},
		{name: "environment", env: map[string]string{"HERALD_PUBLIC_URL": "http://10.0.0.5:8080/herald"}, want: "http://10.0.0.5:8080/herald"},
		{name: "flag wins", env: map[string]string{"HERALD_PUBLIC_URL": "https://env.example"}, args: []string{"--public-url", "https://flag.example"}, want: "https://flag.example"},
		{name: "relative", args: []string{"--public-url", "news.example.org"}, wantErr: "absolute"},
		{name: "other scheme", args: []string{"--public-url", "ftp://news.example.org"}, wantErr: "absolute"},
		{name: "no host", args: []string{"--public-url", "https://"}, wantErr: "absolute"},
		{name: "query", args: []string{"--public-url", "https://news.example.org/?x=1"}, wantErr: "query"},
		{name: "credentials", args: []string{"--public-url", "https://u:p@news.example.org"}, wantErr: "credentials"},
		{name: "not a URL", args: []string{"--public-url", "https://news example%zz"}, wantErr: "not a URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := parse(t, tc.env, tc.args...)
			switch {
			case tc.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "--public-url") {
					t.Errorf("error = %v, want one naming --public-url and %q", err, tc.wantErr)
				}
			case err != nil:
				t.Errorf("error = %v", err)
			case c.PublicURL != tc.want:
				t.Errorf("PublicURL = %q, want %q", c.PublicURL, tc.want)
			}
		})
	}
}
