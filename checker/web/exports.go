package web

import (
	"fmt"
	"io"
	"strings"

	"github.com/provcheck/provcheck/checker/report"
)

// export is one download, a format of the report-writer registry.
type export struct {
	Name, Label, Ext, MIME string
	write                  func(io.Writer, report.Run) error
}

// exportLabels name the export formats for people, in the order the pages list them.
var exportLabels = map[string]string{
	"csv": "CSV", "jsonl": "JSON lines", "claimreview": "ClaimReview", "prov": "PROV",
	"dot": "DOT graph", "md": "Markdown", "html": "HTML",
}

// exports are the downloads of a run or an article: the export command's formats.
var exports = func() []export {
	var out []export
	for _, name := range report.ExportFormats {
		f, err := report.Lookup(report.ExportFormats, name)
		if err != nil {
			panic(err) // the registry lists what it offers
		}
		label := exportLabels[name]
		if label == "" {
			label = strings.ToUpper(name)
		}
		out = append(out, export{Name: name, Label: label, Ext: strings.TrimPrefix(f.Ext, "."), MIME: f.MediaType,
			write: func(w io.Writer, run report.Run) error {
				return f.Run(w, run, report.WriteOptions{Org: "provcheck"})
			}})
	}
	return out
}()

func exportOf(name string) (export, error) {
	for _, e := range exports {
		if e.Name == name {
			return e, nil
		}
	}
	return export{}, fmt.Errorf("no export format %q", report.Clip(name, 40))
}
