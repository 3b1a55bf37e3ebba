// Package config holds Herald's one Config struct. It is loaded once in main from
// flags and HERALD_* environment variables and passed down; nothing reads it globally.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Config is every setting Herald takes. Flags win over environment variables,
// which win over defaults. Each flag --NAME has the environment variable
// HERALD_NAME (upper case, "-" as "_"), see EnvName.
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
	// ReadersAddSources (--readers-add-sources, HERALD_READERS_ADD_SOURCES)
	// lets readers, not only administrators, add sources for the whole install.
	ReadersAddSources bool
	// PublicHeadlines (--public-headlines, HERALD_PUBLIC_HEADLINES) shows
	// signed-out visitors the headlines: the biggest story clusters now.
	PublicHeadlines bool
	// Metrics (--metrics, HERALD_METRICS) serves Prometheus metrics at
	// /metrics to clients on MetricsNetworks (--metrics-networks, default
	// the machine itself) or sending MetricsToken (--metrics-token) as a
	// bearer token.
	Metrics         bool
	MetricsToken    string
	MetricsNetworks string

	envErrs []error // environment values the flags could not parse; Validate reports them
}

// Defaults returns the configuration used when nothing is set.
func Defaults() Config {
	return Config{
		Data:            "./herald-data",
		Addr:            "127.0.0.1:8080",
		LogLevel:        "info",
		LogFormat:       "text",
		PollInterval:    15 * time.Minute,
		Workers:         4,
		Metrics:         true,
		MetricsNetworks: "127.0.0.0/8,::1/128",
	}
}

// EnvName is the environment variable of flag name: "workers" → HERALD_WORKERS.
func EnvName(flagName string) string {
	return "HERALD_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Register declares the flags every command takes on fs, with defaults taken
// from the environment (getenv, usually os.Getenv) over Defaults.
func (c *Config) Register(fs *flag.FlagSet, getenv func(string) string) {
	d := Defaults()
	fs.StringVar(&c.Data, "data", d.Data, "data `directory`")
	fs.StringVar(&c.DB, "db", d.DB, "database: a postgres:// `URL` or an SQLite file path; default DATA/herald.db")
	fs.StringVar(&c.AllowNetworks, "allow-networks", "", "`CIDRs`, comma-separated, that fetching may reach although private or loopback")
	fs.StringVar(&c.LogLevel, "log-level", d.LogLevel, "log `level`: debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", d.LogFormat, "log `format`: text or json")
	c.fromEnv(fs, getenv, "data", "db", "allow-networks", "log-level", "log-format")
	c.PollInterval, c.Workers = d.PollInterval, d.Workers // for commands without RegisterIngest
}

// RegisterIngest declares the flags of the commands that fetch sources
// (serve, demo, refresh).
func (c *Config) RegisterIngest(fs *flag.FlagSet, getenv func(string) string) {
	d := Defaults()
	fs.DurationVar(&c.PollInterval, "poll-interval", d.PollInterval, "shortest polling `interval` of a source")
	fs.IntVar(&c.Workers, "workers", d.Workers, "sources fetched at once (1 to 64)")
	c.fromEnv(fs, getenv, "poll-interval", "workers")
}

// RegisterServe declares the flags of the long-running commands (serve, demo).
func (c *Config) RegisterServe(fs *flag.FlagSet, getenv func(string) string) {
	d := Defaults()
	fs.StringVar(&c.Addr, "addr", d.Addr, "listen `address`")
	fs.StringVar(&c.PublicURL, "public-url", "", "externally reachable base `URL` of this Herald, for WebSub callbacks; empty turns WebSub off")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", false, "mark session cookies Secure; set when served over HTTPS")
	fs.BoolVar(&c.ReadersAddSources, "readers-add-sources", false, "let readers, not only administrators, add sources for everyone")
	fs.BoolVar(&c.PublicHeadlines, "public-headlines", false, "show signed-out visitors the headlines page (/headlines): the biggest story clusters now")
	fs.StringVar(&c.InstanceName, "instance-name", defaultInstanceName(), "`name` of this process among several sharing one database, shown in logs and on the sources page")
	fs.BoolVar(&c.Metrics, "metrics", d.Metrics, "serve Prometheus metrics at /metrics (to --metrics-networks, or with --metrics-token)")
	fs.StringVar(&c.MetricsToken, "metrics-token", "", "a bearer `token` that reads /metrics from anywhere")
	fs.StringVar(&c.MetricsNetworks, "metrics-networks", d.MetricsNetworks, "`CIDRs`, comma-separated, whose clients read /metrics without the token")
	c.fromEnv(fs, getenv, "addr", "public-url", "secure-cookies", "readers-add-sources", "public-headlines", "instance-name", "metrics", "metrics-token", "metrics-networks")
}

// fromEnv gives each named flag its environment variable's value, when set,
// as its default: the command line still wins, and --help shows the value in
// force. Each flag's usage names its variable. A value the flag cannot parse
// is kept for Validate to report.
func (c *Config) fromEnv(fs *flag.FlagSet, getenv func(string) string, names ...string) {
	for _, name := range names {
		f := fs.Lookup(name)
		key := EnvName(name)
		f.Usage += " (env " + key + ")"
		v := getenv(key)
		if v == "" {
			continue
		}
		if err := f.Value.Set(v); err != nil {
			c.envErrs = append(c.envErrs, fmt.Errorf("config: %s=%q: %v", key, v, err))
			continue
		}
		f.DefValue = f.Value.String()
	}
}

// Validate checks the settings and fills derived values.
func (c *Config) Validate() error {
	if len(c.envErrs) > 0 {
		return errors.Join(c.envErrs...)
	}
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
