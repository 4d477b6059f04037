package report

import (
	"fmt"
	"sort"

	"github.com/provcheck/provcheck/rules"
)

// Score is the provenance score: 0–100, a letter grade and the reasons that make it.
//
// The formula, kept simple enough to explain to an editor: start at 100; every finding
// costs points by severity (high 20, medium 8, low 3, info 0), and the cost of one rule is
// capped at 40 so that one kind of fault cannot hide every other. The score is 100 minus
// the total, floored at 0. Verified quotes cost nothing, so adding one never lowers the
// score; any finding of low severity or above always lowers it (until the floor).
// Grades: A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, F below.
type Score struct {
	Value   int      `json:"value"`
	Grade   string   `json:"grade"`
	Reasons []Reason `json:"reasons"`
}

// Reason is one rule's part in the score.
type Reason struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Count    int    `json:"count"`
	Points   int    `json:"points"` // negative: points taken off
	Text     string `json:"text"`
}

// Points per finding by severity, and the cap per rule.
const (
	pointsHigh   = 20
	pointsMedium = 8
	pointsLow    = 3
	ruleCap      = 40
)

func cost(s rules.Severity) int {
	switch s {
	case rules.High:
		return pointsHigh
	case rules.Medium:
		return pointsMedium
	case rules.Low:
		return pointsLow
	}
	return 0
}

// ScoreOf computes the score of a set of findings.
func ScoreOf(findings []rules.Finding) Score {
	type acc struct {
		sev    rules.Severity
		count  int
		points int
	}
	per := map[string]*acc{}
	for _, f := range findings {
		a := per[f.Rule]
		if a == nil {
			a = &acc{}
			per[f.Rule] = a
		}
		a.count++
		a.points += cost(f.Severity)
		a.sev = max(a.sev, f.Severity)
	}
	s := Score{Value: 100, Reasons: []Reason{}}
	for rule, a := range per {
		pts := min(a.points, ruleCap)
		s.Value -= pts
		r := Reason{Rule: rule, Severity: a.sev.String(), Count: a.count, Points: -pts}
		r.Text = reasonText(rule, a.count)
		s.Reasons = append(s.Reasons, r)
	}
	s.Value = max(s.Value, 0)
	sort.Slice(s.Reasons, func(i, j int) bool {
		if s.Reasons[i].Points != s.Reasons[j].Points {
			return s.Reasons[i].Points < s.Reasons[j].Points
		}
		return s.Reasons[i].Rule < s.Reasons[j].Rule
	})
	s.Grade = grade(s.Value)
	return s
}

func grade(v int) string {
	switch {
	case v >= 90:
		return "A"
	case v >= 75:
		return "B"
	case v >= 60:
		return "C"
	case v >= 40:
		return "D"
	}
	return "F"
}

var reasonTexts = map[string][2]string{
	"quote.verified":             {"quote verified in a cited original", "quotes verified in cited originals"},
	"quote.altered":              {"quote altered from its original", "quotes altered from their originals"},
	"quote.number_changed":       {"quote with a number changed", "quotes with a number changed"},
	"quote.negation":             {"quote whose meaning was flipped", "quotes whose meaning was flipped"},
	"quote.partial":              {"quote only partly in its original", "quotes only partly in their originals"},
	"quote.truncated":            {"quote cut before a qualifier", "quotes cut before a qualifier"},
	"quote.not_found":            {"quote found in no original", "quotes found in no original"},
	"quote.inconsistent":         {"speaker quoted in two wordings", "speakers quoted in two wordings"},
	"quote.misattributed":        {"quote given to the wrong speaker", "quotes given to the wrong speaker"},
	"link.placeholder":           {"link that points nowhere", "links that point nowhere"},
	"link.dead":                  {"dead link", "dead links"},
	"link.unchecked":             {"link we could not check (network)", "links we could not check (network)"},
	"link.soft404":               {"link to a 'not found' page", "links to 'not found' pages"},
	"link.redirected":            {"link redirected to another site", "links redirected to other sites"},
	"link.blocked":               {"link we could not read (blocked)", "links we could not read (blocked)"},
	"claim.unlinked_attribution": {"source named but not linked", "sources named but not linked"},
	"claim.unsourced":            {"factual claim without a source", "factual claims without a source"},
	"claim.support":              {"cited original checked against its sentence", "cited originals checked against their sentences"},
	"claim.number_mismatch":      {"number differing from the original", "numbers differing from the original"},
	"claim.date_mismatch":        {"date disagreeing with the original", "dates disagreeing with the original"},
	"source.credibility":         {"low-rated source", "low-rated sources"},
}

func reasonText(rule string, n int) string {
	t, ok := reasonTexts[rule]
	if !ok {
		return fmt.Sprintf("%d × %s", n, rule)
	}
	if n == 1 {
		return "1 " + t[0]
	}
	return fmt.Sprintf("%d %s", n, t[1])
}
