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
	out := []Rule{placeholderRule{}, deadRule{}, uncheckedRule{}, redirectedRule{}, blockedRule{}, soft404Rule{}, unparsedRule{}}
	for _, d := range quoteVerdicts {
		if d.match != "" {
			out = append(out, quoteRule{d})
		}
	}
	return append(out,
		inconsistentRule{}, misattributedRule{},
		unlinkedAttributionRule{}, unsourcedRule{},
		supportRule{}, numberMismatchRule{}, dateMismatchRule{},
		CredibilityRule{},
	)
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
}

// New makes an engine of the built-in rules with cfg applied. It refuses a config that
// names an unknown rule or threshold.
func New(cfg Config) (*Engine, error) {
	e := &Engine{cfg: cfg}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("rules config: %w", err)
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
		for k, v := range info.Thresholds {
			th[k] = e.threshold(Threshold{Rule: info.ID, Key: k, Default: v})
		}
		info.Thresholds = th
		out = append(out, info)
	}
	return out
}

func (e *Engine) severity(info Description) Severity {
	if v, ok := verdictOfRule(info.ID); ok {
		if d, _, _ := v.def(); d.pinned {
			return d.severity // a flipped negation is always high, whatever the config says
		}
	}
	if rc, ok := e.cfg.Rules[info.ID]; ok && rc.Severity != nil {
		return *rc.Severity
	}
	return info.Severity
}

// threshold returns t's configured value, or its default.
func (e *Engine) threshold(t Threshold) float64 {
	if rc, ok := e.cfg.Rules[t.Rule]; ok {
		if v, ok := rc.Thresholds[t.Key]; ok {
			return v
		}
	}
	return t.Default
}

// Evaluate runs every enabled rule on one article. It returns every finding, ordered by
// its place in the article, then by rule id, and, per quote and per citation, its verdict
// or fate with every finding that bears on it.
func (e *Engine) Evaluate(in Input) Evaluation {
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
	return evaluation(c, out)
}
