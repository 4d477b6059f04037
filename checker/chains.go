package checker

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules"
	"github.com/provcheck/provcheck/rules/credibility"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// Chain is one quote followed from the article back through the pages that carry its
// words: Hops[0] is the original the rules matched it in, each later hop a page that the
// hop before it cites and that carries the hop before's passage. Stop (one of the
// report.Stop* codes) and Reason say why it ends there.
type Chain struct {
	Quote  int // index into Article.Quotes
	Hops   []ChainHop
	Stop   string
	Reason string
}

// ChainHop is one page of a chain and how the page before it renders its words.
type ChainHop struct {
	Original *rules.Original
	// Match compares the page before (the article's quote, then each passage) with this
	// page; Match.Passage is the words here.
	Match textmatch.Match
}

// maxChainLinks bounds the citations of one page that a chain follows: those nearest the
// passage come first. A page's main text rarely cites more that matter, and the bound
// keeps a link-heavy page from fetching a site.
const maxChainLinks = 10

// A passage that differs from the one before it is taken for its source only when it
// shares as many words with it as a quote must share with its original (quote.altered's
// configured min_shared_words) and is at least minChainSimilarity alike: stricter than a
// quote's own match, because a page that merely mentions "a multipolar world" is not
// where "a multipolar, just, democratic world order" came from.
const minChainSimilarity = 0.6

// chains follows each quote that a cited original carries to the first page found to
// carry it, up to c.depth pages deep. Pages are fetched through c.originals (the run's
// cache in an audit) and each is fetched and read once per check.
func (c *Checker) chains(ctx context.Context, pg *page.Page, art *extract.Article, originals []*rules.Original, ev rules.Evaluation) ([]Chain, error) {
	if c.depth < 2 || len(art.Quotes) == 0 {
		return nil, nil
	}
	// The article itself is a page of every chain: one that cites it back is a loop.
	w := &chainWalk{c: c, pages: map[string]*rules.Original{}, self: &rules.Original{Page: pg, Article: art}}
	for _, u := range []string{pg.RequestURL, pg.FinalURL, art.URL, art.FinalURL} {
		if u != "" {
			w.self.URL = rules.StripFragment(u)
			w.pages[w.self.URL] = w.self
		}
	}
	for _, o := range originals {
		if o != nil {
			w.pages[o.URL] = o
		}
	}
	var out []Chain
	for i, q := range art.Quotes {
		if i >= len(ev.Quotes) {
			break
		}
		v, f, ok := quoteSource(ev.Quotes[i])
		if !ok {
			continue
		}
		first := w.pages[f.Evidence.SourceURL]
		if !c.engine.Readable(first) {
			continue
		}
		m := textmatch.Match{
			Verdict: v.Match(), Passage: f.Evidence.Passage,
			Start: f.Evidence.PassageStart, End: f.Evidence.PassageEnd, Ops: f.Evidence.Diff,
		}
		if f.Evidence.Similarity != nil {
			m.Similarity = *f.Evidence.Similarity
		}
		ch, err := w.follow(ctx, i, q.Speaker, first, m)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, nil
}

// quoteSource returns the verdict and the finding that matched a quote in an original
// (verified, altered, negation, partial, truncated), with the passage as evidence.
func quoteSource(q rules.QuoteResult) (rules.Verdict, rules.Finding, bool) {
	v, f, ok := q.MatchFinding()
	if !ok || f.Evidence.SourceURL == "" || f.Evidence.Passage == "" {
		return "", rules.Finding{}, false
	}
	return v, f, true
}

// chainWalk follows the chains of one check; pages holds every page read so far by URL.
type chainWalk struct {
	c     *Checker
	pages map[string]*rules.Original
	self  *rules.Original
}

// follow builds the chain of quote i, starting from the original that carries it.
func (w *chainWalk) follow(ctx context.Context, i int, speaker string, first *rules.Original, m textmatch.Match) (Chain, error) {
	ch := Chain{Quote: i, Hops: []ChainHop{{Original: first, Match: m}}}
	visited := map[*rules.Original]bool{first: true, w.self: true}
	for {
		cur := ch.Hops[len(ch.Hops)-1]
		host := originalHost(cur.Original)
		if why, ok := primarySource(cur.Original, speaker); ok {
			ch.Stop, ch.Reason = report.StopPrimary, "primary source: "+why
			return ch, nil
		}
		links := chainLinks(cur.Original, cur.Match)
		if len(links) == 0 {
			ch.Stop, ch.Reason = report.StopOrigin, "first carrier found: "+host+" (it cites no source)"
			return ch, nil
		}
		if len(ch.Hops) >= w.c.depth {
			ch.Stop, ch.Reason = report.StopDepth, fmt.Sprintf("stopped: depth limit (%d); %s cites %d more page(s)", w.c.depth, host, len(links))
			return ch, nil
		}
		next, nm, err := w.carrier(ctx, links, cur.Match.Passage, visited)
		if err != nil {
			return ch, err
		}
		switch {
		case next == nil:
			ch.Stop, ch.Reason = report.StopOrigin, fmt.Sprintf("first carrier found: %s (none of the %d page(s) it cites carries the passage)", host, len(links))
			return ch, nil
		case visited[next]:
			what := originalHost(next)
			if next == w.self {
				what = "the article"
			}
			ch.Stop, ch.Reason = report.StopLoop, fmt.Sprintf("loop: %s cites %s, already in the chain", host, what)
			return ch, nil
		}
		visited[next] = true
		ch.Hops = append(ch.Hops, ChainHop{Original: next, Match: nm})
	}
}

// carrier fetches the pages at links (once per check) and returns the one that carries
// passage best, with the match; nil when none does. Between equally good pages, one not
// yet in the chain wins, so that a page citing both its source and a page of the chain
// leads on rather than round.
func (w *chainWalk) carrier(ctx context.Context, links []string, passage string, visited map[*rules.Original]bool) (*rules.Original, textmatch.Match, error) {
	var missing []string
	for _, u := range links {
		if _, ok := w.pages[u]; !ok {
			missing = append(missing, u)
		}
	}
	if len(missing) > 0 {
		pages := w.c.originals.FetchAll(ctx, missing)
		if err := ctx.Err(); err != nil {
			return nil, textmatch.Match{}, fmt.Errorf("fetch chain pages: %w", err)
		}
		for k, u := range missing {
			w.pages[u] = w.c.readOriginal(u, pages[k])
		}
	}
	minShared := w.c.engine.MinSharedWords()
	var best *rules.Original
	var bm textmatch.Match
	for _, u := range links {
		o := w.pages[u]
		if !w.c.engine.Readable(o) {
			continue
		}
		m := textmatch.Compare(passage, o.Doc())
		if m.Verdict == textmatch.NotFound ||
			(m.Verdict != textmatch.Verified && (textmatch.SharedWords(m.Ops) < minShared || m.Similarity < minChainSimilarity)) {
			continue
		}
		better := best == nil || m.Similarity > bm.Similarity ||
			(m.Similarity == bm.Similarity && visited[best] && !visited[o])
		if better {
			best, bm = o, m
		}
	}
	return best, bm, nil
}

// chainLinks are the distinct fetchable URLs that page o cites, those in the sentences of
// the passage first, at most maxChainLinks.
func chainLinks(o *rules.Original, m textmatch.Match) []string {
	if o.Article == nil {
		return nil
	}
	a := o.Article
	self := rules.SelfURLs(o.Page, a)
	self[rules.StripFragment(o.URL)] = true
	near := func(cit extract.Citation) bool {
		if cit.Sentence < 0 || cit.Sentence >= len(a.Sentences) {
			return false
		}
		s := a.Sentences[cit.Sentence]
		return s.Start < m.End && m.Start < s.End
	}
	var out []string
	seen := map[string]bool{}
	for _, pass := range []bool{true, false} {
		for _, cit := range a.Citations {
			if near(cit) != pass || !fetchable(cit, self) {
				continue
			}
			u := rules.StripFragment(cit.URL)
			if seen[u] || self[u] {
				continue
			}
			seen[u] = true
			out = append(out, u)
			if len(out) == maxChainLinks {
				return out
			}
		}
	}
	return out
}

// primarySource says whether a page is the speaker's own, and what it is: an official
// site (government, institution), a transcript, or the speaker's post on a social
// platform (its author, from the URL or the page's byline, names the speaker).
func primarySource(o *rules.Original, speaker string) (string, bool) {
	u := pageURL(o)
	title := ""
	if o.Article != nil {
		title = o.Article.Title
	}
	switch credibility.Classify(u, "") {
	case credibility.ClassOfficial:
		return "official site", true
	case credibility.ClassSocial:
		_, handle, _, _ := credibility.SocialPost(u)
		byline := ""
		if o.Article != nil {
			byline = o.Article.Byline
		}
		if speakerIs(speaker, handle+" "+byline) {
			return "the speaker's post", true
		}
	}
	if strings.Contains(strings.ToLower(title), "transcript") || strings.Contains(strings.ToLower(urlPath(u)), "transcript") {
		return "transcript", true
	}
	return "", false
}

// speakerIs reports whether author (handles and names) names the speaker: a word of the
// speaker's name of four letters or more appears in it, ignoring case ("Hu Xijin" in
// "@HuXijin_GT").
func speakerIs(speaker, author string) bool {
	author = strings.ToLower(author)
	for _, w := range strings.FieldsFunc(strings.ToLower(speaker), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(w)) >= 4 && strings.Contains(author, w) {
			return true
		}
	}
	return false
}

// pageURL is where a page was read: its final URL, else the URL asked for.
func pageURL(o *rules.Original) string {
	if o.Page != nil && o.Page.FinalURL != "" {
		return o.Page.FinalURL
	}
	return o.URL
}

func originalHost(o *rules.Original) string {
	u, err := url.Parse(pageURL(o))
	if err != nil || u.Host == "" {
		return pageURL(o)
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

func urlPath(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return u.Path
}

// reportChains gives the chains to the report.
func reportChains(chains []Chain, art *extract.Article) []report.Chain {
	var out []report.Chain
	for _, ch := range chains {
		rc := report.Chain{Quote: ch.Quote, Stop: ch.Stop, StopReason: ch.Reason}
		if ch.Quote < len(art.Quotes) {
			rc.Text, rc.Speaker = art.Quotes[ch.Quote].Text, art.Quotes[ch.Quote].Speaker
		}
		for _, h := range ch.Hops {
			o := h.Original
			hop := report.Hop{
				URL: o.URL, Verdict: rules.MatchVerdict(h.Match.Verdict), Similarity: round2(h.Match.Similarity),
				Passage: h.Match.Passage, Diff: h.Match.Ops,
			}
			if o.Page != nil {
				hop.FinalURL = o.Page.FinalURL
			}
			if o.Article != nil {
				hop.Title, hop.SiteName, hop.Byline = o.Article.Title, o.Article.SiteName, o.Article.Byline
			}
			rc.Hops = append(rc.Hops, hop)
		}
		out = append(out, rc)
	}
	return out
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// recordChains adds the chains of a report to a record, with the fetch of every hop (so
// that a later run of the same audit reads them back instead of fetching them again).
func recordChains(c *store.Check, res *Result, rep report.Report, addFetch func(*page.Page) int) {
	for i, rc := range rep.Chains {
		sc := store.Chain{Quote: rc.Quote, Text: rc.Text, Speaker: rc.Speaker, Stop: rc.Stop, Reason: rc.StopReason}
		for k, h := range rc.Hops {
			fetch := -1
			if i < len(res.Chains) && k < len(res.Chains[i].Hops) {
				fetch = addFetch(res.Chains[i].Hops[k].Original.Page)
			}
			class := ""
			if h.Source != nil {
				class = h.Source.Class
			}
			sc.Hops = append(sc.Hops, store.ChainHop{
				URL: h.URL, FinalURL: h.FinalURL, Fetch: fetch, Verdict: h.Verdict,
				Similarity: h.Similarity, Passage: h.Passage, Class: class,
			})
		}
		c.Chains = append(c.Chains, sc)
	}
}
