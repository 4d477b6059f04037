package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/provcheck/provcheck/rules/credibility"
)

// Config changes the built-in rules: turn one off, change its severity, change a threshold.
// The zero value keeps every default.
//
// In YAML:
//
//	rules:
//	  claim.unsourced:
//	    enabled: false
//	  quote.altered:
//	    severity: high
//	    thresholds:
//	      min_similarity: 0.6
type Config struct {
	Rules map[string]RuleConfig `yaml:"rules" toml:"rules"`
	// Ratings rate sites for source.credibility (not read from the file: the CLI loads the
	// built-in list and any --ratings file). Nil rates nothing.
	Ratings *credibility.Ratings `yaml:"-" toml:"-"`
}

// RuleConfig is one rule's overrides; nil fields keep the default.
type RuleConfig struct {
	Enabled    *bool              `yaml:"enabled" toml:"enabled"`
	Severity   *Severity          `yaml:"severity" toml:"severity"`
	Thresholds map[string]float64 `yaml:"thresholds" toml:"thresholds"`
}

// LoadConfig reads a configuration file, YAML (.yaml, .yml) or TOML (.toml). Unknown keys
// are errors, so a typo does not silently keep a default: a key the format does not have,
// a rule that does not exist, a threshold the rule does not declare (see [Config.Validate]).
func LoadConfig(path string) (Config, error) {
	var c Config
	b, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("read rules config: %w", err)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".toml":
		md, err := toml.NewDecoder(bytes.NewReader(b)).Decode(&c)
		if err != nil {
			return c, fmt.Errorf("rules config %s: %w", path, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			return c, fmt.Errorf("rules config %s: unknown key %s", path, und[0])
		}
	case ".yaml", ".yml":
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
			return c, fmt.Errorf("rules config %s: %w", path, err)
		}
	default:
		return c, fmt.Errorf("rules config %s: want a .yaml, .yml or .toml file", path)
	}
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("rules config %s: %w", path, err)
	}
	return c, nil
}
