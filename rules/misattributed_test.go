package rules

import (
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/extract"
)

func TestMisattributed(t *testing.T) {
	const src = "https://wire.example/story"
	const words = "will move towards a multipolar, just, democratic world order"
	tests := []struct {
		name           string
		articleSpeaker string
		quoted         string   // what the article prints
		origSpeakers   []string // speakers the original gives the words to ("" none)
		want           int
	}{
		{"another speaker", "Wang Yi", words, []string{"Sergei Lavrov"}, 1},
		{"same speaker, loosely named", "Lavrov", words, []string{"Sergei Lavrov"}, 0},
		{"altered words, other speaker", "Wang Yi", "will move towards a multipolar, fair, democratic world order", []string{"Lavrov"}, 1},
		{"article names no one", "", words, []string{"Lavrov"}, 0},
		{"original names no one", "Wang Yi", words, []string{""}, 0},
		{"one of two overlapping attributions is the article's", "Wang Yi", words, []string{"Lavrov", "Wang"}, 0},
		{"quote not in the original", "Wang Yi", "we shall never surrender to anyone at all, whatever happens", []string{"Lavrov"}, 0},
		// "~": the original's speaker is a guess (Quote.SpeakerFar), a role standing for a
		// name paragraphs before
		{"original's speaker a guess", "Wang Yi", words, []string{"~Lavrov"}, 0},
		{"a guess beside a named other", "Wang Yi", words, []string{"~Lavrov", "Blinken"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("“"+tc.quoted+"”, "+tc.articleSpeaker+" said, according to the wire.", "Other news followed.")
			ci := f.cite("the wire", src, ok(src), wire)
			f.quote(tc.quoted, tc.articleSpeaker, ci)
			o := f.orig[ci].Article
			at := strings.Index(wire, words)
			for _, sp := range tc.origSpeakers {
				far := strings.HasPrefix(sp, "~")
				o.Quotes = append(o.Quotes, extract.Quote{Text: words, Start: at, End: at + len(words), Speaker: strings.TrimPrefix(sp, "~"), SpeakerFar: far, Attribution: -1, Embed: -1})
			}
			got := only(f.run(t, Config{}), "quote.misattributed")
			if len(got) != tc.want {
				t.Fatalf("quote.misattributed: %d findings %v, want %d", len(got), got, tc.want)
			}
			if tc.want == 0 {
				return
			}
			g := got[0]
			named := tc.origSpeakers[0]
			for _, sp := range tc.origSpeakers {
				if !strings.HasPrefix(sp, "~") {
					named = sp
					break
				}
			}
			if g.Severity != High || g.Evidence.Extra["original_speaker"] != named ||
				g.Evidence.Extra["article_speaker"] != tc.articleSpeaker || g.Evidence.Passage != words ||
				!strings.Contains(g.Message, named) {
				t.Errorf("quote.misattributed = %+v, want high with both speakers and the original's quotation", g)
			}
		})
	}
}
