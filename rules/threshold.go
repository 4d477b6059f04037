package rules

import (
	"fmt"
	"slices"
	"strings"
)

// Threshold is one tunable number of a rule: the rule it belongs to, the key a config file
// sets it with, and its default. Rules declare theirs as values and read them through
// [Context.Threshold], so a key is spelt once and a misspelt one does not compile.
type Threshold struct {
	Rule    string
	Key     string
	Default float64
}

// thresholdMap is a rule's thresholds as its [Description] lists them.
func thresholdMap(ts ...Threshold) map[string]float64 {
	if len(ts) == 0 {
		return nil
	}
	m := make(map[string]float64, len(ts))
	for _, t := range ts {
		m[t.Key] = t.Default
	}
	return m
}

// Validate checks a configuration against the built-in rules: every rule it names must
// exist, and every threshold it sets must be one that rule declares.
func (c Config) Validate() error {
	known := map[string]Description{}
	for _, r := range Builtin() {
		known[r.Describe().ID] = r.Describe()
	}
	ids := make([]string, 0, len(c.Rules))
	for id := range c.Rules {
		ids = append(ids, id)
	}
	slices.Sort(ids) // the first error is the same on every run
	for _, id := range ids {
		info, ok := known[id]
		if !ok {
			return fmt.Errorf("unknown rule %q (see provcheck rules list)", id)
		}
		keys := make([]string, 0, len(c.Rules[id].Thresholds))
		for k := range c.Rules[id].Thresholds {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if _, ok := info.Thresholds[k]; ok {
				continue
			}
			if len(info.Thresholds) == 0 {
				return fmt.Errorf("rule %s has no thresholds, but %q is set", id, k)
			}
			have := make([]string, 0, len(info.Thresholds))
			for h := range info.Thresholds {
				have = append(have, h)
			}
			slices.Sort(have)
			return fmt.Errorf("rule %s has no threshold %q (it has %s)", id, k, strings.Join(have, ", "))
		}
	}
	return nil
}
