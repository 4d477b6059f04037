package rules

import (
	"fmt"
	"sort"
)

// Rule is one check of the catalogue. A rule reads the evaluation context and returns its
// findings; it never fetches and never stores.
type Rule interface {
	// Describe describes the rule: id, default severity, thresholds and the text that
	// `provcheck rules explain` prints.
	Describe() Description
	// Check returns the rule's findings for one article.
	Check(c *Context) []Finding
}

// Description is a rule's description.
type Description struct {
	ID       string
	Severity Severity
	// Summary is one line: when the rule fires.
	Summary string
	// Explain says what the rule checks and how to read its findings.
	Explain string
	// Thresholds are the rule's tunable numbers with their defaults.
	Thresholds map[string]float64
}

// Builtin returns the built-in rules in catalogue order.
func Builtin() []Rule {
	return []Rule{
		placeholderRule{}, deadRule{}, uncheckedRule{}, redirectedRule{}, blockedRule{}, soft404Rule{}, unparsedRule{},
		quoteRule{verdictVerified}, quoteRule{verdictAltered}, quoteRule{verdictNegation},
		quoteRule{verdictPartial}, quoteRule{verdictTruncated},
		quoteRule{verdictNotFound}, inconsistentRule{}, misattributedRule{},
		unlinkedAttributionRule{}, unsourcedRule{},
		supportRule{}, numberMismatchRule{}, dateMismatchRule{},
		CredibilityRule{},
	}
}

// Lookup returns the built-in rule with the given id.
func Lookup(id string) (Rule, bool) {
	for _, r := range Builtin() {
		if r.Describe().ID == id {
			return r, true
		}
	}
	return nil, false
}

// Engine runs a configured set of rules.
type Engine struct {
	rules []Rule
	cfg   Config
	known map[string]Description // every built-in rule by id, with its defaults
}

// New makes an engine of the built-in rules with cfg applied. It refuses a config that
// names an unknown rule or threshold.
func New(cfg Config) (*Engine, error) {
	known := map[string]Description{}
	for _, r := range Builtin() {
		known[r.Describe().ID] = r.Describe()
	}
	e := &Engine{cfg: cfg, known: known}
	for id, rc := range cfg.Rules {
		info, ok := known[id]
		if !ok {
			return nil, fmt.Errorf("rules config: unknown rule %q", id)
		}
		for k := range rc.Thresholds {
			if _, ok := info.Thresholds[k]; !ok {
				return nil, fmt.Errorf("rules config: rule %s has no threshold %q", id, k)
			}
		}
	}
	for _, r := range Builtin() {
		if rc, ok := cfg.Rules[r.Describe().ID]; ok && rc.Enabled != nil && !*rc.Enabled {
			continue
		}
		if cr, ok := r.(CredibilityRule); ok {
			cr.Ratings = cfg.Ratings
			r = cr
		}
		e.rules = append(e.rules, r)
	}
	return e, nil
}

// Rules returns the enabled rules' descriptions with the configuration applied.
func (e *Engine) Rules() []Description {
	out := make([]Description, 0, len(e.rules))
	for _, r := range e.rules {
		info := r.Describe()
		info.Severity = e.severity(info)
		th := map[string]float64{}
		for k := range info.Thresholds {
			th[k] = e.threshold(info.ID, k)
		}
		info.Thresholds = th
		out = append(out, info)
	}
	return out
}

func (e *Engine) severity(info Description) Severity {
	if info.ID == verdictNegation.rule() {
		return High // a flipped negation or number is always high, whatever the config says
	}
	if rc, ok := e.cfg.Rules[info.ID]; ok && rc.Severity != nil {
		return *rc.Severity
	}
	return info.Severity
}

func (e *Engine) threshold(id, key string) float64 {
	if rc, ok := e.cfg.Rules[id]; ok {
		if v, ok := rc.Thresholds[key]; ok {
			return v
		}
	}
	return e.known[id].Thresholds[key]
}

// Evaluate runs every enabled rule on one article and returns the findings ordered by
// their place in the article, then by rule id.
func (e *Engine) Evaluate(in Input) []Finding {
	c := newContext(in, e)
	var out []Finding
	for _, r := range e.rules {
		info := r.Describe()
		sev := e.severity(info)
		for _, f := range r.Check(c) {
			f.Rule = info.ID
			if f.Severity == 0 {
				f.Severity = sev
			}
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Subject, out[j].Subject
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		if out[i].Rule != out[j].Rule {
			return out[i].Rule < out[j].Rule
		}
		return a.Index < b.Index
	})
	return out
}
