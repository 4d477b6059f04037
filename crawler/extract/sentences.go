package extract

import "github.com/provcheck/provcheck/crawler/extract/sentence"

// splitSentences splits each paragraph of text into sentences, by the rules of package
// sentence that the text matcher uses too.
func splitSentences(text string, paras []Span) []Span {
	var out []Span
	for _, p := range paras {
		for _, s := range sentence.Split(text[p.Start:p.End]) {
			out = append(out, Span{Start: p.Start + s.Start, End: p.Start + s.End})
		}
	}
	return out
}
