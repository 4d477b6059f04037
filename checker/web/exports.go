package web

import (
	"fmt"
	"io"

	"github.com/provcheck/provcheck/checker/report"
)

// export is one download format.
type export struct {
	Name, Label, Ext, MIME string
	write                  func(io.Writer, report.Run) error
}

// exports are the downloads of a run or an article, in the order the pages list them.
var exports = []export{
	{"csv", "CSV", "csv", "text/csv; charset=utf-8", func(w io.Writer, run report.Run) error {
		return report.WriteCSV(w, run, report.CSVOptions{})
	}},
	{"jsonl", "JSON lines", "jsonl", "application/jsonl", func(w io.Writer, run report.Run) error {
		return report.WriteJSONLines(w, run.Reports)
	}},
	{"claimreview", "ClaimReview", "claimreview.json", "application/ld+json", func(w io.Writer, run report.Run) error {
		return report.WriteClaimReview(w, run, report.ClaimReviewOptions{Org: "provcheck"})
	}},
	{"prov", "PROV", "prov.json", "application/json", report.WritePROV},
	{"dot", "DOT graph", "dot", "text/vnd.graphviz; charset=utf-8", report.WriteDOT},
	{"md", "Markdown", "md", "text/markdown; charset=utf-8", report.WriteMarkdown},
	{"html", "HTML", "html", "text/html; charset=utf-8", report.WriteHTML},
}

func exportOf(name string) (export, error) {
	for _, e := range exports {
		if e.Name == name {
			return e, nil
		}
	}
	return export{}, fmt.Errorf("no export format %q", clip(name, 40))
}
