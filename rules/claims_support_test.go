package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
)

const reportText = "The ministry published its annual report on Tuesday. " +
	"The company laid off 3,000 workers at its plant in Ohio last spring, the report says. " +
	"Production fell by 12 percent over the year, to 2.46 million vehicles. " +
	"The plant opened on 4 March 1998 and employed 9,500 people at its peak. " +
	"Nearly 2,950 of the workers had been at the plant for more than a decade. " +
	"The COVID-19 pandemic hit demand hard."

func day(s string) *time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return &t
}

func TestClaimRules(t *testing.T) {
	const src = "https://ministry.example/report"
	tests := []struct {
		name      string
		sentence  string
		quote     string // a quotation inside the sentence, "" for none
		orig      string
		published string // the article's date, "" for none
		origDate  string // the original's date, "" for none
		// want: rule id -> how many findings, and a word the first message must hold
		want map[string]int
		msg  map[string]string
	}{
		{
			name:     "number changed",
			sentence: "The company laid off 2,000 workers at its plant in Ohio last spring, according to the report.",
			orig:     reportText,
			want:     map[string]int{"claim.support": 1, "claim.number_mismatch": 1, "claim.date_mismatch": 0},
			msg:      map[string]string{"claim.number_mismatch": "the article says 2,000; the original (ministry.example) says 3,000"},
		},
		{
			name:     "number right",
			sentence: "The company laid off 3,000 workers at its plant in Ohio, according to the report.",
			orig:     reportText,
			want:     map[string]int{"claim.support": 1, "claim.number_mismatch": 0, "claim.date_mismatch": 0},
			msg:      map[string]string{"claim.support": "supported by ministry.example"},
		},
		{
			name:     "number elsewhere in the original is fine",
			sentence: "The company laid off workers at its plant in Ohio, which once employed 9,500 people.",
			orig:     reportText,
			want:     map[string]int{"claim.number_mismatch": 0},
		},
		{
			name:     "rounded and scaled figures agree",
			sentence: "Production at the plant fell by 12% over the year, to 2.5 million vehicles.",
			orig:     reportText,
			want:     map[string]int{"claim.number_mismatch": 0},
		},
		{
			name:     "hedged figure within a fifth",
			sentence: "About 3,000 of the workers had been at the plant for more than a decade.",
			orig:     reportText,
			want:     map[string]int{"claim.number_mismatch": 0},
		},
		{
			name:     "number absent from the original",
			sentence: "The company laid off workers at its plant in Ohio and paid them 40 million dollars.",
			orig:     reportText,
			want:     map[string]int{"claim.number_mismatch": 1},
			msg:      map[string]string{"claim.number_mismatch": "does not give this number"},
		},
		{
			name:     "numbers inside a quotation are the quote rules' business",
			sentence: "The report says: “the company laid off 2,000 workers at its plant in Ohio last spring”.",
			quote:    "the company laid off 2,000 workers at its plant in Ohio last spring",
			orig:     reportText,
			want:     map[string]int{"claim.number_mismatch": 0, "claim.support": 0},
		},
		{
			name:     "a name with a number is not a figure",
			sentence: "The COVID-19 pandemic hit demand for the plant's vehicles hard, the report says.",
			orig:     reportText,
			want:     map[string]int{"claim.number_mismatch": 0},
		},
		{
			name:     "weak support fires no number finding",
			sentence: "Local elections in 2022 drew 45,000 voters to the polls across the county.",
			orig:     reportText,
			want:     map[string]int{"claim.support": 1, "claim.number_mismatch": 0, "claim.date_mismatch": 0},
			msg:      map[string]string{"claim.support": "does not visibly carry"},
		},
		{
			name:      "original postdates the article",
			sentence:  "The company laid off 3,000 workers at its plant in Ohio, the report says.",
			orig:      reportText,
			published: "2024-05-01", origDate: "2024-05-09",
			want: map[string]int{"claim.date_mismatch": 1},
			msg:  map[string]string{"claim.date_mismatch": "dated 9 May 2024, after the article (1 May 2024)"},
		},
		{
			name:      "original a day later is within the slack",
			sentence:  "The company laid off 3,000 workers at its plant in Ohio, the report says.",
			orig:      reportText,
			published: "2024-05-01", origDate: "2024-05-02",
			want: map[string]int{"claim.date_mismatch": 0},
		},
		{
			name:     "stated date disagrees",
			sentence: "The plant opened on 14 March 1998 and employed 9,500 people at its peak.",
			orig:     reportText,
			want:     map[string]int{"claim.date_mismatch": 1, "claim.number_mismatch": 0},
			msg:      map[string]string{"claim.date_mismatch": "the article says 14 March; the original (ministry.example) says 4 March"},
		},
		{
			name:     "stated year disagrees",
			sentence: "The plant opened in 1988 and employed 9,500 people at its peak.",
			orig:     reportText,
			want:     map[string]int{"claim.date_mismatch": 1},
			msg:      map[string]string{"claim.date_mismatch": "the article says 1988; the original (ministry.example) says 1998"},
		},
		{
			name:     "a year that is mere context",
			sentence: "In 2021, the company laid off 3,000 workers at its plant in Ohio.",
			orig:     reportText,
			want:     map[string]int{"claim.date_mismatch": 0, "claim.number_mismatch": 0},
		},
		{
			name:      "the article's own reporting date",
			sentence:  "On May 1 the company laid off 3,000 workers at its plant in Ohio, the ministry said on Wednesday.",
			orig:      reportText,
			published: "2024-05-01",
			want:      map[string]int{"claim.date_mismatch": 0, "claim.number_mismatch": 0},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(tc.sentence)
			anchor := "the report"
			if !strings.Contains(tc.sentence, anchor) {
				anchor = strings.Fields(tc.sentence)[1]
			}
			ci := f.cite(anchor, src, ok(src), tc.orig)
			if tc.quote != "" {
				f.quote(tc.quote, "", ci)
			}
			if tc.published != "" {
				f.a.Published = day(tc.published)
			}
			if tc.origDate != "" {
				f.orig[ci].Article.Published = day(tc.origDate)
			}
			fs := f.run(t, Config{})
			for rule, n := range tc.want {
				got := only(fs, rule)
				if len(got) != n {
					t.Errorf("%s: %d findings %v, want %d", rule, len(got), got, n)
					continue
				}
				if m := tc.msg[rule]; m != "" && !strings.Contains(got[0].Message, m) {
					t.Errorf("%s message = %q, want it to hold %q", rule, got[0].Message, m)
				}
			}
		})
	}
}

// TestDateMismatchOncePerOriginal: an article that links one later page three times (once
// through a short link) has one date mismatch, on the first link, saying how often.
func TestDateMismatchOncePerOriginal(t *testing.T) {
	const src = "https://ministry.example/report"
	f := newFixture("The ministry spoke, the report says, and the study agrees, as a short link shows.")
	f.a.Published = day("2024-05-01")
	short := ok("https://short.example/r")
	short.FinalURL = src
	for _, c := range []struct {
		anchor string
		p      *page.Page
	}{{"the report", ok(src)}, {"the study", ok(src)}, {"a short link", short}} {
		ci := f.cite(c.anchor, c.p.RequestURL, c.p, reportText)
		f.orig[ci].Article.Published = day("2024-05-09")
	}
	got := only(f.run(t, Config{}), "claim.date_mismatch")
	if len(got) != 1 || got[0].Subject.Index != 0 || !strings.Contains(got[0].Message, "(linked 3 times)") {
		t.Errorf("claim.date_mismatch = %+v, want one finding on the first link, linked 3 times", got)
	}
}

func TestClaimSupportEvidence(t *testing.T) {
	const src = "https://ministry.example/report"
	f := newFixture("The company laid off 2,000 workers at its plant in Ohio last spring, according to the report.")
	f.cite("the report", src, ok(src), reportText)
	fs := only(f.run(t, Config{}), "claim.support")
	if len(fs) != 1 {
		t.Fatalf("claim.support: %d findings, want 1", len(fs))
	}
	ev := fs[0].Evidence
	want := "The company laid off 3,000 workers at its plant in Ohio last spring, the report says."
	if ev.Passage != want || reportText[ev.PassageStart:ev.PassageEnd] != want {
		t.Errorf("claim.support passage = %q (%d..%d), want %q", ev.Passage, ev.PassageStart, ev.PassageEnd, want)
	}
	if ev.SourceURL != src || ev.Extra["support"] == "" || fs[0].Severity != Info || fs[0].Subject.Kind != SubjectCitation {
		t.Errorf("claim.support finding = %+v, want info on the citation with source and support", fs[0])
	}
}

func TestClaimsUnreadableOriginal(t *testing.T) {
	f := newFixture("The company laid off 2,000 workers at its plant in Ohio last spring, according to the report.")
	f.cite("the report", "https://dead.example/", &page.Page{RequestURL: "https://dead.example/", Status: 404}, "")
	fs := f.run(t, Config{})
	for _, rule := range []string{"claim.support", "claim.number_mismatch", "claim.date_mismatch"} {
		if got := only(fs, rule); len(got) != 0 {
			t.Errorf("%s on an unreadable original: %v, want none", rule, got)
		}
	}
}

func TestClaimFrames(t *testing.T) {
	const src = "https://ministry.example/report"
	all := []string{"claim.support", "claim.number_mismatch", "claim.date_mismatch"}
	tests := []struct {
		name       string
		sentence   string
		quotes     []string
		thresholds map[string]float64 // claim.support's
		want       map[string]int     // rule id -> how many findings; rules of all not named: 0
	}{
		{
			name:     "attribution frame skipped",
			sentence: "“The company laid off 2,000 workers at its plant in Ohio last spring,” the minister said, according to the report.",
			quotes:   []string{"The company laid off 2,000 workers at its plant in Ohio last spring,"},
			want:     map[string]int{},
		},
		{
			name:     "short quote inside a claim kept",
			sentence: "The ministry said on Tuesday it had “no plans” to close the plant in Ohio before the May election, the report says.",
			quotes:   []string{"no plans"},
			want:     map[string]int{"claim.support": 1},
		},
		{
			name:     "sentence without quotes kept",
			sentence: "The company laid off 3,000 workers at its plant in Ohio, according to the report.",
			want:     map[string]int{"claim.support": 1},
		},
		{
			// 7 words quoted, 7 left: half is not most.
			name:     "quotations hold exactly half the words: kept",
			sentence: "“The company laid off workers in Ohio,” the minister said, according to the report.",
			quotes:   []string{"The company laid off workers in Ohio,"},
			want:     map[string]int{"claim.support": 1},
		},
		{
			// 8 words quoted, 7 left.
			name:     "quotations hold one word more than half: skipped",
			sentence: "“The company laid off its workers in Ohio,” the minister said, according to the report.",
			quotes:   []string{"The company laid off its workers in Ohio,"},
			want:     map[string]int{},
		},
		{
			name:       "max_quoted 1 checks a frame",
			sentence:   "“The company laid off its workers in Ohio,” the minister said, according to the report.",
			quotes:     []string{"The company laid off its workers in Ohio,"},
			thresholds: map[string]float64{"max_quoted": 1},
			want:       map[string]int{"claim.support": 1},
		},
		{
			name:       "a lower max_quoted skips half-quoted sentences",
			sentence:   "“The company laid off workers in Ohio,” the minister said, according to the report.",
			quotes:     []string{"The company laid off workers in Ohio,"},
			thresholds: map[string]float64{"max_quoted": 0.4},
			want:       map[string]int{},
		},
		{
			name:     "words in several quotations add up",
			sentence: "“The company laid off workers,” the minister said, according to the report, “at its plant in Ohio last spring.”",
			quotes:   []string{"The company laid off workers,", "at its plant in Ohio last spring."},
			want:     map[string]int{},
		},
		{
			// The frame states a figure of its own: the number rule still checks it,
			// claim.support does not report the frame.
			name:     "frame with a number outside the quotation",
			sentence: "“We cannot keep everyone and we will not reopen it soon, whatever the unions ask for,” the report says of the 2,000 workers laid off in Ohio.",
			quotes:   []string{"We cannot keep everyone and we will not reopen it soon, whatever the unions ask for,"},
			want:     map[string]int{"claim.number_mismatch": 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(tc.sentence)
			ci := f.cite("the report", src, ok(src), reportText)
			for _, q := range tc.quotes {
				f.quote(q, "", ci)
			}
			var cfg Config
			if tc.thresholds != nil {
				cfg.Rules = map[string]RuleConfig{"claim.support": {Thresholds: tc.thresholds}}
			}
			fs := f.run(t, cfg)
			for _, rule := range all {
				if got := only(fs, rule); len(got) != tc.want[rule] {
					t.Errorf("%s: %d findings %v, want %d", rule, len(got), got, tc.want[rule])
				}
			}
		})
	}
}
