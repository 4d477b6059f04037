package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

var (
	// "according to Russia's state-owned TASS news agency," / "according to The Economic Times."
	accordingTo = regexp.MustCompile(`(?i:according\s+to)\s+([^,.;:!?()“”"]{2,120})`)
	// "Reuters reported", "the BBC reports", "The Times wrote"
	nameReported = regexp.MustCompile(namePattern + `\s+(?:reported|reports|reporting|wrote|writes|revealed|cited|quoted)\b`)
	// "as reported by Reuters", "first reported by The Guardian"
	reportedBy = regexp.MustCompile(`\b(?:reported|cited|quoted|revealed|published)\s+(?:by|in)\s+` + namePattern)
	// a trailing signature: "… Lavrov said. -Economic Times" / "— Reuters"
	signature = regexp.MustCompile(`(?:^|\s)[-—–]\s?((?:[\p{Lu}][\p{L}\p{N}.&'’-]*)(?:\s+[\p{Lu}&][\p{L}\p{N}.&'’-]*){0,5})\s*$`)
	// "Lavrov said" (a speaker, recorded for completeness; rules treat it apart from sources)
	nameSaid = regexp.MustCompile(namePattern + `\s+(?:said|says|told|added|stated|announced|wrote|tweeted)\b`)
)

// findAttributions finds sources named in the text outside embedded posts. An attribution
// is linked when a citation overlaps it or sits in its sentence.
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
		text := a.Text[s.Start:s.End]
		// The patterns below all hinge on a verb or "according": a sentence without one
		// (most sentences) skips the costly name patterns.
		words := lowerWords(text)
		if !words["according"] && !hasAny(words, attributionVerbs) {
			continue
		}
		for _, m := range accordingTo.FindAllStringSubmatchIndex(text, -1) {
			add(sourceName(text[m[2]:m[3]]), "according to", s.Start+m[0], s.Start+m[3])
		}
		for _, m := range nameReported.FindAllStringSubmatchIndex(text, -1) {
			if n := cleanName(text[m[2]:m[3]]); n != "" {
				add(n, "reported", s.Start+m[0], s.Start+m[1])
			}
		}
		for _, m := range reportedBy.FindAllStringSubmatchIndex(text, -1) {
			if n := cleanName(text[m[2]:m[3]]); n != "" {
				add(n, "reported", s.Start+m[0], s.Start+m[1])
			}
		}
		for _, m := range nameSaid.FindAllStringSubmatchIndex(text, -1) {
			if n := cleanName(text[m[2]:m[3]]); n != "" {
				add(n, "said", s.Start+m[0], s.Start+m[1])
			}
		}
	}
	for _, p := range a.Paragraphs {
		if a.InEmbed(p.Start) {
			continue
		}
		text := a.Text[p.Start:p.End]
		if m := signature.FindStringSubmatchIndex(text); m != nil {
			add(text[m[2]:m[3]], "signature", p.Start+m[2], p.Start+m[3])
		}
	}
	slices.SortStableFunc(out, func(a, b Attribution) int { return a.Start - b.Start })
	return out
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

// attributionVerbs are the words the attribution patterns need.
var attributionVerbs = wordSet(`reported reports reporting wrote writes revealed cited quoted
published said says told added stated announced tweeted`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// lowerWords returns the set of lower-case words of s.
func lowerWords(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		m[strings.ToLower(w)] = true
	}
	return m
}

func hasAny(words, set map[string]bool) bool {
	for w := range set {
		if words[w] {
			return true
		}
	}
	return false
}
