package report

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/provcheck/provcheck/rules"
)

// Colours of the citation graph, by tone (see quoteTone and citationTone).
var dotColors = map[string]struct{ fill, line string }{
	"good":    {"#d9f2dd", "#1b7a2e"},
	"bad":     {"#fbdcdc", "#b3261e"},
	"warn":    {"#fff1cc", "#9a6700"},
	"unknown": {"#e8e8e8", "#5f6368"},
}

// WriteDOT writes the citation graph of the run in Graphviz DOT: one node per article and
// one per citation (a1 and a1_c0, a1_c1, ...), an edge from the article to each citation,
// and for a redirected link one node per hop (a1_c4_h0, ...) on the way. Citation nodes
// and edges are coloured by verdict: green ok, red placeholder or dead, amber redirected,
// grey otherwise; an article is coloured by its score.
func WriteDOT(w io.Writer, run Run) error {
	var b strings.Builder
	b.WriteString("digraph citations {\n")
	b.WriteString("  graph [rankdir=LR, fontname=\"Helvetica\", label=" + dotQuote(runTitle(run)) + ", labelloc=t];\n")
	b.WriteString("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=9];\n")
	for i, r := range run.Reports {
		a := fmt.Sprintf("a%d", i+1)
		tone := "good"
		switch {
		case r.Score.Value < 40:
			tone = "bad"
		case r.Score.Value < 75:
			tone = "warn"
		}
		c := dotColors[tone]
		label := fmt.Sprintf("%s\n%s\nscore %d/100 (%s)", Clip(articleTitle(r), 60), hostOf(r.Article.URL), r.Score.Value, r.Score.Grade)
		fmt.Fprintf(&b, "  %s [label=%s, shape=note, fillcolor=%q, color=%q, penwidth=2, URL=%s];\n",
			a, dotQuote(label), c.fill, c.line, dotQuote(r.Article.URL))
		for _, cit := range r.Citations {
			tone := citationTone(cit.Verdict)
			c := dotColors[tone]
			id := fmt.Sprintf("%s_c%d", a, cit.Index)
			target := citationTarget(cit)
			if cit.FinalURL != "" {
				target = cit.FinalURL
			}
			label := fmt.Sprintf("%s\n%s\n%s", Clip(cit.Anchor, 40), Clip(target, 60), cit.Verdict.Label())
			if cit.Status != 0 {
				label += fmt.Sprintf(" (%d)", cit.Status)
			}
			link := ""
			if cit.Verdict != rules.FatePlaceholder && target != "" {
				link = ", URL=" + dotQuote(target)
			}
			fmt.Fprintf(&b, "  %s [label=%s, fillcolor=%q, color=%q%s];\n", id, dotQuote(label), c.fill, c.line, link)
			from := a
			for k, h := range cit.Redirects {
				hop := fmt.Sprintf("%s_h%d", id, k)
				fmt.Fprintf(&b, "  %s [label=%s, shape=ellipse, style=dashed, fillcolor=\"#ffffff\", color=%q];\n",
					hop, dotQuote(fmt.Sprintf("%s\n%d", Clip(h.URL, 60), h.Status)), c.line)
				edgeLabel := ""
				if k == 0 {
					edgeLabel = ", label=" + dotQuote(cit.Verdict.Label())
				}
				fmt.Fprintf(&b, "  %s -> %s [color=%q%s];\n", from, hop, c.line, edgeLabel)
				from = hop
			}
			edgeLabel := ""
			if len(cit.Redirects) == 0 {
				edgeLabel = ", label=" + dotQuote(cit.Verdict.Label())
			}
			style := ""
			if tone == "bad" {
				style = ", style=dashed"
			}
			fmt.Fprintf(&b, "  %s -> %s [color=%q%s%s];\n", from, id, c.line, edgeLabel, style)
		}
	}
	b.WriteString("}\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write dot graph: %w", err)
	}
	return nil
}

// dotQuote makes a DOT string: backslashes and quotes escaped, newlines as \n.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r", "", "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// clip shortens s to n runes with an ellipsis.
func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return u
	}
	return p.Host
}
