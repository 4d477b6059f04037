package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// closersFor lists, for each opening quotation mark, the marks that may close it. Printed
// text is sloppy: a “ often closes a “ (as in the Lavrov article), and straight and curly
// marks get mixed.
var closersFor = map[rune]string{
	'“':  "”“\"",
	'„':  "“”\"",
	'«':  "»",
	'»':  "«", // Danish/Swedish style »…«
	'"':  "\"”“",
	'‘':  "’",
	'‚':  "‘’",
	'‹':  "›",
	'\'': "'’",
	'「':  "」",
	'『':  "』",
}

// findQuotes finds the quotations of the main text (outside embedded posts, whose text is
// a quote of its own), with their speakers and the citations that support them.
func findQuotes(a *Article) []Quote {
	var out []Quote
	for ei, e := range a.Embeds {
		q := Quote{Text: e.Text, Embed: ei, Attribution: -1}
		k := strings.Index(a.Text[e.Start:e.End], e.Text)
		if k < 0 || e.Text == "" {
			continue // the post's text did not survive main-text extraction
		}
		q.Start, q.End = e.Start+k, e.Start+k+len(e.Text)
		q.Speaker = embedSpeaker(e.Author)
		q.Sentence = SpanIndex(a.Sentences, q.Start)
		q.Paragraph = SpanIndex(a.Paragraphs, q.Start)
		for ci, c := range a.Citations {
			if c.Embed == ei {
				q.Citations = append(q.Citations, ci)
			}
		}
		out = append(out, q)
	}
	spans := make([][]Span, len(a.Paragraphs))
	var quoted []Span
	for pi, p := range a.Paragraphs {
		if a.InEmbed(p.Start) {
			continue
		}
		spans[pi] = quoteSpans(a.Text, p, continues(a, pi))
		quoted = append(quoted, spans[pi]...)
	}
	byStart := func(a, b Quote) int { return a.Start - b.Start }
	if len(quoted) == 0 {
		// No quotation marks: only embedded posts are quoted, and their authors are known.
		slices.SortStableFunc(out, byStart)
		return out
	}
	mentions := findMentions(a, quoted)
	for pi, p := range a.Paragraphs {
		first := len(out)
		after := make([]bool, 0, len(spans[pi]))
		for si, s := range spans[pi] {
			q := Quote{Text: a.Text[s.Start:s.End], Start: s.Start, End: s.End, Paragraph: pi, Embed: -1, Attribution: -1}
			q.Sentence = SpanIndex(a.Sentences, s.Start)
			sent := p
			if q.Sentence >= 0 {
				sent = a.Sentences[q.Sentence]
			}
			endSent := sent
			if k := SpanIndex(a.Sentences, max(s.End-1, s.Start)); k >= 0 {
				endSent = a.Sentences[k]
			}
			next := p.End
			if si+1 < len(spans[pi]) {
				next = spans[pi][si+1].Start
			}
			prevEndsQuoted := false
			if pi > 0 && len(spans[pi-1]) > 0 {
				last := spans[pi-1][len(spans[pi-1])-1]
				prevEndsQuoted = strings.TrimFunc(a.Text[last.End:a.Paragraphs[pi-1].End], isPunctOrSpace) == ""
			}
			sp, trailing := quoteSpeaker(a, mentions, q, sent, endSent, next, prevEndsQuoted)
			q.Speaker = sp.name
			q.SpeakerFar = q.Speaker != "" && (sp.guess || !namedNear(a, q.Paragraph, q.Speaker))
			after = append(after, trailing)
			q.Citations, q.Attribution = supportOf(a, q)
			out = append(out, q)
		}
		shareTrailing(a, mentions, out[first:], after)
	}
	slices.SortStableFunc(out, byStart)
	return out
}

// namedNear reports whether the text names speaker (any word of the name) in paragraph
// para or the one before it: a speaker found through "he" or "the minister" standing for
// a name given further back is a guess, which the misattribution rule does not act on.
func namedNear(a *Article, para int, speaker string) bool {
	start := a.Paragraphs[max(para-1, 0)].Start
	text := a.Text[start:a.Paragraphs[para].End]
	for _, w := range strings.Fields(speaker) {
		if len(w) > 1 && containsWord(text, w) {
			return true
		}
	}
	return false
}

// containsWord reports whether w occurs in text as a whole word.
func containsWord(text, w string) bool {
	for at := 0; ; {
		k := strings.Index(text[at:], w)
		if k < 0 {
			return false
		}
		k += at
		before, _ := utf8.DecodeLastRuneInString(text[:k])
		after, _ := utf8.DecodeRuneInString(text[k+len(w):])
		if (k == 0 || !isWordRune(before)) && (k+len(w) == len(text) || !isWordRune(after)) {
			return true
		}
		at = k + len(w)
	}
}

// InEmbed reports whether offset off of the text lies in an embedded post.
func (a *Article) InEmbed(off int) bool {
	for _, e := range a.Embeds {
		if off >= e.Start && off < e.End {
			return true
		}
	}
	return false
}

// embedSpeaker turns "Hu Xijin 胡锡进 (@HuXijin_GT)" into "Hu Xijin 胡锡进".
func embedSpeaker(author string) string {
	if i := strings.Index(author, " (@"); i >= 0 {
		return strings.TrimSpace(author[:i])
	}
	return strings.TrimSpace(author)
}

// continues reports whether paragraph pi+1 opens with a quotation mark: the convention for
// a quotation that runs over several paragraphs (the earlier ones are left unclosed).
func continues(a *Article, pi int) bool {
	if pi+1 >= len(a.Paragraphs) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(a.Text[a.Paragraphs[pi+1].Start:])
	_, ok := closersFor[r]
	return ok && r != '\''
}

// quoteSpans returns the byte spans of the quoted words in one paragraph (outermost
// quotations only: a quotation inside a quotation belongs to it).
func quoteSpans(text string, p Span, runsOn bool) []Span {
	var out []Span
	i := p.Start
	for i < p.End {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r < utf8.RuneSelf && r != '"' && r != '\'' {
			i += size // the common case, without a map lookup
			continue
		}
		cl, ok := closersFor[r]
		if !ok || !opens(text, p, i, r, size) {
			i += size
			continue
		}
		j := findCloser(text, p, i+size, r, cl)
		if j < 0 {
			if runsOn && r != '\'' && r != '‘' {
				if s, ok := trimQuote(text, i+size, p.End); ok {
					out = append(out, s)
				}
				break
			}
			i += size
			continue
		}
		if s, ok := trimQuote(text, i+size, j); ok {
			out = append(out, s)
		}
		_, csize := utf8.DecodeRuneInString(text[j:])
		i = j + csize
	}
	return out
}

// opens reports whether the mark at i opens a quotation: it is followed by a word, and a
// straight or single mark must also follow a space, a bracket, a dash or the start of the
// paragraph (so that "Beijing's" and "rock 'n' roll" open nothing).
func opens(text string, p Span, i int, r rune, size int) bool {
	if i+size >= p.End {
		return false
	}
	next, _ := utf8.DecodeRuneInString(text[i+size:])
	if unicode.IsSpace(next) && r != '«' && r != '‹' {
		// French typography puts a space inside guillemets: « nous ».
		return false
	}
	if r == '"' || r == '\'' || r == '‘' || r == '»' {
		if i == p.Start {
			return true
		}
		prev, _ := utf8.DecodeLastRuneInString(text[p.Start:i])
		if !(unicode.IsSpace(prev) || strings.ContainsRune("([{—–-/:;“«", prev)) {
			return false
		}
	}
	return true
}

// findCloser finds the mark that closes a quotation opened before from. A closing single
// mark must not be followed by a letter (that is an apostrophe: ‘It’s’).
func findCloser(text string, p Span, from int, open rune, closers string) int {
	nestedOpen := 0
	for j := from; j < p.End; {
		r, size := utf8.DecodeRuneInString(text[j:])
		if strings.ContainsRune(closers, r) {
			single := open == '‘' || open == '\'' || open == '‚'
			next, _ := utf8.DecodeRuneInString(text[min(j+size, p.End):p.End])
			prev, _ := utf8.DecodeLastRuneInString(text[from:j])
			closing := j > from && (!unicode.IsSpace(prev) || open == '«' || open == '‹')
			if single && j+size < p.End && (unicode.IsLetter(next) || unicode.IsDigit(next)) {
				closing = false
			}
			// A straight mark after a space opens a nested quotation rather than closing.
			if !closing && r == open && open == '"' {
				nestedOpen++
			} else if closing && nestedOpen > 0 && r == open && open == '"' {
				nestedOpen--
			} else if closing {
				return j
			}
		}
		j += size
	}
	return -1
}

// trimQuote trims spaces and the trailing comma or colon that punctuation style puts inside
// the marks; it refuses a "quotation" without a letter or digit.
func trimQuote(text string, start, end int) (Span, bool) {
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) && r != ',' && r != ';' && r != ':' {
			break
		}
		end -= size
	}
	hasWord := strings.IndexFunc(text[start:end], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
	return Span{Start: start, End: end}, hasWord && end > start
}

// supportOf returns the citations that support a quote (in its sentence, else in its
// paragraph, else those of the attribution it sits under) and that attribution.
func supportOf(a *Article, q Quote) ([]int, int) {
	var same, para []int
	for ci, c := range a.Citations {
		if c.Embed >= 0 {
			continue
		}
		if c.Sentence == q.Sentence && q.Sentence >= 0 {
			same = append(same, ci)
		}
		if c.Paragraph == q.Paragraph {
			para = append(para, ci)
		}
	}
	attr := -1
	for ai, at := range a.Attributions {
		if at.Phrase == "said" {
			continue
		}
		if at.Sentence == q.Sentence || (attr < 0 && at.Paragraph == q.Paragraph) {
			attr = ai
		}
	}
	switch {
	case len(same) > 0:
		return same, attr
	case len(para) > 0:
		return para, attr
	}
	return nil, attr
}

// isQuoteMark reports whether r opens or closes a quotation (the marks of closersFor and
// their closers).
func isQuoteMark(r rune) bool {
	switch r {
	case '“', '„', '«', '»', '"', '‘', '‚', '‹', '\'', '「', '『', '”', '’', '›', '」', '』':
		return true
	}
	return false
}
