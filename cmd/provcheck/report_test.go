package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// The JSON report as its schema (provcheck/report/v1) documents it. The tests decode into
// these types of their own rather than into report.Report, so that a renamed or dropped
// JSON field fails a test instead of following the Go struct silently.
type jsonReport struct {
	Schema    string         `json:"schema"`
	CheckedAt string         `json:"checked_at"`
	Article   jsonArticle    `json:"article"`
	Score     map[string]any `json:"score"`
	Citations []jsonCitation `json:"citations"`
	Quotes    []jsonQuote    `json:"quotes"`
	Findings  []jsonFinding  `json:"findings"`
}

type jsonArticle struct {
	URL      string `json:"url"`
	FinalURL string `json:"final_url"`
	Title    string `json:"title"`
	Byline   string `json:"byline"`
	Status   int    `json:"status"`
	Local    bool   `json:"local"`
}

type jsonHop struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
}

type jsonCitation struct {
	Href      string    `json:"href"`
	Anchor    string    `json:"anchor"`
	URL       string    `json:"url"`
	FinalURL  string    `json:"final_url"`
	Status    int       `json:"status"`
	Redirects []jsonHop `json:"redirects"`
	Verdict   string    `json:"verdict"`
	Error     string    `json:"error"`
}

type jsonOp struct {
	Op       string `json:"op"`
	Quote    string `json:"quote"`
	Original string `json:"original"`
}

type jsonQuote struct {
	Text          string   `json:"text"`
	Speaker       string   `json:"speaker"`
	Verdict       string   `json:"verdict"`
	SourceURL     string   `json:"source_url"`
	SourcePassage string   `json:"source_passage"`
	Diff          []jsonOp `json:"diff"`
	Similarity    *float64 `json:"similarity"`
}

type jsonFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Subject  struct {
		Kind  string `json:"kind"`
		Index int    `json:"index"`
		Text  string `json:"text"`
	} `json:"subject"`
	Message  string `json:"message"`
	Evidence struct {
		URL        string            `json:"url"`
		FinalURL   string            `json:"final_url"`
		Status     int               `json:"status"`
		Redirects  []jsonHop         `json:"redirects"`
		Error      string            `json:"error"`
		ErrorClass string            `json:"error_class"`
		SourceURL  string            `json:"source_url"`
		Extra      map[string]string `json:"extra"`
	} `json:"evidence"`
}

// decodeReport parses a JSON report and checks its schema name.
func decodeReport(t *testing.T, out []byte) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("decode JSON report: %v\n%s", err, out)
	}
	if r.Schema != "provcheck/report/v1" {
		t.Fatalf("report schema = %q, want %q", r.Schema, "provcheck/report/v1")
	}
	return r
}

// findingsOf returns the findings of rule.
func (r jsonReport) findingsOf(rule string) []jsonFinding {
	var out []jsonFinding
	for _, f := range r.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// quote returns the quote whose text is text.
func (r jsonReport) quote(t *testing.T, text string) jsonQuote {
	t.Helper()
	for _, q := range r.Quotes {
		if q.Text == text {
			return q
		}
	}
	t.Fatalf("no quote %q in the report; quotes: %s", text, r.quoteTexts())
	return jsonQuote{}
}

func (r jsonReport) quoteTexts() string {
	var s []string
	for _, q := range r.Quotes {
		s = append(s, q.Text)
	}
	return strings.Join(s, " | ")
}

// citationTo returns the citation whose resolved URL is u.
func (r jsonReport) citationTo(t *testing.T, u string) jsonCitation {
	t.Helper()
	var urls []string
	for _, c := range r.Citations {
		if c.URL == u {
			return c
		}
		urls = append(urls, c.URL)
	}
	t.Fatalf("no citation of %s in the report; citations: %q", u, urls)
	return jsonCitation{}
}
