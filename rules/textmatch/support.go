package textmatch

import (
	"math"
	"strconv"
	"strings"
)

// SupportVerdict says how far an original bears out a claim that is not a quotation.
type SupportVerdict string

// Support verdicts.
const (
	Supported          SupportVerdict = "supported"
	PartiallySupported SupportVerdict = "partially_supported"
	NotSupported       SupportVerdict = "not_supported"
)

// Thresholds of [Doc.Support]. Round numbers set once from where the classes of WiCE
// (dev) fall, not fitted item by item: cited sources paraphrase, so even claims a person
// judges fully supported hold a median of about 0.55 of their content-word weight in the
// best passages, partly supported ones 0.38, unsupported ones 0.19. A claim is supported
// at 0.6 with every number it states in the passages, partially supported at 0.25 (the
// subject and something said about it); below, the passages only share a topic with it.
// Word overlap cannot tell a paraphrase from a contradiction: read the verdict as "how
// much of the claim the source visibly carries", not as entailment.
const (
	SupportFull    = 0.6
	SupportPartial = 0.25
	// SupportPassages is how many of the best passages a claim is compared with: a
	// claim often sums up two or three sentences of its source.
	SupportPassages = 3
)

// Support is how far a Doc bears out a claim.
type Support struct {
	Verdict SupportVerdict
	// Score is the share (0..1) of the claim's content words, weighted by how rare each
	// is among the Doc's sentences, that the best passages hold. Function words do not
	// count; a word counts as held when the passages have it or a word of the same stem
	// ("dedicated", "dedicating").
	Score float64
	// Passages are the best passages ([Doc.BestPassages]), best first, at most
	// [SupportPassages].
	Passages []Passage
	// Missing are the claim's content words that none of the passages holds.
	Missing []string
	// Numbers are the claim's numbers and dates ([Numbers]); MissingNumbers those the
	// passages lack (a number that sits elsewhere in the Doc is still missing here).
	Numbers, MissingNumbers []string
}

// Support compares a claim (a sentence that cites d, with any quotation taken out) with
// the Doc: its best passages, the share of its content words they hold and the numbers
// they lack. The verdict is [Supported] at a Score of [SupportFull] with no number
// missing, [PartiallySupported] at [SupportPartial], [NotSupported] below.
func (d *Doc) Support(claim string) Support {
	var s Support
	s.Passages = d.BestPassages(claim, SupportPassages)
	held := map[string]bool{}
	heldStem := map[string]bool{}
	for _, p := range s.Passages {
		for _, t := range Tokenize(p.Text) {
			held[t.Text] = true
			heldStem[stem(t.Text)] = true
		}
	}
	n := float64(len(d.sents))
	seen := map[string]bool{}
	var total, got float64
	for _, t := range Tokenize(claim) {
		if stopWords[t.Text] || seen[t.Text] {
			continue
		}
		seen[t.Text] = true
		if t.Number && hasDigit(t.Text) {
			s.Numbers = append(s.Numbers, t.Text)
			if !held[t.Text] {
				s.MissingNumbers = append(s.MissingNumbers, t.Text)
			}
		}
		df := 0.0
		if id, ok := d.vocab[t.Text]; ok {
			df = float64(d.sentenceFreq(id))
		}
		w := math.Log(1 + (n-df+0.5)/(df+0.5))
		total += w
		if held[t.Text] || heldStem[stem(t.Text)] {
			got += w
		} else {
			s.Missing = append(s.Missing, t.Text)
		}
	}
	if total > 0 {
		s.Score = got / total
	}
	switch {
	case s.Score >= SupportFull && len(s.MissingNumbers) == 0:
		s.Verdict = Supported
	case s.Score >= SupportPartial:
		s.Verdict = PartiallySupported
	default:
		s.Verdict = NotSupported
	}
	return s
}

// sentenceFreq is the number of sentences of d that hold word id.
func (d *Doc) sentenceFreq(id int32) int {
	post := d.postings(id)
	df := 0
	for i, p := range post {
		if i == 0 || d.sentOf[p] != d.sentOf[post[i-1]] {
			df++
		}
	}
	return df
}

// stem strips the commonest English inflections so that "dedicated" meets "dedicating"
// and "trades" meets "trade". It is deliberately crude: it only ever compares two words
// of one claim and one passage.
func stem(w string) string {
	if len(w) <= 4 || w[0] >= '0' && w[0] <= '9' {
		return w
	}
	for _, suf := range []string{"ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s", "e"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// Value is a number as a claim states it: the digits of a token ("2000", "41.3") times
// the scale word after it ("2 million" -> 2000000). ok is false for dates and for tokens
// that are not plain numbers ("24 february", "1990s", "3rd").
func Value(tok string, next string) (v float64, ok bool) {
	f, err := strconv.ParseFloat(tok, 64)
	if err != nil {
		return 0, false
	}
	switch next {
	case "thousand":
		f *= 1e3
	case "million", "m", "mn":
		f *= 1e6
	case "billion", "bn", "b":
		f *= 1e9
	case "trillion", "tn":
		f *= 1e12
	}
	return f, true
}
