// Package config holds Herald's one Config struct. It is loaded once in main from
// flags and HERALD_* environment variables and passed down; nothing reads it globally.
package config

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Config is every setting Herald takes. Flags win over environment variables,
// which win over defaults.
type Config struct {
	Data          string        // --data, HERALD_DATA: directory for the SQLite file and state
	DB            string        // --db, HERALD_DB: postgres:// URL or SQLite file path; "" = Data/herald.db
	Addr          string        // --addr, HERALD_ADDR: listen address for serve and demo
	AllowNetworks string        // --allow-networks, HERALD_ALLOW_NETWORKS: CIDRs the fetcher may reach
	LogLevel      string        // --log-level, HERALD_LOG_LEVEL: debug, info, warn, error
	LogFormat     string        // --log-format, HERALD_LOG_FORMAT: text or json
	PollInterval  time.Duration // --poll-interval, HERALD_POLL_INTERVAL: floor of each source's interval
	Workers       int           // --workers, HERALD_WORKERS: concurrent fetches
	SecureCookies bool          // --secure-cookies, HERALD_SECURE_COOKIES: mark cookies Secure (behind HTTPS)
	PublicURL     string        // --public-url, HERALD_PUBLIC_URL: base URL hubs reach Herald at; "" = WebSub off
	// InstanceName (--instance-name, HERALD_INSTANCE_NAME) names this process
	// among several sharing one database: in logs, source claims and the
	// sources page. Default: host name and process id.
	InstanceName string
}

// Defaults returns the configuration used when nothing is set.
func Defaults() Config {
	return Config{
		Data:         "./herald-data",
		Addr:         "127.0.0.1:8080",
		LogLevel:     "info",
		LogFormat:    "text",
		PollInterval: 15 * time.Minute,
		Workers:      4,
	}
}

// Register declares the common flags on fs, with defaults taken from the
// environment (getenv, usually os.Getenv) over Defaults.
func (c *Config) Register(fs *flag.FlagSet, getenv func(string) string) {
	d := Defaults()
	fs.StringVar(&c.Data, "data", envOr(getenv, "HERALD_DATA", d.Data), "data `directory` (env HERALD_DATA)")
	fs.StringVar(&c.DB, "db", envOr(getenv, "HERALD_DB", d.DB), "database: a postgres:// `URL` or an SQLite file path; default DATA/herald.db (env HERALD_DB)")
	fs.StringVar(&c.AllowNetworks, "allow-networks", envOr(getenv, "HERALD_ALLOW_NETWORKS", ""), "`CIDRs`, comma-separated, that fetching may reach although private or loopback (env HERALD_ALLOW_NETWORKS)")
	fs.StringVar(&c.LogLevel, "log-level", envOr(getenv, "HERALD_LOG_LEVEL", d.LogLevel), "log `level`: debug, info, warn or error (env HERALD_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", envOr(getenv, "HERALD_LOG_FORMAT", d.LogFormat), "log `format`: text or json (env HERALD_LOG_FORMAT)")
	c.PollInterval = d.PollInterval
	c.Workers = d.Workers
	if v := getenv("HERALD_POLL_INTERVAL"); v != "" {
		if iv, err := time.ParseDuration(v); err == nil {
			c.PollInterval = iv
		}
	}
}

// RegisterServe declares the flags of the long-running commands (serve, demo).
func (c *Config) RegisterServe(fs *flag.FlagSet, getenv func(string) string) {
	d := Defaults()
	fs.StringVar(&c.Addr, "addr", envOr(getenv, "HERALD_ADDR", d.Addr), "listen `address` (env HERALD_ADDR)")
	fs.DurationVar(&c.PollInterval, "poll-interval", c.PollInterval, "shortest polling `interval` of a source (env HERALD_POLL_INTERVAL)")
	fs.IntVar(&c.Workers, "workers", c.Workers, "concurrent fetches (env HERALD_WORKERS)")
	fs.StringVar(&c.PublicURL, "public-url", getenv("HERALD_PUBLIC_URL"), "externally reachable base `URL` of this Herald, for WebSub callbacks; empty turns WebSub off (env HERALD_PUBLIC_URL)")
	fs.StringVar(&c.InstanceName, "instance-name", envOr(getenv, "HERALD_INSTANCE_NAME", defaultInstanceName()), "`name` of this process among several sharing one database, shown in logs and on the sources page (env HERALD_INSTANCE_NAME)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", getenv("HERALD_SECURE_COOKIES") == "true", "mark session cookies Secure; set when served over HTTPS (env HERALD_SECURE_COOKIES)")
}

// Validate checks the settings and fills derived values.
func (c *Config) Validate() error {
	if c.Data == "" {
		return fmt.Errorf("config: --data must not be empty")
	}
	if c.DB == "" {
		c.DB = filepath.Join(c.Data, "herald.db")
	}
	if c.InstanceName == "" {
		c.InstanceName = defaultInstanceName()
	}
	switch strings.ToLower(c.LogLevel) {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("config: --log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("config: --log-format %q: want text or json", c.LogFormat)
	}
	if c.PollInterval < time.Minute {
		return fmt.Errorf("config: --poll-interval %s: must be at least 1m", c.PollInterval)
	}
	if c.Workers < 1 || c.Workers > 64 {
		return fmt.Errorf("config: --workers %d: must be between 1 and 64", c.Workers)
	}
	return checkPublicURL(c.PublicURL)
}

// checkPublicURL accepts "" (WebSub off) or an absolute http(s) URL with a
// host and no query, fragment or credentials.
func checkPublicURL(raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("config: --public-url %q: not a URL", raw)
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		return fmt.Errorf("config: --public-url %q: want an absolute http:// or https:// URL", raw)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return fmt.Errorf("config: --public-url %q: must not carry a query, fragment or credentials", raw)
	}
	return nil
}

// IsPostgres reports whether DB selects PostgreSQL.
func (c *Config) IsPostgres() bool {
	return strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://")
}

// DBName is DB as it may be shown in logs and errors: a PostgreSQL URL
// without its password.
func (c *Config) DBName() string {
	if !c.IsPostgres() {
		return c.DB
	}
	u, err := url.Parse(c.DB)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// EnsureData creates the data directory when the store is SQLite.
func (c *Config) EnsureData() error {
	if c.IsPostgres() {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(c.DB), 0o700); err != nil {
		return fmt.Errorf("config: create data directory: %w", err)
	}
	return nil
}

// defaultInstanceName is "HOST-PID".
func defaultInstanceName() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "herald"
	}
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}
