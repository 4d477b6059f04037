package main

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
)

// runNear writes, for each negating word, the words that mean much the same as it in
// WordNet: one line a word, "fail fails failed failing: flunk flunks … founder …", its
// inflected forms before the colon and the near words' after. A negating verb swapped
// for a near word ("avoided" -> "evaded", "lack" -> "absence") is a rewording; swapped
// for any other word ("mentioned" -> "denied") it negates what the other word stated.
func runNear(dict, out string, words []string) error {
	db, err := load(dict)
	if err != nil {
		return err
	}
	if err := writeFile(out, func(w io.Writer) error { return db.writeNear(w, words) }); err != nil {
		return err
	}
	slog.Info("wordnetgen", "negating", len(words), "out", out)
	return nil
}

// nearSyms are the pointers from a synset to one that means much the same or a little
// more or less: broader (hypernym), narrower (hyponym, troponym), similar (satellite),
// verb group, and derivationally related (the noun of a verb: "lack" -> "absence").
var nearSyms = []string{"@", "@i", "~", "~i", "&", "$", "+"}

// particles end the phrasal verbs whose first word stands for the whole ("shut down").
var particles = []string{"up", "down", "out", "off", "in", "on", "away", "back", "over"}

// headWord is w, or the first word of a phrasal verb w ("shut_down" -> "shut"), or "".
func headWord(w string) string {
	first, rest, ok := strings.Cut(w, "_")
	if !ok {
		return w
	}
	if slices.Contains(particles, rest) {
		return first
	}
	return ""
}

func (db *database) writeNear(w io.Writer, words []string) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# Negating words and the words WordNet 3.0 gives as meaning much the same (synonyms, broader,")
	fmt.Fprintln(bw, "# narrower, similar and derived words), written by internal/wordnetgen -near; WordNet 3.0")
	fmt.Fprintln(bw, "# (c) 2006 Princeton University, under the WordNet licence (wordnet/NOTICE).")
	for _, word := range words {
		word = strings.TrimSpace(word)
		own, near := db.near(word)
		if len(own) == 0 {
			return fmt.Errorf("%q is not in WordNet", word)
		}
		fmt.Fprintf(bw, "%s: %s\n", strings.Join(own, " "), strings.Join(near, " "))
	}
	return bw.Flush()
}

// near is the inflected forms of word, and those of the words near it in any sense.
func (db *database) near(word string) (own, near []string) {
	set := map[string]bool{}
	add := func(w string, p pos) {
		w = headWord(w)
		if !single(w) {
			return
		}
		for _, fs := range db.forms(w, p) {
			for _, f := range fs {
				set[f] = true
			}
		}
	}
	ownSet := map[string]bool{}
	for _, ss := range db.synsets {
		if !slices.Contains(ss.words, word) {
			continue
		}
		for _, fs := range db.forms(word, ss.pos) {
			for _, f := range fs {
				ownSet[f] = true
			}
		}
		for _, x := range ss.words {
			add(x, ss.pos)
		}
		for _, pt := range ss.ptrs {
			if !slices.Contains(nearSyms, pt.sym) {
				continue
			}
			if tss := db.synsets[pt.target]; tss != nil {
				for _, x := range tss.words {
					add(x, tss.pos)
				}
			}
		}
	}
	for f := range ownSet {
		delete(set, f)
		own = append(own, f)
	}
	for f := range set {
		near = append(near, f)
	}
	slices.Sort(own)
	slices.Sort(near)
	return own, near
}
