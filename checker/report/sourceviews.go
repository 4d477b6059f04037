package report

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/provcheck/provcheck/rules"
)

// This file renders sources (classes and ratings) and chains for the text and Markdown
// reports; html.go gives the same to its template.

// capitalise makes the first letter upper case: "official sites" -> "Official sites".
func capitalise(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// writeTextCitations writes the citations grouped by class, each with its site's rating.
func writeTextCitations(b *strings.Builder, p palette, cs []Citation, width int) {
	for _, g := range GroupByClass(cs) {
		fmt.Fprintf(b, "  %s\n", p.bold(fmt.Sprintf("%s (%d)", capitalise(classWord(g.Class)), len(g.Citations))))
		for _, c := range g.Citations {
			writeCitation(b, p, c, width)
			if c.Source != nil {
				fmt.Fprintf(b, "%16s%s\n", "", p.tone(ratingTone(c.Source))(wrap(sourceLine(c.Source), width-17, 16)))
			}
		}
	}
}

// writeTextChains writes each quote's chain to the first page found to carry it.
func writeTextChains(b *strings.Builder, p palette, r Report, width int) {
	// A verbatim chain of one hop says no more than the quote's own verdict: the terminal
	// shows the chains that go further or change the words (JSON, Markdown and HTML keep
	// them all).
	var long []Chain
	for _, ch := range r.Chains {
		changed := false
		for _, h := range ch.Hops {
			changed = changed || h.Verdict != rules.Verified
		}
		if len(ch.Hops) > 1 || changed {
			long = append(long, ch)
		}
	}
	if len(long) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s\n", p.bold(fmt.Sprintf("Chains (%d of %d go past the first source or change the words)", len(long), len(r.Chains))))
	for _, ch := range long {
		fmt.Fprintf(b, "  %s\n", wrap(chainTitle(ch), width-3, 2))
		fmt.Fprintf(b, "%5s%s\n", "", p.dim(wrap(chainPath(ch), width-6, 5)))
		for i, h := range ch.Hops {
			tone := hopTone(h.Verdict)
			line := fmt.Sprintf("%d. %s %s: %s", i+1, toneSymbol(tone), hopHost(h), HopVerdict(ch, i))
			fmt.Fprintf(b, "%5s%s\n", "", p.tone(tone)(wrap(line, width-6, 8)))
			if d := hopDetail(h); d != "" {
				fmt.Fprintf(b, "%8s%s\n", "", p.dim(wrap(d, width-9, 8)))
			}
			if h.Verdict != rules.Verified && hasChanges(h.Diff) {
				fmt.Fprintf(b, "%8s%s\n", "", wrap("diff: "+InlineDiff(h.Diff, p.on), width-9, 8))
			}
		}
		fmt.Fprintf(b, "%5s%s\n", "", p.yellow(wrap(ch.StopReason, width-6, 5)))
	}
}

// writeMarkdownCitations writes one table of citations per class.
func writeMarkdownCitations(b *strings.Builder, cs []Citation) {
	for k, g := range GroupByClass(cs) {
		if k > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(b, "**%s (%d)**\n\n", capitalise(classWord(g.Class)), len(g.Citations))
		b.WriteString("| # | Verdict | Link text | Target | What became of it | Site and rating |\n| ---: | --- | --- | --- | --- | --- |\n")
		for _, c := range g.Citations {
			fate := mdEscape(citationFate(c))
			if chain := redirectChain(c); chain != "" {
				fate += "<br>redirects: " + mdEscape(chain)
			}
			fmt.Fprintf(b, "| %d | %s %s | %s | %s | %s | %s |\n", c.Index+1, toneSymbol(citationTone(c.Verdict)),
				c.Verdict.Label(), mdEscape(c.Anchor), mdEscape(citationTarget(c)), fate, mdEscape(sourceLine(c.Source)))
		}
	}
}

// writeMarkdownChains writes the chains section; nothing when there are none.
func writeMarkdownChains(b *strings.Builder, r Report, h string) {
	if len(r.Chains) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s# Chains (%d)\n\n", h, len(r.Chains))
	b.WriteString("Each quote followed back through the pages that carry it, to the first one found. ")
	b.WriteString("A hop's verdict compares the page before it (the article, for the first) with it.\n")
	for _, ch := range r.Chains {
		fmt.Fprintf(b, "\n**%s**: %s\n\n", mdEscape(chainTitle(ch)), mdEscape(chainPath(ch)))
		for i, hp := range ch.Hops {
			line := fmt.Sprintf("%d. %s %s — %s", i+1, toneSymbol(hopTone(hp.Verdict)), mdEscape(hopHost(hp)), mdEscape(HopVerdict(ch, i)))
			if d := hopDetail(hp); d != "" {
				line += " · " + mdEscape(d)
			}
			if hp.PassageURL != "" {
				line += fmt.Sprintf(" · [passage](%s)", mdURL(hp.PassageURL))
			}
			if hp.Verdict != rules.Verified && hasChanges(hp.Diff) {
				line += "<br>changes: " + mdDiff(hp.Diff)
			}
			b.WriteString(line + "\n")
		}
		fmt.Fprintf(b, "\n%s\n", mdEscape(capitalise(ch.StopReason)+"."))
	}
}

type htmlCitationGroup struct {
	Title     string
	Citations []htmlCitation
}

type htmlChain struct {
	Num, Text, Speaker, Stop string
	Hops                     []htmlChainHop
}

type htmlChainHop struct {
	URL, Host, Verdict, Tone, Symbol, Detail, PassageURL string
	Diff                                                 []segment
}

// htmlSources gives an HTML article its site line, its citations grouped by class and
// its chains.
func htmlSources(a *htmlArticle, r Report) {
	if r.Article.Source != nil {
		a.Site, a.SiteTone = sourceLine(r.Article.Source), ratingTone(r.Article.Source)
	}
	byIndex := map[int]htmlCitation{}
	for i, c := range r.Citations {
		byIndex[c.Index] = a.Citations[i]
	}
	for _, g := range GroupByClass(r.Citations) {
		hg := htmlCitationGroup{Title: fmt.Sprintf("%s (%d)", capitalise(classWord(g.Class)), len(g.Citations))}
		for _, c := range g.Citations {
			hg.Citations = append(hg.Citations, byIndex[c.Index])
		}
		a.Groups = append(a.Groups, hg)
	}
	for _, ch := range r.Chains {
		hc := htmlChain{Num: fmt.Sprint(ch.Quote + 1), Text: ch.Text, Speaker: ch.Speaker, Stop: capitalise(ch.StopReason)}
		for i, h := range ch.Hops {
			tone := hopTone(h.Verdict)
			hh := htmlChainHop{
				URL: h.URL, Host: hopHost(h), Verdict: HopVerdict(ch, i), Tone: tone, Symbol: toneSymbol(tone),
				Detail: hopDetail(h), PassageURL: h.PassageURL,
			}
			if h.Verdict != rules.Verified && hasChanges(h.Diff) {
				hh.Diff = diffSegments(h.Diff)
			}
			hc.Hops = append(hc.Hops, hh)
		}
		a.Chains = append(a.Chains, hc)
	}
}
