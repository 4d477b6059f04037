package textmatch

import (
	"math"
	"strings"
	"testing"
)

const lavrov = "At the end of this reshaping of global relations we, together with you, and with our sympathisers will move towards a multipolar, just, democratic world order, Lavrov said."

func hasOp(ops []Op, want Op) bool {
	for _, o := range ops {
		if o == want {
			return true
		}
	}
	return false
}

func TestCompareCanonical(t *testing.T) {
	d := NewDoc(lavrov)
	m := Compare("a multipolar, fair, and democratic world order", d)
	if m.Verdict != Altered {
		t.Errorf("Compare(fair and) verdict = %v, want %v", m.Verdict, Altered)
	}
	if !hasOp(m.Ops, Op{Kind: OpSubstitute, Quote: "fair", Original: "just"}) {
		t.Errorf("Compare(fair and) ops = %+v, want a substitute just->fair", m.Ops)
	}
	if !hasOp(m.Ops, Op{Kind: OpInsert, Quote: "and"}) {
		t.Errorf("Compare(fair and) ops = %+v, want an insert of \"and\"", m.Ops)
	}
	if math.Abs(m.Similarity-0.7) > 0.05 {
		t.Errorf("Compare(fair and) similarity = %.3f, want about 0.7", m.Similarity)
	}
	if want := "a multipolar, just, democratic world order"; m.Passage != want || d.Text()[m.Start:m.End] != want {
		t.Errorf("Compare(fair and) passage = %q (%d..%d), want %q", m.Passage, m.Start, m.End, want)
	}

	m = Compare("will move towards a multipolar, just, democratic world order", d)
	if m.Verdict != Verified || m.Ops != nil || m.Similarity != 1 {
		t.Errorf("Compare(verbatim) = %v sim %.2f ops %v, want verified, 1, no ops", m.Verdict, m.Similarity, m.Ops)
	}

	m = Compare("We will never accept", NewDoc("In the end we will accept the terms."))
	if m.Verdict != Negation {
		t.Errorf("Compare(never accept) verdict = %v, want %v", m.Verdict, Negation)
	}
}

func TestCompareVerdicts(t *testing.T) {
	orig := `The minister said on Tuesday that the government will raise the tax by 2,000 euros. ` +
		`"We do not intend to cut pensions," she told reporters. ` +
		`We will accept the agreement, unless the other side breaks the ceasefire. ` +
		`The company will close the plant only if demand keeps falling. ` +
		`Prices will go up for everyone, but only for one year. ` +
		`Nothing in the report suggests that the river was polluted by the factory upstream. ` +
		strings.Repeat("Filler words keep these passages far apart from each other here. ", 40) +
		`The committee finally approved the new budget for schools and hospitals after a long debate.`
	d := NewDoc(orig)
	tests := []struct {
		name, quote string
		want        Verdict
	}{
		{"verbatim", "the government will raise the tax by 2,000 euros", Verified},
		{"case and punctuation", "THE GOVERNMENT — will raise the tax, by 2000 euros", Verified},
		{"typographic apostrophe", "We don’t intend to cut pensions", Altered},
		{"contraction drops negation", "We do intend to cut pensions", Negation},
		{"negation removed", "the river was polluted by the factory upstream and nothing suggests otherwise", Partial},
		{"number changed", "the government will raise the tax by 3,000 euros", NumberChanged},
		{"number reformatted", "the government will raise the tax by 2000 euros", Verified},
		{"weekday changed", "The minister said on Wednesday that the government will raise the tax", NumberChanged},
		{"number changed and negation added", "the government will not raise the tax by 3,000 euros", Negation},
		{"word swapped", "the government will increase the tax by 2,000 euros", Altered},
		{"word dropped", "the government will raise tax by 2,000 euros", Altered},
		{"word added", "the government will surely raise the tax by 2,000 euros", Altered},
		{"negation added", "the government will not raise the tax by 2,000 euros", Negation},
		{"never added", "the government will never raise the tax", Negation},
		{"truncated unless", "We will accept the agreement", Truncated},
		{"truncated only if", "The company will close the plant", Truncated},
		{"truncated but", "Prices will go up for everyone", Truncated},
		{"full sentence not truncated", "We will accept the agreement, unless the other side breaks the ceasefire.", Verified},
		{"trailing ellipsis not truncated", "We will accept the agreement …", Verified},
		{"ellipsis", "The minister said on Tuesday … raise the tax by 2,000 euros", Verified},
		{"bracket ellipsis", "The minister said [...] the government will raise the tax", Verified},
		{"ellipsis with alteration", "The minister said on Monday ... the government will raise the tax", NumberChanged},
		{"joined without ellipsis", "Nothing in the report suggests that the committee finally approved the new budget for schools", Partial},
		{"half invented", "the government will raise the tax by 2,000 euros to pay for a huge new palace for the president and his friends", Partial},
		{"not found", "Scientists discovered a new species of frog in the rainforest of Borneo", NotFound},
		{"empty", "", NotFound},
		{"punctuation only", "… — “”", NotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := Compare(tc.quote, d)
			if m.Verdict != tc.want {
				t.Errorf("Compare(%q) verdict = %v, want %v (passage %q, ops %+v, note %q)", tc.quote, m.Verdict, tc.want, m.Passage, m.Ops, m.Note)
			}
			if m.Start < 0 || m.End > len(orig) || m.Start > m.End || m.Passage != orig[m.Start:m.End] {
				t.Errorf("Compare(%q) passage %d..%d %q does not match the text", tc.quote, m.Start, m.End, m.Passage)
			}
			if (m.Verdict == Verified || m.Verdict == NotFound) != (m.Ops == nil) {
				t.Errorf("Compare(%q) verdict %v with ops %+v, want ops nil exactly when verified or not found", tc.quote, m.Verdict, m.Ops)
			}
		})
	}
}

// TestCompareMeaningFlips: negations without "not", antonyms and converse verbs from the
// WordNet table and the hand list, and edits that look alike but flip nothing.
func TestCompareMeaningFlips(t *testing.T) {
	tests := []struct {
		name, orig, quote string
		want              Verdict
	}{
		{"failed to", "Police captured the suspect near the border on Sunday.", "Police failed to capture the suspect near the border on Sunday.", Negation},
		{"has stopped", "The factory is the largest employer in the region.", "The factory has stopped the largest employer in the region.", Negation},
		{"prevented from", "Observers were invited to observe the count in every district.", "Observers were invited but prevented them from observing the count in every district.", Negation},
		{"refused to", "The council agreed to publish the report this week.", "The council refused to publish the report this week.", Negation},
		{"negating verb swapped for a verb", "The platform shut down its video service last year.", "The platform stopped its video service last year.", Altered},
		{"wordnet adjective", "The committee called the proposal legal and fair.", "The committee called the proposal illegal and fair.", Negation},
		{"wordnet verb inflected", "The regulator allowed the merger after a long review.", "The regulator disallowed the merger after a long review.", Negation},
		{"wordnet irregular past", "Shares rose sharply after the results were published.", "Shares fell sharply after the results were published.", Negation},
		{"wordnet comparative", "The new model is better than the old one in every test.", "The new model is worse than the old one in every test.", Negation},
		{"converse buy sell", "The fund will buy the shares from the bank.", "The fund will sell the shares from the bank.", Negation},
		{"converse win lose", "She won the election by a wide margin.", "She lost the election by a wide margin.", Negation},
		{"hand converse", "Oil prices tumbled on Monday after the announcement.", "Oil prices surged on Monday after the announcement.", Negation},
		{"hand opening closing", "The opening session was delayed by an hour.", "The closing session was delayed by an hour.", Negation},
		{"synonym", "Oil prices tumbled on Monday after the announcement.", "Oil prices plummeted on Monday after the announcement.", Altered},
		{"wordnet satellite", "The reform left a huge hole in the budget of the region.", "The reform left a small hole in the budget of the region.", Negation},
		{"wordnet satellite synonyms", "Training is compulsory for every new member of staff.", "Training is mandatory for every new member of staff.", Altered},
		{"wordnet indirect compulsory", "Training is compulsory for every new member of staff.", "Training is optional for every new member of staff.", Negation},
		{"wordnet troponym", "Shares soared after the results were published.", "Shares fell after the results were published.", Negation},
		{"denied", "The minister took part in the meeting with the bankers.", "The minister denied taking part in the meeting with the bankers.", Negation},
		{"negating verb for a verb", "The minister mentioned the deal in his speech on Monday.", "The minister denied the deal in his speech on Monday.", Negation},
		{"ignored for listened", "The council listened to the residents before the vote.", "The council ignored the residents before the vote.", Negation},
		{"forgot to inserted", "The clerk signed the register before the hearing began.", "The clerk forgot to sign the register before the hearing began.", Negation},
		{"negating verb for its synonym", "The plan avoided a vote in the chamber this spring.", "The plan evaded a vote in the chamber this spring.", Altered},
		{"negating noun for its synonym", "Critics pointed to the lack of funding for the scheme.", "Critics pointed to the absence of funding for the scheme.", Altered},
		{"wordnet synset mate", "The new rules improve the service for most passengers.", "The new rules worsen the service for most passengers.", Negation},
		{"hand keep delete", "Staff must delete the app from their work phones.", "Staff must keep the app on their work phones.", Negation},
		{"killed for arrested", "Police killed the gunman after a siege of six hours.", "Police arrested the gunman after a siege of six hours.", Negation},
		{"injured for killed", "Three people were injured in the blast on Friday.", "Three people were killed in the blast on Friday.", Negation},
		{"killed for murdered", "Three people were killed in the attack on Friday.", "Three people were murdered in the attack on Friday.", Altered},
		{"instead of", "He pleaded guilty to manslaughter in the death of the man.", "He pleaded guilty to murder instead of manslaughter in the death of the man.", Negation},
		{"rather than", "The board chose to sell the company to its rival.", "The board chose to close the company rather than sell it to its rival.", Negation},
		{"instead alone", "The board met in Paris to discuss the merger.", "The board met instead in Paris to discuss the merger.", Altered},
		{"modal duty to permission", "Staff are now forced to delete the app from their phones.", "Staff are now allowed to delete the app from their phones.", Negation},
		{"modal must may", "Visitors must show a ticket at the gate.", "Visitors may show a ticket at the gate.", Negation},
		{"modal same class", "Visitors must show a ticket at the gate.", "Visitors are required to show a ticket at the gate.", Altered},
		{"ordinal", "Yields rose for a second straight session on Friday.", "Yields rose for a first straight session on Friday.", NumberChanged},
		{"year", "The law came into force in 2023 after a long debate.", "The law came into force in 2024 after a long debate.", NumberChanged},
		{"money", "The company lost $5bn in the last quarter alone.", "The company lost $4bn in the last quarter alone.", NumberChanged},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := Compare(tc.quote, NewDoc(tc.orig))
			if m.Verdict != tc.want {
				t.Errorf("Compare(%q) verdict = %v, want %v (ops %+v)", tc.quote, m.Verdict, tc.want, m.Ops)
			}
		})
	}
}

func TestCompareNumberChanged(t *testing.T) {
	tests := []struct{ orig, quote, was, now string }{
		{"The law came into force in 2023 after a debate.", "The law came into force in 2024 after a debate.", "2023", "2024"},
		{"The company lost $5bn in the quarter.", "The company lost $4bn in the quarter.", "5bn", "4bn"},
		{"The minister spoke on Tuesday in Paris.", "The minister spoke on Monday in Paris.", "Tuesday", "Monday"},
		{"The minister spoke in Paris to reporters.", "The minister spoke in Paris to 30 reporters.", "", "30"},
	}
	for _, tc := range tests {
		m := Compare(tc.quote, NewDoc(tc.orig))
		if m.Verdict != NumberChanged || m.NumberOriginal != tc.was || m.NumberQuote != tc.now {
			t.Errorf("Compare(%q) = %v %q -> %q, want number_changed %q -> %q", tc.quote, m.Verdict, m.NumberOriginal, m.NumberQuote, tc.was, tc.now)
		}
	}
}

// TestHandAntonymsNotInWordNet keeps the hand list to the pairs WordNet lacks.
func TestHandAntonymsNotInWordNet(t *testing.T) {
	wn := map[string]bool{}
	for line := range strings.Lines(wordnetAntonyms) {
		wn[strings.TrimSpace(line)] = true
	}
	if len(wn) < 1000 {
		t.Fatalf("WordNet table has %d lines, want thousands", len(wn))
	}
	for _, p := range strings.Fields(handAntonyms) {
		a, b, ok := strings.Cut(p, "/")
		if !ok || a == "" || b == "" {
			t.Errorf("hand pair %q: want a/b", p)
			continue
		}
		if wn[a+" "+b] || wn[b+" "+a] {
			t.Errorf("hand pair %s is in the WordNet table: drop it from the hand list", p)
		}
	}
}

func TestCompareDetails(t *testing.T) {
	const orig = "We will accept the agreement, unless the other side breaks the ceasefire. The minister said on Tuesday that taxes will rise."
	d := NewDoc(orig)
	m := Compare("We will accept the agreement", d)
	if m.Qualifier != "unless the other side breaks the ceasefire." {
		t.Errorf("Compare(truncated) qualifier = %q, want %q", m.Qualifier, "unless the other side breaks the ceasefire.")
	}
	if m.Note == "" {
		t.Errorf("Compare(truncated) note is empty, want a sentence")
	}
	m = Compare("“We will accept …  the ceasefire”", d)
	if m.Verdict != Verified || m.Gaps != 1 {
		t.Errorf("Compare(ellipsis) = %v gaps %d, want verified with 1 gap", m.Verdict, m.Gaps)
	}
	if want := "We will accept the agreement, unless the other side breaks the ceasefire"; m.Passage != want {
		t.Errorf("Compare(ellipsis) passage = %q, want %q", m.Passage, want)
	}
	m = Compare("the minister said on tuesday ... we will accept the agreement", d)
	if m.Verdict != Partial || !strings.Contains(m.Note, "order") {
		t.Errorf("Compare(ellipsis out of order) = %v %q, want partial about order", m.Verdict, m.Note)
	}
	m = Compare("We will accept the agreement ... the minister said on Friday", d)
	if m.Verdict != NumberChanged || m.Gaps != 1 {
		t.Errorf("Compare(ellipsis, date changed) = %v gaps %d, want number_changed with 1 gap", m.Verdict, m.Gaps)
	}
}

func TestCompareJoinNote(t *testing.T) {
	orig := "The mayor opened the new bridge over the river this morning. " +
		strings.Repeat("Other news filled the rest of the long day in town. ", 30) +
		"Critics say the project cost far more than planned."
	m := Compare("The mayor opened the new bridge over the river, critics say the project cost far more than planned", NewDoc(orig))
	if m.Verdict != Partial || !strings.Contains(m.Note, "words apart") {
		t.Errorf("Compare(joined) = %v %q, want partial joining two passages", m.Verdict, m.Note)
	}
}

func TestCompareUnicode(t *testing.T) {
	tests := []struct {
		name, orig, quote string
		want              Verdict
	}{
		{"cyrillic verbatim", "Лавров заявил, что Россия никогда не примет новый мировой порядок.", "«Россия никогда не примет новый мировой порядок»", Verified},
		{"cyrillic case", "Лавров заявил, что Россия никогда не примет новый мировой порядок.", "РОССИЯ НИКОГДА НЕ ПРИМЕТ НОВЫЙ МИРОВОЙ ПОРЯДОК", Verified},
		{"cyrillic altered", "Лавров заявил, что Россия никогда не примет новый мировой порядок.", "Россия никогда не примет справедливый мировой порядок", Altered},
		{"composed vs decomposed", "Le café de la gare a fermé ses portes.", "Le cafe\u0301 de la gare a ferme\u0301 ses portes", Verified},
		{"accent dropped is a change", "Le café de la gare a fermé ses portes.", "Le cafe de la gare a ferme ses portes", Altered},
		{"soft hyphen and nbsp", "The multi\u00adpolar\u00a0world order is coming.", "the multipolar world order is coming", Verified},
		{"german fold", "Die Straße bleibt geschlossen bis Montag.", "die STRASSE bleibt geschlossen", Verified},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := Compare(tc.quote, NewDoc(tc.orig))
			if m.Verdict != tc.want {
				t.Errorf("Compare(%q) verdict = %v, want %v (ops %+v)", tc.quote, m.Verdict, tc.want, m.Ops)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	d := NewDoc(lavrov)
	q := "we will move towards a fair and democratic world of nations"
	strict := Options{MinSimilarity: 0.95}.Compare(q, d)
	if strict.Verdict != NotFound && strict.Verdict != Partial {
		t.Errorf("Options{MinSimilarity: 0.95}.Compare(%q) = %v, want not_found or partial", q, strict.Verdict)
	}
	loose := Options{PartialCoverage: 0.3}.Compare("a multipolar, fair, and democratic world order", d)
	if loose.Verdict != Altered {
		t.Errorf("Options{PartialCoverage: 0.3}.Compare = %v, want altered", loose.Verdict)
	}
}

func TestSimilarity(t *testing.T) {
	a := "a multipolar, just, democratic world order"
	b := "a multipolar, fair, and democratic world order"
	s, ops := Similarity(a, b)
	if math.Abs(s-5.0/7) > 0.01 {
		t.Errorf("Similarity(%q, %q) = %.3f, want %.3f", a, b, s, 5.0/7)
	}
	if !hasOp(ops, Op{Kind: OpSubstitute, Quote: "fair", Original: "just"}) || !hasOp(ops, Op{Kind: OpInsert, Quote: "and"}) {
		t.Errorf("Similarity(%q, %q) ops = %+v, want just->fair and an insert of and", a, b, ops)
	}
	if s, ops := Similarity("We DON'T know.", "we don’t know"); s != 1 || ops != nil {
		t.Errorf("Similarity(same words) = %.2f %v, want 1 and no ops", s, ops)
	}
	if s, _ := Similarity("do not", "don't"); s == 1 {
		t.Errorf("Similarity(do not, don't) = 1, want the contraction visible")
	}
	if s, _ := Similarity("", ""); s != 1 {
		t.Errorf("Similarity(empty, empty) = %.2f, want 1", s)
	}
	if s, _ := Similarity("cats", ""); s != 0 {
		t.Errorf("Similarity(cats, empty) = %.2f, want 0", s)
	}
}

func TestBestPassages(t *testing.T) {
	const orig = "Russia launched its invasion of Ukraine on February 24. " +
		"Lavrov met Wang Yi in Tunxi on Wednesday. " +
		"The talks covered trade, energy and the war. " +
		"Mr. Lavrov later flew back to Moscow."
	d := NewDoc(orig)
	got := d.BestPassages("Lavrov met China's Wang Yi on Wednesday", 2)
	if len(got) != 2 {
		t.Fatalf("BestPassages returned %d passages, want 2", len(got))
	}
	if want := "Lavrov met Wang Yi in Tunxi on Wednesday."; got[0].Text != want {
		t.Errorf("BestPassages[0] = %q, want %q", got[0].Text, want)
	}
	if got[0].Score < got[1].Score {
		t.Errorf("BestPassages scores %v, %v not best first", got[0].Score, got[1].Score)
	}
	for _, p := range got {
		if orig[p.Start:p.End] != p.Text {
			t.Errorf("BestPassages passage %q does not match text[%d:%d]", p.Text, p.Start, p.End)
		}
	}
	if want := "Mr. Lavrov later flew back to Moscow."; d.BestPassages("flew to Moscow", 1)[0].Text != want {
		t.Errorf("BestPassages(flew to Moscow) = %q, want %q (abbreviation must not split)", d.BestPassages("flew to Moscow", 1)[0].Text, want)
	}
	if got := d.BestPassages("bananas", 3); got != nil {
		t.Errorf("BestPassages(unrelated) = %v, want nil", got)
	}
	if got := d.BestPassages("Lavrov", 0); got != nil {
		t.Errorf("BestPassages(k=0) = %v, want nil", got)
	}
}

func TestShortQuotesAreNotTruncated(t *testing.T) {
	d := NewDoc("The launch was exciting, but the rocket exploded a minute later.")
	if m := Compare("exciting", d); m.Verdict != Verified {
		t.Errorf("one-word quote: verdict %s, want verified", m.Verdict)
	}
	if m := Compare("The launch was exciting", d); m.Verdict != Truncated {
		t.Errorf("a statement cut before its qualifier: verdict %s, want truncated", m.Verdict)
	}
}

func TestNumberEndsASentence(t *testing.T) {
	d := NewDoc("The vote passed 7. But the minister resigned the next day.")
	if m := Compare("the vote passed 7", d); m.Verdict != Verified {
		t.Errorf("verdict %s (%q), want verified: the sentence ends after 7", m.Verdict, m.Qualifier)
	}
	if m := Compare("a letter signed by J. Smith and others", NewDoc("It was a letter signed by J. Smith and others.")); m.Verdict != Verified {
		t.Errorf("initial: verdict %s, want verified", m.Verdict)
	}
}

// TestWordNetTableSorted: antonymPair searches the table in place, so its lines must be
// sorted by their first word, then their second, with the first word the smaller.
func TestWordNetTableSorted(t *testing.T) {
	lines := wordnetPairs()
	for i, line := range lines {
		a, b, ok := strings.Cut(line, " ")
		if !ok || a >= b || strings.Contains(b, " ") {
			t.Fatalf("line %d %q: want two words, the first the smaller", i, line)
		}
		if i > 0 && comparePair(lines[i-1], a, b) >= 0 {
			t.Fatalf("line %d %q is not after %q", i, line, lines[i-1])
		}
		if !antonymPair(a, b) || !antonymPair(b, a) {
			t.Fatalf("antonymPair(%q, %q) = false for a line of the table", a, b)
		}
	}
	if antonymPair("rose", "rose") || antonymPair("rose", "table") {
		t.Errorf("antonymPair holds a word with itself or an unrelated word")
	}
}
