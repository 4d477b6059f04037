package report

import (
	"math/rand/v2"
	"testing"

	"github.com/provcheck/provcheck/rules"
)

func finding(rule string, sev rules.Severity) rules.Finding {
	return rules.Finding{Rule: rule, Severity: sev}
}

var catalogue = []rules.Finding{
	finding("quote.verified", rules.Info), finding("quote.altered", rules.Medium),
	finding("quote.negation", rules.High), finding("quote.not_found", rules.Medium),
	finding("quote.not_found", rules.Low), finding("link.placeholder", rules.Medium),
	finding("link.dead", rules.Medium), finding("link.redirected", rules.Info),
	finding("link.blocked", rules.Low), finding("claim.unsourced", rules.Low),
	finding("claim.unlinked_attribution", rules.Low), finding("quote.inconsistent", rules.Medium),
}

func randomFindings(r *rand.Rand) []rules.Finding {
	n := r.IntN(12)
	fs := make([]rules.Finding, n)
	for i := range fs {
		fs[i] = catalogue[r.IntN(len(catalogue))]
	}
	return fs
}

func TestScoreProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		fs := randomFindings(r)
		base := ScoreOf(fs)
		if base.Value < 0 || base.Value > 100 {
			t.Fatalf("score %d out of range for %v", base.Value, fs)
		}
		withVerified := ScoreOf(append(append([]rules.Finding{}, fs...), finding("quote.verified", rules.Info)))
		if withVerified.Value < base.Value {
			t.Fatalf("adding a verified quote lowered the score %d -> %d (%v)", base.Value, withVerified.Value, fs)
		}
		// A new kind of high finding always lowers a score above the floor.
		withHigh := ScoreOf(append(append([]rules.Finding{}, fs...), finding("quote.misattributed", rules.High)))
		if base.Value > 0 && withHigh.Value >= base.Value {
			t.Fatalf("adding a high finding did not lower the score %d -> %d (%v)", base.Value, withHigh.Value, fs)
		}
	}
}

func TestScoreReasons(t *testing.T) {
	s := ScoreOf([]rules.Finding{
		finding("link.placeholder", rules.Medium), finding("link.placeholder", rules.Medium),
		finding("quote.negation", rules.High), finding("quote.verified", rules.Info),
	})
	if s.Value != 100-16-20 || s.Grade != "C" {
		t.Errorf("score = %d %s, want %d C", s.Value, s.Grade, 100-16-20)
	}
	if len(s.Reasons) != 3 || s.Reasons[0].Rule != "quote.negation" || s.Reasons[1].Text != "2 links that point nowhere" {
		t.Errorf("reasons = %+v", s.Reasons)
	}
	capped := ScoreOf(make([]rules.Finding, 0))
	if capped.Value != 100 || capped.Grade != "A" {
		t.Errorf("empty score = %+v", capped)
	}
	many := make([]rules.Finding, 20)
	for i := range many {
		many[i] = finding("link.dead", rules.Medium)
	}
	if got := ScoreOf(many).Value; got != 100-ruleCap {
		t.Errorf("20 dead links score %d, want the per-rule cap to leave %d", got, 100-ruleCap)
	}
}

func TestPassageLink(t *testing.T) {
	tests := []struct{ page, passage, want string }{
		{"https://a.example/x#old", "a multipolar, just, democratic world order", "https://a.example/x#:~:text=a%20multipolar%2C%20just%2C%20democratic%20world%20order"},
		{"https://a.example/x", "one two three four five six seven eight nine ten", "https://a.example/x#:~:text=one%20two%20three%20four,seven%20eight%20nine%20ten"},
		{"https://a.example/x", "", "https://a.example/x"},
		{"https://a.example/x", "China-Russia ties & more", "https://a.example/x#:~:text=China%2DRussia%20ties%20%26%20more"},
	}
	for _, tc := range tests {
		if got := PassageLink(tc.page, tc.passage); got != tc.want {
			t.Errorf("PassageLink(%q, %q) = %q, want %q", tc.page, tc.passage, got, tc.want)
		}
	}
}
