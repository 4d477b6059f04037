package main

import (
	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
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
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: report.List(report.StoredFormats)},
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
			f, err := report.Lookup(report.StoredFormats, c.String("format"))
			if err != nil {
				return usageError{err.Error()}
			}
			if err := report.CheckColor(c.String("color")); err != nil {
				return usageError{err.Error()}
			}
			if len(args) > 1 || len(args) == 0 && !c.IsSet("run") {
				return usageError{"report takes one article URL, or --run N"}
			}
			return withStored(c, func(db *checker.Stored) error {
				var run report.Run
				if len(args) == 1 {
					run, err = db.Article(c.Context, args[0], c.Int64("run"))
				} else {
					run, err = db.Run(c.Context, c.Int64("run"))
				}
				if err != nil {
					return err
				}
				return f.WriteRunTo(c.String("output"), env.stdout, run, report.WriteOptions{}, c.String("color"))
			})
		},
	}
}
