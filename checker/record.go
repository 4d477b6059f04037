package checker

import (
	"encoding/json"
	"fmt"

	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/readcopy"
	"github.com/provcheck/provcheck/rules"
)

// Record converts a checked article and its report into the store's records: every
// fetch (the article's and each distinct original's), citations, quotes and findings.
func Record(res *Result, rep report.Report) (*store.Check, error) {
	c := &store.Check{
		URL: res.Article.URL, FinalURL: res.Article.FinalURL, Title: res.Article.Title,
		Byline: res.Article.Byline, SiteName: res.Article.SiteName, Published: res.Article.Published,
		Fetch: -1, Score: rep.Score.Value, Grade: rep.Score.Grade, CheckedAt: res.Finished,
	}
	if c.URL == "" && res.Page != nil {
		c.URL = res.Page.RequestURL
	}
	fetchIndex := map[*page.Page]int{}
	addFetch := func(p *page.Page) int {
		if p == nil {
			return -1
		}
		if i, ok := fetchIndex[p]; ok {
			return i
		}
		f := store.Fetch{
			RequestURL: p.RequestURL, FinalURL: p.FinalURL, Status: p.Status, ContentType: p.ContentType,
			Body: p.Body, Truncated: p.Truncated, FetchedAt: p.FetchedAt, Duration: p.Duration,
			Err: p.Err, ErrClass: string(p.ErrClass),
		}
		for _, h := range p.Redirects {
			f.Redirects = append(f.Redirects, store.Hop{URL: h.URL, Status: h.Status})
		}
		fetchIndex[p] = len(c.Fetches)
		c.Fetches = append(c.Fetches, f)
		return fetchIndex[p]
	}
	c.Fetch = addFetch(res.Page)
	for i, rc := range rep.Citations {
		var p *page.Page
		if i < len(res.Originals) && res.Originals[i] != nil {
			p = res.Originals[i].Page
		}
		c.Citations = append(c.Citations, store.Citation{
			Index: i, Href: rc.Href, URL: rc.URL, Anchor: rc.Anchor, Sentence: rc.Sentence,
			Fetch: addFetch(p), Verdict: rc.Verdict,
		})
	}
	for i, rq := range rep.Quotes {
		q := store.Quote{
			Index: i, Text: rq.Text, Speaker: rq.Speaker, Start: rq.Start, End: rq.End,
			Verdict: rq.Verdict, SourceURL: rq.SourceURL,
		}
		if rq.Similarity != nil {
			q.Similarity = *rq.Similarity
		}
		c.Quotes = append(c.Quotes, q)
	}
	for _, f := range res.Findings {
		ev, err := json.Marshal(f.Evidence)
		if err != nil {
			return nil, fmt.Errorf("record finding %s: %w", f.Rule, err)
		}
		c.Findings = append(c.Findings, store.Finding{
			Rule: f.Rule, Severity: f.Severity.String(), SubjectKind: string(f.Subject.Kind),
			SubjectIndex: f.Subject.Index, Message: f.Message, Evidence: ev,
		})
	}
	recordChains(c, res, rep, addFetch)
	// An HTML page is stored as its reading copy: what reads it back (an original
	// reloaded on resume or reused by a later run) parses the copy as it would the page,
	// and the WARC keeps the bytes as they came.
	dropped := store.DroppedBody(c)
	for i := range c.Fetches {
		if f := &c.Fetches[i]; i != dropped {
			f.Body = readcopy.ForPage(f.ContentType, f.Body)
		}
	}
	raw, err := json.Marshal(rep)
	if err != nil {
		return nil, fmt.Errorf("record report: %w", err)
	}
	c.Report = raw
	return c, nil
}

// Report builds the report of a result.
func (r *Result) Report() report.Report {
	return report.Build(r.Page, r.Article, r.Originals, r.Evaluation, r.Finished,
		report.Options{Ratings: r.Ratings, Chains: reportChains(r.Chains, r.Article)})
}

// AtLeast reports whether a finding of the result is at or above sev.
func (r *Result) AtLeast(sev rules.Severity) bool {
	for _, f := range r.Findings {
		if f.Severity >= sev {
			return true
		}
	}
	return false
}
