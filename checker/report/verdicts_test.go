package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules"
)

// TestQuoteWithTwoVerdicts: a quote that is altered and given to the wrong speaker is
// reported as misattributed and altered, with the diff of its match and both messages.
func TestQuoteWithTwoVerdicts(t *testing.T) {
	const src = "https://wire.example/story"
	const words = "will move towards a multipolar, just, democratic world order"
	const quoted = "will move towards a multipolar, fair, democratic world order"
	wire := "At the end of this reshaping of global relations we, together with you, " + words + ", Lavrov said."
	text := "“" + quoted + "”, Wang Yi said, according to the wire."
	qs := strings.Index(text, quoted)
	as := strings.Index(text, "the wire")
	art := &extract.Article{
		URL: "https://news.example/a", FinalURL: "https://news.example/a", Text: text,
		Quotes:    []extract.Quote{{Text: quoted, Start: qs, End: qs + len(quoted), Speaker: "Wang Yi", Citations: []int{0}, Attribution: -1, Embed: -1}},
		Citations: []extract.Citation{{Href: src, URL: src, Anchor: "the wire", Start: as, End: as + len("the wire"), Sentence: -1, Embed: -1}},
	}
	at := strings.Index(wire, words)
	orig := &rules.Original{URL: src,
		Page: &page.Page{RequestURL: src, FinalURL: src, Status: 200, ContentType: "text/html"},
		Article: &extract.Article{URL: src, Text: wire,
			Quotes: []extract.Quote{{Text: words, Start: at, End: at + len(words), Speaker: "Sergei Lavrov", Attribution: -1, Embed: -1}}},
	}
	pg := &page.Page{RequestURL: art.URL, FinalURL: art.URL, Status: 200}
	e, err := rules.New(rules.Config{})
	if err != nil {
		t.Fatal(err)
	}
	originals := []*rules.Original{orig}
	r := report.Build(pg, art, originals, e.Evaluate(rules.Input{Article: art, Page: pg, Originals: originals}), checkedAt, report.Options{})

	q := r.Quotes[0]
	if q.Verdict != rules.Misattributed || !slices.Equal(q.Also, []rules.Verdict{rules.Altered}) {
		t.Fatalf("quote verdict = %v also %v, want misattributed also [altered]", q.Verdict, q.Also)
	}
	if !strings.Contains(q.Message, "gives these words to Sergei Lavrov") || !strings.Contains(q.Message, `"fair" → original says "just"`) {
		t.Errorf("message = %q, want both verdicts' messages", q.Message)
	}
	if q.SourcePassage != words || len(q.Diff) == 0 || q.Similarity == nil {
		t.Errorf("evidence = %q %v %v, want the altered match's passage, diff and similarity", q.SourcePassage, q.Diff, q.Similarity)
	}
	if r.Counts.Quotes["misattributed"] != 1 || r.Counts.Quotes["altered"] != 0 {
		t.Errorf("counts = %v, want the quote counted once, as misattributed", r.Counts.Quotes)
	}
	if r.Citations[0].Verdict != rules.FateOK {
		t.Errorf("citation fate = %v, want ok", r.Citations[0].Verdict)
	}

	var text1, md, js bytes.Buffer
	if err := report.WriteText(&text1, r, report.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text1.String(), "misattributed+altered") {
		t.Errorf("text report does not show both verdicts:\n%s", text1.String())
	}
	if err := report.WriteMarkdown(&md, report.Run{Reports: []report.Report{r}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "misattributed + altered") {
		t.Errorf("markdown report does not show both verdicts:\n%s", md.String())
	}
	if err := report.WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	validate(t, compileSchema(t, "report-v1.schema.json"), "report with two verdicts", js.Bytes())
	back, err := report.Parse(js.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if bq := back.Quotes[0]; bq.Verdict != rules.Misattributed || !slices.Equal(bq.Also, q.Also) {
		t.Errorf("JSON round trip: %v %v, want %v %v", bq.Verdict, bq.Also, q.Verdict, q.Also)
	}
}

// TestSchemaListsEveryVerdict: the JSON schema's enums are the verdicts and fates the
// rules declare, so adding one to rules without the schema fails here.
func TestSchemaListsEveryVerdict(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "report-v1.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Defs map[string]struct {
			Enum []string `json:"enum"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	var verdicts, fates []string
	for _, v := range rules.Verdicts() {
		verdicts = append(verdicts, string(v))
	}
	for _, f := range rules.Fates() {
		fates = append(fates, string(f))
	}
	for name, want := range map[string][]string{"quoteVerdict": verdicts, "citationVerdict": fates} {
		got := slices.Sorted(slices.Values(s.Defs[name].Enum))
		if slices.Sort(want); !slices.Equal(got, want) {
			t.Errorf("schema %s = %v, want %v", name, got, want)
		}
	}
}
