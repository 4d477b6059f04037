package report_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/rules"
)

func TestJSONRoundTrip(t *testing.T) {
	for i, r := range fixtureReports(t) {
		first, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("marshal report %d: %v", i, err)
		}
		back, err := report.Parse(first)
		if err != nil {
			t.Fatalf("Parse(report %d): %v", i, err)
		}
		second, err := json.Marshal(back)
		if err != nil {
			t.Fatalf("marshal report %d again: %v", i, err)
		}
		if !bytes.Equal(first, second) {
			t.Errorf("report %d changed through JSON:\n%s", i, firstDiff(first, second))
		}
	}
	if _, err := report.Parse([]byte(`{"schema":"provcheck/report/v9"}`)); !errors.Is(err, report.ErrSchema) {
		t.Errorf("Parse(v9) error = %v, want ErrSchema", err)
	}
}

func TestJSONSchema(t *testing.T) {
	s := compileSchema(t, "report-v1.schema.json")
	for i, r := range fixtureReports(t) {
		var b bytes.Buffer
		if err := report.WriteJSON(&b, r); err != nil {
			t.Fatalf("WriteJSON: %v", err)
		}
		validate(t, s, "report "+runURLs[i], b.Bytes())
	}
	var lines bytes.Buffer
	if err := report.WriteJSONLines(&lines, fixtureRun(t).Reports); err != nil {
		t.Fatalf("WriteJSONLines: %v", err)
	}
	sc := bufio.NewScanner(&lines)
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		n++
		validate(t, s, "JSON line "+strconv.Itoa(n), sc.Bytes())
	}
	if n != len(runURLs) {
		t.Errorf("WriteJSONLines wrote %d lines, want %d", n, len(runURLs))
	}
	// The schema is not a rubber stamp: a wrong verdict or a missing field fails.
	var broken map[string]any
	b, _ := json.Marshal(demoReport(t))
	_ = json.Unmarshal(b, &broken)
	broken["quotes"].([]any)[0].(map[string]any)["verdict"] = "fine"
	delete(broken, "counts")
	b, _ = json.Marshal(broken)
	v, _ := jsonschemaValue(b)
	if err := s.Validate(v); err == nil {
		t.Errorf("a report with an unknown verdict and no counts validates; want an error")
	}
}

func TestCSV(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  report.Run
		min  rules.Severity
	}{
		{"demo", demoRun(t), 0},
		{"run", fixtureRun(t), 0},
		{"run-medium", fixtureRun(t), rules.Medium},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := report.WriteCSV(&b, tc.run, report.CSVOptions{MinSeverity: tc.min}); err != nil {
				t.Fatalf("WriteCSV: %v", err)
			}
			rows, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
			if err != nil {
				t.Fatalf("read back CSV: %v", err)
			}
			if strings.Join(rows[0], ",") != strings.Join(report.CSVColumns, ",") {
				t.Errorf("CSV header = %q, want %q", rows[0], report.CSVColumns)
			}
			want := 0
			for _, r := range tc.run.Reports {
				for _, f := range r.Findings {
					if f.Severity >= tc.min {
						want++
					}
				}
			}
			if len(rows)-1 != want {
				t.Errorf("CSV has %d rows, want one per finding: %d", len(rows)-1, want)
			}
			for _, row := range rows[1:] {
				if len(row) != len(report.CSVColumns) || row[0] != strconv.FormatInt(tc.run.ID, 10) {
					t.Fatalf("CSV row %q: want %d columns and run_id %d", row, len(report.CSVColumns), tc.run.ID)
				}
				if sev, err := rules.ParseSeverity(row[4]); err != nil || sev < tc.min {
					t.Errorf("CSV row severity %q below --min-severity %v", row[4], tc.min)
				}
			}
			if tc.min == 0 {
				golden(t, "report-"+tc.name+".csv", b.Bytes())
			}
		})
	}
	// The altered quote's row carries its evidence.
	var b bytes.Buffer
	_ = report.WriteCSV(&b, demoRun(t), report.CSVOptions{})
	rows, _ := csv.NewReader(&b).ReadAll()
	found := false
	for _, row := range rows {
		if row[3] == "quote.altered" {
			found = true
			if row[7] != "a multipolar, fair, and democratic world order" || row[10] != "a multipolar, just, democratic world order" || row[11] != "0.71" {
				t.Errorf("quote.altered row = %q, want the quote, the passage and similarity 0.71", row)
			}
		}
	}
	if !found {
		t.Errorf("no quote.altered row in the demo CSV")
	}
}

func TestMarkdown(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  report.Run
	}{{"demo", demoRun(t)}, {"run", fixtureRun(t)}} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := report.WriteMarkdown(&b, tc.run); err != nil {
				t.Fatalf("WriteMarkdown: %v", err)
			}
			md := b.String()
			for _, want := range []string{
				"Provenance score: 35/100 (F)",
				"| -24 | 3 links that point nowhere |",
				"a multipolar ~~just~~ **fair** **and** democratic world order",
				"| 1 | ✗ placeholder | The Economic Times | \\#",
				"http://t.co.example/z4RhJ0VNHZ (301) → http://x.example/HuXijin\\_GT/status/1509084936311906304 (200)",
				"| unlinked attribution | low |",
			} {
				if !strings.Contains(md, want) {
					t.Errorf("Markdown lacks %q", want)
				}
			}
			// Every table row has as many cells as its header.
			cols := 0
			for _, line := range strings.Split(md, "\n") {
				if !strings.HasPrefix(line, "|") {
					cols = 0
					continue
				}
				n := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1)) - 1
				if cols == 0 {
					cols = n
				} else if n != cols {
					t.Errorf("Markdown row has %d cells, header %d: %s", n, cols, line)
				}
			}
			golden(t, "report-"+tc.name+".md", b.Bytes())
		})
	}
	if tc := fixtureRun(t); true {
		var b bytes.Buffer
		_ = report.WriteMarkdown(&b, tc)
		idx := strings.Index(b.String(), "| 35 (F) | 1.")
		if idx < 0 {
			t.Errorf("run index does not list the demo article (score 35) first:\n%s", b.String()[:min(b.Len(), 800)])
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	r := demoReport(t) // only a string field changes: the shared fixture is safe
	r.Article.Title = "A | B <script>alert(1)</script> *bold*"
	var b bytes.Buffer
	if err := report.WriteMarkdown(&b, report.Run{Reports: []report.Report{r}}); err != nil {
		t.Fatalf("WriteMarkdown: %v", err)
	}
	if !strings.Contains(b.String(), `# A \| B \<script\>alert(1)\</script\> \*bold\*`) {
		t.Errorf("title not escaped:\n%s", strings.SplitN(b.String(), "\n", 2)[0])
	}
}

func TestDOT(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  report.Run
	}{{"demo", demoRun(t)}, {"run", fixtureRun(t)}} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := report.WriteDOT(&b, tc.run); err != nil {
				t.Fatalf("WriteDOT: %v", err)
			}
			dot := b.String()
			if !strings.HasPrefix(dot, "digraph citations {\n") || !strings.HasSuffix(dot, "}\n") {
				t.Errorf("DOT is not one digraph:\n%s", dot)
			}
			if depth := braceDepth(dot); depth != 0 {
				t.Errorf("DOT braces unbalanced (depth %d at the end)", depth)
			}
			nodes := map[string]bool{}
			nodeRE := regexp.MustCompile(`(?m)^  (a\d+(?:_c\d+(?:_h\d+)?)?) \[`)
			for _, m := range nodeRE.FindAllStringSubmatch(dot, -1) {
				if nodes[m[1]] {
					t.Errorf("node %s declared twice", m[1])
				}
				nodes[m[1]] = true
			}
			for i, r := range tc.run.Reports {
				a := "a" + strconv.Itoa(i+1)
				if !nodes[a] {
					t.Errorf("no node for article %s", a)
				}
				for _, c := range r.Citations {
					id := a + "_c" + strconv.Itoa(c.Index)
					if !nodes[id] {
						t.Errorf("no node for citation %s", id)
					}
					if !strings.Contains(dot, " -> "+id+" [") {
						t.Errorf("no edge into citation %s", id)
					}
				}
			}
			edgeRE := regexp.MustCompile(`(?m)^  (\S+) -> (\S+) \[`)
			for _, m := range edgeRE.FindAllStringSubmatch(dot, -1) {
				if !nodes[m[1]] || !nodes[m[2]] {
					t.Errorf("edge %s -> %s joins an undeclared node", m[1], m[2])
				}
			}
			golden(t, "report-"+tc.name+".dot", b.Bytes())
		})
	}
}

// braceDepth counts braces outside quoted strings.
func braceDepth(s string) int {
	depth, quoted, escaped := 0, false, false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = quoted
		case r == '"':
			quoted = !quoted
		case r == '{' && !quoted:
			depth++
		case r == '}' && !quoted:
			depth--
			if depth < 0 {
				return depth
			}
		}
	}
	return depth
}
