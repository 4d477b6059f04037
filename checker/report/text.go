package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/provcheck/provcheck/rules"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// TextOptions tune the terminal report.
type TextOptions struct {
	// Color uses ANSI colours (the CLI sets it when stdout is a terminal and NO_COLOR is
	// unset).
	Color bool
	// Width wraps long lines; 0 means 100.
	Width int
}

type palette struct{ on bool }

func (p palette) wrap(code, s string) string {
	if !p.on {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}
func (p palette) bold(s string) string  { return p.wrap("1", s) }
func (p palette) red(s string) string   { return p.wrap("31", s) }
func (p palette) green(s string) string { return p.wrap("32", s) }
func (p palette) yellow(s string) string {
	return p.wrap("33", s)
}
func (p palette) dim(s string) string { return p.wrap("2", s) }

// tone colours by the tones of labels.go: good green, bad red, the rest yellow.
func (p palette) tone(t string) func(string) string {
	switch t {
	case "good":
		return p.green
	case "bad":
		return p.red
	}
	return p.yellow
}

// WriteText writes the report for a person at a terminal.
func WriteText(w io.Writer, r Report, o TextOptions) error {
	if o.Width <= 0 {
		o.Width = 100
	}
	p := palette{o.Color}
	var b strings.Builder
	a := r.Article
	title := a.Title
	if title == "" {
		title = "(untitled)"
	}
	fmt.Fprintf(&b, "%s\n", p.bold(title))
	fmt.Fprintf(&b, "  %s\n", a.URL)
	if a.FinalURL != "" && a.FinalURL != a.URL {
		fmt.Fprintf(&b, "  → %s\n", a.FinalURL)
	}
	if meta := articleMeta(r); meta != "" {
		fmt.Fprintf(&b, "  %s\n", meta)
	}
	if a.Source != nil {
		fmt.Fprintf(&b, "  %s\n", p.dim("site: "+sourceLine(a.Source)))
	}

	fmt.Fprintf(&b, "\n%s %s\n", p.bold(fmt.Sprintf("Provenance score %d/100 (%s)", r.Score.Value, r.Score.Grade)), p.tone(ScoreTone(r.Score.Value))(scoreWords(r.Score.Value)))
	for _, reason := range r.Score.Reasons {
		if reason.Points == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %4d  %s\n", reason.Points, reason.Text)
	}
	if n := r.Counts.Rules[rules.Verified.Rule()]; n > 0 {
		fmt.Fprintf(&b, "  %4s  %d quote(s) verified in cited originals\n", "+0", n)
	}

	fmt.Fprintf(&b, "\n%s\n", p.bold(fmt.Sprintf("Quotes (%d)", len(r.Quotes))))
	if len(r.Quotes) == 0 {
		b.WriteString("  none found\n")
	}
	for _, q := range r.Quotes {
		writeQuote(&b, p, q, r, o.Width)
	}

	writeTextChains(&b, p, r, o.Width)

	fmt.Fprintf(&b, "\n%s\n", p.bold(fmt.Sprintf("Citations (%d)", len(r.Citations))))
	if len(r.Citations) == 0 {
		b.WriteString("  none found\n")
	}
	writeTextCitations(&b, p, r.Citations, o.Width)

	fmt.Fprintf(&b, "\n%s\n", p.bold(fmt.Sprintf("Claims (%d)", len(r.Claims))))
	if len(r.Claims) == 0 {
		b.WriteString("  no unsourced claims or unlinked attributions\n")
	}
	for _, c := range r.Claims {
		label := strings.ReplaceAll(strings.TrimPrefix(c.Rule, "claim."), "_", " ")
		fmt.Fprintf(&b, "  %s %s\n", p.yellow(mark(c.Severity)), p.yellow(label))
		fmt.Fprintf(&b, "%5s%s\n", "", wrap(c.Message, o.Width-6, 5))
	}

	fmt.Fprintf(&b, "\n%s ", p.bold("Findings:"))
	var parts []string
	for _, s := range []rules.Severity{rules.High, rules.Medium, rules.Low, rules.Info} {
		parts = append(parts, fmt.Sprintf("%d %s", r.Counts.Severities[s.String()], s))
	}
	b.WriteString(strings.Join(parts, ", ") + "\n")
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write text report: %w", err)
	}
	return nil
}

func mark(severity string) string {
	switch severity {
	case "high":
		return "!!"
	case "medium", "low":
		return "! "
	}
	return "  "
}

func writeQuote(b *strings.Builder, p palette, q Quote, r Report, width int) {
	sym, col := toneSymbol(quoteTone(q.Verdict)), p.tone(quoteTone(q.Verdict))
	speaker := ""
	if q.Speaker != "" {
		speaker = " — " + q.Speaker
	}
	fmt.Fprintf(b, "  %s %-10s %s\n", col(sym), col(quoteCodes(q)), wrap("“"+q.Text+"”"+speaker, width-16, 15))
	detail := q.Message
	if q.Verdict == rules.Altered || q.Verdict == rules.Negation {
		detail = strings.Replace(detail, "altered: ", "", 1)
	}
	fmt.Fprintf(b, "%15s%s\n", "", wrap(detail, width-16, 15))
	if len(q.Diff) > 0 {
		fmt.Fprintf(b, "%15s%s\n", "", wrap("diff: "+InlineDiff(q.Diff, p.on), width-16, 15))
	}
	if q.SourceURL != "" && q.Verdict != rules.Verified {
		fmt.Fprintf(b, "%15s%s\n", "", wrap(fmt.Sprintf("original: “%s”", q.SourcePassage), width-16, 15))
	}
	if q.PassageURL != "" {
		fmt.Fprintf(b, "%15s%s\n", "", p.dim(q.PassageURL))
	}
	for _, other := range q.InconsistentWith {
		if other >= 0 && other < len(r.Quotes) {
			fmt.Fprintf(b, "%15s%s\n", "", p.yellow(wrap(fmt.Sprintf("inconsistent: %s is also quoted as “%s”", q.Speaker, r.Quotes[other].Text), width-16, 15)))
		}
	}
	for _, c := range q.Lineage {
		fmt.Fprintf(b, "%15s%s\n", "", p.dim(wrap(lineageLine(c), width-16, 15)))
	}
}

func writeCitation(b *strings.Builder, p palette, c Citation, width int) {
	sym, col := toneSymbol(citationTone(c.Verdict)), p.tone(citationTone(c.Verdict))
	target := citationTarget(c)
	line := fmt.Sprintf("“%s” → %s", c.Anchor, target)
	fmt.Fprintf(b, "  %s %-11s %s\n", col(sym), col(string(c.Verdict)), wrap(line, width-17, 16))
	detail := citationFate(c)
	if chain := redirectChain(c); chain != "" && c.Verdict != rules.FatePlaceholder {
		detail = chain
	}
	if detail != "" {
		fmt.Fprintf(b, "%16s%s\n", "", p.dim(wrap(detail, width-17, 16)))
	}
}

// InlineDiff renders a word diff on one line: equal words plain, the original's words in
// [-…-] and the quote's in {+…+} (or red and green when color is set).
func InlineDiff(ops []textmatch.Op, color bool) string {
	p := palette{color}
	var parts []string
	for _, op := range ops {
		switch op.Kind {
		case textmatch.OpEqual:
			parts = append(parts, op.Quote)
		case textmatch.OpSubstitute:
			parts = append(parts, del(p, op.Original), ins(p, op.Quote))
		case textmatch.OpInsert:
			parts = append(parts, ins(p, op.Quote))
		case textmatch.OpDelete:
			parts = append(parts, del(p, op.Original))
		}
	}
	return strings.Join(parts, " ")
}

func del(p palette, s string) string {
	if p.on {
		return p.red("[-" + s + "-]")
	}
	return "[-" + s + "-]"
}

func ins(p palette, s string) string {
	if p.on {
		return p.green("{+" + s + "+}")
	}
	return "{+" + s + "+}"
}

// wrap breaks s into lines of at most width runes; continuation lines are indented.
func wrap(s string, width, indent int) string {
	if width < 20 {
		width = 20
	}
	words := strings.Fields(s)
	var lines []string
	var cur strings.Builder
	n := 0
	for _, w := range words {
		l := utf8.RuneCountInString(w)
		if n > 0 && n+1+l > width {
			lines = append(lines, cur.String())
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteByte(' ')
			n++
		}
		cur.WriteString(w)
		n += l
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return strings.Join(lines, "\n"+strings.Repeat(" ", indent))
}
