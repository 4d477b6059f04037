package report

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/provcheck/provcheck/rules"
	"github.com/provcheck/provcheck/rules/credibility"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// Why a chain stops, the values of [Chain.Stop].
const (
	// StopDepth: the last page cites further pages, but --depth was reached.
	StopDepth = "depth_limit"
	// StopPrimary: the last page is the speaker's own: an official site, a transcript, or
	// the speaker's post.
	StopPrimary = "primary_source"
	// StopLoop: the page that carries the words at the next step is already in the chain.
	StopLoop = "loop"
	// StopOrigin: the last page cites no page that carries the words (or cites none): it
	// is the first page found to carry them.
	StopOrigin = "no_earlier_source"
)

// Chain follows one quote from the article back through the pages that carry it, to
// the first one found: article → hop 1 → hop 2 → … Hop 1 is the quote's source at depth 1;
// each later hop is a page that the hop before it cites and that carries its passage.
type Chain struct {
	Quote   int    `json:"quote"` // index into quotes[]
	Text    string `json:"text"`
	Speaker string `json:"speaker"`
	Hops    []Hop  `json:"hops"`
	// Stop is why the chain ends: depth_limit, primary_source, loop or no_earlier_source;
	// StopReason says it in words ("primary source: official site").
	Stop       string `json:"stop"`
	StopReason string `json:"stop_reason"`
}

// Hop is one page of a chain and how the page before it (the article, for the first
// hop) renders its words.
type Hop struct {
	URL      string  `json:"url"`
	FinalURL string  `json:"final_url"`
	Title    string  `json:"title"`
	SiteName string  `json:"site_name"`
	Byline   string  `json:"byline"`
	Source   *Source `json:"source"`
	// Verdict compares the page before with this one: verified (verbatim), altered,
	// negation, partial or truncated.
	Verdict    rules.Verdict  `json:"verdict"`
	Similarity float64        `json:"similarity"`
	Passage    string         `json:"passage"` // the words on this page
	PassageURL string         `json:"passage_url"`
	Diff       []textmatch.Op `json:"diff"`
}

// hopSource classes and rates a hop's page. A page whose site names a wire agency
// ("TASS") is a wire agency's even on a host the class tables do not know.
func hopSource(ratings *credibility.Ratings, h Hop) *Source {
	u := h.FinalURL
	if u == "" {
		u = h.URL
	}
	s := SourceOf(ratings, u, "")
	if (s.Class == string(credibility.ClassNews) || s.Class == string(credibility.ClassOther)) &&
		h.SiteName != "" && credibility.Classify("", h.SiteName) == credibility.ClassWire {
		s.Class = string(credibility.ClassWire)
	}
	return s
}

// wireCopy names the agency when a hop's byline is a wire agency's ("AFP"): the page
// reprints the wire text.
func wireCopy(h Hop) string {
	if h.Byline == "" || (h.Source != nil && h.Source.Class == string(credibility.ClassWire)) {
		return ""
	}
	// The byline may go on ("AFP · Last Updated: Mar 30"): name the agency only, a word
	// or two of it.
	words := strings.FieldsFunc(h.Byline, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	for n := 1; n <= 3; n++ {
		for i := 0; i+n <= len(words); i++ {
			name := strings.Join(words[i:i+n], " ")
			if credibility.Classify("", name) == credibility.ClassWire {
				return name
			}
		}
	}
	return ""
}

// HopVerdict says how the page before renders hop i's words: "verbatim in the article",
// "altered at economictimes.example".
func HopVerdict(ch Chain, i int) string {
	where := "in the article"
	if i > 0 {
		where = "at " + hopHost(ch.Hops[i-1])
	}
	v := ch.Hops[i].Verdict
	label := v.Label()
	switch v {
	case rules.Verified:
		label = "verbatim"
	case rules.Negation:
		label = "altered (meaning flipped)"
	}
	return label + " " + where
}

// hopTone is a hop verdict's tone.
func hopTone(v rules.Verdict) string { return string(v.Tone()) }

func hopHost(h Hop) string {
	if h.Source != nil && h.Source.Host != "" {
		return h.Source.Host
	}
	u := h.FinalURL
	if u == "" {
		u = h.URL
	}
	return hostOf(u)
}

// hopDetail is what a hop line says after its verdict: the page's class and rating, the
// wire agency it reprints, and the similarity when the words differ.
func hopDetail(h Hop) string {
	var parts []string
	if h.Source != nil {
		parts = append(parts, verdictWord(h.Source.Class), ratingText(h.Source))
	}
	if w := wireCopy(h); w != "" {
		parts = append(parts, "wire copy ("+w+")")
	}
	if h.Verdict != rules.Verified {
		parts = append(parts, "similarity "+strconv.FormatFloat(h.Similarity, 'f', 2, 64))
	}
	return strings.Join(parts, " · ")
}

// chainPath is the chain on one line: "article → economictimes.example → tass.example".
func chainPath(ch Chain) string {
	parts := []string{"article"}
	for _, h := range ch.Hops {
		parts = append(parts, hopHost(h))
	}
	return strings.Join(parts, " → ")
}

// chainTitle names a chain by its quote.
func chainTitle(ch Chain) string {
	s := fmt.Sprintf("#%d “%s”", ch.Quote+1, ch.Text)
	if ch.Speaker != "" {
		s += " — " + ch.Speaker
	}
	return s
}

// chainWith completes a chain for the report: each hop's source and passage link, and a
// diff that is never null.
func chainWith(ratings *credibility.Ratings, ch Chain) Chain {
	hops := make([]Hop, len(ch.Hops))
	for i, h := range ch.Hops {
		if h.Source == nil {
			h.Source = hopSource(ratings, h)
		}
		if h.PassageURL == "" && h.Passage != "" {
			target := h.FinalURL
			if target == "" {
				target = h.URL
			}
			h.PassageURL = PassageLink(target, h.Passage)
		}
		if h.Diff == nil {
			h.Diff = []textmatch.Op{}
		}
		hops[i] = h
	}
	ch.Hops = hops
	return ch
}
