package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// speechVerbSet holds the verbs of reported speech: "Lavrov said", "said Lavrov", "Wang told reporters".
var speechVerbSet = wordSet(`said says say told tells added adds stated states declared declares
wrote writes tweeted posted announced announces vowed vows warned warns noted notes insisted
insists argued argues explained explains claimed claims asked asks replied replies responded
urged urges stressed stresses emphasised emphasized remarked admitted acknowledged
confirmed confirms denied denies promised pledged commented comments recalled concluded predicted
suggested revealed reiterated boasted complained conceded observed recounted testified described
describes quipped cautioned cautions shouted ordered spoke speaks pointed began wrote countered
contended maintained assured assures acknowledges agreed disputed accused praised pleaded put
told announced tweets posts emailed texted express expressed`)

// A name is a run of capitalised words ("Sergei Lavrov", "Wang Yi", "Hau-yip") with the
// lower-case particles of names inside it ("Ursula von der Leyen", "dos Santos Silva").
var nameParticles = wordSet(`von van der den de da das dos du del della al bin ibn la le y`)

// leadWords open a sentence with a capital but belong to no name: they are dropped from the
// front of a run of capitalised words ("But Lavrov said").
var leadWords = wordSet(`the a an but and or so yet in on at as when then also earlier later
meanwhile however instead still now yes no today yesterday tonight last this that after before
while since although though because if why what how asked speaking writing separately finally
elsewhere here there again even only first would could should will can did does do`)

// indefinites open a noun phrase that names no one: "One Londoner", "Some Democrats".
var indefinites = wordSet(`one another some many several most few other others a an`)

// titles are dropped from a name with everything before them: "Foreign Minister Wang Yi" is
// "Wang Yi", "White House Press Secretary Stephanie Grisham" is "Stephanie Grisham".
var titles = wordSet(`president minister foreign prime secretary senator sen. rep. gov. governor
chancellor general gen. mr mr. mrs mrs. ms ms. dr dr. prof. professor spokesman spokeswoman
spokesperson ambassador director chief chairman chairwoman chair ceo deputy vice king queen pope
judge justice mayor premier state defense defence interior press former top senior official
lieutenant lt. col. colonel sgt. sergeant captain capt. commissioner inspector attorney leader
founder editor lord lady sir dame prince princess bishop cardinal rev. reverend coach manager
executive head adviser advisor analyst author superintendent commander officer`)

// orgWords end names of bodies ("Justice Department"), which keep their title-like words.
var orgWords = wordSet(`department ministry office committee authority agency commission council
court service services party house union bank association institute university group company`)

// notNames are capitalised words that can stand before a verb but name nobody.
var notNames = wordSet(`it this that there they he she we i you who what which officials reports
sources experts analysts critics people police witnesses residents monday tuesday wednesday
thursday friday saturday sunday twitter facebook instagram`)

// pronouns stand for the last person named: "he said" after "Lavrov said".
var pronouns = wordSet(`he she they it`)

// roles stand for the last person named when the text gives them with "the": "the minister
// said", "the company added".
var roles = wordSet(`minister president officer spokesman spokeswoman spokesperson ambassador
commander chairman chairwoman senator governor secretary prosecutor mayor lieutenant chancellor
premier official executive company agency group firm ministry government campaign organisation
organization singer guitarist actor actress rapper player striker economist researcher scientist
historian lawyer novelist`)

// bodyRoles are the roles of bodies, not people: the others stand for the last person named.
var bodyRoles = wordSet(`company agency group firm ministry government campaign organisation organization`)

// adverbs and auxiliaries may stand between a speaker and the verb: "Noem later tweeted",
// "Lavrov has repeatedly said".
var adverbs = wordSet(`also later then has have had will would twice previously recently once
again further earlier repeatedly simply just first initially subsequently publicly quickly
separately never even since both now still ultimately reportedly famously explicitly flatly
strongly firmly herself himself themselves itself soon already often frequently proudly
angrily calmly openly privately`)

// determiners open a noun phrase.
var determiners = wordSet(`the a an this that these those his her its their`)

// passiveAux before a verb make it passive: "what is called", "he was told".
var passiveAux = wordSet(`is was were are be been being`)

// prepositions before a name make it no subject: "officials in Moscow said".
var prepositions = wordSet(`of in on at for from to by with about into than against over under
between among through like via per during despite amid following`)

// introWords open a sentence with a phrase or clause, not with its subject.
var introWords = wordSet(`after before until when while if although though because since as`)

// mentionKind says how a speaker mention names its speaker.
type mentionKind int

const (
	named    mentionKind = iota // "Lavrov said", "said Lavrov"
	unnamed                     // "an officer said", "one user posted", "the doctors stated"
	referred                    // "he said", "the minister said": resolved to the last named
)

// mention is a place where the text gives words to someone: a speech verb with its
// subject, "according to X", a colon after a name, or a trailing "— X".
type mention struct {
	// at is where the verb (or "according", the colon, the dash) is; name is the speaker,
	// "" when the text names no one.
	at, end   int
	name      string
	kind      mentionKind
	paragraph int
	// nameStart and nameEnd delimit the name as written; verb is the verb in lower case
	// ("according to", ":" or "—" for the other forms).
	nameStart, nameEnd int
	verb               string
	// person is true when the text refers to the speaker as "he" or "she" (pronoun) or by
	// a person's role ("the minister", "the 56-year-old").
	person  bool
	pronoun string
	// role is the role word of a "the minister said" ("minister", "56-year-old"); guess is
	// set when such a role was resolved to a name the text never gives that role (the
	// last speaker is a "you're" or an ambassador, not a minister): a guess at who spoke.
	role  string
	guess bool
}

// findMentions scans the article's text outside embedded posts, sentence by sentence,
// for the places it gives words to someone, and resolves pronouns, roles and surnames
// ("Marsh" after "Elena Marsh") to the names they stand for.
func findMentions(a *Article, quoted []Span) []mention {
	// inQuote reports whether off lies in quoted words: a verb there attributes nothing.
	qi := 0
	inQuote := func(off int) bool {
		for qi < len(quoted) && quoted[qi].End <= off {
			qi++
		}
		return qi < len(quoted) && quoted[qi].Start <= off
	}
	var out []mention
	var last, lastPerson *mention // the last named speaker, and the last person named
	var lastSpeaker *mention      // the last named speaker that is a person
	full := newNameIndex()        // full names seen
	// another is true when the text has named another person since lastPerson spoke:
	// "he" or "she" is then ambiguous and names no one.
	another := false
	// proper holds the capitalised words seen inside a sentence, after a lower-case word:
	// a name when one opens a sentence alone ("Andrew doesn't remember").
	proper := map[string]bool{}
	// pronounOf is the pronoun ("he", "she") the text has used for a person: a later
	// pronoun of the other kind does not stand for them.
	pronounOf := map[string]string{}
	var buf []token // the tokens of the sentence at hand
	for _, s := range a.Sentences {
		if a.InEmbed(s.Start) {
			continue
		}
		verb, capRun := sentenceCues(a.Text, s.Start, s.End, speechVerbSet)
		if !verb && !capRun && !opensWithName(a.Text, s) {
			continue // no attribution here, nor a person named
		}
		para := SpanIndex(a.Paragraphs, s.Start)
		buf = appendTokens(buf[:0], a.Text, s.Start, s.End)
		toks := buf
		for i := 1; i < len(toks); i++ {
			if t := toks[i]; t.word && t.cap && toks[i-1].word && !toks[i-1].cap && !possessive(t.text) {
				proper[t.text] = true
			}
		}
		// "Locksley had barely heard of them. “…,” he said.": a person the sentence opens
		// with is whom a later "he" or "she" stands for.
		if n, ok := sentenceSubject(toks); ok && !inQuote(s.Start) {
			// a full name, the surname of one named before, or a word the text uses as a
			// name elsewhere ("Talks resumed" is no one)
			if n = full.expand(n); strings.Contains(n, " ") || proper[n] {
				if strings.Contains(n, " ") {
					full.add(n)
				}
				mm := mention{name: n, paragraph: para, kind: named, nameStart: s.Start, nameEnd: s.Start}
				lastPerson, another = &mm, false
			}
		}
		for i, t := range toks {
			if t.word && t.cap && (i == 0 || !toks[i-1].word || !toks[i-1].cap) && !inQuote(t.start) {
				// "I eventually reached Valerie Smith by phone. Smith still found it
				// difficult …": a person's full name, wherever it stands, is what a later
				// surname stands for.
				if e, ok := personRun(toks, i); ok {
					n := a.Text[toks[i].start:toks[e-1].end]
					if strings.Contains(n, "  ") || strings.ContainsAny(n, "\t\n\r") {
						n = joinTokens(toks[i:e])
					}
					full.add(n)
					if lastPerson != nil && (t.start < lastPerson.nameStart || t.start >= lastPerson.nameEnd) {
						another = another || !sharesWord(toks[i:e], lastPerson.name)
					}
				}
			}
			// "Elise wrote, she interviewed Mike": a pronoun opening a sentence or a clause
			// while one person is in view says which they are.
			if (t.low == "he" || t.low == "she") && (i == 0 || toks[i-1].text == ",") && lastPerson != nil && !another &&
				!inQuote(t.start) && pronounOf[lastPerson.name] == "" {
				pronounOf[lastPerson.name] = t.low
			}
			var m mention
			ok := false
			switch {
			case t.word && !t.cap && speechVerbSet[t.low] && !strings.HasSuffix(t.low, "ing") && !inQuote(t.start):
				m, ok = verbMention(toks, i)
			case t.low == "according" && i+1 < len(toks) && toks[i+1].low == "to" && !inQuote(t.start):
				m, ok = accordingMention(toks, i)
			}
			if !ok {
				continue
			}
			m.paragraph = para
			switch m.kind {
			case named:
				m.name = full.expand(m.name)
				if commonNoun(a.Text, toks, m, proper) {
					// "Talks said …" in a text that writes "talks" in lower case too: a noun
					// opening the sentence, no one named.
					m.name, m.kind = "", unnamed
					break
				}
				if strings.Contains(m.name, " ") {
					full.add(m.name)
				}
				mm := m
				last = &mm
				if personName(m.name) {
					lastPerson, lastSpeaker, another = &mm, &mm, false
				}
			case referred:
				m.kind = unnamed
				ref := last
				switch {
				case m.pronoun != "":
					ref = lastPerson
					if another {
						ref = nil
					}
				case m.person:
					// "the 56-year-old said": the last person who spoke rather than the last
					// one a sentence was about
					ref = lastSpeaker
					if ref == nil || ref.paragraph < para-6 {
						ref = lastPerson
					}
				}
				if ref != nil && m.pronoun != "" {
					if p := pronounOf[ref.name]; p != "" && p != m.pronoun {
						ref = nil
					} else {
						pronounOf[ref.name] = m.pronoun
					}
				}
				// a role ("the 56-year-old") is surer of whom it means than a pronoun
				reach := 3
				if m.person && m.pronoun == "" {
					reach = 6
				}
				if ref != nil && ref.paragraph >= para-reach {
					m.name, m.kind = ref.name, named
					m.guess = m.role != "" && !describedAs(a.Text[:m.at], ref.name, m.role)
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// commonNoun reports whether the named speaker of m is one capitalised word that opens
// the sentence toks, is never capitalised inside a sentence (proper), and is written in
// lower case elsewhere in text: a common noun ("Talks said", "Plan said"), not a name.
// A surname of a full name given before was expanded already and has a space.
func commonNoun(text string, toks []token, m mention, proper map[string]bool) bool {
	if m.name == "" || strings.Contains(m.name, " ") || len(toks) == 0 || m.nameStart != toks[0].start || proper[m.name] {
		return false
	}
	low := strings.ToLower(m.name)
	if low == m.name {
		return false
	}
	return containsWord(text, low)
}

// describedAs reports whether text (what comes before the role's mention) gives the role
// word to name: "Foreign Minister Sergei Lavrov", "Lavrov, the Russian foreign minister,",
// "the 56-year-old Mourinho", within a few words of the name's last word.
func describedAs(text, name, role string) bool {
	f := strings.Fields(name)
	if len(f) == 0 {
		return false
	}
	last := f[len(f)-1]
	for at := 0; ; {
		k := strings.Index(text[at:], last)
		if k < 0 {
			return false
		}
		k += at
		from, to := max(0, k-len(name)-40), min(len(text), k+len(last)+60)
		for from > 0 && !utf8.RuneStart(text[from]) {
			from--
		}
		for to < len(text) && !utf8.RuneStart(text[to]) {
			to++
		}
		if containsWord(strings.ToLower(text[from:to]), role) {
			return true
		}
		at = k + len(last)
	}
}

// verbMention reads the speaker of the speech verb toks[i]: its subject before it ("Lavrov
// said", "Lavrov, the minister, said", "he said"), or the name after it in an inverted
// attribution (`”, said Lavrov`).
func verbMention(toks []token, i int) (mention, bool) {
	m := mention{at: toks[i].start, end: toks[i].end, verb: toks[i].low}
	if m.verb == "put" && (i+1 >= len(toks) || toks[i+1].low != "it") {
		return m, false // only "as Gaiman put it"
	}
	if i > 0 && passiveAux[toks[i-1].low] {
		return m, false // "what is called", "he was told"
	}
	j := i - 1
	for j >= 0 && toks[j].word && adverbs[toks[j].low] && i-j <= 3 {
		j--
	}
	if j < 0 || !toks[j].word {
		// "Lavrov, the minister, said"
		if j >= 0 && toks[j].text == "," {
			if s, e, ok := clauseSubject(toks, j); ok {
				return namedMention(m, toks, s, e)
			}
		}
		// inverted: `”, said Lavrov`, `” said Jane Smith, a spokeswoman`, or the verb
		// opens the sentence
		if j < 0 || isQuoteToken(toks[j]) || (toks[j].text == "," && j > 0 && isQuoteToken(toks[j-1])) {
			return invertedMention(m, toks, i)
		}
		// "This system, says Richard Locksley, an immunologist, helps …": a name set
		// between commas after the verb.
		if toks[j].text == "," {
			if e, ok := parentheticalName(toks, i+1); ok {
				return namedMention(m, toks, i+1, e)
			}
		}
		return m, false
	}
	t := toks[j]
	switch {
	case pronouns[t.low]:
		m.kind, m.nameStart, m.nameEnd, m.person = referred, t.start, t.end, t.low == "he" || t.low == "she"
		if m.person {
			m.pronoun = t.low
		}
		return m, true
	case t.cap:
		s := nameRunStart(toks, j)
		// "Vice President of U.S. Government Relations Allen Thompson praised", "China's
		// ambassador to Britain Liu Xiaming has said": a preposition in a title is no
		// prepositional phrase.
		titled := s > 1 && toks[s-1].low == "of" && toks[s-2].cap && titles[toks[s-2].low]
		if !titled && s > 1 && prepositions[toks[s-1].low] && titles[toks[s-2].low] && j+1-s >= 3 {
			// the place after "ambassador to" is no part of the name
			titled, s = true, s+1
		}
		// "the letter Mike wrote was …": a relative clause, no speech.
		if s > 1 && i+1 < len(toks) && toks[s-1].word && !toks[s-1].cap && !titles[toks[s-1].low] && !roles[toks[s-1].low] &&
			determiners[toks[s-2].low] && (passiveAux[toks[i+1].low] || toks[i+1].low == "has" || toks[i+1].low == "had") {
			return m, false
		}
		if inPhrase(toks, s) && !titled {
			m.kind = unnamed
			return m, true
		}
		return namedMention(m, toks, s, j+1)
	case t.low == "and" || t.low == "but":
		// "Justin Trudeau doesn't have an account, and said": the clause's subject.
		if s, e, ok := clauseSubject(toks, j); ok {
			return namedMention(m, toks, s, e)
		}
		k := 0
		for k < j && toks[k].word && leadWords[toks[k].low] && !prepositions[toks[k].low] && !introWords[toks[k].low] && toks[k].low != "a" {
			k++
		}
		if k < j && toks[k].cap && !prepositions[toks[k].low] && !introWords[toks[k].low] {
			e := k
			for e < j && toks[e].word && (toks[e].cap || nameParticles[toks[e].low]) && e-k < 6 {
				e++
			}
			if e < j && toks[e].word && !toks[e].cap && !possessive(toks[e-1].text) {
				if notNames[toks[e].low] || roles[toks[e].low] {
					m.kind = unnamed // "US officials have … and have accused"
					return m, true
				}
				return namedMention(m, toks, k, e)
			}
		}
		return m, false
	case t.word:
		if s, e, ok := clauseSubject(toks, j); ok {
			return namedMention(m, toks, s, e)
		}
		return nounMention(m, toks, j)
	}
	return m, false
}

// parentheticalName reports where the name from toks[k] ends when it is a name closed by a
// comma or the sentence's end: the speaker of a parenthetical ", says Lavrov, …".
func parentheticalName(toks []token, k int) (int, bool) {
	if k >= len(toks) || !toks[k].word || !toks[k].cap {
		return 0, false
	}
	e := k
	for e < len(toks) && toks[e].word && (toks[e].cap || nameParticles[toks[e].low]) && e-k < 6 {
		e++
	}
	if e < len(toks) && toks[e].text != "," && toks[e].text != "." {
		return 0, false
	}
	return e, true
}

// clauseSubject finds the subject of a verb set apart from it by an apposition: the name
// before the comma that opens "Cheuk Hau-yip, the commander of Kowloon West district, said"
// or "Kurinji Selvaraj, a research analyst at the … think tank told". It tries each comma
// back from toks[j] within the clause (at most 40 tokens, not past a quotation mark, a colon
// or a semicolon), nearest first, and takes the first name that ends at one and does not
// sit in a prepositional phrase ("… for Dräger, Inc., says" passes over Dräger).
func clauseSubject(toks []token, j int) (start, end int, ok bool) {
	// "Johnson's older brother, Steve Johnson, told": a bare name between the commas is
	// an apposition that names the subject.
	if !toks[j].word && toks[j].text == "," && j > 1 && toks[j-1].cap {
		if a := nameRunStart(toks, j-1); a > 0 && toks[a-1].text == "," && bareName(toks[a:j]) {
			return a, j, true
		}
	}
	for c := j; c > 0 && j-c < 40; c-- {
		p := toks[c]
		if !p.word && (isDoubleQuote(p) || p.text == ":" || p.text == ";" || p.text == "(") {
			break
		}
		if p.text != "," || c == j {
			continue // the comma right before the verb closes the apposition
		}
		e := c
		if e == 0 || !toks[e-1].cap || !toks[e-1].word {
			continue
		}
		s := nameRunStart(toks, e-1)
		if inPhrase(toks, s) || possessive(toks[e-1].text) {
			continue
		}
		if cleanName(joinTokens(toks[s:e])) == "" {
			continue
		}
		// The apposition between the name and the verb says who the speaker is; a "that"
		// or another verb of speech there makes it a clause of its own.
		if !apposition(toks[e+1 : j+1]) {
			return 0, 0, false
		}
		return s, e, true
	}
	return 0, 0, false
}

// bareName reports whether toks, set between commas, are a name and not a description
// ("President Ascom North America") or a company's suffix ("Dräger, Inc.,").
func bareName(toks []token) bool {
	for _, t := range toks {
		if titles[t.low] || corpSuffixes[strings.TrimSuffix(t.low, ".")] {
			return false
		}
	}
	return cleanName(joinTokens(toks)) != ""
}

// corpSuffixes follow a company's name after a comma.
var corpSuffixes = wordSet(`inc ltd llc corp co plc ag sa gmbh`)

// apposition reports whether toks can stand between a name and its verb: no "that", no
// verb of speech, no quotation mark.
func apposition(toks []token) bool {
	for _, t := range toks {
		if isDoubleQuote(t) || (t.word && !t.cap && (t.low == "that" || speechVerbSet[t.low])) {
			return false
		}
	}
	return true
}

// inPhrase reports whether the name starting at toks[s] sits in a prepositional or
// indefinite noun phrase ("in the journal JAMA Psychiatry", "one user on Weibo", "a CEO"):
// a preposition right before it or before a determiner at most three lower-case words
// back, or "a".
func inPhrase(toks []token, s int) bool {
	det := false
	for k := s - 1; k >= 0 && s-k <= 3; k-- {
		t := toks[k]
		if !t.word || t.cap {
			return false
		}
		switch {
		case prepositions[t.low]:
			return k == s-1 || det
		case t.low == "a" || t.low == "an" || t.low == "one":
			return true
		case t.low == "the" || t.low == "his" || t.low == "her" || t.low == "its" || t.low == "their":
			det = true
		}
	}
	return false
}

// invertedMention reads the name after the verb toks[i]: "said Aseem Prakash", "wrote
// 43-year-old Martin Taylor", "comments Johnston", "said a report from Kotak".
func invertedMention(m mention, toks []token, i int) (mention, bool) {
	k := i + 1
	if k < len(toks) && toks[k].word && strings.HasSuffix(toks[k].low, "-old") {
		k++
	}
	if k+1 < len(toks) && toks[k].low == "the" && toks[k+1].cap {
		k++ // "writes the Associated Press"
	}
	if k+2 < len(toks) && (toks[k].low == "a" || toks[k].low == "the") &&
		(toks[k+1].low == "report" || toks[k+1].low == "statement" || toks[k+1].low == "note") &&
		(toks[k+2].low == "from" || toks[k+2].low == "by") {
		k += 3
	}
	if k >= len(toks) || !toks[k].word {
		return m, false
	}
	if !toks[k].cap {
		return nounAfter(m, toks, k)
	}
	e := k
	for e < len(toks) && toks[e].word && (toks[e].cap || nameParticles[toks[e].low]) && e-k < 6 {
		e++
	}
	return namedMention(m, toks, k, e)
}

// nounAfter reads "said the minister" and "said an official": a role or no one.
func nounAfter(m mention, toks []token, k int) (mention, bool) {
	det := toks[k].low
	if det != "the" && det != "a" && det != "an" && det != "one" && det != "another" {
		return m, false
	}
	m.kind = unnamed
	if det == "the" && k+1 < len(toks) && roles[toks[k+1].low] {
		m.kind, m.person, m.role = referred, !bodyRoles[toks[k+1].low], toks[k+1].low
	}
	return m, true
}

// nounMention reads a lower-case subject: "the minister said" (a role: the last person
// named), "an officer said", "one user quipped", "the doctors stated" (no one named).
func nounMention(m mention, toks []token, j int) (mention, bool) {
	k := j
	for k > 0 && j-k < 4 && toks[k-1].word && (!toks[k-1].cap || leadWords[toks[k-1].low]) {
		k--
		switch toks[k].low {
		case "the", "a", "an", "one", "another", "some", "many", "other", "two", "three":
			m.kind, m.nameStart, m.nameEnd = unnamed, toks[k].start, toks[j].end
			if toks[k].low == "the" && (roles[toks[j].low] || strings.HasSuffix(toks[j].low, "-old")) {
				m.kind, m.person, m.role = referred, !bodyRoles[toks[j].low], toks[j].low
			}
			return m, true
		}
	}
	m.kind = unnamed
	return m, true
}

// accordingMention reads "according to X": a name right after it ("according to his aunt,
// Jane Starner," gives Jane Starner).
func accordingMention(toks []token, i int) (mention, bool) {
	m := mention{at: toks[i].start, end: toks[i+1].end, verb: "according to"}
	for k := i + 2; k < len(toks) && k-i < 10; k++ {
		t := toks[k]
		if isQuoteToken(t) {
			break
		}
		if t.cap && !leadWords[t.low] {
			e := k
			for e < len(toks) && toks[e].word && (toks[e].cap || nameParticles[toks[e].low]) && e-k < 6 {
				e++
			}
			if e > k && possessive(toks[e-1].text) {
				k = e - 1
				continue
			}
			return namedMention(m, toks, k, e)
		}
	}
	m.kind = unnamed
	return m, true
}

// namedMention fills m with the name toks[s:e], or marks it unnamed when the words name
// nobody ("It said", "Officials said").
func namedMention(m mention, toks []token, s, e int) (mention, bool) {
	if s >= e {
		return m, false
	}
	if possessive(toks[e-1].text) {
		return m, false
	}
	if indefinites[toks[s].low] {
		m.kind = unnamed
		return m, true
	}
	words := make([]string, 0, e-s)
	for _, t := range toks[s:e] {
		words = append(words, t.text)
	}
	m.nameStart, m.nameEnd = toks[s].start, toks[e-1].end
	m.name = cleanName(strings.Join(words, " "))
	if m.name == "" {
		m.kind = unnamed
		if pronouns[toks[e-1].low] && e-s == 1 {
			m.kind = referred
		}
	}
	return m, true
}

// nameRunStart returns where the run of capitalised words ending at toks[j] starts.
func nameRunStart(toks []token, j int) int {
	s := j
	for s > 0 && j-s < 7 {
		p := toks[s-1]
		// "of" between capitals joins a body's name: "Office of Emergency Services".
		of := p.low == "of" && s > 1 && toks[s-2].cap && toks[s-2].word && !possessive(toks[s-2].text)
		if !p.word || !(p.cap || nameParticles[p.low] || of) || possessive(p.text) {
			break
		}
		s--
	}
	for s < j && nameParticles[toks[s].low] {
		s++
	}
	return s
}

// cleanName removes the words that open a sentence and titles from the front of a name,
// and refuses words that are no name.
func cleanName(s string) string {
	words := strings.Fields(s)
	for len(words) > 0 && leadWords[strings.ToLower(words[0])] {
		words = words[1:]
	}
	if n := len(words); n > 1 && !orgWords[strings.ToLower(words[n-1])] {
		for i := n - 2; i >= 0; i-- {
			if titles[strings.ToLower(words[i])] {
				words = words[i+1:]
				break
			}
		}
	}
	for len(words) > 1 && (nameParticles[words[0]] || words[0] == "of") {
		words = words[1:]
	}
	if len(words) == 0 {
		return ""
	}
	if len(words) == 1 {
		w := strings.ToLower(words[0])
		acronym := utf8.RuneCountInString(words[0]) >= 2 && strings.ToUpper(words[0]) == words[0] && !unicode.IsDigit([]rune(words[0])[0])
		if (notNames[w] && !acronym) || titles[w] || leadWords[w] || contraction(w) {
			return ""
		}
	}
	name := strings.TrimRight(strings.Join(words, " "), ".,")
	if possessive(name) {
		return ""
	}
	return name
}

// opensWithName reports, without tokenizing, whether sentence s opens with a capitalised
// word that is no lead word: it may name its subject.
func opensWithName(text string, s Span) bool {
	end := s.Start
	for end < s.End && end-s.Start < 40 {
		r, size := utf8.DecodeRuneInString(text[end:s.End])
		if !isWordRune(r) {
			break
		}
		end += size
	}
	w := text[s.Start:end]
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && !leadWords[strings.ToLower(w)] && !pronouns[strings.ToLower(w)]
}

// sentenceSubject returns the person a sentence opens with ("Locksley had barely heard of
// them", "Elise Matthesen found him"): a name followed by a lower-case word.
func sentenceSubject(toks []token) (string, bool) {
	k := 0
	for k < len(toks) && toks[k].word && leadWords[toks[k].low] && !introWords[toks[k].low] && !prepositions[toks[k].low] {
		k++
	}
	// "When Patrick walked into the room, …": the subject of an opening clause
	if k+1 < len(toks) && introWords[toks[k].low] && toks[k].low != "as" && toks[k+1].cap && toks[k+1].word {
		k++
	}
	if k >= len(toks) || !toks[k].cap || introWords[toks[k].low] || prepositions[toks[k].low] || indefinites[toks[k].low] {
		return "", false
	}
	e := k
	for e < len(toks) && toks[e].word && (toks[e].cap || nameParticles[toks[e].low]) && e-k < 6 {
		e++
	}
	if e >= len(toks) || !toks[e].word || toks[e].cap || possessive(toks[e-1].text) {
		return "", false
	}
	for _, t := range toks[k:e] {
		if orgWords[t.low] || (utf8.RuneCountInString(t.text) > 1 && strings.ToUpper(t.text) == t.text) {
			return "", false
		}
	}
	n := cleanName(joinTokens(toks[k:e]))
	return n, n != "" && personName(n)
}

// personRun reports where the capitalised words from toks[i] end when they can be a
// person's full name: two or more words, none of them a title, a lead word, an acronym or
// the end of a body's name, and not after a preposition or an article ("from Punjab's
// Bhatinda", "the CHIPS and Science Act").
func personRun(toks []token, i int) (int, bool) {
	if i > 0 && toks[i-1].word && (prepositions[toks[i-1].low] || toks[i-1].low == "the" || toks[i-1].low == "a") {
		return 0, false
	}
	e := i
	for e < len(toks) && toks[e].word && (toks[e].cap || nameParticles[toks[e].low]) && e-i < 6 {
		w := toks[e]
		if titles[w.low] || orgWords[w.low] || leadWords[w.low] || possessive(w.text) ||
			(utf8.RuneCountInString(w.text) > 1 && strings.ToUpper(w.text) == w.text) {
			return 0, false
		}
		e++
	}
	if e-i < 2 || possessive(toks[e-1].text) {
		return 0, false
	}
	return e, true
}

// sharesWord reports whether the words of toks include a word of name.
func sharesWord(toks []token, name string) bool {
	for _, t := range toks {
		w := strings.TrimSuffix(t.text, ".")
		for rest := name; rest != ""; {
			var k string
			k, rest, _ = strings.Cut(rest, " ")
			if k == w {
				return true
			}
		}
	}
	return false
}

// personName reports whether a name can be a person's (for "he" and "she"): not an acronym
// ("WIRED", "CDC") nor the name of a body ("Justice Department").
func personName(name string) bool {
	f := strings.Fields(name)
	if len(f) == 0 || orgWords[strings.ToLower(f[len(f)-1])] {
		return false
	}
	return !(len(f) == 1 && strings.ToUpper(name) == name)
}

// nameIndex holds the full names a text has given, by first and last word, so that a
// surname ("Marsh" after "Elena Marsh") or a given name finds the latest full name it stands
// for in constant time.
type nameIndex struct {
	byFirst, byLast map[string]seenName
	seq             int
}

type seenName struct {
	name string
	seq  int
}

func newNameIndex() *nameIndex {
	return &nameIndex{byFirst: map[string]seenName{}, byLast: map[string]seenName{}}
}

// add records a full name (two words or more).
func (x *nameIndex) add(name string) {
	first, _, ok := strings.Cut(name, " ")
	if !ok {
		return
	}
	x.seq++
	x.byFirst[first] = seenName{name, x.seq}
	x.byLast[name[strings.LastIndexByte(name, ' ')+1:]] = seenName{name, x.seq}
}

// expand gives a one-word name the latest full name whose last or first word it is.
func (x *nameIndex) expand(name string) string {
	if strings.Contains(name, " ") {
		return name
	}
	l, f := x.byLast[name], x.byFirst[name]
	switch {
	case l.seq == 0 && f.seq == 0:
		return name
	case l.seq >= f.seq:
		return l.name
	}
	return f.name
}

// quoteSpeaker decides who speaks a quotation: the attribution right after it in its
// sentence (`”, Lavrov said`, `”, said Lavrov`, `” — Neil Gaiman`), else the nearest before
// it there (`Lavrov said: “`, `Lavrov also warned that the government “`, `According to X,
// “`, `Lavrov: “`). A quotation that opens a sentence without any attribution continues the
// last speaker named in its paragraph before it; one that opens its paragraph, the last
// speaker of the previous paragraph when that one gave the speaker in its last sentence or
// ended with a colon or with the speaker's words left open.
//
// sp is the mention that gives the speaker (sp.name is "" when no one is named); after
// reports that it came from an attribution after the quotation.
func quoteSpeaker(a *Article, ms []mention, q Quote, sent, endSent Span, nextQuote int, prevEndsQuoted bool) (sp mention, after bool) {
	para := a.Paragraphs[q.Paragraph]
	if titleCase(q.Text) {
		return mention{}, false // “Listen To The Music”: a title, nobody's words
	}
	afterEnd := endSent.End
	// `?” Sanborn said.`: the splitter may end the sentence at the closing mark.
	if k := SpanIndex(a.Sentences, endSent.Start); k >= 0 && k+1 < len(a.Sentences) && endSent.End-q.End <= 4 {
		if nx := a.Sentences[k+1]; nx.Start-endSent.End <= 2 && nx.End <= para.End {
			afterEnd = nx.End
		}
	}
	if nextQuote > q.End && nextQuote < afterEnd {
		afterEnd = nextQuote
	}
	first := sort.Search(len(ms), func(i int) bool { return ms[i].at >= q.End })
	attributed := false // the sentence gives words to someone, here or elsewhere
	for _, m := range ms[first:] {
		if m.at >= afterEnd {
			break
		}
		if m.at < endSent.End {
			attributed = true
		}
		if m.verb == "according to" && strings.TrimFunc(a.Text[q.End:m.at], isPunctOrSpace) != "" {
			continue
		}
		// A trailing attribution follows the quotation closely (`”, Lavrov said`, `”, said
		// Lavrov`, `” the minister said`, `” was how Ford described it`), or ends the
		// sentence after a few words (`” for the sector, Raimondo said.`); a verb further
		// on with more to say is another clause's (`”, and normal people, Stier says he
		// noticed that…`).
		gapEnd := m.at
		if m.nameEnd > 0 && m.nameStart < m.at && m.nameStart >= q.End {
			gapEnd = m.nameStart
		}
		gap := wordCount(a.Text, q.End, gapEnd)
		// `… the disease is “unexplained,” and diagnoses are delayed …, he added.`: an
		// attribution set off by a comma at the sentence's end gives it all to the speaker.
		last := m.at < endSent.End && m.nameStart >= q.End && strings.HasSuffix(strings.TrimSpace(a.Text[q.End:m.nameStart]), ",") &&
			closesSentence(a.Text, m.end, endSent.End) && gap <= 30
		if gap > 2 && (gap > 8 || !closesSentence(a.Text, m.end, afterEnd)) && !last {
			break
		}
		// `.” Martha added that …`: a sentence after the quotation's own is a trailing
		// attribution only when it says no more than that.
		if m.at >= endSent.End && strings.HasSuffix(strings.TrimSpace(q.Text), ".") && !closesSentence(a.Text, m.end, afterEnd) {
			break
		}
		return m, true
	}
	sigEnd := para.End
	if nextQuote > q.End && nextQuote < sigEnd {
		sigEnd = nextQuote
	}
	if n := trailingSignature(a.Text, q.End, sigEnd); n != "" {
		return mention{name: n}, true
	}
	before := sort.Search(len(ms), func(i int) bool { return ms[i].at >= q.Start })
	for k := before - 1; k >= 0 && ms[k].at >= sent.Start; k-- {
		m := ms[k]
		attributed = true
		if m.verb == "according to" {
			// "According to X, “…”", "Trump, according to the White House, made … a “quick
			// exam”"; not when another's words come between ("According to AFP, one user
			// posted: “…”").
			verb, _ := sentenceCues(a.Text, m.end, q.Start, speechVerbSet)
			aside := m.nameStart > sent.Start && strings.HasSuffix(strings.TrimSpace(a.Text[sent.Start:m.at]), ",")
			if m.kind != named || verb || (!aside && wordCount(a.Text, m.nameEnd, q.Start) > 12) {
				continue
			}
		}
		return m, false
	}
	if n := colonName(a.Text, sent.Start, q.Start); n != "" {
		return mention{name: n}, false
	}
	if attributed {
		return mention{}, false
	}
	if strings.TrimFunc(a.Text[sent.Start:q.Start], isPunctOrSpace) != "" {
		// `…, Howitt says. Just because scientists became aware of “taste” receptors first,
		// “that doesn't mean that's the order in which it evolved.”`: a clause quoted in the
		// sentence after a named speaker's goes on with the same speaker.
		if k := before - 1; k >= 0 && len(strings.Fields(q.Text)) >= 5 {
			if si := SpanIndex(a.Sentences, sent.Start); si > 0 && ms[k].kind == named && ms[k].paragraph == q.Paragraph &&
				ms[k].verb != "according to" && ms[k].at >= a.Sentences[si-1].Start {
				return ms[k], false
			}
		}
		return mention{}, false
	}
	// a quotation that opens its sentence continues the last speaker
	k := before - 1
	for k >= 0 && ms[k].verb == "according to" {
		k--
	}
	if k < 0 {
		return mention{}, false
	}
	m := ms[k]
	if m.paragraph == q.Paragraph {
		return m, false
	}
	if m.paragraph != q.Paragraph-1 || m.kind != named || strings.TrimFunc(a.Text[para.Start:q.Start], isPunctOrSpace) != "" {
		return mention{}, false
	}
	if !quoteEndsSentence(a.Text, q, para.End) {
		return mention{}, false // a headline or a label: `'Meth. We're On It.': South Dakota spends …`
	}
	prev := a.Paragraphs[q.Paragraph-1]
	tail := strings.TrimRightFunc(a.Text[prev.Start:prev.End], unicode.IsSpace)
	if last := SpanIndex(a.Sentences, max(prev.Start, prev.End-1)); prevEndsQuoted || strings.HasSuffix(tail, ":") || (last >= 0 && m.at >= a.Sentences[last].Start) {
		return m, false
	}
	return mention{}, false
}

// titleCase reports whether text is written as a title: three words or more, all of them
// capitalised but for short function words inside ("Listen To The Music", "Takin' It To
// the Streets"), and no sentence's end inside.
func titleCase(text string) bool {
	words := strings.Fields(text)
	n := 0
	for i, w := range words {
		w = strings.TrimFunc(w, func(r rune) bool { return !isWordRune(r) })
		if w == "" {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) && (i == 0 || i == len(words)-1 || !titleSmallWords[w]) {
			return false
		}
		n++
	}
	return n >= 3 && !strings.ContainsAny(strings.TrimRight(text, ".!?, "), ".!?")
}

// titleSmallWords may stay in lower case inside a title.
var titleSmallWords = wordSet(`a an the and or of to in on at for by with from`)

// shareTrailing gives a quotation without a speaker the speaker of the next quotation of its
// sentence when that one's came from an attribution after it and no other attribution
// stands between them: `The outages have been “terribly disruptive” and …, “we won't roll
// the dice,” CEO Andy Vesey said.`
func shareTrailing(a *Article, ms []mention, qs []Quote, after []bool) {
	for i := len(qs) - 2; i >= 0; i-- {
		q, nx := &qs[i], qs[i+1]
		if q.Speaker != "" || nx.Speaker == "" || !after[i+1] || q.Sentence < 0 || q.Sentence != nx.Sentence {
			continue
		}
		k := sort.Search(len(ms), func(j int) bool { return ms[j].at >= q.End })
		if k < len(ms) && ms[k].at < nx.Start {
			continue
		}
		q.Speaker, q.SpeakerFar, after[i] = nx.Speaker, nx.SpeakerFar, true
	}
}

// quoteEndsSentence reports whether quotation q ends as a sentence does, with a full stop,
// a question or exclamation mark, a comma or a dash inside or right after its closing mark,
// and is not followed by a colon: headlines and labels end otherwise.
func quoteEndsSentence(text string, q Quote, paraEnd int) bool {
	in := strings.TrimRightFunc(q.Text, unicode.IsSpace)
	after := strings.TrimLeftFunc(text[q.End:paraEnd], func(r rune) bool { return unicode.IsSpace(r) || isQuoteMark(r) })
	if strings.HasPrefix(after, ":") {
		return false
	}
	if r, _ := utf8.DecodeLastRuneInString(in); strings.ContainsRune(".!?,…—–-", r) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(after)
	return after != "" && strings.ContainsRune(".!?,…—–", r)
}

// closesSentence reports whether text[from:to], after an attribution's verb, only ends
// its sentence: at most six words, none of them "that" or a pronoun starting a clause.
func closesSentence(text string, from, to int) bool {
	to = min(to, from+200) // seven words do not take more
	n := 0
	comma := false
	for _, t := range tokenize(text, from, max(from, to)) {
		if !t.word {
			comma = t.text == ","
			continue
		}
		if comma && strings.HasSuffix(t.low, "ing") {
			return true // ", adding that …" goes on about the same words
		}
		comma = false
		if n++; n > 6 || t.low == "that" || pronouns[t.low] {
			return false
		}
	}
	return true
}

// wordCount counts the words of text[from:to].
func wordCount(text string, from, to int) int {
	to = min(to, from+200) // the callers need to know up to nine words
	n := 0
	for _, t := range tokenize(text, from, max(from, to)) {
		if t.word {
			n++
		}
	}
	return n
}

func isPunctOrSpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || isQuoteMark(r)
}

// trailingSignature reads `” — Neil Gaiman` after a quotation: a dash and a name, and
// nothing else up to the end of the sentence.
func trailingSignature(text string, from, to int) string {
	if to-from > 120 {
		return "" // a signature is a dash and a name
	}
	toks := tokenize(text, from, to)
	k := 0
	for k < len(toks) && !toks[k].word && isQuoteToken(toks[k]) {
		k++
	}
	if k >= len(toks) || (toks[k].text != "—" && toks[k].text != "–" && toks[k].text != "-") {
		return ""
	}
	k++
	e := k
	for e < len(toks) && toks[e].word && (toks[e].cap || nameParticles[toks[e].low]) {
		e++
	}
	if e == k || e-k > 6 {
		return ""
	}
	for _, t := range toks[e:] {
		if t.word {
			return ""
		}
	}
	words := make([]string, 0, e-k)
	for _, t := range toks[k:e] {
		words = append(words, t.text)
	}
	return cleanName(strings.Join(words, " "))
}

// colonName reads `Lavrov: “…` and `Foreign Minister Sergei Lavrov: “…`: a sentence that
// is a name and a colon before the quotation.
func colonName(text string, from, to int) string {
	if to-from > 120 {
		return "" // a name and a colon
	}
	toks := tokenize(text, from, to)
	for len(toks) > 0 && isQuoteToken(toks[len(toks)-1]) {
		toks = toks[:len(toks)-1]
	}
	n := len(toks)
	if n < 2 || n > 7 || toks[n-1].text != ":" {
		return ""
	}
	words := make([]string, 0, n-1)
	for _, t := range toks[:n-1] {
		if !t.word || !(t.cap || nameParticles[t.low]) {
			return ""
		}
		words = append(words, t.text)
	}
	return cleanName(strings.Join(words, " "))
}
