package report

import (
	"strings"
	"time"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// Schema names the JSON report format; it changes when a field changes meaning or goes.
const Schema = "provcheck/report/v1"

// Report is the provenance report of one article. Its JSON form is documented in
// docs/report-v1.md.
type Report struct {
	Schema    string          `json:"schema"`
	Tool      string          `json:"tool"`
	CheckedAt time.Time       `json:"checked_at"`
	Article   Article         `json:"article"`
	Score     Score           `json:"score"`
	Counts    Counts          `json:"counts"`
	Citations []Citation      `json:"citations"`
	Quotes    []Quote         `json:"quotes"`
	Claims    []Claim         `json:"claims"`
	Findings  []rules.Finding `json:"findings"`
	// Chains are empty unless the check followed citations beyond the first (--depth 2+).
	Chains []Chain `json:"chains"`
}

// Article is the checked pg.
type Article struct {
	URL       string     `json:"url"`
	FinalURL  string     `json:"final_url"`
	Title     string     `json:"title"`
	Byline    string     `json:"byline"`
	SiteName  string     `json:"site_name"`
	Published *time.Time `json:"published"`
	Status    int        `json:"status"`
	Redirects []page.Hop `json:"redirects"`
	Local     bool       `json:"local,omitempty"`
	// Source is the article's own site: its class and rating.
	Source *Source `json:"source,omitempty"`
}

// Counts summarise the report.
type Counts struct {
	Quotes     map[string]int `json:"quotes"`     // per verdict
	Citations  map[string]int `json:"citations"`  // per verdict
	Severities map[string]int `json:"severities"` // findings per severity
	Rules      map[string]int `json:"rules"`      // findings per rule
}

// Citation is one link of the article and what became of it.
type Citation struct {
	Index     int        `json:"index"`
	Href      string     `json:"href"`
	URL       string     `json:"url"`
	Anchor    string     `json:"anchor"`
	Sentence  string     `json:"sentence"`
	FinalURL  string     `json:"final_url"`
	Status    int        `json:"status"`
	Redirects []page.Hop `json:"redirects"`
	// Verdict is the citation's fate (see [rules.Fates]).
	Verdict rules.Fate `json:"verdict"`
	Error   string     `json:"error,omitempty"`
	Title   string     `json:"title,omitempty"`
	Embed   bool       `json:"embed,omitempty"`
	// Source is the cited site (where the link lands): its class and rating.
	Source *Source `json:"source,omitempty"`
}

// Quote is one quotation and its verdict.
type Quote struct {
	Index     int    `json:"index"`
	Text      string `json:"text"`
	Speaker   string `json:"speaker"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Citations []int  `json:"citations"`
	// Verdict is the quote's verdict (see [rules.Verdicts]): the worst when it has several;
	// Also are the others, worst first (an altered quote can also be misattributed).
	Verdict   rules.Verdict   `json:"verdict"`
	Also      []rules.Verdict `json:"also,omitempty"`
	Message   string          `json:"message"`
	SourceURL string          `json:"source_url"`
	// PassageURL links straight to the passage (a text fragment, #:~:text=, that browsers
	// scroll to and highlight).
	PassageURL    string         `json:"passage_url"`
	SourcePassage string         `json:"source_passage"`
	PassageStart  int            `json:"passage_start"`
	PassageEnd    int            `json:"passage_end"`
	Diff          []textmatch.Op `json:"diff"`
	Similarity    *float64       `json:"similarity"`
	Embed         bool           `json:"embed,omitempty"`
	// Page is the page (from 1) of a PDF original that holds the passage; PassageURL then
	// opens the PDF at that page (#page=N).
	Page int `json:"page,omitempty"`
	// InconsistentWith lists the other quotes of the same speaker in another wording.
	InconsistentWith []int `json:"inconsistent_with,omitempty"`
	// Lineage lists the other articles of the same run that carry the quote, earliest
	// published first; filled in when a run is reported (it needs the whole archive).
	Lineage []Carrier `json:"lineage,omitempty"`
}

// Carrier is another article that carries a quote.
type Carrier struct {
	URL        string        `json:"url"`
	Title      string        `json:"title,omitempty"`
	Published  *time.Time    `json:"published"`
	Verdict    rules.Verdict `json:"verdict"` // verified: the same words; altered, negation...: another wording
	Similarity float64       `json:"similarity"`
	// First is set on the carrier that published the quote first, when it is earlier than
	// the article itself.
	First bool `json:"first,omitempty"`
}

// Claim is a sentence-level finding (an unsourced claim, an unlinked attribution).
type Claim struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Text     string `json:"text"`
	Message  string `json:"message"`
}

// Build assembles the report of one article from what was fetched, read and found.
// originals is index-aligned with a.Citations (nil where nothing was fetched); ev is what
// the rules concluded; opts bring the ratings and the chains.
func Build(pg *page.Page, a *extract.Article, originals []*rules.Original, ev rules.Evaluation, checkedAt time.Time, opts Options) Report {
	findings := ev.Findings
	r := Report{
		Schema: Schema, Tool: "provcheck", CheckedAt: checkedAt.UTC().Truncate(time.Second),
		Citations: []Citation{}, Quotes: []Quote{}, Claims: []Claim{}, Findings: findings, Chains: []Chain{},
		Counts: Counts{Quotes: map[string]int{}, Citations: map[string]int{}, Severities: map[string]int{}, Rules: map[string]int{}},
	}
	if r.Findings == nil {
		r.Findings = []rules.Finding{}
	}
	r.Article = Article{
		URL: a.URL, FinalURL: a.FinalURL, Title: a.Title, Byline: a.Byline, SiteName: a.SiteName,
		Published: a.Published, Redirects: []page.Hop{},
	}
	if pg != nil {
		r.Article.Status = pg.Status
		r.Article.Local = pg.Local
		if pg.Redirects != nil {
			r.Article.Redirects = pg.Redirects
		}
	}
	for _, f := range findings {
		r.Counts.Severities[f.Severity.String()]++
		r.Counts.Rules[f.Rule]++
		if f.Subject.Kind == rules.SubjectClaim {
			r.Claims = append(r.Claims, Claim{Rule: f.Rule, Severity: f.Severity.String(), Text: f.Subject.Text, Message: f.Message})
		}
	}
	for i, c := range a.Citations {
		var o *rules.Original
		if i < len(originals) {
			o = originals[i]
		}
		cr := rules.CitationResult{Fate: rules.FateNotFetched}
		if i < len(ev.Citations) {
			cr = ev.Citations[i]
		}
		rc := citation(i, c, a, o, cr)
		rc.Source = citationSource(opts.Ratings, rc)
		r.Counts.Citations[string(rc.Verdict)]++
		r.Citations = append(r.Citations, rc)
	}
	for i, q := range a.Quotes {
		qr := rules.QuoteResult{Verdict: rules.Unchecked}
		if i < len(ev.Quotes) {
			qr = ev.Quotes[i]
		}
		rq := quote(i, q, qr)
		r.Counts.Quotes[string(rq.Verdict)]++
		r.Quotes = append(r.Quotes, rq)
	}
	r.Article.Source = articleSource(opts.Ratings, r.Article, pg)
	r.Chains = append(r.Chains, opts.Chains...)
	for i := range r.Chains {
		r.Chains[i] = chainWith(opts.Ratings, r.Chains[i])
	}
	r.Score = ScoreOf(findings)
	return r
}

func citation(i int, c extract.Citation, a *extract.Article, o *rules.Original, cr rules.CitationResult) Citation {
	rc := Citation{
		Index: i, Href: c.Href, URL: c.URL, Anchor: c.Anchor, Redirects: []page.Hop{}, Embed: c.Embed >= 0,
		Verdict: cr.Fate,
	}
	if c.Sentence >= 0 && c.Sentence < len(a.Sentences) {
		s := a.Sentences[c.Sentence]
		rc.Sentence = a.Text[s.Start:s.End]
	}
	if o != nil && o.Page != nil {
		p := o.Page
		rc.FinalURL, rc.Status, rc.Error = p.FinalURL, p.Status, p.Err
		if p.Redirects != nil {
			rc.Redirects = p.Redirects
		}
		switch {
		case p.OK() && o.Article != nil:
			rc.Title = o.Article.Title
		case p.OK():
			rc.Error = o.ParseErr
		}
	}
	return rc
}

// quote is one quote of the report: its verdicts, the message of each, and the evidence
// of its match in an original.
func quote(i int, q extract.Quote, qr rules.QuoteResult) Quote {
	rq := Quote{
		Index: i, Text: q.Text, Speaker: q.Speaker, Start: q.Start, End: q.End,
		Citations: q.Citations, Embed: q.Embed >= 0, Diff: []textmatch.Op{}, Verdict: qr.Verdict,
	}
	if rq.Citations == nil {
		rq.Citations = []int{}
	}
	if len(qr.Verdicts) > 1 {
		rq.Also = qr.Verdicts[1:]
	}
	rq.InconsistentWith = qr.InconsistentWith()
	var msgs []string
	for _, v := range qr.Verdicts {
		if f, ok := qr.Finding(v); ok {
			msgs = append(msgs, f.Message)
		}
	}
	rq.Message = strings.Join(msgs, "; ")
	// The evidence is that of the quote's match in an original; a quote only another rule
	// gave a verdict shows that rule's.
	ev, ok := rules.Finding{}, false
	if _, f, found := qr.MatchFinding(); found && f.Evidence.SourceURL != "" {
		ev, ok = f, true
	} else if len(qr.Verdicts) > 0 {
		ev, ok = qr.Finding(qr.Verdict)
	}
	if ok {
		rq.SourceURL = ev.Evidence.SourceURL
		rq.SourcePassage = ev.Evidence.Passage
		rq.PassageStart, rq.PassageEnd = ev.Evidence.PassageStart, ev.Evidence.PassageEnd
		rq.Similarity = ev.Evidence.Similarity
		target := ev.Evidence.FinalURL
		if target == "" {
			target = ev.Evidence.SourceURL
		}
		rq.PassageURL = PassageLink(target, ev.Evidence.Passage)
		if ev.Evidence.Page > 0 {
			rq.Page = ev.Evidence.Page
			rq.PassageURL = PageLink(target, ev.Evidence.Page)
		}
		if ev.Evidence.Diff != nil {
			rq.Diff = ev.Evidence.Diff
		}
	}
	return rq
}
