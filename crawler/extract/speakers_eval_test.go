package extract

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// textArticle builds an article from plain text, one paragraph a line, as the benchmark's
// ground-truth bodies and SummEdits' documents are written.
func textArticle(body string) *Article {
	a := &Article{Text: body, Citations: []Citation{}}
	off := 0
	for _, line := range strings.SplitAfter(body, "\n") {
		t := strings.TrimRight(line, "\n\r ")
		lead := len(t) - len(strings.TrimLeft(t, " \t"))
		if strings.TrimSpace(t) != "" {
			a.Paragraphs = append(a.Paragraphs, Span{Start: off + lead, End: off + len(t)})
		}
		off += len(line)
	}
	a.Sentences = splitSentences(a.Text, a.Paragraphs)
	a.Attributions = findAttributions(a)
	a.Quotes = findQuotes(a)
	return a
}

type speakerDoc struct{ id, body string }

// speakerDocs returns the real texts of the annotated speaker set: the ground-truth bodies
// of the extraction benchmark's pages and SummEdits' news documents.
func speakerDocs(t *testing.T) []speakerDoc {
	t.Helper()
	var docs []speakerDoc
	raw, err := os.ReadFile(filepath.Join(benchDir, "ground-truth.json"))
	if err != nil {
		t.Skipf("article-extraction-benchmark not available: %v", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		t.Fatalf("decode ground truth: %v", err)
	}
	for id, p := range gt {
		docs = append(docs, speakerDoc{id: "aeb:" + id[:12], body: p.ArticleBody})
	}
	raw, err = os.ReadFile(filepath.Join(benchDir, "..", "summedits-news", "summedits_news.json"))
	if err != nil {
		t.Skipf("summedits-news not available: %v", err)
	}
	var rows []struct {
		Doc string `json:"doc"`
	}
	if err := json.Unmarshal(raw, &rows); err != nil {
		t.Fatalf("decode summedits: %v", err)
	}
	seen := map[string]bool{}
	for _, r := range rows {
		h := sha256.Sum256([]byte(r.Doc))
		id := "summedits:" + hex.EncodeToString(h[:])[:12]
		if !seen[id] {
			seen[id] = true
			docs = append(docs, speakerDoc{id: id, body: r.Doc})
		}
	}
	slices.SortFunc(docs, func(a, b speakerDoc) int { return strings.Compare(a.id, b.id) })
	return docs
}

// heldoutDocs returns the pages of the held-out speaker set: the cited web pages of WiCE's
// shared portion, one sentence a line as the data set gives them.
func heldoutDocs(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(benchDir, "..", "wice", "entailment_retrieval", "claim", "dev.jsonl"))
	if err != nil {
		t.Skipf("wice not available: %v", err)
	}
	defer f.Close()
	docs := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r struct {
			Evidence []string `json:"evidence"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("decode wice: %v", err)
		}
		body := strings.Join(r.Evidence, "\n")
		h := sha256.Sum256([]byte(body))
		docs["wice:"+hex.EncodeToString(h[:])[:12]] = body
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read wice: %v", err)
	}
	return docs
}

// quoteKey names a quote in the annotation file: its first words, whitespace collapsed.
func quoteKey(text string) string {
	k := strings.Join(strings.Fields(text), " ")
	if r := []rune(k); len(r) > 48 {
		k = string(r[:48])
	}
	return k
}

// quoteKeys names each quote of a as the annotation file does: its opening, and " #N" for
// the Nth quote of the document with the same opening.
func quoteKeys(a *Article) []string {
	seen := map[string]int{}
	keys := make([]string, len(a.Quotes))
	for i, q := range a.Quotes {
		k := quoteKey(q.Text)
		seen[k]++
		if seen[k] > 1 {
			k += fmt.Sprintf(" #%d", seen[k])
		}
		keys[i] = k
	}
	return keys
}

// loadSpeakerSet reads an annotated speaker set in testdata: document -> quote key ->
// speaker ("" none).
func loadSpeakerSet(t *testing.T, name string) map[string]map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("open speaker set: %v", err)
	}
	defer f.Close()
	set := map[string]map[string]string{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 3 {
			t.Fatalf("%s:%d: %d columns, want 3", name, line, len(cols))
		}
		if set[cols[0]] == nil {
			set[cols[0]] = map[string]string{}
		}
		sp := cols[2]
		if sp == "none" {
			sp = ""
		}
		set[cols[0]][cols[1]] = sp
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read speaker set: %v", err)
	}
	return set
}

// nameWords are the lower-case words of a name without titles and punctuation.
func nameWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\'')
	}) {
		if !titles[w] && !titles[w+"."] {
			out = append(out, w)
		}
	}
	return out
}

// speakerMatches reports whether a found speaker names the annotated one: the words of
// one (titles aside) are all words of the other ("Noem" is "Kristi Noem"). gold may list
// alternatives separated by "|".
func speakerMatches(found, gold string) bool {
	for _, g := range strings.Split(gold, "|") {
		a, b := nameWords(found), nameWords(g)
		if len(a) == 0 || len(b) == 0 {
			continue
		}
		if len(a) > len(b) {
			a, b = b, a
		}
		if !slices.ContainsFunc(a, func(w string) bool { return !slices.Contains(b, w) }) {
			return true
		}
	}
	return false
}

// speakerScore counts the outcomes of speaker attribution over some quotes of the set.
type speakerScore struct {
	right, wrong, spurious, missed, named int
}

func (s *speakerScore) add(o speakerScore) {
	s.right += o.right
	s.wrong += o.wrong
	s.spurious += o.spurious
	s.missed += o.missed
	s.named += o.named
}

// precision is the share of speakers found that are right (a speaker found for a quote
// annotated "none" is wrong); recall the share of annotated speakers found.
func (s speakerScore) precision() float64 {
	return float64(s.right) / float64(max(1, s.right+s.wrong+s.spurious))
}

func (s speakerScore) recall() float64 { return float64(s.right) / float64(max(1, s.named)) }

// speakerHalf puts a document of the set in one of two halves by a hash of its name, so
// that rules tuned on the "tune" half can be checked on the "check" half they never saw.
func speakerHalf(id string) string {
	if h := sha256.Sum256([]byte(id)); h[0]&1 == 0 {
		return "tune"
	}
	return "check"
}

// scoreSpeakers compares the speakers found in a with the annotated ones, logging each
// miss and each false speaker when verbose.
func scoreSpeakers(t *testing.T, id string, a *Article, gold map[string]string) (s speakerScore, unannotated int) {
	found := map[string]bool{}
	for i, k := range quoteKeys(a) {
		g, ok := gold[k]
		if !ok {
			unannotated++
			continue
		}
		found[k] = true
		got := a.Quotes[i].Speaker
		switch {
		case got == "" && g == "":
		case got == "":
			s.missed++
			if testing.Verbose() {
				t.Logf("missed  %s %q: want %q", id, k, g)
			}
		case g == "":
			s.spurious++
			if testing.Verbose() {
				t.Logf("none    %s %q: got %q", id, k, got)
			}
		case speakerMatches(got, g):
			s.right++
		default:
			s.wrong++
			if testing.Verbose() {
				t.Logf("wrong   %s %q: got %q, want %q", id, k, got, g)
			}
		}
	}
	for k, g := range gold {
		if g == "" {
			continue
		}
		s.named++
		if !found[k] {
			s.missed++ // the quote finder no longer finds an annotated quote
			if testing.Verbose() {
				t.Logf("lost    %s %q: want %q", id, k, g)
			}
		}
	}
	return s, unannotated
}

// TestEvalSpeakers measures speaker attribution on the annotated speaker set, in all and
// in each half of it (documents split by a hash of their names).
func TestEvalSpeakers(t *testing.T) {
	set := loadSpeakerSet(t, "speakers.tsv")
	docs := speakerDocs(t)
	byID := map[string]string{}
	for _, d := range docs {
		byID[d.id] = d.body
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var all speakerScore
	halves := map[string]*speakerScore{"tune": {}, "check": {}}
	annotated, unannotated := 0, 0
	for _, id := range ids {
		body, ok := byID[id]
		if !ok {
			t.Errorf("document %s of the speaker set is not in the data", id)
			continue
		}
		s, u := scoreSpeakers(t, id, textArticle(body), set[id])
		annotated += len(set[id])
		unannotated += u
		all.add(s)
		halves[speakerHalf(id)].add(s)
	}
	t.Logf("speaker set: %d quotes annotated (%d with a speaker), %d found quotes not in the set", annotated, all.named, unannotated)
	t.Logf("speakers: %d right, %d wrong, %d given to quotes of no one, %d missed", all.right, all.wrong, all.spurious, all.missed)
	for _, h := range []string{"tune", "check"} {
		s := halves[h]
		t.Logf("%s half: %d with a speaker, precision %.3f  recall %.3f", h, s.named, s.precision(), s.recall())
	}
	t.Logf("precision %.3f  recall %.3f", all.precision(), all.recall())
	if annotated < 300 {
		t.Errorf("speaker set has %d quotes, want at least 300", annotated)
	}
}

// TestEvalSpeakersHeldout measures speaker attribution on the held-out set: pages of
// another data set, annotated before the rules were tuned and never tuned on.
func TestEvalSpeakersHeldout(t *testing.T) {
	set := loadSpeakerSet(t, "speakers-heldout.tsv")
	docs := heldoutDocs(t)
	var s speakerScore
	annotated := 0
	for id, gold := range set {
		body, ok := docs[id]
		if !ok {
			t.Errorf("document %s of the held-out set is not in the data", id)
			continue
		}
		got, _ := scoreSpeakers(t, id, textArticle(body), gold)
		annotated += len(gold)
		s.add(got)
	}
	t.Logf("held-out set: %d quotes annotated (%d with a speaker)", annotated, s.named)
	t.Logf("speakers: %d right, %d wrong, %d given to quotes of no one, %d missed", s.right, s.wrong, s.spurious, s.missed)
	t.Logf("held-out precision %.3f  recall %.3f", s.precision(), s.recall())
}
