package checker

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/rules"
	"github.com/provcheck/provcheck/rules/credibility"
)

// DefaultDBPath is where the database lives when none is named: $PROVCHECK_DB (a path or
// a postgres:// URL), else provcheck.db in the user's data directory.
func DefaultDBPath() string {
	if p := os.Getenv("PROVCHECK_DB"); p != "" {
		return p
	}
	return dataDBPath()
}

// dataDBPath is provcheck.db in the user's data directory.
func dataDBPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		switch runtime.GOOS {
		case "darwin", "windows":
			dir, _ = os.UserConfigDir()
		default:
			if home, err := os.UserHomeDir(); err == nil {
				dir = filepath.Join(home, ".local", "share")
			}
		}
	}
	if dir == "" {
		return "provcheck.db"
	}
	return filepath.Join(dir, "provcheck", "provcheck.db")
}

// IsPostgres reports whether db names a PostgreSQL server (a postgres:// URL) rather
// than a SQLite file.
func IsPostgres(db string) bool { return store.IsURL(db) }

// defaultWARCDir is where evidence goes when no folder is named: warc/ beside the
// database, or beside the default SQLite file when the database is a PostgreSQL server.
func defaultWARCDir(dbPath string) string {
	if store.IsURL(dbPath) {
		dbPath = dataDBPath()
	}
	return filepath.Join(filepath.Dir(dbPath), "warc")
}

// DefaultPDFCacheDir is where PDFium's compiled code is kept between runs (it takes
// seconds to compile): provcheck/pdfium under the user's cache directory, "" (compile
// every run) when there is none.
func DefaultPDFCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "provcheck", "pdfium")
}

// LoadRules makes the rules engine of a configuration file ("": the defaults) with the
// built-in site ratings, the entries of the ratings file (if any) added and overriding
// them. A file that cannot be read or is wrong is an input error.
func LoadRules(configPath, ratingsPath string) (*rules.Engine, *credibility.Ratings, error) {
	cfg, err := loadConfig(configPath)
	if err != nil {
		return nil, nil, err
	}
	if cfg.Ratings, err = credibility.Builtin(); err != nil {
		return nil, nil, fmt.Errorf("built-in ratings: %w", err)
	}
	if ratingsPath != "" {
		o, err := credibility.Load(ratingsPath)
		if err != nil {
			return nil, nil, InputError(err)
		}
		cfg.Ratings.Merge(o)
	}
	e, err := rules.New(cfg)
	if err != nil {
		return nil, nil, InputError(err)
	}
	return e, cfg.Ratings, nil
}

// LoadRuleList gives the rules of a configuration file ("": the defaults) as configured,
// for listing them: without the site ratings, which only checking reads (reading the
// built-in list costs a few milliseconds and most of a megabyte at every start).
func LoadRuleList(configPath string) ([]rules.Description, error) {
	cfg, err := loadConfig(configPath)
	if err != nil {
		return nil, err
	}
	e, err := rules.New(cfg)
	if err != nil {
		return nil, InputError(err)
	}
	return e.Rules(), nil
}

func loadConfig(path string) (rules.Config, error) {
	if path == "" {
		return rules.Config{}, nil
	}
	cfg, err := rules.LoadConfig(path)
	if err != nil {
		return rules.Config{}, InputError(err)
	}
	return cfg, nil
}
