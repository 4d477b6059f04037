package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/provcheck/provcheck/rules"
)

//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate escapes everything it is given: article text is untrusted. It is parsed
// when first used, not at every command's start.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"sec": func(single bool, id, text string) htmlHeading { return htmlHeading{single, id, text} },
	}).Parse(htmlSource))
})

type htmlHeading struct {
	Single   bool
	ID, Text string
}

type htmlPage struct {
	Title    string
	Single   bool
	RunLine  string
	Index    []htmlIndexRow
	Articles []htmlArticle
	Footer   string
}

type htmlIndexRow struct {
	ID, Title, Host, Tone string
	Score                 Score
	Quotes, Links, Claims int
}

type htmlArticle struct {
	ID, Num, Title, URL, FinalURL, Meta, Checked string
	Score                                        Score
	Tone, Words                                  string
	Reasons                                      []Reason
	Verified                                     int
	Quotes                                       []htmlQuote
	Citations                                    []htmlCitation
	Claims                                       []htmlClaim
	Site, SiteTone                               string // the article's own site: class and rating
	Groups                                       []htmlCitationGroup
	Chains                                       []htmlChain
	Severities                                   string
}

type htmlQuote struct {
	ID, Num, Verdict, Tone, Symbol, Speaker string
	Article, Original                       []segment // the quote and the passage, changes marked
	Diff                                    []segment // the diff on its own when it cannot be marked in place
	SourceHost, PassageURL, Message         string
	Similarity                              string
	Also                                    []string
	Lineage                                 []string
}

type htmlCitation struct {
	ID, Num, Verdict, Tone, Symbol, Anchor, Target string
	Shown                                          string // Target, shortened for the eye
	Linkable                                       bool
	Fate, Sentence, FinalURL, FinalStatus          string
	Hops                                           []htmlHop
	Passages                                       []htmlLink
	Source, SourceTone                             string // class and rating of the cited site
}

type htmlHop struct {
	URL    string
	Status int
}

type htmlLink struct{ Label, URL string }

type htmlClaim struct {
	Label, Severity, Text, Message string
}

// WriteHTML writes the run as one self-contained HTML page: inline CSS, no script, and
// nothing loaded from elsewhere (a Content-Security-Policy says so to the browser). One
// report gives an article page; several give an index of the articles by score, lowest
// first, linking to each article below it.
func WriteHTML(w io.Writer, run Run) error {
	p := htmlPage{Single: len(run.Reports) == 1}
	if p.Single {
		p.Title = "Provenance report: " + articleTitle(run.Reports[0])
	} else {
		p.Title = runTitle(run)
		if !run.StartedAt.IsZero() {
			p.RunLine = "Started " + run.StartedAt.UTC().Format(time.RFC3339)
		}
	}
	for i, r := range run.Reports {
		p.Articles = append(p.Articles, htmlArticleOf(i, r))
	}
	for _, i := range byScore(run.Reports) {
		r := run.Reports[i]
		q, l := problemCounts(r)
		p.Index = append(p.Index, htmlIndexRow{
			ID: p.Articles[i].ID, Title: articleTitle(r), Host: hostOf(r.Article.URL), Tone: ScoreTone(r.Score.Value),
			Score: r.Score, Quotes: q, Links: l, Claims: len(r.Claims),
		})
	}
	p.Footer = "Made by provcheck"
	if len(run.Reports) > 0 {
		p.Footer += " · report schema " + run.Reports[0].Schema
	}
	if err := htmlTemplate().Execute(w, p); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}

func htmlArticleOf(i int, r Report) htmlArticle {
	id := fmt.Sprintf("a%d", i+1)
	a := htmlArticle{
		ID: id, Num: strconv.Itoa(i + 1), Title: articleTitle(r), URL: r.Article.URL, Meta: articleMeta(r),
		Checked: r.CheckedAt.UTC().Format("2006-01-02 15:04 UTC"), Score: r.Score,
		Tone: ScoreTone(r.Score.Value), Words: scoreWords(r.Score.Value), Verified: r.Counts.Rules[rules.Verified.Rule()],
	}
	if r.Article.FinalURL != r.Article.URL {
		a.FinalURL = r.Article.FinalURL
	}
	for _, reason := range r.Score.Reasons {
		if reason.Points != 0 {
			a.Reasons = append(a.Reasons, reason)
		}
	}
	for _, q := range r.Quotes {
		a.Quotes = append(a.Quotes, htmlQuoteOf(id, q, r))
	}
	for _, c := range r.Citations {
		a.Citations = append(a.Citations, htmlCitationOf(id, c, r))
	}
	htmlSources(&a, r)
	for _, c := range r.Claims {
		a.Claims = append(a.Claims, htmlClaim{
			Label: verdictWord(c.Rule[len("claim."):]), Severity: c.Severity, Text: c.Text, Message: c.Message,
		})
	}
	var sev []string
	for _, s := range []rules.Severity{rules.High, rules.Medium, rules.Low, rules.Info} {
		sev = append(sev, fmt.Sprintf("%d %s", r.Counts.Severities[s.String()], s))
	}
	a.Severities = fmt.Sprint(sev[0], ", ", sev[1], ", ", sev[2], ", ", sev[3])
	return a
}

func htmlQuoteOf(article string, q Quote, r Report) htmlQuote {
	tone := quoteTone(q.Verdict)
	h := htmlQuote{
		ID: fmt.Sprintf("%s-quote-%d", article, q.Index+1), Num: strconv.Itoa(q.Index + 1),
		Verdict: quoteLabel(q), Tone: tone, Symbol: toneSymbol(tone), Speaker: q.Speaker,
		PassageURL: q.PassageURL, Message: q.Message,
	}
	switch {
	case q.PassageURL != "":
		h.SourceHost = hostOf(q.PassageURL) // where the link lands, after redirects
	case q.SourceURL != "":
		h.SourceHost = hostOf(q.SourceURL)
	}
	if q.Similarity != nil && *q.Similarity < 1 {
		h.Similarity = strconv.FormatFloat(*q.Similarity, 'f', 2, 64)
	}
	h.Article = []segment{{Text: q.Text}}
	if q.SourcePassage != "" && q.Verdict != rules.Verified {
		h.Original = []segment{{Text: q.SourcePassage}}
	}
	if hasChanges(q.Diff) {
		qs, okQ := markChanges(q.Text, q.Diff, true)
		os, okO := markChanges(q.SourcePassage, q.Diff, false)
		if okQ && okO {
			h.Article, h.Original = qs, os
		} else {
			h.Diff = diffSegments(q.Diff)
		}
	}
	for _, other := range q.InconsistentWith {
		if other >= 0 && other < len(r.Quotes) {
			h.Also = append(h.Also, r.Quotes[other].Text)
		}
	}
	for _, c := range q.Lineage {
		h.Lineage = append(h.Lineage, lineageLine(c))
	}
	return h
}

func htmlCitationOf(article string, c Citation, r Report) htmlCitation {
	tone := citationTone(c.Verdict)
	h := htmlCitation{
		ID: fmt.Sprintf("%s-citation-%d", article, c.Index+1), Num: strconv.Itoa(c.Index + 1),
		Verdict: c.Verdict.Label(), Tone: tone, Symbol: toneSymbol(tone), Anchor: c.Anchor,
		Target: citationTarget(c), Linkable: c.Verdict != rules.FatePlaceholder && c.URL != "",
		Fate: citationFate(c), Sentence: c.Sentence,
		Source: sourceLine(c.Source), SourceTone: ratingTone(c.Source),
	}
	h.Shown = shortURL(h.Target, 70)
	if len(c.Redirects) > 0 {
		for _, hop := range c.Redirects {
			h.Hops = append(h.Hops, htmlHop{URL: hop.URL, Status: hop.Status})
		}
		h.FinalURL, h.FinalStatus = c.FinalURL, strconv.Itoa(c.Status)
	}
	for _, q := range r.Quotes {
		if q.PassageURL != "" && q.SourceURL != "" && (q.SourceURL == c.URL || q.SourceURL == c.FinalURL) {
			h.Passages = append(h.Passages, htmlLink{Label: strconv.Itoa(q.Index + 1), URL: q.PassageURL})
		}
	}
	return h
}

// shortURL shows a long URL without its scheme and with the middle of its path elided;
// the link itself keeps the whole URL.
func shortURL(u string, n int) string {
	s := strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	head := n * 3 / 5
	return string(r[:head]) + "…" + string(r[len(r)-(n-head-1):])
}
