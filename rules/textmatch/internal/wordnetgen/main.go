// Command wordnetgen turns the WordNet 3 database (the data.* and *.exc files, as
// Debian's wordnet-base installs them) into the antonym table textmatch embeds: one pair
// of single words per line, "a b", sorted, with the inflected forms of each pair paired
// slot by slot (allow/forbid, allows/forbids, allowed/forbade, allowed/forbidden,
// allowing/forbidding; good/bad, better/worse, best/worst).
//
// WordNet's direct antonyms (the "!" pointer) of adjectives, adverbs and verbs are
// read, and the derivationally related forms ("+") of both words of a pair when each
// has exactly one of a part of speech (acquit/convict gives acquittal/conviction).
// With -satellites, a satellite adjective is paired with its head's antonym (huge/small,
// compulsory/optional: WordNet's indirect antonyms, as its own browser lists them); with
// -troponyms, a verb that is a manner of another is paired with that one's antonym
// (soar/fall, plunge/rise). An inherited pair is dropped when its two words share a
// synset in some other sense; a word of many senses, a troponym of a verb with very
// many, a word tagged more often in another part of speech ("very", "said") and a sense
// seldom or never tagged in WordNet's sense-tagged corpus (cntlist.rev) inherit nothing.
// Multi-word lemmas are left out: the table is looked up one word at a time.
//
// Usage: go run ./internal/wordnetgen -dict /usr/share/wordnet -satellites -troponyms -o wordnet/antonyms.txt
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

func main() {
	dict := flag.String("dict", "/usr/share/wordnet", "directory of the WordNet database files")
	out := flag.String("o", "wordnet/antonyms.txt", "file to write")
	var o options
	flag.BoolVar(&o.wholeSynsets, "synsets", false, "pair every word of the two synsets an antonym links, not just the two words")
	flag.BoolVar(&o.satellites, "satellites", false, "pair the satellites of a head adjective with its antonym (WordNet's indirect antonyms: huge/small)")
	flag.BoolVar(&o.troponyms, "troponyms", false, "pair the troponyms of a verb with its antonym (soar/fall: soar is a way to rise)")
	flag.BoolVar(&o.cross, "cross", false, "with -satellites or -troponyms, also pair the satellites or troponyms of both sides (huge/tiny, soar/plunge)")
	near := flag.String("near", "", "comma-separated negating verbs and adjectives (fail,deny) whose synonyms, broader and narrower words to write")
	nearOut := flag.String("near-o", "wordnet/negating.txt", "with -near, the file to write them to")
	flag.Parse()
	if *near != "" {
		if err := runNear(*dict, *nearOut, strings.Split(*near, ",")); err != nil {
			slog.Error("wordnetgen", "err", err)
			os.Exit(1)
		}
	}
	if err := run(*dict, *out, o); err != nil {
		slog.Error("wordnetgen", "err", err)
		os.Exit(1)
	}
}

// options choose which WordNet relations beyond the direct antonym make a pair.
type options struct {
	// wholeSynsets: an antonym pointer pairs every word of its synset with every word
	// of the target synset.
	wholeSynsets bool
	// satellites: a satellite adjective (WordNet's "similar to" a head) is paired with
	// the head's antonym, as WordNet's own browser shows indirect antonyms.
	satellites bool
	// troponyms: a verb that is a manner of doing another (WordNet's troponym, "~") is
	// paired with that verb's antonym.
	troponyms bool
	// cross: satellites or troponyms of one side are paired with those of the other.
	cross bool
}

func run(dict, out string, o options) error {
	db, err := load(dict)
	if err != nil {
		return err
	}
	db.options = o
	pairs := db.pairs()
	if err := writeFile(out, func(w io.Writer) error { return write(w, pairs) }); err != nil {
		return err
	}
	slog.Info("wordnetgen", "pairs", len(pairs), "out", out)
	return nil
}

// writeFile creates out and writes it with fn.
func writeFile(out string, fn func(io.Writer) error) error {
	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("create %s: %w", out, err)
	}
	if err := fn(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", out, err)
	}
	return nil
}

// pos is a WordNet part of speech: 'a' (adjective, satellites included), 'r', 'v', 'n'.
type pos byte

// synset is what the generator needs of one synset: its words and its word-level
// pointers.
type synset struct {
	pos   pos
	words []string
	ptrs  []pointer
	// What a sense key of a word is made of (wndb(5WN), senseidx(5WN)): the synset
	// type ('s' for a satellite), the lexicographer file, each word's lex id and its
	// spelling as the sense keys write it (lower case, adjective marker kept).
	ssType  byte
	lexFile string
	lexIDs  []int
	raw     []string
}

type pointer struct {
	sym      string
	target   string // "pos:offset"
	src, dst int    // 1-based word numbers
}

type database struct {
	synsets   map[string]*synset // "pos:offset"
	exc       map[pos]map[string][]string
	senses    map[string][]*synset   // word -> the adjective, adverb and verb synsets holding it; built on first use
	excBase   map[string][]string    // inflected form -> its lemmas, from the exception lists
	tagged    map[string]map[pos]int // lemma -> part of speech -> times tagged in the sense-tagged corpus
	senseTags map[string]int         // sense key -> times tagged
	options
}

var files = []struct {
	name string
	pos  pos
}{{"data.adj", 'a'}, {"data.adv", 'r'}, {"data.verb", 'v'}, {"data.noun", 'n'}}

func load(dict string) (*database, error) {
	db := &database{synsets: map[string]*synset{}, exc: map[pos]map[string][]string{}, excBase: map[string][]string{}}
	for _, f := range files {
		if err := db.readData(filepath.Join(dict, f.name), f.pos); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		name string
		pos  pos
	}{{"adj.exc", 'a'}, {"verb.exc", 'v'}} {
		if err := db.readExc(filepath.Join(dict, f.name), f.pos); err != nil {
			return nil, err
		}
	}
	if err := db.readCounts(filepath.Join(dict, "cntlist.rev")); err != nil {
		return nil, err
	}
	return db, nil
}

// readCounts reads how often each sense was tagged in WordNet's sense-tagged corpus
// (cntlist.rev: "lemma%type:file:id:head:id sense count"), summed by lemma and part of
// speech. A database without the file has no counts, and every word counts as used in
// the part of speech it is paired in.
func (db *database) readCounts(path string) error {
	db.tagged, db.senseTags = map[string]map[pos]int{}, map[string]int{}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) != 3 {
			continue
		}
		w, rest, ok := strings.Cut(fs[0], "%")
		n, err := strconv.Atoi(fs[2])
		if !ok || rest == "" || err != nil {
			continue
		}
		var p pos
		switch rest[0] {
		case '1':
			p = 'n'
		case '2':
			p = 'v'
		case '3', '5':
			p = 'a'
		case '4':
			p = 'r'
		default:
			continue
		}
		if db.tagged[w] == nil {
			db.tagged[w] = map[pos]int{}
		}
		db.tagged[w][p] += n
		db.senseTags[fs[0]] = n
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// senseKey is the sense key of word k of ss ("huge%5:00:01:large:00"), "" when it
// cannot be made (a satellite without a head).
func (db *database) senseKey(ss *synset, k int) string {
	t := map[byte]string{'n': "1", 'v': "2", 'a': "3", 'r': "4", 's': "5"}[ss.ssType]
	head := ":"
	if ss.ssType == 's' {
		head = ""
		for _, pt := range ss.ptrs {
			if h := db.synsets[pt.target]; pt.sym == "&" && h != nil && len(h.raw) > 0 {
				head = fmt.Sprintf("%s:%02d", h.raw[0], h.lexIDs[0])
				break
			}
		}
		if head == "" {
			return ""
		}
	}
	return fmt.Sprintf("%s%%%s:%s:%02d:%s", ss.raw[k], t, ss.lexFile, ss.lexIDs[k], head)
}

// usedSense reports whether word k of ss is used in that sense: tagged in WordNet's
// sense-tagged corpus at least once, and in at least a tenth of the times the word is
// tagged in that part of speech. "want" is a troponym of "lack" in a sense ("the child
// wants for nothing") too rare to carry the antonym of "lack". Without counts (a
// database without cntlist.rev) every sense is used.
func (db *database) usedSense(ss *synset, k int) bool {
	if len(db.senseTags) == 0 {
		return true
	}
	key := db.senseKey(ss, k)
	n := db.senseTags[key]
	return n >= 1 && n*10 >= db.tagged[ss.words[k]][ss.pos]
}

// mostlyAs reports whether w is tagged at least as often in part of speech p as in all
// the others together, counting the lemmas w may be an inflection of ("said" of "say",
// "used" of "use") as other parts of speech: "said" and "very" are adjectives in one
// rare sense ("the said person", "the very man") and inherit no antonym through it.
func (db *database) mostlyAs(w string, p pos) bool {
	in, other := 0, 0
	for q, n := range db.tagged[w] {
		if q == p {
			in += n
		} else {
			other += n
		}
	}
	for _, base := range db.bases(w) {
		for q, n := range db.tagged[base] {
			if q == 'v' || q == 'n' {
				other += n
			}
		}
	}
	return in >= other
}

// bases is the verb and noun lemmas w may be an inflected form of: by WordNet's
// exception lists, or by a regular ending (-s, -es, -ies, -ed, -d, -ing, with a doubled
// consonant or a dropped e).
func (db *database) bases(w string) []string {
	var out []string
	add := func(b string) {
		if b != w && len(b) > 1 && db.tagged[b] != nil && !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	for _, b := range db.excBase[w] {
		add(b)
	}
	for _, suf := range []string{"s", "es", "ed", "d", "ing"} {
		stem, ok := strings.CutSuffix(w, suf)
		if !ok {
			continue
		}
		add(stem)
		add(stem + "e")
		if n := len(stem); n > 2 && stem[n-1] == stem[n-2] {
			add(stem[:n-1])
		}
	}
	if stem, ok := strings.CutSuffix(w, "ies"); ok {
		add(stem + "y")
	}
	if stem, ok := strings.CutSuffix(w, "ied"); ok {
		add(stem + "y")
	}
	return out
}

func key(p pos, off string) string { return string(p) + ":" + off }

func posOf(s string) pos {
	if s == "s" {
		return 'a'
	}
	return pos(s[0])
}

// readData reads one data.* file (format: wndb(5WN)).
func (db *database) readData(path string, p pos) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || line[0] == ' ' {
			continue // licence header
		}
		if i := strings.Index(line, " | "); i >= 0 {
			line = line[:i]
		}
		fs := strings.Fields(line)
		ss, err := parseSynset(fs, p)
		if err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
		db.synsets[key(p, fs[0])] = ss
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

var errShort = errors.New("short synset line")

func parseSynset(fs []string, p pos) (*synset, error) {
	if len(fs) < 4 {
		return nil, errShort
	}
	wc, err := strconv.ParseInt(fs[3], 16, 32)
	if err != nil {
		return nil, fmt.Errorf("word count %q: %w", fs[3], err)
	}
	i := 4
	ss := &synset{pos: p, lexFile: fs[1], ssType: fs[2][0]}
	for k := 0; k < int(wc); k++ {
		if i+1 >= len(fs) {
			return nil, errShort
		}
		w := strings.ToLower(fs[i])
		ss.raw = append(ss.raw, w)
		if j := strings.IndexByte(w, '('); j >= 0 {
			w = w[:j] // adjective markers: (a), (p), (ip)
		}
		ss.words = append(ss.words, w)
		id, err := strconv.ParseInt(fs[i+1], 16, 32)
		if err != nil {
			return nil, fmt.Errorf("lex id %q: %w", fs[i+1], err)
		}
		ss.lexIDs = append(ss.lexIDs, int(id))
		i += 2
	}
	if i >= len(fs) {
		return nil, errShort
	}
	pc, err := strconv.Atoi(fs[i])
	if err != nil {
		return nil, fmt.Errorf("pointer count %q: %w", fs[i], err)
	}
	i++
	for k := 0; k < pc; k++ {
		if i+3 >= len(fs) {
			return nil, errShort
		}
		st := fs[i+3]
		src, err1 := strconv.ParseInt(st[:2], 16, 32)
		dst, err2 := strconv.ParseInt(st[2:], 16, 32)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("pointer source/target %q: %w", st, err)
		}
		ss.ptrs = append(ss.ptrs, pointer{sym: fs[i], target: key(posOf(fs[i+2]), fs[i+1]), src: int(src), dst: int(dst)})
		i += 4
	}
	return ss, nil
}

// readExc reads an exception list: "inflected base [base...]".
func (db *database) readExc(path string, p pos) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	m := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		for _, base := range fs[1:] {
			if !strings.Contains(fs[0], "_") {
				m[base] = append(m[base], fs[0])
				db.excBase[fs[0]] = append(db.excBase[fs[0]], base)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	db.exc[p] = m
	return nil
}

// lemma is one word of one synset.
type lemma struct {
	word string
	pos  pos
	ss   *synset
	num  int
}

func single(w string) bool {
	if w == "" || len(w) < 2 {
		return false
	}
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// pairs is every antonym pair, inflected forms and derivations included.
func (db *database) pairs() [][2]string {
	set := map[[2]string]bool{}
	add := func(a, b string) {
		if a == b || !single(a) || !single(b) {
			return
		}
		if b < a {
			a, b = b, a
		}
		set[[2]string{a, b}] = true
	}
	for _, ss := range db.synsets {
		if ss.pos == 'n' {
			continue
		}
		for _, pt := range ss.ptrs {
			if pt.sym != "!" || pt.src == 0 || pt.dst == 0 {
				continue
			}
			tss := db.synsets[pt.target]
			if tss == nil || pt.src > len(ss.words) || pt.dst > len(tss.words) {
				continue
			}
			a := lemma{ss.words[pt.src-1], ss.pos, ss, pt.src}
			b := lemma{tss.words[pt.dst-1], tss.pos, tss, pt.dst}
			if db.wholeSynsets {
				for _, x := range ss.words {
					for _, y := range tss.words {
						if single(x) && single(y) {
							for _, fp := range db.inflect(x, y, ss.pos) {
								add(fp[0], fp[1])
							}
						}
					}
				}
			}
			if !single(a.word) || !single(b.word) {
				continue
			}
			for _, fp := range db.inflect(a.word, b.word, ss.pos) {
				add(fp[0], fp[1])
			}
			for _, dp := range db.derived(a, b) {
				for _, fp := range db.inflect(dp[0].word, dp[1].word, dp[0].pos) {
					add(fp[0], fp[1])
				}
			}
			// Indirect pairs: a satellite or troponym of one side against the other
			// word (and, with cross, against the other side's satellites or
			// troponyms), unless the two words are synonyms in some other sense.
			addIndirect := func(x, y string) {
				if db.synonymous(x, y) {
					return
				}
				for _, fp := range db.inflect(x, y, ss.pos) {
					add(fp[0], fp[1])
				}
			}
			xs, ys := db.narrower(ss), db.narrower(tss)
			for _, x := range xs {
				addIndirect(x, b.word)
			}
			for _, y := range ys {
				addIndirect(a.word, y)
			}
			if db.cross {
				for _, x := range xs {
					for _, y := range ys {
						addIndirect(x, y)
					}
				}
			}
		}
	}
	out := make([][2]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y [2]string) int {
		if c := strings.Compare(x[0], y[0]); c != 0 {
			return c
		}
		return strings.Compare(x[1], y[1])
	})
	return out
}

// narrower is the single words of the synsets that narrow ss and inherit its
// antonyms: with satellites, the satellite adjectives similar to a head adjective;
// with troponyms, the verbs that are a manner of ss ("soar" of "rise").
func (db *database) narrower(ss *synset) []string {
	var sym string
	switch {
	case ss.pos == 'a' && db.satellites:
		sym = "&"
	case ss.pos == 'v' && db.troponyms:
		sym = "~"
	default:
		return nil
	}
	n := 0
	for _, pt := range ss.ptrs {
		if pt.sym == sym {
			n++
		}
	}
	if ss.pos == 'v' && n > maxTroponyms {
		return nil
	}
	var out []string
	for _, pt := range ss.ptrs {
		if pt.sym != sym {
			continue
		}
		tss := db.synsets[pt.target]
		if tss == nil {
			continue
		}
		for k, w := range tss.words {
			if single(w) && !slices.Contains(out, w) && db.senseCount(w, ss.pos) <= maxSenses &&
				db.mostlyAs(w, ss.pos) && db.usedSense(tss, k) {
				out = append(out, w)
			}
		}
	}
	return out
}

// maxTroponyms is the most troponyms a verb may have for them to inherit its antonym: a
// verb with hundreds of them is a general one ("change", whose antonym is "stay"), and
// its troponyms share no direction.
const maxTroponyms = 30

// maxSenses is the most senses of its part of speech a satellite or troponym may have
// to inherit an antonym: the antonym holds for one sense, and a word of many ("be",
// "keep", "break", "drop") is more often used in another.
const maxSenses = 12

// senseCount is the number of synsets of part of speech p that hold w.
func (db *database) senseCount(w string, p pos) int {
	db.index()
	n := 0
	for _, ss := range db.senses[w] {
		if ss.pos == p {
			n++
		}
	}
	return n
}

// index builds senses on first use.
func (db *database) index() {
	if db.senses != nil {
		return
	}
	db.senses = map[string][]*synset{}
	for _, ss := range db.synsets {
		if ss.pos == 'n' {
			continue
		}
		for _, w := range ss.words {
			db.senses[w] = append(db.senses[w], ss)
		}
	}
}

// synonymous reports whether a and b share a synset of an adjective, adverb or verb:
// words that mean the same in some sense are no pair, whatever their other senses.
func (db *database) synonymous(a, b string) bool {
	db.index()
	for _, ss := range db.senses[a] {
		if slices.Contains(ss.words, b) {
			return true
		}
	}
	return false
}

// derived pairs the derivationally related forms of a and b, part of speech by part of
// speech, where each word has exactly one single-word form of that part of speech.
func (db *database) derived(a, b lemma) [][2]lemma {
	da, db2 := db.derivations(a), db.derivations(b)
	var out [][2]lemma
	for p, xs := range da {
		ys := db2[p]
		if len(xs) == 1 && len(ys) == 1 {
			out = append(out, [2]lemma{xs[0], ys[0]})
		}
	}
	return out
}

func (db *database) derivations(l lemma) map[pos][]lemma {
	m := map[pos][]lemma{}
	seen := map[string]bool{}
	for _, pt := range l.ss.ptrs {
		if pt.sym != "+" || pt.src != l.num {
			continue
		}
		tss := db.synsets[pt.target]
		if tss == nil || pt.dst < 1 || pt.dst > len(tss.words) {
			continue
		}
		w := tss.words[pt.dst-1]
		if !single(w) || seen[string(tss.pos)+w] || w == l.word {
			continue
		}
		seen[string(tss.pos)+w] = true
		m[tss.pos] = append(m[tss.pos], lemma{w, tss.pos, tss, pt.dst})
	}
	return m
}

// inflect pairs the inflected forms of a and b slot by slot.
func (db *database) inflect(a, b string, p pos) [][2]string {
	fa, fb := db.forms(a, p), db.forms(b, p)
	var out [][2]string
	for slot, xs := range fa {
		for _, x := range xs {
			for _, y := range fb[slot] {
				out = append(out, [2]string{x, y})
			}
		}
	}
	return out
}

// Inflection slots.
const (
	slotBase = iota
	slotS    // verbs: third person; nouns: plural
	slotPast // verbs: past and past participle
	slotIng
	slotEr // adjectives
	slotEst
	nSlots
)

func (db *database) forms(w string, p pos) [nSlots][]string {
	var f [nSlots][]string
	f[slotBase] = []string{w}
	switch p {
	case 'v':
		irr := db.exc['v'][w]
		for _, x := range irr {
			switch {
			case strings.HasSuffix(x, "ing"):
				f[slotIng] = append(f[slotIng], x)
			case x == w+"s" || x == w+"es":
				f[slotS] = append(f[slotS], x)
			default:
				f[slotPast] = append(f[slotPast], x)
			}
		}
		if f[slotS] == nil {
			f[slotS] = []string{plural(w)}
		}
		if f[slotPast] == nil {
			f[slotPast] = []string{past(w)}
		}
		if f[slotIng] == nil {
			f[slotIng] = []string{ing(w)}
		}
	case 'n':
		f[slotS] = []string{plural(w)}
	case 'a':
		irr := db.exc['a'][w]
		for _, x := range irr {
			if strings.HasSuffix(x, "st") {
				f[slotEst] = append(f[slotEst], x)
			} else {
				f[slotEr] = append(f[slotEr], x)
			}
		}
		if irr == nil && short(w) {
			f[slotEr] = []string{comparative(w, "er")}
			f[slotEst] = []string{comparative(w, "est")}
		}
	}
	return f
}

func vowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// syllables counts vowel groups, a rough syllable count.
func syllables(w string) int {
	n := 0
	for i := 0; i < len(w); i++ {
		if vowel(w[i]) && (i == 0 || !vowel(w[i-1])) {
			n++
		}
	}
	if strings.HasSuffix(w, "e") && n > 1 {
		n--
	}
	return n
}

// short: an adjective compared with -er/-est (one syllable, or two ending in y).
func short(w string) bool {
	s := syllables(w)
	return s == 1 || s == 2 && strings.HasSuffix(w, "y")
}

// cvc: ends consonant-vowel-consonant with one syllable, so the consonant doubles (stop,
// stopped).
func cvc(w string) bool {
	n := len(w)
	if n < 3 || syllables(w) != 1 {
		return false
	}
	c := w[n-1]
	return !vowel(c) && strings.IndexByte("wxy", c) < 0 && vowel(w[n-2]) && !vowel(w[n-3])
}

func plural(w string) string {
	switch {
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"),
		strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return w + "es"
	case strings.HasSuffix(w, "y") && len(w) > 1 && !vowel(w[len(w)-2]):
		return w[:len(w)-1] + "ies"
	}
	return w + "s"
}

func past(w string) string {
	switch {
	case strings.HasSuffix(w, "e"):
		return w + "d"
	case strings.HasSuffix(w, "y") && len(w) > 1 && !vowel(w[len(w)-2]):
		return w[:len(w)-1] + "ied"
	case cvc(w):
		return w + w[len(w)-1:] + "ed"
	}
	return w + "ed"
}

func ing(w string) string {
	switch {
	case strings.HasSuffix(w, "ie"):
		return w[:len(w)-2] + "ying"
	case strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") && len(w) > 2:
		return w[:len(w)-1] + "ing"
	case cvc(w):
		return w + w[len(w)-1:] + "ing"
	}
	return w + "ing"
}

func comparative(w, suf string) string {
	switch {
	case strings.HasSuffix(w, "e"):
		return w + suf[1:]
	case strings.HasSuffix(w, "y") && len(w) > 1 && !vowel(w[len(w)-2]):
		return w[:len(w)-1] + "i" + suf
	case cvc(w):
		return w + w[len(w)-1:] + suf
	}
	return w + suf
}

func write(w io.Writer, pairs [][2]string) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# Antonym pairs from WordNet 3.0 (c) 2006 Princeton University; see NOTICE beside this file.")
	fmt.Fprintln(bw, "# Generated by rules/textmatch/internal/wordnetgen (go generate ./rules/textmatch); do not edit.")
	for _, p := range pairs {
		fmt.Fprintf(bw, "%s %s\n", p[0], p[1])
	}
	return bw.Flush()
}
