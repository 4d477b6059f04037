package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
)

func reportCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "report",
		Usage:     "show the stored report of an article (its latest check) or of a whole run",
		ArgsUsage: "[URL]",
		Description: "Reads reports back from the database: `report URL` shows the latest check of the\n" +
			"article (matched on the URL asked for or its final URL), `report --run N` every article of\n" +
			"run N, `report URL --run N` that article's check in run N.\n" +
			"Formats: text (default), json (one report; a JSON array for a run), jsonl (one report a\n" +
			"line), md (Markdown for a ticket), html (one self-contained page), csv (one finding a row).",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "text, json, jsonl, md, html or csv"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` instead of standard output"},
			dbFlag(),
			&cli.Int64Flag{Name: "run", Usage: "the run `N` to report (see the run ids in export's CSV)"},
			&cli.StringFlag{Name: "color", Value: "auto", Usage: "colour the text report: auto, always or never (NO_COLOR is honoured)"},
		},
		Action: func(c *cli.Context) error {
			args, err := interspersed(c)
			if err != nil {
				return err
			}
			format := c.String("format")
			switch format {
			case "text", "json", "jsonl", "md", "html", "csv":
			default:
				return usageError{fmt.Sprintf("unknown --format %q (want text, json, jsonl, md, html or csv)", format)}
			}
			switch c.String("color") {
			case "auto", "always", "never":
			default:
				return usageError{fmt.Sprintf("unknown --color %q (want auto, always or never)", c.String("color"))}
			}
			if len(args) > 1 || len(args) == 0 && !c.IsSet("run") {
				return usageError{"report takes one article URL, or --run N"}
			}
			db, err := openStored(c.Context, c.String("db"))
			if err != nil {
				return err
			}
			defer db.Close()
			var run report.Run
			if len(args) == 1 {
				run, err = loadArticle(c.Context, db, args[0], c.Int64("run"))
			} else {
				run, err = loadRun(c.Context, db, c.Int64("run"))
			}
			if err != nil {
				return err
			}
			return writeOutput(env, c.String("output"), func(w io.Writer) error {
				switch format {
				case "json":
					if len(run.Reports) == 1 {
						return report.WriteJSON(w, run.Reports[0])
					}
					return writeJSONArray(w, run.Reports)
				case "jsonl":
					return report.WriteJSONLines(w, run.Reports)
				case "md":
					return report.WriteMarkdown(w, run)
				case "html":
					return report.WriteHTML(w, run)
				case "csv":
					return report.WriteCSV(w, run, report.CSVOptions{})
				}
				o := report.TextOptions{Color: useColor(c.String("color"), w), Width: termWidth()}
				for i, r := range run.Reports {
					if i > 0 {
						if _, err := io.WriteString(w, "\n"+strings.Repeat("─", min(o.Width, 80))+"\n\n"); err != nil {
							return fmt.Errorf("write text report: %w", err)
						}
					}
					if err := report.WriteText(w, r, o); err != nil {
						return err
					}
				}
				if len(run.Reports) == 0 {
					_, err := fmt.Fprintf(w, "run %d checked no article\n", run.ID)
					return err
				}
				return nil
			})
		},
	}
}

// openStored opens an existing database for reading: a path where none exists is an
// input error, not a reason to create an empty database.
func openStored(ctx context.Context, path string) (*store.Store, error) {
	if path == "" {
		path = defaultDBPath()
	}
	if _, err := os.Stat(path); err != nil && !store.IsURL(path) {
		return nil, usageError{fmt.Sprintf("no database at %s (run provcheck check first, or give --db PATH)", path)}
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return db, nil
}

// loadRun reads the reports of run id back; id 0 means the latest run that checked an
// article.
func loadRun(ctx context.Context, db *store.Store, id int64) (report.Run, error) {
	run, err := readRun(ctx, db, id)
	if err != nil {
		return report.Run{}, err
	}
	return run, withLineage(ctx, db, &run)
}

// readRun reads the reports of run id back, as stored.
func readRun(ctx context.Context, db *store.Store, id int64) (report.Run, error) {
	var (
		meta store.Run
		err  error
	)
	if id == 0 {
		meta, err = db.LatestRunWithArticles(ctx)
	} else {
		meta, err = db.Run(ctx, id)
	}
	if errors.Is(err, store.ErrNotFound) {
		if id == 0 {
			return report.Run{}, usageError{"the database holds no checked article yet"}
		}
		return report.Run{}, usageError{fmt.Sprintf("no run %d in the database", id)}
	}
	if err != nil {
		return report.Run{}, err
	}
	raw, err := db.Reports(ctx, meta.ID)
	if err != nil {
		return report.Run{}, err
	}
	run := report.Run{ID: meta.ID, Kind: meta.Kind, Input: meta.Input, StartedAt: meta.StartedAt}
	for i, b := range raw {
		r, err := report.Parse(b)
		if err != nil {
			return report.Run{}, fmt.Errorf("run %d, article %d: %w", meta.ID, i+1, err)
		}
		run.Reports = append(run.Reports, r)
	}
	return run, nil
}

// withLineage lists under each quote of run's reports the other articles of the stored
// run that carry it.
func withLineage(ctx context.Context, db *store.Store, run *report.Run) error {
	if run.ID == 0 {
		return nil
	}
	quotes, err := db.Quotes(ctx, run.ID)
	if err != nil {
		return err
	}
	checker.AddLineage(run, quotes)
	return nil
}

// loadArticle reads back the latest check of the article at url, or its check in run id
// when id is not 0.
func loadArticle(ctx context.Context, db *store.Store, url string, id int64) (report.Run, error) {
	if id != 0 {
		run, err := readRun(ctx, db, id)
		if err != nil {
			return report.Run{}, err
		}
		for i := len(run.Reports) - 1; i >= 0; i-- {
			if a := run.Reports[i].Article; a.URL == url || a.FinalURL == url {
				run.Reports = []report.Report{run.Reports[i]}
				return run, withLineage(ctx, db, &run)
			}
		}
		return report.Run{}, usageError{fmt.Sprintf("run %d did not check %s", id, url)}
	}
	runID, raw, err := db.LatestArticle(ctx, url)
	if errors.Is(err, store.ErrNotFound) {
		return report.Run{}, usageError{fmt.Sprintf("no check of %s in the database (run provcheck check %s first)", url, url)}
	}
	if err != nil {
		return report.Run{}, err
	}
	r, err := report.Parse(raw)
	if err != nil {
		return report.Run{}, fmt.Errorf("stored report of %s: %w", url, err)
	}
	run := report.Run{ID: runID, Reports: []report.Report{r}}
	if meta, err := db.Run(ctx, runID); err == nil {
		run.Kind, run.Input, run.StartedAt = meta.Kind, meta.Input, meta.StartedAt
	}
	// The latest check of one article is shown as it was stored; lineage belongs to a
	// run's reports (report --run N, with or without a URL).
	return run, nil
}

// writeOutput runs write on standard output, or on the file at path ("" or "-": standard
// output), closing it and reporting the first error.
func writeOutput(env *environment, path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(env.stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write output: %w", cerr)
	}
	return err
}

// writeJSONArray writes reports as one indented JSON array.
func writeJSONArray(w io.Writer, reports []report.Report) error {
	if _, err := io.WriteString(w, "[\n"); err != nil {
		return fmt.Errorf("write json reports: %w", err)
	}
	for i, r := range reports {
		if i > 0 {
			if _, err := io.WriteString(w, ",\n"); err != nil {
				return fmt.Errorf("write json reports: %w", err)
			}
		}
		if err := report.WriteJSON(w, r); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]\n")
	if err != nil {
		return fmt.Errorf("write json reports: %w", err)
	}
	return nil
}
