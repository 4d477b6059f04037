package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestInflections(t *testing.T) {
	tests := []struct {
		fn            func(string) string
		name, w, want string
	}{
		{plural, "plural", "rise", "rises"},
		{plural, "plural", "buy", "buys"},
		{plural, "plural", "deny", "denies"},
		{plural, "plural", "push", "pushes"},
		{past, "past", "allow", "allowed"},
		{past, "past", "close", "closed"},
		{past, "past", "deny", "denied"},
		{past, "past", "stop", "stopped"},
		{past, "past", "open", "opened"},
		{ing, "ing", "close", "closing"},
		{ing, "ing", "die", "dying"},
		{ing, "ing", "stop", "stopping"},
		{ing, "ing", "agree", "agreeing"},
		{func(w string) string { return comparative(w, "er") }, "er", "big", "bigger"},
		{func(w string) string { return comparative(w, "est") }, "est", "happy", "happiest"},
		{func(w string) string { return comparative(w, "er") }, "er", "wide", "wider"},
	}
	for _, tc := range tests {
		if got := tc.fn(tc.w); got != tc.want {
			t.Errorf("%s(%q) = %q, want %q", tc.name, tc.w, got, tc.want)
		}
	}
}

// TestPairs builds the table from a two-synset database in WordNet's own format.
func TestPairs(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"data.verb": "  1 This is a licence header line\n" +
			"00000001 30 v 01 rise 0 002 ! 00000002 v 0101 + 00000003 n 0101 01 + 01 00 | go up\n" +
			"00000002 30 v 02 fall 0 drop 0 002 ! 00000001 v 0101 + 00000004 n 0101 01 + 01 00 | go down\n",
		"data.noun": "00000003 04 n 01 rise 0 000 | an upward movement\n" +
			"00000004 04 n 01 fall 0 000 | a downward movement\n",
		"data.adj": "00000005 00 a 01 good(a) 0 001 ! 00000006 a 0101 | good\n" +
			"00000006 00 a 01 bad 0 001 ! 00000005 a 0101 | bad\n",
		"data.adv": "",
		"verb.exc": "rose rise\nrisen rise\nfell fall\nfallen fall\n",
		"adj.exc":  "better good\nbest good\nworse bad\nworst bad\n",
	}
	db := loadFiles(t, dir, files)
	got := db.pairs()
	for _, want := range [][2]string{
		{"fall", "rise"}, {"falls", "rises"}, {"falling", "rising"}, {"fell", "rose"},
		{"fallen", "risen"}, {"bad", "good"}, {"better", "worse"}, {"best", "worst"},
	} {
		if !slices.Contains(got, want) {
			t.Errorf("pairs lack %v (got %v)", want, got)
		}
	}
	if slices.Contains(got, [2]string{"drop", "rise"}) {
		t.Errorf("pairs hold drop/rise: only the two words the pointer links are antonyms")
	}
}

// TestIndirectPairs: satellites inherit their head's antonym, troponyms their verb's,
// and two words that share a synset never pair.
func TestIndirectPairs(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"data.verb": "00000001 30 v 01 rise 0 002 ! 00000002 v 0101 ~ 00000007 v 0000 01 + 01 00 | go up\n" +
			"00000002 30 v 01 fall 0 002 ! 00000001 v 0101 ~ 00000008 v 0000 01 + 01 00 | go down\n" +
			"00000007 30 v 01 soar 0 001 @ 00000001 v 0000 01 + 01 00 | rise fast\n" +
			"00000008 30 v 02 plunge 0 dip 0 001 @ 00000002 v 0000 01 + 01 00 | fall fast\n",
		"data.noun": "",
		"data.adj": "00000005 00 a 01 large 0 003 ! 00000006 a 0101 & 00000009 a 0000 & 00000010 a 0000 | large\n" +
			"00000006 00 a 01 small 0 002 ! 00000005 a 0101 & 00000011 a 0000 | small\n" +
			"00000009 00 s 01 huge 0 001 & 00000005 a 0000 | very large\n" +
			"00000010 00 s 02 great 0 small 0 001 & 00000005 a 0000 | a sense where great and small mean the same\n" +
			"00000011 00 s 01 tiny 0 001 & 00000006 a 0000 | very small\n",
		"data.adv": "",
		"verb.exc": "rose rise\nrisen rise\nfell fall\nfallen fall\n",
		"adj.exc":  "",
	}
	db := loadFiles(t, dir, files)
	db.satellites, db.troponyms = true, true
	got := db.pairs()
	for _, want := range [][2]string{
		{"huge", "small"}, {"large", "tiny"}, {"fall", "soar"}, {"fell", "soared"},
		{"plunge", "rise"}, {"dip", "rise"}, {"plunged", "rose"},
	} {
		if !slices.Contains(got, want) {
			t.Errorf("pairs lack %v (got %v)", want, got)
		}
	}
	for _, not := range [][2]string{{"great", "small"}, {"huge", "tiny"}, {"plunge", "soar"}} {
		if slices.Contains(got, not) {
			t.Errorf("pairs hold %v: synonyms in another sense, or two inherited words without -cross", not)
		}
	}
	db.cross = true
	if got := db.pairs(); !slices.Contains(got, [2]string{"plunge", "soar"}) || !slices.Contains(got, [2]string{"huge", "tiny"}) {
		t.Errorf("with cross, pairs lack plunge/soar or huge/tiny")
	}
}

// TestInheritedSensesUsed: with the sense-tagged counts, a satellite inherits only
// through a sense that is used, and only if it is mostly that part of speech (neither
// an adverb, nor a form of a verb, most of the time).
func TestInheritedSensesUsed(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"data.verb": "00000001 32 v 01 say 0 000 01 + 01 00 | utter\n",
		"data.noun": "",
		"data.adj": "00000005 00 a 01 large 0 005 ! 00000006 a 0101 & 00000009 a 0000 & 00000010 a 0000 & 00000011 a 0000 & 00000012 a 0000 | large\n" +
			"00000006 00 a 01 small 0 001 ! 00000005 a 0101 | small\n" +
			"00000009 00 s 01 huge 1 001 & 00000005 a 0000 | very large\n" +
			"00000010 00 s 01 vast 0 001 & 00000005 a 0000 | never tagged\n" +
			"00000011 00 s 01 very 0 001 & 00000005 a 0000 | an adjective sense of an adverb\n" +
			"00000012 00 s 01 said 0 001 & 00000005 a 0000 | an adjective sense of a verb form\n",
		"data.adv": "",
		"verb.exc": "said say\n",
		"adj.exc":  "",
		"cntlist.rev": "huge%5:00:01:large:00 1 23\n" +
			"very%5:00:00:large:00 1 2\nvery%4:02:00:: 1 90\n" +
			"said%5:00:00:large:00 1 2\nsay%2:32:00:: 1 500\n" +
			"large%3:00:00:: 1 50\nsmall%3:00:00:: 1 50\n",
	}
	db := loadFiles(t, dir, files)
	db.satellites = true
	got := db.pairs()
	if !slices.Contains(got, [2]string{"huge", "small"}) {
		t.Errorf("pairs lack huge/small (got %v)", got)
	}
	for _, not := range [][2]string{{"small", "vast"}, {"small", "very"}, {"said", "small"}} {
		if slices.Contains(got, not) {
			t.Errorf("pairs hold %v: an untagged sense, or a word mostly of another part of speech", not)
		}
	}
}

// TestNear: a negating word's near words are its synonyms in every part of speech, the
// words of its broader, narrower and derived synsets, and the head of a phrasal verb, each
// with its inflected forms; words of unrelated synsets are not near.
func TestNear(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"data.verb": "00000001 30 v 02 avoid 0 evade 0 001 @ 00000002 v 0000 | stay clear of\n" +
			"00000002 30 v 01 prevent 0 001 ~ 00000003 v 0000 | keep from happening\n" +
			"00000003 30 v 02 shut_down 0 block 0 000 | close\n" +
			"00000004 30 v 01 mention 0 000 | say\n",
		"data.noun": "00000005 04 n 02 lack 0 absence 0 000 | the state of being without\n",
		"data.adj":  "",
		"data.adv":  "",
		"verb.exc":  "",
		"adj.exc":   "",
	}
	db := loadFiles(t, dir, files)
	tests := []struct {
		word      string
		own, near []string
		notNear   []string
	}{
		{"avoid", []string{"avoid", "avoided", "avoiding", "avoids"}, []string{"evade", "evaded", "prevent", "prevents"}, []string{"mention", "block"}},
		{"prevent", []string{"prevent", "prevented", "preventing", "prevents"}, []string{"shut", "shutting", "block"}, []string{"mention", "down"}},
		{"lack", []string{"lack", "lacks"}, []string{"absence", "absences"}, []string{"mention"}},
	}
	for _, tc := range tests {
		own, near := db.near(tc.word)
		for _, w := range tc.own {
			if !slices.Contains(own, w) {
				t.Errorf("near(%q): own forms %v lack %q", tc.word, own, w)
			}
		}
		for _, w := range tc.near {
			if !slices.Contains(near, w) {
				t.Errorf("near(%q): near words %v lack %q", tc.word, near, w)
			}
		}
		for _, w := range tc.notNear {
			if slices.Contains(near, w) {
				t.Errorf("near(%q): %q is near, want not", tc.word, w)
			}
		}
	}
}

// loadFiles writes a WordNet database of files (name to contents) into dir and loads it.
func loadFiles(t *testing.T, dir string, files map[string]string) *database {
	t.Helper()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db, err := load(dir)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return db
}
