package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func TestExportCommand(t *testing.T) {
	db := storedDB(t)
	dir := t.TempDir()

	// CSV of the latest run by default (the audit, run 2); of run 1 with --run 1.
	for _, tc := range []struct {
		args  []string
		runID string
		min   string
	}{
		{nil, "2", ""},
		{[]string{"--run", "1"}, "1", ""},
		{[]string{"--min-severity", "medium"}, "2", "medium"},
	} {
		out := filepath.Join(dir, "findings.csv")
		args := append([]string{"export", "--db", db, "--format", "csv", "-o", out}, tc.args...)
		runCLI(t, args...).ok(t, args...)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("export %q: %d rows, %v", args, len(rows), err)
		}
		if rows[0][0] != "run_id" || rows[0][len(rows[0])-1] != "checked_at" {
			t.Errorf("CSV header = %q", rows[0])
		}
		for _, row := range rows[1:] {
			if row[0] != tc.runID {
				t.Fatalf("export %q: row of run %s, want %s", args, row[0], tc.runID)
			}
			if tc.min != "" && row[4] != "medium" && row[4] != "high" {
				t.Errorf("export %q: row of severity %s", args, row[4])
			}
		}
	}

	cr := runCLI(t, "export", "--db", db, "--format", "claimreview", "--org", "Fact Desk", "--org-url", "https://factdesk.example/").ok(t, "export claimreview")
	var doc struct {
		Context string `json:"@context"`
		Graph   []struct {
			Type   string `json:"@type"`
			URL    string `json:"url"`
			Author struct {
				Type, Name, URL string
			} `json:"author"`
			ReviewRating struct {
				AlternateName string `json:"alternateName"`
			} `json:"reviewRating"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(cr), &doc); err != nil || doc.Context != "https://schema.org" || len(doc.Graph) == 0 {
		t.Fatalf("export claimreview: %v, context %q, %d reviews", err, doc.Context, len(doc.Graph))
	}
	for _, rv := range doc.Graph {
		if rv.Type != "ClaimReview" || rv.Author.Name != "Fact Desk" || rv.Author.URL != "https://factdesk.example/" || !strings.Contains(rv.URL, "#provcheck-") {
			t.Errorf("review %+v: want a ClaimReview by Fact Desk with a fragment URL", rv)
		}
	}

	prov := runCLI(t, "export", "--db", db, "--format", "prov", "--run", "1").ok(t, "export prov")
	s, err := jsonschema.NewCompiler().Compile(filepath.Join("..", "..", "docs", "prov-json.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(prov))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("export prov does not match docs/prov-json.schema.json: %v", err)
	}

	dot := runCLI(t, "export", "--db", db, "--format", "dot", "--run", "1").ok(t, "export dot")
	if strings.Count(dot, "{") != strings.Count(dot, "}") || !strings.HasPrefix(dot, "digraph citations {") {
		t.Errorf("export dot: not one balanced digraph:\n%s", dot)
	}
	if n := len(regexp.MustCompile(`(?m)^  a1_c\d+ \[`).FindAllString(dot, -1)); n != 6 {
		t.Errorf("export dot: %d citation nodes, want the demo's 6", n)
	}

	if lines := runCLI(t, "export", "--db", db, "--format", "jsonl").ok(t, "export jsonl"); strings.Count(lines, "\n") != len(auditURLs) {
		t.Errorf("export jsonl: %d lines, want %d", strings.Count(lines, "\n"), len(auditURLs))
	}
	if html := runCLI(t, "export", "--db", db, "--format", "html").ok(t, "export html"); !strings.Contains(html, "Articles by provenance score") {
		t.Errorf("export html of a run lacks its index")
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--db", db}, "format"},
		{[]string{"export", "--db", db, "--format", "xml"}, `unknown --format "xml"`},
		{[]string{"export", "--db", db, "--format", "dot", "--min-severity", "high"}, "--min-severity applies to --format csv only"},
		{[]string{"export", "--db", db, "--format", "csv", "--min-severity", "severe"}, "--min-severity"},
		{[]string{"export", "--db", db, "--format", "csv", "--run", "42"}, "no run 42"},
		{[]string{"export", "--db", db, "--format", "csv", "extra"}, "export takes no arguments"},
	} {
		r := runCLI(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("provcheck %q = %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, exitUsage, tc.want)
		}
	}
}
