package store

import (
	"time"

	"github.com/provcheck/provcheck/rules"
)

// Run kinds, the values of [Run.Kind].
const (
	KindCheck = "check"
	KindAudit = "audit"
	KindDemo  = "demo"
)

// Run states, the values of [Run.State].
const (
	StateRunning     = "running"
	StateDone        = "done"
	StateInterrupted = "interrupted"
	StateFailed      = "failed"
)

// Run is one invocation of provcheck.
type Run struct {
	ID         int64
	Kind       string // KindCheck, KindAudit or KindDemo
	Input      string // the URL, archive or file the run was given
	Options    string // JSON text, opaque to the store
	State      string // StateRunning, StateDone, StateInterrupted or StateFailed
	StartedAt  time.Time
	FinishedAt time.Time // zero while running
}

// Hop is one step of a redirect chain: the URL that answered and its status.
type Hop struct {
	URL    string
	Status int
}

// Fetch is one request and what came of it, failures included.
type Fetch struct {
	RequestURL, FinalURL string
	Redirects            []Hop // in the order they were followed
	Status               int   // 0: no response
	ContentType          string
	Body                 []byte // stored once per sha256 hash; nil or empty: no body
	Truncated            bool
	FetchedAt            time.Time
	Duration             time.Duration // stored in whole milliseconds
	Err, ErrClass        string        // empty on success
}

// Citation is a link of an article and what became of it.
type Citation struct {
	Index                       int
	Href, URL, Anchor, Sentence string
	Fetch                       int // index into [Check.Fetches]; -1: not fetched
	Verdict                     rules.Fate
}

// Quote is a quotation found in an article.
type Quote struct {
	Index         int
	Text, Speaker string
	Start, End    int // byte offsets in the extracted text; Start <= End
	Verdict       rules.Verdict
	SourceURL     string
	Similarity    float64
}

// Finding is what a rule saw.
type Finding struct {
	Rule, Severity, SubjectKind string
	SubjectIndex                int
	Message                     string
	Evidence                    []byte // JSON text; nil: none
}

// Check is one checked article with everything that was fetched and found for it.
type Check struct {
	URL, FinalURL, Title, Byline, SiteName string
	Published                              *time.Time // nil: unknown
	Fetch                                  int        // index into Fetches of the article's own fetch; -1: none
	Fetches                                []Fetch    // the article's own and every original's
	Citations                              []Citation
	Quotes                                 []Quote
	Findings                               []Finding
	Chains                                 []Chain // quotes followed beyond their original (--depth 2+)
	Score                                  int
	Grade                                  string
	Report                                 []byte // the full JSON report as produced, opaque
	CheckedAt                              time.Time
	// Captures are saved in the same transaction, before the article: the evidence index
	// held back until the check is stored (any fetch's, not only this check's), so that
	// it commits no later than the article whose report refers to it.
	Captures []Capture
}
