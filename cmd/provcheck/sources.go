package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
)

func sourcesCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:  "sources",
		Usage: "list the sites and authors of the checked articles with their track record",
		Description: "Counts, per site (or per author, from the bylines) of the articles in the database: articles,\n" +
			"quotes checked, verified, altered and not found, dead and placeholder citations, and sources\n" +
			"named without a link. An article checked several times counts once, with its latest check.",
		Flags: []cli.Flag{
			dbFlag(),
			&cli.Int64Flag{Name: "run", Usage: "count only the articles of `RUN` (default: every article stored)"},
			&cli.StringFlag{Name: "by", Value: store.BySite, Usage: "group by site or author"},
			&cli.StringFlag{Name: "sort", Value: "articles", Usage: "sort by `KEY`, most first: " + strings.Join(store.SourceSorts, ", ")},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "text or csv"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 0 {
				return usageError{"sources takes no arguments"}
			}
			by, sortKey, format := c.String("by"), c.String("sort"), c.String("format")
			if by != store.BySite && by != store.ByAuthor {
				return usageError{fmt.Sprintf("unknown --by %q (want site or author)", by)}
			}
			if !slices.Contains(store.SourceSorts, sortKey) {
				return usageError{fmt.Sprintf("unknown --sort %q (want one of %s)", sortKey, strings.Join(store.SourceSorts, ", "))}
			}
			if format != "text" && format != "csv" {
				return usageError{fmt.Sprintf("unknown --format %q (want text or csv)", format)}
			}
			db, err := openStored(c.Context, c.String("db"))
			if err != nil {
				return err
			}
			defer db.Close()
			recs, err := db.Sources(c.Context, store.SourceQuery{RunID: c.Int64("run"), By: by, Sort: sortKey})
			if err != nil {
				return err
			}
			rows := make([]report.TrackRow, len(recs))
			for i, r := range recs {
				rows[i] = report.TrackRow(r)
			}
			if format == "csv" {
				return report.WriteTrackCSV(env.stdout, by, rows)
			}
			if len(rows) == 0 {
				fmt.Fprintln(env.stdout, "No checked article in the database.")
				return nil
			}
			return report.WriteTrackText(env.stdout, by, rows)
		},
	}
}

// checkDepth validates --depth.
func checkDepth(n int) error {
	if n < 1 {
		return usageError{fmt.Sprintf("--depth %d: want 1 or more", n)}
	}
	return nil
}
