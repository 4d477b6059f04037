package textmatch

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in the form quotes are compared in: Unicode NFKC, case folded,
// typographic quotes and apostrophes replaced by ', dashes by -, soft hyphens and
// zero-width characters removed, runs of white space collapsed to one space and the ends
// trimmed. Normalize is idempotent.
func Normalize(s string) string {
	// Folding and composing can each undo the other's fixed point on rare inputs (a
	// removed zero-width character between a letter and a combining mark, a folded
	// character whose result composes), so repeat until nothing changes.
	for range 4 {
		t := normalizeOnce(s)
		if t == s {
			break
		}
		s = t
	}
	return s
}

func normalizeOnce(s string) string {
	s = removeIgnorable(s)
	s = foldString(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case isQuoteMark(r):
			r = '\''
		case isDash(r):
			r = '-'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldString applies NFKC, full case folding and NFKC again (folding can produce
// sequences that compose).
func foldString(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	s = norm.NFKC.String(s)
	s = cases.Fold().String(s)
	return norm.NFKC.String(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isIgnorable reports the invisible characters that only steer line breaking or shaping:
// they must not split or change a word.
func isIgnorable(r rune) bool {
	switch r {
	case '\u00ad', '\u034f', '\u180e', '\u200b', '\u200c', '\u200d', '\u2060', '\u2061',
		'\u2062', '\u2063', '\u2064', '\ufeff':
		return true
	}
	return false
}

func removeIgnorable(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isIgnorable(r) {
			return -1
		}
		return r
	}, s)
}

func isQuoteMark(r rune) bool {
	switch r {
	case '"', '\u2018', '\u2019', '\u201a', '\u201b', '\u201c', '\u201d', '\u201e', '\u201f',
		'\u00ab', '\u00bb', '\u2039', '\u203a', '\u02bc', '\u2032', '\u2033', '\u300c',
		'\u300d', '\u300e', '\u300f', '`', '\u00b4':
		return true
	}
	return false
}

// isApostrophe reports the characters that may join the two halves of a word
// ("don't", "Russia’s").
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u02bc', '\u2018', '\u2032', '`':
		return true
	}
	return false
}

func isDash(r rune) bool {
	switch r {
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\u2e3a',
		'\u2e3b', '\ufe58', '\ufe63', '\uff0d':
		return true
	}
	return false
}

// Token is one word of a text.
type Token struct {
	Text       string // normalised form
	Start, End int    // byte offsets in the input string
	// Number is set for numbers and dates: "2,000" and "2000" both read "2000", and a
	// day next to a month ("24 February", "Feb. 24", "February 24th") is one token that
	// reads "24 february". Number words ("three") and month and weekday names are
	// numbers too: changing one changes a fact.
	Number bool
}

// Tokenize splits s into words, normalised as [Normalize] does, with their byte offsets
// in s. Punctuation separates words and is dropped; hyphenated words are split
// ("20-year" is "20" and "year"); an apostrophe inside a word keeps it whole ("don't").
func Tokenize(s string) []Token {
	return tokenize(s, make([]Token, 0, len(s)/6+1))
}

func tokenize(s string, out []Token) []Token {
	sc := scanner{s: s}
	for {
		start, end, ok := sc.next()
		if !ok {
			break
		}
		var text string
		if !sc.changed {
			text = s[start:end]
		} else {
			text = string(sc.buf)
		}
		out = append(out, Token{Text: text, Start: start, End: end, Number: isNumberWord(text)})
	}
	return mergeDates(s, out)
}

// scanner walks the words of a text without allocating: after next, buf holds the
// normalised word and changed says whether it differs from the input bytes.
type scanner struct {
	s       string
	i       int
	buf     []byte
	changed bool
}

func (sc *scanner) next() (start, end int, ok bool) {
	s := sc.s
	// Skip to the start of a word.
	for sc.i < len(s) {
		c := s[sc.i]
		if c < utf8.RuneSelf {
			if isWordByte(c) {
				break
			}
			sc.i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[sc.i:])
		if isWordRune(r) && !unicode.IsMark(r) {
			break
		}
		sc.i += n
	}
	if sc.i >= len(s) {
		return 0, 0, false
	}
	start = sc.i
	sc.buf = sc.buf[:0]
	sc.changed = false
	nonASCII := false
	i := sc.i
	end = i
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				sc.buf = append(sc.buf, c)
				i++
				end = i
				continue
			case 'A' <= c && c <= 'Z':
				sc.buf = append(sc.buf, c+'a'-'A')
				sc.changed = true
				i++
				end = i
				continue
			case c == ',' || c == '.':
				if n := numberSeparator(s, i, sc.buf); n > 0 {
					if c == '.' {
						sc.buf = append(sc.buf, '.')
					} else {
						sc.changed = true
					}
					i++
					continue
				}
			case c == '\'' || c == '`':
				if i+1 < len(s) && len(sc.buf) > 0 && isLetterByteOrRune(s, end) && isLetterAt(s, i+1) {
					if c != '\'' {
						sc.changed = true
					}
					sc.buf = append(sc.buf, '\'')
					i++
					continue
				}
			}
			break
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isIgnorable(r):
			sc.changed = true
			i += n
			continue
		case isApostrophe(r):
			if len(sc.buf) > 0 && isLetterByteOrRune(s, end) && isLetterAt(s, i+n) {
				sc.buf = append(sc.buf, '\'')
				sc.changed = true
				i += n
				continue
			}
		case isWordRune(r):
			sc.buf = utf8.AppendRune(sc.buf, r)
			nonASCII = true
			i += n
			end = i
			continue
		}
		break
	}
	if end <= start {
		// Only ignorable characters followed the first byte; cannot happen for a word
		// start, but never loop forever.
		end = start + 1
	}
	sc.i = end
	if i > sc.i {
		sc.i = i
	}
	if nonASCII {
		sc.buf = foldBytes(sc.buf)
		sc.changed = true
	}
	// A trailing apostrophe or separator consumed above is not part of the word.
	for len(sc.buf) > 0 {
		last := sc.buf[len(sc.buf)-1]
		if last != '\'' && last != '.' {
			break
		}
		sc.buf = sc.buf[:len(sc.buf)-1]
		sc.changed = true
	}
	if len(sc.buf) == 0 {
		// The word folded away (a lone mark, say): keep its raw bytes so it still counts.
		sc.buf = append(sc.buf, s[start:end]...)
		sc.changed = true
	}
	return start, end, true
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isWordByte(byte(r))
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// isLetterAt reports whether a letter starts at byte i of s.
func isLetterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if s[i] < utf8.RuneSelf {
		c := s[i]
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// isLetterByteOrRune reports whether the word character that ends at byte end of s is a
// letter (apostrophes join letters, not digits: "the 1990's" keeps one word anyway).
func isLetterByteOrRune(s string, end int) bool {
	if end <= 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:end])
	return unicode.IsLetter(r) || unicode.IsMark(r)
}

// numberSeparator reports whether the ',' or '.' at s[i] sits inside a number: a digit
// before it (the last normalised byte) and a digit after it. A comma must be followed by
// exactly three digits (a thousands separator).
func numberSeparator(s string, i int, buf []byte) int {
	if len(buf) == 0 || buf[len(buf)-1] < '0' || buf[len(buf)-1] > '9' {
		return 0
	}
	if i+1 >= len(s) || s[i+1] < '0' || s[i+1] > '9' {
		return 0
	}
	if s[i] == ',' {
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j-(i+1) != 3 {
			return 0
		}
	}
	return 1
}

func foldBytes(b []byte) []byte {
	s := foldString(string(b))
	s = removeIgnorable(s)
	return append(b[:0], s...)
}

var numberWords = map[string]bool{
	"zero": true, "one": true, "two": true, "three": true, "four": true, "five": true,
	"six": true, "seven": true, "eight": true, "nine": true, "ten": true, "eleven": true,
	"twelve": true, "thirteen": true, "fourteen": true, "fifteen": true, "sixteen": true,
	"seventeen": true, "eighteen": true, "nineteen": true, "twenty": true, "thirty": true,
	"forty": true, "fifty": true, "sixty": true, "seventy": true, "eighty": true,
	"ninety": true, "hundred": true, "thousand": true, "million": true, "billion": true,
	"trillion": true, "dozen": true, "half": true, "twice": true, "once": true,
	"first": true, "second": true, "third": true, "fourth": true, "fifth": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true,
	"january": true, "february": true, "april": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// months maps month names and abbreviations to their canonical name. "may" and "march"
// are months only next to a day number.
var months = map[string]string{
	"january": "january", "jan": "january", "february": "february", "feb": "february",
	"march": "march", "mar": "march", "april": "april", "apr": "april", "may": "may",
	"june": "june", "jun": "june", "july": "july", "jul": "july", "august": "august",
	"aug": "august", "september": "september", "sep": "september", "sept": "september",
	"october": "october", "oct": "october", "november": "november", "nov": "november",
	"december": "december", "dec": "december",
}

func isNumberWord(t string) bool {
	if t == "" {
		return false
	}
	if c := t[0]; c >= '0' && c <= '9' {
		return true
	}
	if t[0] >= utf8.RuneSelf {
		r, _ := utf8.DecodeRuneInString(t)
		return unicode.IsDigit(r)
	}
	return numberFilter.may(t) && numberWords[t]
}

// dayNumber returns the day a token names ("24", "24th") or 0.
func dayNumber(t string) int {
	d := 0
	i := 0
	for i < len(t) && i < 2 && t[i] >= '0' && t[i] <= '9' {
		d = d*10 + int(t[i]-'0')
		i++
	}
	if i == 0 || d < 1 || d > 31 {
		return 0
	}
	switch t[i:] {
	case "", "st", "nd", "rd", "th":
		return d
	}
	return 0
}

// mergeDates joins a month and an adjacent day number into one date token, so that
// "24 February" and "February 24" compare equal.
func mergeDates(s string, toks []Token) []Token {
	w := 0
	for r := 0; r < len(toks); r++ {
		t := toks[r]
		if r+1 < len(toks) {
			u := toks[r+1]
			// Most words are no month: the filter spares the gap check and the lookups.
			maybe := monthFilter.may(t.Text) || monthFilter.may(u.Text)
			near := maybe && u.Start-t.End <= 3 && !strings.ContainsAny(s[t.End:u.Start], "\n;:!?")
			if near {
				var month string
				var day int
				if m, ok := months[t.Text]; ok {
					month, day = m, dayNumber(u.Text)
				} else if m, ok := months[u.Text]; ok {
					month, day = m, dayNumber(t.Text)
				}
				if month != "" && day > 0 {
					toks[w] = Token{Text: itoa(day) + " " + month, Start: t.Start, End: u.End, Number: true}
					w++
					r++
					continue
				}
			}
		}
		toks[w] = t
		w++
	}
	return toks[:w]
}

func itoa(d int) string {
	if d < 10 {
		return string(rune('0' + d))
	}
	return string([]byte{byte('0' + d/10), byte('0' + d%10)})
}

// Numbers returns the normalised numbers and dates of s, in order ("2,000" -> "2000",
// "Feb. 24" -> "24 february"). Number words and lone weekday or month names are left
// out: they are too often not facts ("one of them").
func Numbers(s string) []string {
	var out []string
	for _, t := range Tokenize(s) {
		if t.Number && hasDigit(t.Text) {
			out = append(out, t.Text)
		}
	}
	return out
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// negationWords are the words that flip the meaning of a clause.
var negationWords = map[string]bool{
	"not": true, "never": true, "no": true, "without": true, "nobody": true, "nothing": true,
	"none": true, "neither": true, "nor": true, "cannot": true, "nowhere": true,
	"noone": true, "n't": true,
}

func isNegation(t string) bool {
	return negationWords[t] || strings.HasSuffix(t, "n't")
}

// negatingPhrase reports whether token i of s opens a phrase that negates what follows
// it: "instead of", "rather than" ("murder instead of manslaughter" denies the
// manslaughter).
func negatingPhrase(s *seq, i int) bool {
	if i+1 >= len(s.toks) {
		return false
	}
	switch s.toks[i].Text {
	case "instead":
		return s.toks[i+1].Text == "of"
	case "rather":
		return s.toks[i+1].Text == "than"
	}
	return false
}

// Modal words of obligation and of permission. WordNet has no modal verbs and does not
// relate "force" or "require" to "allow", so the two classes are written out here: a
// word of one class swapped for a word of the other ("forced to" -> "allowed to",
// "must" -> "may") turns a duty into a choice or back.
var (
	obligationWords = map[string]bool{
		"must": true, "force": true, "forces": true, "forced": true, "require": true,
		"requires": true, "required": true, "oblige": true, "obliges": true, "obliged": true,
		"obligated": true, "compel": true, "compels": true, "compelled": true,
		"mandatory": true, "compulsory": true, "obligatory": true,
	}
	permissionWords = map[string]bool{
		"may": true, "might": true, "can": true, "allow": true, "allows": true,
		"allowed": true, "permit": true, "permits": true, "permitted": true, "free": true,
		"voluntary": true, "optional": true,
	}
)

// modalFlip reports whether a and b are an obligation and a permission.
func modalFlip(a, b string) bool {
	return obligationWords[a] && permissionWords[b] || permissionWords[a] && obligationWords[b]
}

// Words that leave a person dead, and words that leave one alive. Casualty reports are
// where a swap of the two misleads most ("three were killed" -> "three were injured",
// "police killed the gunman" -> "arrested the gunman"), and WordNet relates none of them
// as antonyms: a word of one class swapped for a word of the other reverses whether
// someone lived.
var (
	deathWords = map[string]bool{
		"kill": true, "kills": true, "killed": true, "killing": true, "die": true, "dies": true,
		"died": true, "dying": true, "dead": true, "executed": true, "slain": true,
		"murdered": true, "fatally": true, "perished": true,
	}
	survivalWords = map[string]bool{
		"arrest": true, "arrests": true, "arrested": true, "captured": true, "detained": true,
		"injured": true, "wounded": true, "hurt": true, "rescued": true, "survive": true,
		"survives": true, "survived": true, "surviving": true, "freed": true, "alive": true,
		"hospitalised": true, "hospitalized": true, "unharmed": true,
	}
)

// fateFlip reports whether one of a and b leaves a person dead and the other alive.
func fateFlip(a, b string) bool {
	return deathWords[a] && survivalWords[b] || survivalWords[a] && deathWords[b]
}

// negates reports whether a word negates: a negation word, or a negating verb that the
// other side has no word for (one swapped for another word, "shut down" -> "stopped",
// is a rewording of a verb, not a negation added).
func negates(t string, swapped bool) bool {
	return isNegation(t) || !swapped && negatingWord(t)
}

// negatedPair reports whether one word is the other with a negating prefix
// ("popular"/"unpopular", "legal"/"illegal", "agree"/"disagree").
func negatedPair(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) < 4 || !strings.HasSuffix(b, a) {
		return false
	}
	switch b[:len(b)-len(a)] {
	case "un", "in", "im", "il", "ir", "dis", "non", "non-":
		return true
	}
	return false
}

// wordFilter tells from a word's first byte and length whether it may be one of a set
// of words, so that most words skip the map lookup: it gives no false negatives. The
// number, month and stop-word lookups ran for every token of every window a lookup
// compares and cost more than tokenising it.
type wordFilter [256]uint32

func newWordFilter[V any](words map[string]V) *wordFilter {
	f := new(wordFilter)
	for w := range words {
		if w != "" {
			f[w[0]] |= 1 << min(len(w), 31)
		}
	}
	return f
}

// may reports whether s may be in the set; "" never is.
func (f *wordFilter) may(s string) bool {
	return s != "" && f[s[0]]&(1<<min(len(s), 31)) != 0
}

var (
	numberFilter = newWordFilter(numberWords)
	monthFilter  = newWordFilter(months)
	stopFilter   = newWordFilter(stopWords)
)

// isStop reports whether t is a function word.
func isStop(t string) bool { return stopFilter.may(t) && stopWords[t] }

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or of to in on at by for with from as is are was
		were be been being it its this that these those he she they we you i his her their our
		your my me him them us who whom which what when where how than then there here so such
		also has have had do does did will would shall should can could may might must said says
		about into over after before up down out off more most some any all each other
		very too s t if but because while during since until again further once both few own same
		own ' said`) {
		m[w] = true
	}
	return m
}()
