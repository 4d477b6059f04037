package checker

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/rules"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// QuoteIndex holds every quotation of an archive, so that a quote can be traced to every
// article that carries it, verbatim or altered.
type QuoteIndex struct {
	ix     *textmatch.Index
	quotes []store.QuoteRow
}

// minLineageWords keeps scare quotes ("willingness") out of lineage: one or two words are
// found everywhere and say nothing about who copied whom.
const minLineageWords = 4

// NewQuoteIndex indexes quotes (of a run, or of the whole database).
func NewQuoteIndex(quotes []store.QuoteRow) *QuoteIndex {
	q := &QuoteIndex{ix: textmatch.NewIndex()}
	q.ix.Rank = func(v textmatch.Verdict) int { return rules.MatchVerdict(v).Rank() }
	for _, row := range quotes {
		if len(textmatch.Tokenize(row.Text)) < minLineageWords {
			continue
		}
		q.ix.Add(strconv.Itoa(len(q.quotes)), row.Text)
		q.quotes = append(q.quotes, row)
	}
	return q
}

// Carrier is an article that carries a quote.
type Carrier struct {
	Quote      store.QuoteRow
	Verdict    rules.Verdict // verified: the same words; altered etc.: another wording
	Similarity float64
	Ops        []textmatch.Op
}

// Lineage returns the articles that carry text, earliest published first (undated last),
// one entry per article.
func (q *QuoteIndex) Lineage(text string, limit int) []Carrier {
	hits := q.ix.Lookup(text, max(limit, 1)*4)
	seen := map[int64]bool{}
	var out []Carrier
	for _, h := range hits {
		i, err := strconv.Atoi(h.ID)
		if err != nil || h.Match.Verdict == textmatch.NotFound {
			continue
		}
		row := q.quotes[i]
		if seen[row.ArticleID] {
			continue
		}
		seen[row.ArticleID] = true
		out = append(out, Carrier{Quote: row, Verdict: rules.MatchVerdict(h.Match.Verdict), Similarity: h.Match.Similarity, Ops: h.Match.Ops})
	}
	sort.SliceStable(out, func(i, j int) bool { return earlier(out[i].Quote.Published, out[j].Quote.Published) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func earlier(a, b *time.Time) bool {
	switch {
	case a == nil:
		return false
	case b == nil:
		return true
	}
	return a.Before(*b)
}

// Shared lists the quotations carried by at least two articles, most carried first: the
// quote lineage of an archive.
func (q *QuoteIndex) Shared(limit int) [][]Carrier {
	// A quote printed several times (in one article or many, in one extent or another) is
	// reported once: with the first quotation that finds it.
	type key struct {
		article int64
		index   int
	}
	doneQuote := map[key]bool{}
	doneText := map[string]bool{}
	doneSet := map[string]bool{} // the printings of each list made, in order
	var out [][]Carrier
	for _, row := range q.quotes {
		if doneQuote[key{row.ArticleID, row.Index}] || doneText[textmatch.Normalize(row.Text)] {
			continue
		}
		carriers := q.Lineage(row.Text, 50)
		doneText[textmatch.Normalize(row.Text)] = true
		for _, c := range carriers {
			doneQuote[key{c.Quote.ArticleID, c.Quote.Index}] = true
			doneText[textmatch.Normalize(c.Quote.Text)] = true
		}
		if len(carriers) < 2 {
			continue
		}
		// Another printing of a quote already listed (a longer extent of it, another
		// paragraph of the same article) may find the very same printings: list them once.
		set := make([]string, len(carriers))
		for k, c := range carriers {
			set[k] = strconv.FormatInt(c.Quote.ArticleID, 10) + ":" + strconv.Itoa(c.Quote.Index)
		}
		sort.Strings(set)
		if id := strings.Join(set, " "); !doneSet[id] {
			doneSet[id] = true
			out = append(out, carriers)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// AddLineage lists, under every quote of every report of a run, the other articles of the
// run that carry it (verbatim or altered), earliest first, and marks the one that published
// it first when that one is earlier than the report's own article.
func AddLineage(run *report.Run, quotes []store.QuoteRow) {
	ix := NewQuoteIndex(quotes)
	for ri := range run.Reports {
		r := &run.Reports[ri]
		for qi := range r.Quotes {
			q := &r.Quotes[qi]
			q.Lineage = nil
			if len(textmatch.Tokenize(q.Text)) < minLineageWords {
				continue
			}
			carriers := ix.Lineage(q.Text, 20)
			firstIsOther := len(carriers) > 0 && carriers[0].Quote.ArticleURL != r.Article.URL &&
				carriers[0].Quote.Published != nil && earlier(carriers[0].Quote.Published, r.Article.Published)
			for k, c := range carriers {
				if c.Quote.ArticleURL == r.Article.URL {
					continue
				}
				q.Lineage = append(q.Lineage, report.Carrier{
					URL: c.Quote.ArticleURL, Title: c.Quote.Title, Published: c.Quote.Published,
					Verdict: c.Verdict, Similarity: c.Similarity, First: k == 0 && firstIsOther,
				})
			}
		}
	}
}
