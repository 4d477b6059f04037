package main

import (
	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/rules"
)

func exportCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:  "export",
		Usage: "export a run's findings for other tools: " + report.List(report.ExportFormats),
		Description: "Reads the reports of a run back from the database (the latest run that checked an\n" +
			"article unless --run N) and writes them as:\n" +
			"  csv          one finding a row (RFC 4180; columns in docs/export-formats.md)\n" +
			"  jsonl        one provcheck/report/v1 report a line\n" +
			"  claimreview  schema.org ClaimReview JSON-LD, one review per quote and claim\n" +
			"  prov         W3C PROV-JSON: articles, originals, quotes, fetches, comparisons\n" +
			"  dot          Graphviz citation graph, coloured by verdict\n" +
			"  md, html     the reports, for people",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Required: true, Usage: report.List(report.ExportFormats)},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` instead of standard output"},
			dbFlag(),
			&cli.Int64Flag{Name: "run", Usage: "export run `N` (default: the latest run that checked an article)"},
			&cli.StringFlag{Name: "min-severity", Usage: "csv: leave out findings below `SEVERITY` (info, low, medium, high)"},
			&cli.StringFlag{Name: "org", Value: "provcheck", Usage: "claimreview: the `NAME` of the organisation that publishes the reviews"},
			&cli.StringFlag{Name: "org-url", Usage: "claimreview: the organisation's `URL`"},
		},
		Action: func(c *cli.Context) error {
			args, err := interspersed(c)
			if err != nil {
				return err
			}
			if len(args) != 0 {
				return usageError{"export takes no arguments (choose the run with --run N)"}
			}
			f, err := report.Lookup(report.ExportFormats, c.String("format"))
			if err != nil {
				return usageError{err.Error()}
			}
			o := report.WriteOptions{Org: c.String("org"), OrgURL: c.String("org-url")}
			if v := c.String("min-severity"); v != "" {
				if f.Name != "csv" {
					return usageError{"--min-severity applies to --format csv only"}
				}
				if o.MinSeverity, err = rules.ParseSeverity(v); err != nil {
					return usageError{"--min-severity: " + err.Error()}
				}
			}
			return withStored(c, func(db *checker.Stored) error {
				run, err := db.Run(c.Context, c.Int64("run"))
				if err != nil {
					return err
				}
				return f.WriteRunTo(c.String("output"), env.stdout, run, o, "never")
			})
		},
	}
}
