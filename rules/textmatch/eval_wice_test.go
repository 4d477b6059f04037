package textmatch

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wiceRow is one claim of WiCE (entailment_retrieval/claim): a Wikipedia sentence, the
// sentences of the web page it cites, the label, and the sets of sentence indices that
// support it (any one set is enough).
type wiceRow struct {
	Label      SupportVerdict `json:"label"`
	Supporting [][]int        `json:"supporting_sentences"`
	Claim      string         `json:"claim"`
	Evidence   []string       `json:"evidence"`
}

// wiceDoc joins the evidence sentences into one text, a blank line apart so that each
// stays a sentence of the Doc, and returns the byte offset where each one starts.
func wiceDoc(ev []string) (*Doc, []int) {
	var b strings.Builder
	starts := make([]int, len(ev))
	for i, s := range ev {
		if i > 0 {
			b.WriteString("\n\n")
		}
		starts[i] = b.Len()
		b.WriteString(s)
	}
	return NewDoc(b.String()), starts
}

// evidenceIndex maps a byte offset of the joined text back to the evidence sentence.
func evidenceIndex(starts []int, off int) int {
	lo, hi := 0, len(starts)
	for hi-lo > 1 {
		m := (lo + hi) / 2
		if starts[m] <= off {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

// TestEvalWiCE measures claim support on WiCE (dev), shared data outside the repository:
// skipped when absent. It prints the support verdicts against the gold labels (confusion
// table, per-class precision and recall, macro-F1) and recall@3: how often one of our
// three best passages is a gold supporting sentence.
func TestEvalWiCE(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "wice", "entailment_retrieval", "claim", "dev.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("WiCE data not available: %v", err)
	}
	defer f.Close()
	labels := []SupportVerdict{Supported, PartiallySupported, NotSupported}
	conf := map[SupportVerdict]map[SupportVerdict]int{}
	for _, l := range labels {
		conf[l] = map[SupportVerdict]int{}
	}
	rows, withGold, hit := 0, 0, 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<26)
	for sc.Scan() {
		var r wiceRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("decode %s: %v", path, err)
		}
		rows++
		d, starts := wiceDoc(r.Evidence)
		s := d.Support(r.Claim)
		conf[r.Label][s.Verdict]++
		gold := map[int]bool{}
		for _, set := range r.Supporting {
			for _, i := range set {
				gold[i] = true
			}
		}
		if len(gold) == 0 {
			continue
		}
		withGold++
		for _, p := range s.Passages {
			if gold[evidenceIndex(starts, p.Start)] {
				hit++
				break
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "WiCE dev, %d claims (thresholds: supported >= %.2f with every number, partially >= %.2f)\n", rows, SupportFull, SupportPartial)
	fmt.Fprintf(&b, "%-22s", "gold \\ ours")
	for _, l := range labels {
		fmt.Fprintf(&b, " %20s", l)
	}
	b.WriteByte('\n')
	for _, g := range labels {
		fmt.Fprintf(&b, "%-22s", g)
		for _, p := range labels {
			fmt.Fprintf(&b, " %20d", conf[g][p])
		}
		b.WriteByte('\n')
	}
	macro := 0.0
	for _, l := range labels {
		tp, fp, fn := conf[l][l], 0, 0
		for _, o := range labels {
			if o != l {
				fp += conf[o][l]
				fn += conf[l][o]
			}
		}
		p, r := ratio(tp, tp+fp), ratio(tp, tp+fn)
		f1 := 0.0
		if p+r > 0 {
			f1 = 2 * p * r / (p + r)
		}
		macro += f1 / float64(len(labels))
		fmt.Fprintf(&b, "%-22s precision %.3f recall %.3f F1 %.3f\n", l, p, r, f1)
	}
	fmt.Fprintf(&b, "macro-F1 %.3f\n", macro)
	fmt.Fprintf(&b, "recall@%d of a gold supporting sentence: %d/%d = %.3f (target 0.80)\n", SupportPassages, hit, withGold, ratio(hit, withGold))
	t.Log(b.String())
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
