package extract

import (
	"slices"
	"strings"
	"unicode"
)

// reportVerbs make "Reuters reported"; byVerbs make "as reported by Reuters"; saidVerbs
// make "Lavrov said" (a speaker, recorded for completeness; rules treat it apart from
// sources).
var (
	reportVerbs = wordSet(`reported reports reporting wrote writes revealed cited quoted`)
	byVerbs     = wordSet(`reported cited quoted revealed published`)
	saidVerbs   = wordSet(`said says told added stated announced wrote tweeted`)
	// attributionVerbs are all of them, to skip the sentences without one.
	attributionVerbs = wordSet(`reported reports reporting wrote writes revealed cited quoted published said
says told added stated announced tweeted`)
)

// findAttributions finds sources named in the text outside embedded posts: "according to
// X", "X reported", "reported by X", "X said" and a trailing "-X" signature. It scans
// tokens, a bounded number of steps from each verb, so it costs time linear in the text.
// An attribution is linked when a citation overlaps it or sits in its sentence.
func findAttributions(a *Article) []Attribution {
	var out []Attribution
	add := func(source, phrase string, start, end int) {
		source = strings.TrimSpace(source)
		if source == "" {
			return
		}
		at := Attribution{Source: source, Phrase: phrase, Start: start, End: end}
		at.Sentence = SpanIndex(a.Sentences, start)
		at.Paragraph = SpanIndex(a.Paragraphs, start)
		for _, c := range a.Citations {
			if c.Embed >= 0 {
				continue
			}
			overlaps := c.Start < end && c.End > start
			if overlaps || (c.Sentence == at.Sentence && at.Sentence >= 0) {
				at.Linked = true
				break
			}
		}
		out = append(out, at)
	}
	for _, s := range a.Sentences {
		if a.InEmbed(s.Start) {
			continue
		}
		if verb, _ := sentenceCues(a.Text, s.Start, s.End, attributionVerbs); !verb {
			continue
		}
		toks := tokenize(a.Text, s.Start, s.End)
		for i, t := range toks {
			if !t.word {
				continue
			}
			switch {
			case t.low == "according" && i+1 < len(toks) && toks[i+1].low == "to":
				end := i + 2
				for end < len(toks) && end-i < 30 && (toks[end].word || !strings.ContainsAny(toks[end].text, ",.;:!?()“”\"")) {
					end++
				}
				if end > i+2 {
					phrase := a.Text[toks[i+2].start:toks[end-1].end]
					add(sourceName(phrase), "according to", t.start, toks[end-1].end)
				}
			case reportVerbs[t.low] || saidVerbs[t.low]:
				if i == 0 || !toks[i-1].cap {
					break
				}
				s := nameRunStart(toks, i-1)
				if n := cleanName(joinTokens(toks[s:i])); n != "" {
					phrase := "reported"
					if !reportVerbs[t.low] {
						phrase = "said"
					}
					add(n, phrase, toks[s].start, t.end)
				}
			}
			if byVerbs[t.low] && i+2 < len(toks) && (toks[i+1].low == "by" || toks[i+1].low == "in") && toks[i+2].cap {
				e := i + 2
				for e < len(toks) && e-i < 8 && toks[e].word && (toks[e].cap || nameParticles[toks[e].low]) {
					e++
				}
				if n := cleanName(joinTokens(toks[i+2 : e])); n != "" {
					add(n, "reported", t.start, toks[e-1].end)
				}
			}
		}
	}
	for _, p := range a.Paragraphs {
		if a.InEmbed(p.Start) {
			continue
		}
		if n, start, end := signatureOf(a.Text, p); n != "" {
			add(n, "signature", start, end)
		}
	}
	slices.SortStableFunc(out, func(a, b Attribution) int { return a.Start - b.Start })
	return out
}

// signatureOf reads a paragraph's trailing signature: "… Lavrov said. -Economic Times" or
// "— Reuters": a dash after a space (or opening the paragraph) and up to six capitalised
// words to the paragraph's end.
func signatureOf(text string, p Span) (string, int, int) {
	from := max(p.Start, p.End-200)
	toks := tokenize(text, from, p.End)
	for len(toks) > 0 && !toks[len(toks)-1].word && toks[len(toks)-1].text == "." {
		toks = toks[:len(toks)-1]
	}
	e := len(toks)
	k := e
	for k > 0 && e-k < 6 && toks[k-1].word && (toks[k-1].cap || (toks[k-1].text == "&")) {
		k--
	}
	if k == e || k == 0 {
		return "", 0, 0
	}
	d := toks[k-1]
	if d.word || !strings.Contains("-—–", d.text) {
		return "", 0, 0
	}
	if d.start > p.Start {
		if r := []rune(text[max(p.Start, d.start-4):d.start]); len(r) == 0 || !unicode.IsSpace(r[len(r)-1]) {
			return "", 0, 0
		}
	}
	return joinTokens(toks[k:e]), toks[k].start, toks[e-1].end
}

func joinTokens(toks []token) string {
	words := make([]string, 0, len(toks))
	for _, t := range toks {
		words = append(words, t.text)
	}
	return strings.Join(words, " ")
}

// sourceName picks the name out of the words after "according to": the last run of
// capitalised words that is not a possessive ("Russia's state-owned TASS news agency" is
// TASS), or the whole phrase when nothing is capitalised ("a statement").
func sourceName(phrase string) string {
	words := strings.Fields(phrase)
	var best []string
	var run []string
	flush := func() {
		if len(run) > 0 {
			best = run
		}
		run = nil
	}
	for _, w := range words {
		r := []rune(w)
		capital := unicode.IsUpper(r[0]) || unicode.IsDigit(r[0])
		possessive := strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")
		lowerJoin := len(run) > 0 && (w == "of" || w == "the" || w == "for" || w == "and" || w == "de")
		switch {
		case capital && !possessive:
			run = append(run, w)
		case lowerJoin:
			run = append(run, w)
		default:
			flush()
		}
	}
	flush()
	for len(best) > 0 && strings.ToLower(best[len(best)-1]) == best[len(best)-1] {
		best = best[:len(best)-1]
	}
	if len(best) == 0 {
		return strings.TrimSpace(phrase)
	}
	return strings.Join(best, " ")
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
