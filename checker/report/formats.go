package report

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/provcheck/provcheck/rules"
)

// WriteOptions are what a command sets for the writers; each writer reads the fields it
// needs and ignores the others.
type WriteOptions struct {
	Color       bool           // text: ANSI colours
	Width       int            // text: the terminal width
	MinSeverity rules.Severity // csv: leave out findings below it
	Org, OrgURL string         // claimreview: who publishes the reviews
}

// Track is a track record to write: rows grouped by site or author ("site", "author").
type Track struct {
	By   string
	Rows []TrackRow
}

// Format is one way of writing reports: its name (the --format value), the media type and
// file extension of what it writes, and its writers: of a run's reports, of a track
// record, or both. A nil writer means the format does not write that kind.
type Format struct {
	Name      string
	MediaType string
	Ext       string
	Run       func(w io.Writer, run Run, o WriteOptions) error
	Track     func(w io.Writer, t Track, o WriteOptions) error
}

// formats is the registry, in the order Lookup searches it.
func formats() []Format {
	return []Format{
		{Name: "text", MediaType: "text/plain; charset=utf-8", Ext: ".txt", Run: writeTextRun, Track: writeTrackText},
		{Name: "json", MediaType: "application/json", Ext: ".json", Run: writeJSONRun},
		{Name: "jsonl", MediaType: "application/jsonl", Ext: ".jsonl",
			Run: func(w io.Writer, run Run, _ WriteOptions) error { return WriteJSONLines(w, run.Reports) }},
		{Name: "md", MediaType: "text/markdown; charset=utf-8", Ext: ".md",
			Run: func(w io.Writer, run Run, _ WriteOptions) error { return WriteMarkdown(w, run) }},
		{Name: "html", MediaType: "text/html; charset=utf-8", Ext: ".html",
			Run: func(w io.Writer, run Run, _ WriteOptions) error { return WriteHTML(w, run) }},
		{Name: "csv", MediaType: "text/csv; charset=utf-8", Ext: ".csv",
			Run: func(w io.Writer, run Run, o WriteOptions) error {
				return WriteCSV(w, run, CSVOptions{MinSeverity: o.MinSeverity})
			},
			Track: func(w io.Writer, t Track, _ WriteOptions) error { return WriteTrackCSV(w, t.By, t.Rows) }},
		{Name: "claimreview", MediaType: "application/ld+json", Ext: ".jsonld",
			Run: func(w io.Writer, run Run, o WriteOptions) error {
				return WriteClaimReview(w, run, ClaimReviewOptions{Org: o.Org, OrgURL: o.OrgURL})
			}},
		{Name: "prov", MediaType: "application/json", Ext: ".prov.json",
			Run: func(w io.Writer, run Run, _ WriteOptions) error { return WritePROV(w, run) }},
		{Name: "dot", MediaType: "text/vnd.graphviz", Ext: ".dot",
			Run: func(w io.Writer, run Run, _ WriteOptions) error { return WriteDOT(w, run) }},
	}
}

// The formats each command offers, in the order its help lists them.
var (
	CheckFormats   = []string{"text", "json"}
	StoredFormats  = []string{"text", "json", "jsonl", "md", "html", "csv"}
	ExportFormats  = []string{"csv", "jsonl", "claimreview", "prov", "dot", "md", "html"}
	SourcesFormats = []string{"text", "csv"}
)

// Formats returns every registered format.
func Formats() []Format { return formats() }

// Lookup returns the format called name among names (a command's formats).
func Lookup(names []string, name string) (Format, error) {
	for _, n := range names {
		if n != name {
			continue
		}
		for _, f := range formats() {
			if f.Name == name {
				return f, nil
			}
		}
	}
	return Format{}, fmt.Errorf("unknown --format %q (want %s)", name, List(names))
}

// List writes names as "a, b or c".
func List(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// writeTextRun writes each report of a run for a terminal, separated by a rule.
func writeTextRun(w io.Writer, run Run, o WriteOptions) error {
	to := TextOptions{Color: o.Color, Width: o.Width}
	for i, r := range run.Reports {
		if i > 0 {
			if _, err := io.WriteString(w, "\n"+strings.Repeat("─", min(to.Width, 80))+"\n\n"); err != nil {
				return fmt.Errorf("write text report: %w", err)
			}
		}
		if err := WriteText(w, r, to); err != nil {
			return err
		}
	}
	if len(run.Reports) == 0 {
		if _, err := fmt.Fprintf(w, "run %d checked no article\n", run.ID); err != nil {
			return fmt.Errorf("write text report: %w", err)
		}
	}
	return nil
}

func writeTrackText(w io.Writer, t Track, _ WriteOptions) error {
	if len(t.Rows) == 0 {
		_, err := fmt.Fprintln(w, "No checked article in the database.")
		return err
	}
	return WriteTrackText(w, t.By, t.Rows)
}

// writeJSONRun writes one report as a JSON object, several as one indented array.
func writeJSONRun(w io.Writer, run Run, _ WriteOptions) error {
	if len(run.Reports) == 1 {
		return WriteJSON(w, run.Reports[0])
	}
	if _, err := io.WriteString(w, "[\n"); err != nil {
		return fmt.Errorf("write json reports: %w", err)
	}
	for i, r := range run.Reports {
		if i > 0 {
			if _, err := io.WriteString(w, ",\n"); err != nil {
				return fmt.Errorf("write json reports: %w", err)
			}
		}
		if err := WriteJSON(w, r); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(w, "]\n"); err != nil {
		return fmt.Errorf("write json reports: %w", err)
	}
	return nil
}

// WriteRunTo writes run in format f to the file at path, or to stdout when path is "" or
// "-", colouring text as color says for where it goes (see [ForTerminal]). The file is
// created or truncated; the first error of writing or closing it is returned.
func (f Format) WriteRunTo(path string, stdout io.Writer, run Run, o WriteOptions, color string) error {
	write := func(w io.Writer) error { return f.Run(w, run, ForTerminal(o, w, color)) }
	if path == "" || path == "-" {
		return write(stdout)
	}
	file, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	err = write(file)
	if cerr := file.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write output: %w", cerr)
	}
	return err
}
