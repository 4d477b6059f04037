package rules

import (
	"regexp"
	"strings"
	"testing"
)

// factualRegexp is the regular expression factual replaced: the scan must agree with it.
var factualRegexp = regexp.MustCompile(`(?i)\d|\b(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last week|last month|last year)\b|\b(?:announced|announces|reported|reports|confirmed|confirms|revealed|vowed|claimed|admitted|declared|signed|approved|passed|launched|killed|died|arrested|charged|won|lost|elected|resigned|banned|ordered|increased|decreased|rose|fell|doubled|percent|million|billion)\b`)

func TestFactual(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"The council met on Tuesday to discuss the plan.", true},
		{"The MINISTER ANNOUNCED a new plan for the region.", true},
		{"Prices have risen by 4 per cent since the spring.", true},
		{"The museum reopened last week after the repairs.", true},
		{"The museum reopened last  week after the repairs.", false}, // two spaces: not the phrase
		{"The museum reopened at last, weekly visits resumed.", false},
		{"She is a lasting presence in the village.", false},
		{"Mayors gathered in the square for the fair.", false}, // "may" only as a whole word
		{"The report_announced field is empty.", false},        // "_" joins words
		{"Nothing in this sentence states anything checkable.", false},
		{"Critics say the plan is a mistake and a waste.", false},
		{"Ces élus ont voté hier soir, a rapporté la presse.", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := factual(tc.text); got != tc.want {
			t.Errorf("factual(%q) = %v, want %v", tc.text, got, tc.want)
		}
		if re := factualRegexp.MatchString(tc.text); re != tc.want {
			t.Errorf("the regular expression says %v for %q, want %v", re, tc.text, tc.want)
		}
	}
}

// FuzzFactual holds the scan equal to the regular expression it replaced on any text but
// the two letters outside ASCII that fold to ASCII ones (ſ, the Kelvin sign), which the
// regular expression's (?i) matches as s and k and the scan, like every reader, does not.
func FuzzFactual(f *testing.F) {
	for _, s := range []string{"last week", "LAST Year", "last\tweek", "lastweek", "x last week", "Died.", "mayday", "Sunday_", "ſunday"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "\u017f\u212a") {
			return
		}
		if got, want := factual(s), factualRegexp.MatchString(s); got != want {
			t.Fatalf("factual(%q) = %v, the regular expression says %v", s, got, want)
		}
	})
}

func BenchmarkFactual(b *testing.B) {
	texts := []string{
		"Critics say the plan is a mistake and a waste of everyone's time and of public money.",
		"The opposition leader said on the radio that the council had lost its way entirely.",
		"Nothing in this sentence states anything that a reader could check against a source.",
	}
	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			for _, s := range texts {
				factual(s)
			}
		}
	})
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			for _, s := range texts {
				factualRegexp.MatchString(s)
			}
		}
	})
}
