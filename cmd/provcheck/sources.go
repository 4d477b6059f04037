package main

import (
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
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
			&cli.StringFlag{Name: "by", Value: checker.BySite, Usage: "group by site or author"},
			&cli.StringFlag{Name: "sort", Value: "articles", Usage: "sort by `KEY`, most first: " + strings.Join(checker.SourceSorts, ", ")},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: report.List(report.SourcesFormats)},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 0 {
				return usageError{"sources takes no arguments"}
			}
			by, sortKey := c.String("by"), c.String("sort")
			if err := checker.CheckSourceQuery(by, sortKey); err != nil {
				return err
			}
			f, err := report.Lookup(report.SourcesFormats, c.String("format"))
			if err != nil {
				return usageError{err.Error()}
			}
			return withStored(c, func(db *checker.Stored) error {
				rows, err := db.Sources(c.Context, checker.SourceQuery{RunID: c.Int64("run"), By: by, Sort: sortKey})
				if err != nil {
					return err
				}
				return f.Track(env.stdout, report.Track{By: by, Rows: rows}, report.WriteOptions{})
			})
		},
	}
}
