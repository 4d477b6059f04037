package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/provcheck/provcheck/rules"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// WriteMarkdown writes the run as Markdown (GitHub-flavoured tables) to paste into an
// editorial ticket: per article the score and its reasons, the quotes with their verdicts
// and word diffs, the citations and the claims. A run of several articles starts with an
// index ordered by score, lowest first.
func WriteMarkdown(w io.Writer, run Run) error {
	var b strings.Builder
	level := "#"
	if len(run.Reports) != 1 {
		level = "##"
		fmt.Fprintf(&b, "# %s\n\n", mdEscape(runTitle(run)))
		if len(run.Reports) == 0 {
			b.WriteString("No article was checked in this run.\n")
		} else {
			b.WriteString("Articles by provenance score, lowest first.\n\n")
			b.WriteString("| Score | Article | Quotes not verified | Links not followed | Claims |\n")
			b.WriteString("| ---: | --- | ---: | ---: | ---: |\n")
			for _, i := range byScore(run.Reports) {
				r := run.Reports[i]
				q, l := problemCounts(r)
				fmt.Fprintf(&b, "| %d (%s) | %d. %s | %d | %d | %d |\n", r.Score.Value, r.Score.Grade, i+1,
					mdEscape(articleTitle(r)), q, l, len(r.Claims))
			}
		}
	}
	for i, r := range run.Reports {
		num := ""
		if len(run.Reports) != 1 {
			num = fmt.Sprintf("%d. ", i+1)
			b.WriteString("\n")
		}
		writeMarkdownArticle(&b, r, level, num)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write markdown report: %w", err)
	}
	return nil
}

// runTitle names a run for headings.
func runTitle(run Run) string {
	var s string
	if run.ID != 0 {
		s = fmt.Sprintf("provcheck run %d", run.ID)
	} else {
		s = "provcheck reports"
	}
	if run.Kind != "" && run.Input != "" {
		s += fmt.Sprintf(": %s of %s", run.Kind, run.Input)
	}
	return s + fmt.Sprintf(" (%d article%s)", len(run.Reports), plural(len(run.Reports)))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func writeMarkdownArticle(b *strings.Builder, r Report, h, num string) {
	a := r.Article
	fmt.Fprintf(b, "%s %s%s\n\n", h, num, mdEscape(articleTitle(r)))
	fmt.Fprintf(b, "<%s>", mdURL(a.URL))
	if a.FinalURL != "" && a.FinalURL != a.URL {
		fmt.Fprintf(b, " → <%s>", mdURL(a.FinalURL))
	}
	b.WriteString("  \n")
	meta := articleMeta(r)
	if meta != "" {
		meta += " · "
	}
	fmt.Fprintf(b, "%schecked %s\n\n", mdEscape(meta), r.CheckedAt.UTC().Format(time.RFC3339))
	if a.Source != nil {
		fmt.Fprintf(b, "Site: %s\n\n", mdEscape(sourceLine(a.Source)))
	}

	fmt.Fprintf(b, "**Provenance score: %d/100 (%s), %s**\n\n", r.Score.Value, r.Score.Grade, scoreWords(r.Score.Value))
	b.WriteString("| Points | Reason |\n| ---: | --- |\n")
	for _, reason := range r.Score.Reasons {
		if reason.Points != 0 {
			fmt.Fprintf(b, "| %d | %s |\n", reason.Points, mdEscape(reason.Text))
		}
	}
	if n := r.Counts.Rules[rules.Verified.Rule()]; n > 0 {
		fmt.Fprintf(b, "| +0 | %s |\n", mdEscape(reasonText(rules.Verified.Rule(), n)))
	}

	fmt.Fprintf(b, "\n%s# Quotes (%d)\n\n", h, len(r.Quotes))
	if len(r.Quotes) == 0 {
		b.WriteString("None found.\n")
	} else {
		b.WriteString("| # | Verdict | Speaker | Quote | Original and changes |\n| ---: | --- | --- | --- | --- |\n")
		for _, q := range r.Quotes {
			fmt.Fprintf(b, "| %d | %s %s | %s | “%s” | %s |\n", q.Index+1, toneSymbol(quoteTone(q.Verdict)),
				quoteLabel(q), mdEscape(q.Speaker), mdEscape(q.Text), mdQuoteEvidence(q, r))
		}
	}

	writeMarkdownChains(b, r, h)

	fmt.Fprintf(b, "\n%s# Citations (%d)\n\n", h, len(r.Citations))
	if len(r.Citations) == 0 {
		b.WriteString("None found.\n")
	} else {
		writeMarkdownCitations(b, r.Citations)
	}

	fmt.Fprintf(b, "\n%s# Claims (%d)\n\n", h, len(r.Claims))
	if len(r.Claims) == 0 {
		b.WriteString("No unsourced claims or unlinked attributions.\n")
	} else {
		b.WriteString("| Finding | Severity | Sentence | Note |\n| --- | --- | --- | --- |\n")
		for _, c := range r.Claims {
			label := verdictWord(strings.TrimPrefix(c.Rule, "claim."))
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", label, c.Severity, mdEscape(c.Text), mdEscape(c.Message))
		}
	}
}

// mdQuoteEvidence is the last cell of a quote's row: the original passage with a link to
// it, the word diff, and the inconsistency, when any.
func mdQuoteEvidence(q Quote, r Report) string {
	var parts []string
	switch {
	case q.SourcePassage != "" && q.Verdict == rules.Verified:
		parts = append(parts, fmt.Sprintf("[in the original](%s)", mdURL(q.PassageURL)))
	case q.SourcePassage != "":
		parts = append(parts, fmt.Sprintf("“%s” ([original](%s))", mdEscape(q.SourcePassage), mdURL(q.PassageURL)))
	case q.Message != "":
		parts = append(parts, mdEscape(q.Message))
	}
	if hasChanges(q.Diff) {
		parts = append(parts, "changes: "+mdDiff(q.Diff))
	}
	for _, other := range q.InconsistentWith {
		if other >= 0 && other < len(r.Quotes) {
			parts = append(parts, fmt.Sprintf("also quoted as “%s” (#%d)", mdEscape(r.Quotes[other].Text), other+1))
		}
	}
	for _, c := range q.Lineage {
		parts = append(parts, mdEscape(lineageLine(c)))
	}
	return strings.Join(parts, "<br>")
}

// mdDiff renders a word diff: the original's words struck out, the quote's in bold.
func mdDiff(ops []textmatch.Op) string {
	var parts []string
	for _, op := range ops {
		switch op.Kind {
		case textmatch.OpEqual:
			parts = append(parts, mdEscape(op.Quote))
		case textmatch.OpSubstitute:
			parts = append(parts, "~~"+mdEscape(op.Original)+"~~", "**"+mdEscape(op.Quote)+"**")
		case textmatch.OpInsert:
			parts = append(parts, "**"+mdEscape(op.Quote)+"**")
		case textmatch.OpDelete:
			parts = append(parts, "~~"+mdEscape(op.Original)+"~~")
		}
	}
	return strings.Join(parts, " ")
}

// mdEscaper escapes what Markdown would read as markup, and keeps a table cell on one
// line. Article text is untrusted: '<' is escaped so that it cannot open raw HTML.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`,
	"|", `\|`, "~", `\~`, "#", `\#`, "\r\n", " ", "\n", " ", "\r", " ",
)

func mdEscape(s string) string { return mdEscaper.Replace(s) }

// mdURL makes a URL safe inside <…> and (…): no spaces, brackets or pipes.
func mdURL(u string) string {
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "|", "%7C").Replace(u)
}
