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

// loadSpeakerSet reads testdata/speakers.tsv: document -> quote key -> speaker ("" none).
func loadSpeakerSet(t *testing.T) map[string]map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "speakers.tsv"))
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
			t.Fatalf("speakers.tsv:%d: %d columns, want 3", line, len(cols))
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

// TestEvalSpeakers measures speaker attribution on the annotated speaker set: precision is
// the share of speakers found that are right (a speaker found for a quote annotated "none"
// is wrong), recall the share of annotated speakers found.
func TestEvalSpeakers(t *testing.T) {
	set := loadSpeakerSet(t)
	docs := speakerDocs(t)
	var right, wrong, missed, spurious, annotated, named, unannotated int
	byID := map[string]string{}
	for _, d := range docs {
		byID[d.id] = d.body
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		body, ok := byID[id]
		if !ok {
			t.Errorf("document %s of the speaker set is not in the data", id)
			continue
		}
		gold := set[id]
		a := textArticle(body)
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
				missed++
				if testing.Verbose() {
					t.Logf("missed  %s %q: want %q", id, k, g)
				}
			case g == "":
				spurious++
				if testing.Verbose() {
					t.Logf("none    %s %q: got %q", id, k, got)
				}
			case speakerMatches(got, g):
				right++
			default:
				wrong++
				if testing.Verbose() {
					t.Logf("wrong   %s %q: got %q, want %q", id, k, got, g)
				}
			}
		}
		for k, g := range gold {
			annotated++
			if g != "" {
				named++
			}
			if !found[k] && g != "" {
				missed++ // the quote finder no longer finds an annotated quote
			}
		}
	}
	precision := float64(right) / float64(max(1, right+wrong+spurious))
	recall := float64(right) / float64(max(1, named))
	t.Logf("speaker set: %d quotes annotated (%d with a speaker), %d found quotes not in the set", annotated, named, unannotated)
	t.Logf("speakers: %d right, %d wrong, %d given to quotes of no one, %d missed", right, wrong, spurious, missed)
	t.Logf("precision %.3f  recall %.3f", precision, recall)
	if annotated < 300 {
		t.Errorf("speaker set has %d quotes, want at least 300", annotated)
	}
}
