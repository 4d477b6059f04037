package rules

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// Severity orders findings by how much they matter to a reader.
type Severity int

// Severities, lowest first. The zero value means "not set": the engine then gives a
// finding its rule's configured severity.
const (
	Info Severity = iota + 1
	Low
	Medium
	High
)

var severityNames = [...]string{"", "info", "low", "medium", "high"}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads "info", "low", "medium" or "high" (any case).
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if n != "" && strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want info, low, medium or high)", s)
}

// MarshalText writes the severity by name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity by name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// SubjectKind says what a finding is about.
type SubjectKind string

// Subject kinds.
const (
	SubjectArticle  SubjectKind = "article"
	SubjectCitation SubjectKind = "citation"
	SubjectQuote    SubjectKind = "quote"
	SubjectClaim    SubjectKind = "claim"
)

// Subject points at the part of the article a finding is about.
type Subject struct {
	Kind SubjectKind `json:"kind"`
	// Index is the index into Article.Citations, Article.Quotes or Article.Sentences
	// (for claims); -1 for the article itself.
	Index int `json:"index"`
	// Text is the subject's own words (the quote, the anchor, the sentence).
	Text string `json:"text,omitempty"`
	// Offset is the byte offset of the subject in Article.Text, used to order findings.
	Offset int `json:"offset"`
}

// Evidence is what a finding rests on. Fields that do not apply are left empty.
type Evidence struct {
	URL        string     `json:"url,omitempty"`
	FinalURL   string     `json:"final_url,omitempty"`
	Status     int        `json:"status,omitempty"`
	Redirects  []page.Hop `json:"redirects,omitempty"`
	Error      string     `json:"error,omitempty"`
	ErrorClass string     `json:"error_class,omitempty"`
	// SourceURL is the original the passage comes from; Passage is the passage, with
	// PassageStart/PassageEnd its byte offsets in that original's main text.
	SourceURL    string            `json:"source_url,omitempty"`
	Passage      string            `json:"passage,omitempty"`
	PassageStart int               `json:"passage_start,omitempty"`
	PassageEnd   int               `json:"passage_end,omitempty"`
	Diff         []textmatch.Op    `json:"diff,omitempty"`
	Similarity   *float64          `json:"similarity,omitempty"`
	Related      []int             `json:"related,omitempty"` // other subjects involved (e.g. the other quote)
	Extra        map[string]string `json:"extra,omitempty"`

	// Page is the page (from 1) of a PDF original that holds the passage; 0 otherwise.
	Page int `json:"page,omitempty"`
}

// Finding is one thing a rule saw: a rule id, how much it matters, what it is about, a
// sentence a person understands, and the evidence behind it. A mismatch is a Finding, not
// an error; positive results (quote.verified) are findings too.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Subject  Subject  `json:"subject"`
	Message  string   `json:"message"`
	Evidence Evidence `json:"evidence"`
}

// String renders a finding on one line, for logs and test failures.
func (f Finding) String() string {
	b, _ := json.Marshal(f.Subject)
	return fmt.Sprintf("%s [%s] %s %s", f.Rule, f.Severity, b, f.Message)
}
