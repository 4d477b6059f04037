package report

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/provcheck/provcheck/rules"
)

// verdictWord is a code as a reader says it: "press_release" reads "press release".
// Verdicts and fates have their own labels (rules.Verdict.Label, rules.Fate.Label).
func verdictWord(v string) string { return strings.ReplaceAll(v, "_", " ") }

// quoteTone sorts a quote verdict into good, bad or unknown, for symbols and colours.
func quoteTone(v rules.Verdict) string { return string(v.Tone()) }

// quoteLabel is a quote's verdicts as a reader says them: "altered + misattributed".
func quoteLabel(q Quote) string {
	words := []string{q.Verdict.Label()}
	for _, v := range q.Also {
		words = append(words, v.Label())
	}
	return strings.Join(words, " + ")
}

// quoteCodes is a quote's verdicts as codes, for the terminal: "altered+misattributed".
func quoteCodes(q Quote) string {
	codes := []string{string(q.Verdict)}
	for _, v := range q.Also {
		codes = append(codes, string(v))
	}
	return strings.Join(codes, "+")
}

// citationTone sorts a citation's fate into good, bad, warn or unknown.
func citationTone(f rules.Fate) string { return string(f.Tone()) }

func toneSymbol(tone string) string {
	switch tone {
	case "good":
		return "✓"
	case "bad":
		return "✗"
	case "warn":
		return "↪"
	}
	return "?"
}

// scoreWords says what a score means, as the text report does.
func scoreWords(v int) string {
	switch {
	case v >= 75:
		return "well sourced"
	case v >= 40:
		return "weakly sourced"
	}
	return "poorly sourced"
}

// ScoreTone sorts a score into good, warn or bad, as scoreWords names it (the colour
// every report and page gives it).
func ScoreTone(v int) string {
	switch {
	case v >= 75:
		return "good"
	case v >= 40:
		return "warn"
	}
	return "bad"
}

// citationTarget is where a citation points, as the reader sees it.
func citationTarget(c Citation) string {
	if c.URL != "" && c.Verdict != rules.FatePlaceholder {
		return c.URL
	}
	return c.Href
}

// citationFate says in a few words what became of a citation's link.
func citationFate(c Citation) string {
	switch {
	case c.Verdict == rules.FatePlaceholder:
		return "points nowhere: the reader cannot follow it to a source"
	case c.Status >= 400:
		return fmt.Sprintf("%d %s", c.Status, http.StatusText(c.Status))
	case c.Error != "":
		return c.Error
	case c.Status != 0:
		s := fmt.Sprintf("%d %s", c.Status, http.StatusText(c.Status))
		if c.Title != "" {
			s += " · " + c.Title
		}
		return s
	}
	return "not fetched"
}

// redirectChain renders a citation's hops and final URL: "a (301) → b (200)"; "" when
// the link was not redirected.
func redirectChain(c Citation) string {
	if len(c.Redirects) == 0 {
		return ""
	}
	var hops []string
	for _, h := range c.Redirects {
		hops = append(hops, fmt.Sprintf("%s (%d)", h.URL, h.Status))
	}
	return strings.Join(append(hops, fmt.Sprintf("%s (%d)", c.FinalURL, c.Status)), " → ")
}

// byScore returns the indexes of reports ordered by score, lowest first (ties in the
// order checked): the articles that most need a reader's attention come first.
func byScore(reports []Report) []int {
	idx := make([]int, len(reports))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return reports[idx[a]].Score.Value < reports[idx[b]].Score.Value
	})
	return idx
}

// problemCounts counts what a run's index shows of an article: quotes that are not
// verified, citations that do not lead to a readable original, and claims.
func problemCounts(r Report) (quotes, links int) {
	for _, q := range r.Quotes {
		if quoteTone(q.Verdict) == "bad" {
			quotes++
		}
	}
	for _, c := range r.Citations {
		if t := citationTone(c.Verdict); t == "bad" || t == "unknown" {
			links++
		}
	}
	return quotes, links
}

// articleTitle is the title or a stand-in for an untitled article.
func articleTitle(r Report) string {
	if r.Article.Title != "" {
		return r.Article.Title
	}
	return "(untitled) " + r.Article.URL
}

// articleMeta is the byline, site and date line.
func articleMeta(r Report) string {
	var meta []string
	a := r.Article
	if a.Byline != "" {
		meta = append(meta, "by "+a.Byline)
	}
	if a.SiteName != "" {
		meta = append(meta, a.SiteName)
	}
	if a.Published != nil {
		meta = append(meta, "published "+a.Published.Format("2006-01-02"))
	}
	return strings.Join(meta, " · ")
}

// lineageLine says where else a quote appears: "also in https://… (verbatim, 2022-03-30, first)".
func lineageLine(c Carrier) string {
	how := "verbatim"
	if c.Verdict != rules.Verified {
		how = fmt.Sprintf("%s, similarity %.2f", c.Verdict.Label(), c.Similarity)
	}
	when := "undated"
	if c.Published != nil {
		when = c.Published.Format("2006-01-02")
	}
	first := ""
	if c.First {
		first = ", published it first"
	}
	return fmt.Sprintf("also in %s (%s, %s%s)", c.URL, how, when, first)
}
