package report_test

import (
	"fmt"
	"os"
	"time"

	"github.com/provcheck/provcheck/checker/report"
)

// Every command finds its writer in the registry by the --format name.
func ExampleLookup() {
	for _, name := range []string{"csv", "claimreview", "xml"} {
		f, err := report.Lookup(report.ExportFormats, name)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(f.Name, f.MediaType, f.Ext)
	}
	// Output:
	// csv text/csv; charset=utf-8 .csv
	// claimreview application/ld+json .jsonld
	// unknown --format "xml" (want csv, jsonl, claimreview, prov, dot, md or html)
}

func ExampleWriteAuditSummary() {
	published := time.Date(2022, 4, 1, 0, 0, 0, 0, time.UTC)
	err := report.WriteAuditSummary(os.Stdout, report.AuditSummary{
		RunID: 3, Articles: 2, Done: 2, Items: map[string]int{"done": 2},
		Fetches: 6, Pages: 5, Fetched: 4, Reused: 2,
		Severities: map[string]int{"high": 1, "low": 2},
		Findings:   map[string]int{"link.dead": 1, "quote.altered": 2},
		Worst:      []report.Scored{{URL: "https://news.example/a", Score: 41, Grade: "D"}},
		Shared: [][]report.SharedQuote{{
			{Text: "a multipolar, just world order", Verdict: "verified", Published: &published, ArticleURL: "https://news.example/a"},
			{Text: "a multipolar, fair world order", Verdict: "altered", ArticleURL: "https://news.example/b"},
			{Text: "a multipolar, just world order of 2022", Verdict: "number_changed", ArticleURL: "https://news.example/c"},
		}},
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// Audit run 3
	//   articles checked  2 (this session: 2 done, 0 failed)
	//   items             2 done
	//   fetches           6 (5 distinct bodies kept); originals fetched 4, reused 2
	//   findings          1 high, 2 low
	//     quote.altered                2
	//     link.dead                    1
	//
	// Lowest scores
	//    41 D  https://news.example/a
	//
	// Quotes carried by several articles (earliest first; each article's wording against the quote shown)
	//   “a multipolar, just world order” — 3 articles
	//       same           2022-04-01  https://news.example/a
	//       altered        undated     https://news.example/b
	//       number_changed undated     https://news.example/c
}
