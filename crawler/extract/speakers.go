package extract

import (
	"regexp"
	"strings"
)

// speechVerbs introduce reported speech: "Lavrov said", "said Lavrov", "Wang told reporters".
const speechVerbs = `said|says|say|told|tells|added|adds|stated|states|declared|declares|wrote|writes|` +
	`tweeted|posted|announced|announces|vowed|vows|warned|warns|noted|notes|insisted|insists|` +
	`argued|argues|explained|explains|claimed|claims|asked|asks|replied|replies|responded|` +
	`continued|urged|urges|stressed|stresses|emphasised|emphasized|remarked|admitted|` +
	`acknowledged|confirmed|confirms|denied|denies|promised|pledged|commented|recalled|concluded|` +
	`predicted|suggested|revealed|reiterated|boasted|complained|conceded|observed`

// A name is a run of one to five capitalised words ("Sergei Lavrov", "Wang Yi", "Hu Xijin",
// "Ursula von der Leyen"). Possessives are not names.
const namePattern = `((?:[\p{Lu}][\p{L}\p{M}.'’-]*|von|van|der|de|da|del|al|bin|la|le)(?:\s+(?:[\p{Lu}][\p{L}\p{M}.'’-]*|von|van|der|de|da|del|al|bin|la|le)){0,4})`

// speechVerbSet holds the verbs of speechVerbs, to skip the patterns where none occurs.
var speechVerbSet = wordSet(strings.ReplaceAll(speechVerbs, "|", " "))

var (
	nameThenVerb = regexp.MustCompile(namePattern + `\s*,?\s+(?:` + speechVerbs + `)\b`)
	verbThenName = regexp.MustCompile(`^[\s,;:—–-]*(?:` + speechVerbs + `)\s+` + namePattern)
	leadNameVerb = regexp.MustCompile(`^[\s,;:—–-]*` + namePattern + `\s+(?:` + speechVerbs + `)\b`)
	pronounVerb  = regexp.MustCompile(`(?i)^[\s,;:—–-]*(?:he|she|they)\s+(?:` + speechVerbs + `)\b|\b(?:he|she|they)\s+(?:` + speechVerbs + `)\b`)
)

// titles are dropped from the front of a name: "Foreign Minister Wang Yi" is "Wang Yi".
var titles = map[string]bool{
	"president": true, "minister": true, "foreign": true, "prime": true, "secretary": true,
	"senator": true, "sen.": true, "rep.": true, "gov.": true, "governor": true, "chancellor": true,
	"general": true, "gen.": true, "mr": true, "mr.": true, "mrs": true, "mrs.": true, "ms": true,
	"ms.": true, "dr": true, "dr.": true, "prof.": true, "professor": true, "spokesman": true,
	"spokeswoman": true, "spokesperson": true, "ambassador": true, "director": true, "chief": true,
	"chairman": true, "chairwoman": true, "ceo": true, "deputy": true, "vice": true, "king": true,
	"queen": true, "pope": true, "judge": true, "justice": true, "mayor": true, "premier": true,
	"state": true, "defense": true, "defence": true, "interior": true, "press": true,
	"the": true, "but": true, "and": true, "in": true, "on": true, "as": true, "when": true,
	"then": true, "also": true, "earlier": true, "later": true, "meanwhile": true, "however": true,
	"instead": true, "russian": true, "chinese": true, "american": true, "british": true,
	"french": true, "german": true, "ukrainian": true, "indian": true, "us": true, "u.s.": true,
	"uk": true, "eu": true, "former": true, "top": true, "senior": true, "official": true,
}

// notNames are capitalised words that open a sentence but name nobody.
var notNames = map[string]bool{
	"it": true, "this": true, "that": true, "there": true, "they": true, "he": true, "she": true,
	"we": true, "i": true, "you": true, "who": true, "what": true, "which": true, "officials": true,
	"reports": true, "sources": true, "experts": true, "analysts": true, "critics": true,
	"people": true, "police": true, "witnesses": true, "residents": true,
}

// cleanName removes titles from the front of a name and refuses words that are no name.
func cleanName(s string) string {
	words := strings.Fields(s)
	for len(words) > 1 && titles[strings.ToLower(words[0])] {
		words = words[1:]
	}
	if len(words) == 1 && (titles[strings.ToLower(words[0])] || notNames[strings.ToLower(words[0])]) {
		return ""
	}
	name := strings.Join(words, " ")
	name = strings.TrimRight(name, ".,")
	if strings.HasSuffix(name, "'s") || strings.HasSuffix(name, "’s") {
		return ""
	}
	return name
}

// speakerOf finds who speaks a quote from the sentence around it: the text after the quote
// ("…,” Lavrov said / said Lavrov) first, then the nearest "Name said" before it. A
// pronoun ("he said") takes the previous speaker.
func speakerOf(before, after, previous string) string {
	if !hasAny(lowerWords(before+" "+after), speechVerbSet) {
		return ""
	}
	if m := leadNameVerb.FindStringSubmatch(after); m != nil {
		if n := cleanName(m[1]); n != "" {
			return n
		}
	}
	if m := verbThenName.FindStringSubmatch(after); m != nil {
		if n := cleanName(m[1]); n != "" {
			return n
		}
	}
	if pronounVerb.MatchString(after) && previous != "" {
		return previous
	}
	all := nameThenVerb.FindAllStringSubmatch(before, -1)
	for i := len(all) - 1; i >= 0; i-- {
		if n := cleanName(all[i][1]); n != "" {
			return n
		}
	}
	if pronounVerb.MatchString(before) && previous != "" {
		return previous
	}
	return ""
}
