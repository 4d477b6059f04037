package textmatch

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// summEditsRow is one row of SummEdits (news): a faithful seed summary of doc, and an
// edited version of it.
type summEditsRow struct {
	ID              string   `json:"id"`
	Domain          string   `json:"domain"` // summedits-other: the domain of the row
	Doc             string   `json:"doc"`
	Summary         string   `json:"summary"`
	OriginalSummary string   `json:"original_summary"`
	Label           int      `json:"label"`
	EditTypes       []string `json:"edit_types"`
}

var printMisses = flag.Bool("misses", false, "TestEvalSummEdits: print each negation edit not called negation and each other edit called negation, with its diff")

var evalVerdicts = []Verdict{Verified, Truncated, Altered, NumberChanged, Negation, Partial, NotFound}

type evalTable struct {
	counts     map[string]map[Verdict]int
	editedVer  int // edited rows that came out Verified
	edited     int
	same       int // unedited rows
	sameVer    int // unedited rows that came out Verified
	negRows    int
	negHits    int
	negFalseOn int // rows without a negation edit that came out Negation
	others     int
	// noFlip: edited rows whose edits flip no meaning (neither a negation nor an antonym
	// swap among their edit types); noFlipNeg of them came out Negation (false alarms).
	noFlip, noFlipNeg int
}

func newEvalTable() *evalTable { return &evalTable{counts: map[string]map[Verdict]int{}} }

func (e *evalTable) add(r summEditsRow, v Verdict) {
	if r.Summary == r.OriginalSummary {
		e.same++
		if v == Verified {
			e.sameVer++
		}
		e.bump("(unedited)", v)
		return
	}
	e.edited++
	if v == Verified {
		e.editedVer++
	}
	types := r.EditTypes
	if len(types) == 0 {
		types = []string{fmt.Sprintf("(no type, label %d)", r.Label)}
	}
	for _, t := range types {
		e.bump(t, v)
	}
	if slices.Contains(r.EditTypes, "negation_insertion_removal") {
		e.negRows++
		if v == Negation {
			e.negHits++
		}
	} else {
		e.others++
		if v == Negation {
			e.negFalseOn++
		}
		if !slices.Contains(r.EditTypes, "antonym_swap") {
			e.noFlip++
			if v == Negation {
				e.noFlipNeg++
			}
		}
	}
}

// recall is the share of negation-edit rows that came out Negation.
func (e *evalTable) recall() float64 { return ratio(e.negHits, e.negRows) }

// falseAlarms is the share of edits that flip no meaning that came out Negation.
func (e *evalTable) falseAlarms() float64 { return ratio(e.noFlipNeg, e.noFlip) }

func (e *evalTable) bump(k string, v Verdict) {
	if e.counts[k] == nil {
		e.counts[k] = map[Verdict]int{}
	}
	e.counts[k][v]++
}

func (e *evalTable) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-40s", "edit type \\ verdict")
	for _, v := range evalVerdicts {
		fmt.Fprintf(&b, " %9s", v)
	}
	b.WriteByte('\n')
	keys := make([]string, 0, len(e.counts))
	for k := range e.counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%-40s", k)
		for _, v := range evalVerdicts {
			fmt.Fprintf(&b, " %9d", e.counts[k][v])
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "edited rows: %d, came out verified: %d (target 0)\n", e.edited, e.editedVer)
	fmt.Fprintf(&b, "unedited rows: %d, verified: %d\n", e.same, e.sameVer)
	if e.negRows > 0 {
		fmt.Fprintf(&b, "negation recall on negation_insertion_removal rows: %d/%d = %.2f (target 0.90)\n",
			e.negHits, e.negRows, float64(e.negHits)/float64(e.negRows))
	}
	if e.others > 0 {
		fmt.Fprintf(&b, "negation verdicts on other edited rows (antonym swaps included): %d/%d\n", e.negFalseOn, e.others)
	}
	if e.noFlip > 0 {
		fmt.Fprintf(&b, "false alarms: edits that flip no meaning (no negation or antonym edit) called negation: %d/%d = %.3f (target 0.05)\n",
			e.noFlipNeg, e.noFlip, e.falseAlarms())
	}
	return b.String()
}

// readSummEdits reads rows of SummEdits, from a JSON list, gzipped when its name ends in .gz.
func readSummEdits(path string) ([]summEditsRow, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if raw, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	var rows []summEditsRow
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, fmt.Errorf("decode %s: %w", path, err)
	}
	return rows, nil
}

// TestEvalSummEdits measures the verdicts on SummEdits (news), shared data outside the
// repository: skipped when the file is absent. Run with -v to see the tables.
func TestEvalSummEdits(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "summedits-news", "summedits_news.json")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("SummEdits data not available: %v", err)
	}
	rows, err := readSummEdits(path)
	if err != nil {
		t.Fatal(err)
	}
	short, full := newEvalTable(), newEvalTable()
	halves := [2]*evalTable{newEvalTable(), newEvalTable()}
	half := articleHalves(rows)
	docs := map[string]*Doc{}
	for _, r := range rows {
		m := Compare(r.Summary, NewDoc(r.OriginalSummary))
		v := m.Verdict
		if *printMisses {
			logMiss(t, r, m, half[r.Doc])
		}
		short.add(r, v)
		halves[half[r.Doc]].add(r, v)
		d, ok := docs[r.Doc]
		if !ok {
			d = NewDoc(r.Doc)
			docs[r.Doc] = d
		}
		full.add(r, Compare(r.Summary, d).Verdict)
	}
	t.Logf("SummEdits news, %d rows: summary vs original_summary\n%s", len(rows), short)
	t.Logf("SummEdits news, %d rows: summary vs full doc (%d docs)\n%s", len(rows), len(docs), full)
	for k, name := range []string{"tuning half", "held-out half"} {
		h := halves[k]
		t.Logf("summary vs original_summary, %s of the articles (%d rows): negation recall %d/%d = %.2f; false alarms %d/%d = %.3f; edited rows verified %d; unedited verified %d/%d",
			name, h.edited+h.same, h.negHits, h.negRows, h.recall(), h.noFlipNeg, h.noFlip, h.falseAlarms(), h.editedVer, h.sameVer, h.same)
	}
	if short.editedVer > 0 {
		t.Errorf("summary vs original_summary: %d edited rows came out verified, want 0", short.editedVer)
	}
	if short.sameVer != short.same {
		t.Errorf("summary vs original_summary: %d of %d unedited rows verified, want all", short.sameVer, short.same)
	}
	// The target is 0.90; the floors are what is reached today (see README), on all rows
	// and on each half, and the check fails if recall falls below them.
	if r := short.recall(); r < 0.90 {
		t.Errorf("summary vs original_summary: negation recall %.2f, want at least 0.90", r)
	}
	for k, floor := range []float64{0.90, 0.90} {
		if r := halves[k].recall(); r < floor {
			t.Errorf("summary vs original_summary, half %d: negation recall %.2f, want at least %.2f", k, r, floor)
		}
	}
	// The target is at most 0.05; none is reached today, and the check allows 1 in 100.
	if fa := short.falseAlarms(); fa > 0.01 {
		t.Errorf("summary vs original_summary: %.3f of edits that flip no meaning called negation, want at most 0.01", fa)
	}
	if full.editedVer > 0 {
		t.Errorf("summary vs doc: %d edited rows came out verified, want 0", full.editedVer)
	}
}

// logMiss prints a negation edit that did not come out Negation, or an edit that flips
// no meaning that did, with the changed steps of its diff.
func logMiss(t *testing.T, r summEditsRow, m Match, half int) {
	neg := slices.Contains(r.EditTypes, "negation_insertion_removal")
	flip := neg || slices.Contains(r.EditTypes, "antonym_swap")
	if r.Summary == r.OriginalSummary || neg == (m.Verdict == Negation) || !neg && flip {
		return
	}
	var changes []string
	for _, op := range m.Ops {
		if op.Kind != OpEqual {
			changes = append(changes, fmt.Sprintf("[%s -> %s]", op.Original, op.Quote))
		}
	}
	kind := "missed negation"
	if !neg {
		kind = "false alarm"
	}
	t.Logf("%s (half %d, %s, %v): %s\n  original: %s\n  edited:   %s", kind, half, m.Verdict, r.EditTypes, strings.Join(changes, " "), r.OriginalSummary, r.Summary)
}

// articleHalves splits SummEdits by article: 0 for the half the negation and number
// checks were tuned on, 1 for the half held out. The articles are ordered by a hash of
// their text and dealt out in turn, so the split needs no list of ids, the halves hold
// as many articles each, and every row of an article falls in the same half.
func articleHalves(rows []summEditsRow) map[string]int {
	hash := func(s string) uint32 {
		h := fnv.New32a()
		h.Write([]byte(s))
		return h.Sum32()
	}
	var docs []string
	seen := map[string]bool{}
	for _, r := range rows {
		if !seen[r.Doc] {
			seen[r.Doc] = true
			docs = append(docs, r.Doc)
		}
	}
	slices.SortFunc(docs, func(a, b string) int { return cmp.Compare(hash(a), hash(b)) })
	half := make(map[string]int, len(docs))
	for i, d := range docs {
		half[d] = i % 2
	}
	return half
}

// TestEvalSummEditsOther measures the same verdicts on the seven other domains of
// SummEdits (testdata/summedits-other.json.gz: earnings calls, podcasts, meetings, sales
// calls and emails, chats, science abstracts; see testdata/SUMMEDITS.md): a check that
// the negation rules hold beyond the news they were read against. Run with -v to see
// each domain's table, and with -misses for the rows.
func TestEvalSummEditsOther(t *testing.T) {
	rows, err := readSummEdits(filepath.Join("testdata", "summedits-other.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	all := newEvalTable()
	byDomain := map[string]*evalTable{}
	var domains []string
	for _, r := range rows {
		m := Compare(r.Summary, NewDoc(r.OriginalSummary))
		if *printMisses {
			logMiss(t, r, m, 0)
		}
		tab := byDomain[r.Domain]
		if tab == nil {
			tab = newEvalTable()
			byDomain[r.Domain] = tab
			domains = append(domains, r.Domain)
		}
		tab.add(r, m.Verdict)
		all.add(r, m.Verdict)
	}
	for _, d := range domains {
		h := byDomain[d]
		t.Logf("SummEdits %s (%d rows): negation recall %d/%d = %.2f; false alarms %d/%d = %.3f; edited rows verified %d; unedited verified %d/%d",
			d, h.edited+h.same, h.negHits, h.negRows, h.recall(), h.noFlipNeg, h.noFlip, h.falseAlarms(), h.editedVer, h.sameVer, h.same)
	}
	t.Logf("SummEdits, %d domains other than news, %d rows\n%s", len(domains), len(rows), all)
	// Floors: what is reached today (see README); the check fails below them.
	if r := all.recall(); r < 0.91 {
		t.Errorf("other domains: negation recall %.3f, want at least 0.91", r)
	}
	if fa := all.falseAlarms(); fa > 0.04 {
		t.Errorf("other domains: %.3f of edits that flip no meaning called negation, want at most 0.04", fa)
	}
	if all.sameVer != all.same {
		t.Errorf("other domains: %d of %d unedited rows verified, want all", all.sameVer, all.same)
	}
}
