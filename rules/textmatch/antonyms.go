package textmatch

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// wordnetAntonyms is WordNet's direct antonyms of adjectives, adverbs and verbs, with
// their inflected forms and derivationally related forms paired ("allow deny", "allowed
// denied", "better worse"), and the antonyms satellite adjectives inherit from their
// head ("huge small"), troponyms from their verb ("soared fell") and the other words of
// both synsets from the pair ("improve worsen", as "better worsen"): one pair a line,
// generated from the WordNet 3.0 database by internal/wordnetgen. WordNet 3.0 (c) 2006
// Princeton University, under the WordNet licence: see wordnet/NOTICE.
//
//go:embed wordnet/antonyms.txt
var wordnetAntonyms string

// handAntonyms are the pairs WordNet does not mark as antonyms, directly or through a
// satellite, troponym or synonym that the table keeps, each with its inflected forms
// written out: noun pairs of news language (WordNet's noun antonyms are left out of the
// table as a whole, since they pair man/woman and the like, which an edit may swap
// without reversing anything), pairs of verbs and adjectives that WordNet relates only
// through similar senses, the converse verbs of market and election reports above all
// (tumble/surge, soar/plunge, climb/drop, support/oppose, confirm/deny), and keeping
// against deleting, removing or discarding (WordNet opposes "keep" only to "lose"). A
// test fails when WordNet gains one of them, so the list stays the pairs it lacks.
const handAntonyms = `
add/remove added/removed adds/removes adding/removing after/before ancient/modern
beginning/end calm/agitated confirm/deny confirmed/denied confirms/denies
confirming/denying cooling/warming create/destroy created/destroyed creates/destroys
creating/destroying defeated/won enemy/friend enemies/friends entrance/exit
failure/success failures/successes gain/loss gains/losses happy/sad peace/war
profit/loss profits/losses support/oppose supported/opposed supports/opposes
supporting/opposing upper/lower victory/defeat victories/defeats ally/enemy
allies/enemies arrest/release arrested/released arrests/releases arresting/releasing
increase/cut increases/cuts increasing/cutting lift/impose lifted/imposed lifts/imposes
lifting/imposing surplus/deficit asset/liability sooner/later boost/reduce
boosted/reduced boosts/reduces boosting/reducing tumble/surge tumbled/surged
tumbles/surges tumbling/surging soar/plunge soared/plunged soars/plunges
soaring/plunging tumble/soar tumbled/soared tumbles/soars tumbling/soaring surge/plunge
surged/plunged surges/plunges surging/plunging climb/drop climbed/dropped climbs/drops
climbing/dropping jump/slump jumped/slumped jumps/slumps jumping/slumping rally/slump
rallied/slumped rallies/slumps rallying/slumping grow/shrink grew/shrank grown/shrunk
grows/shrinks growing/shrinking rise/drop rose/dropped rises/drops rising/dropping
gained/fell gained/dropped gains/falls gaining/falling ban/endorse banned/endorsed
bans/endorses banning/endorsing spur/slow spurred/slowed spurs/slows spurring/slowing
decline/rise declined/rose declines/rises declining/rising rise/decline risen/declined
increased/cut cheaper/dearer keep/delete keeps/deletes kept/deleted keeping/deleting
keep/remove keeps/removes kept/removed keeping/removing keep/discard keeps/discards
kept/discarded keeping/discarding growth/decline
`

// wordnetPairs is the lines of the WordNet table, "a b" with a < b, in the order the
// generator writes them: by a, then by b. They are searched in place, with no map built:
// the table holds tens of thousands of pairs, and a map of them cost ten times the time
// and memory to build for a lookup that runs only on substituted words.
var wordnetPairs = sync.OnceValue(func() []string {
	lines := make([]string, 0, strings.Count(wordnetAntonyms, "\n"))
	for line := range strings.Lines(wordnetAntonyms) {
		if line = strings.TrimSuffix(line, "\n"); line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	return lines
})

// comparePair orders a line "x y" of the WordNet table against the pair a, b: by x, then
// by y.
func comparePair(line, a, b string) int {
	x, y, _ := strings.Cut(line, " ")
	if c := strings.Compare(x, a); c != 0 {
		return c
	}
	return strings.Compare(y, b)
}

// handTable maps each word of a hand pair to the words it is paired with.
var handTable = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for _, p := range strings.Fields(handAntonyms) {
		if a, b, ok := strings.Cut(p, "/"); ok {
			m[a] = append(m[a], b)
			m[b] = append(m[b], a)
		}
	}
	return m
})

// antonymPair reports whether a and b are an antonym pair ("rose"/"fell").
func antonymPair(a, b string) bool {
	if slices.Contains(handTable()[a], b) {
		return true
	}
	if b < a {
		a, b = b, a
	}
	_, ok := slices.BinarySearchFunc(wordnetPairs(), a, func(line, _ string) int { return comparePair(line, a, b) })
	return ok
}
