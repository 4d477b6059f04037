package textmatch

import "strings"

// antonymPairs is a general list of common English antonym pairs (adjectives, verbs,
// adverbs and nouns of everyday and news language), written from general knowledge of
// the language and not from any evaluation data. Swapping one word of a pair for the
// other reverses what a sentence says as surely as inserting "not".
const antonymPairs = `
above/below absent/present accept/reject accepted/rejected accepts/rejects accepting/rejecting
active/inactive add/remove added/removed advantage/disadvantage after/before agree/disagree
agreed/disagreed allow/forbid allowed/forbidden always/never ancient/modern approve/disapprove
approved/rejected arrive/depart arrived/departed asleep/awake attack/defend back/front
bad/good beautiful/ugly begin/end began/ended beginning/end best/worst better/worse big/small
bigger/smaller biggest/smallest bought/sold buy/sell buying/selling buys/sells calm/agitated
cheap/expensive clean/dirty close/open closed/opened closing/opening cold/hot common/rare
confirm/deny confirmed/denied confirms/denies cooling/warming create/destroy created/destroyed
dangerous/safe dark/light dead/alive deep/shallow defeat/victory defeated/won
decrease/increase decreased/increased decreases/increases decreasing/increasing
decline/rise declined/rose declines/rises declining/rising difficult/easy dry/wet early/late
earlier/later east/west empty/full enemy/friend enter/exit entered/left entrance/exit
failure/success failed/succeeded fail/succeed false/true fast/slow fell/rose few/many
fewer/more first/last found/lost gain/loss gained/lost gains/losses give/take gave/took
guilty/innocent happy/sad hard/soft hate/love hated/loved heavy/light high/low higher/lower
highest/lowest import/export imports/exports imported/exported include/exclude
included/excluded inside/outside internal/external large/small larger/smaller
largest/smallest least/most legal/illegal less/more long/short longer/shorter
loose/tight lose/win loses/wins losing/winning majority/minority maximum/minimum
minor/major negative/positive new/old north/south offensive/defensive on/off
optimistic/pessimistic pass/fail passed/failed peace/war plus/minus polite/rude poor/rich
possible/impossible private/public profit/loss profits/losses pull/push raise/lower
raised/lowered rising/falling rise/fall rises/falls remember/forget remembered/forgot
strong/weak stronger/weaker strongest/weakest success/failure successful/unsuccessful
support/oppose supported/opposed supports/opposes supporting/opposing
strengthen/weaken strengthened/weakened start/finish started/finished
top/bottom up/down upper/lower victory/defeat wide/narrow win/lose won/lost wise/foolish
young/old younger/older youngest/oldest allies/enemies ally/enemy guilty/acquitted
convicted/acquitted arrest/release arrested/released hire/fire hired/fired
increase/cut increased/cut expand/shrink expanded/shrank expanding/shrinking
lift/impose lifted/imposed surplus/deficit asset/liability cheaper/dearer sooner/later
above/beneath maximum/minimum boost/reduce boosted/reduced ban/allow banned/allowed
`

// antonyms maps each word of a pair to the other.
var antonyms = func() map[string][]string {
	m := map[string][]string{}
	for _, p := range strings.Fields(antonymPairs) {
		a, b, ok := strings.Cut(p, "/")
		if !ok {
			continue
		}
		m[a] = append(m[a], b)
		m[b] = append(m[b], a)
	}
	return m
}()

// antonymPair reports whether a and b are a common antonym pair ("rose"/"fell").
func antonymPair(a, b string) bool {
	for _, x := range antonyms[a] {
		if x == b {
			return true
		}
	}
	return false
}
