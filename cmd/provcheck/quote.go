package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
)

func quoteCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "quote",
		Usage:     "search the audited archive for a quote and print its lineage",
		ArgsUsage: `"TEXT"`,
		Flags: []cli.Flag{
			dbFlag(),
			&cli.Int64Flag{Name: "run", Usage: "search only the articles of `RUN` (default: every article stored)"},
			&cli.IntFlag{Name: "limit", Value: 20, Usage: "at most `N` articles"},
		},
		Action: func(c *cli.Context) error {
			args, err := interspersed(c)
			if err != nil {
				return err
			}
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return usageError{`quote takes the quoted words as one argument: provcheck quote "…"`}
			}
			db, err := openStored(c.Context, c.String("db"))
			if err != nil {
				return err
			}
			defer db.Close()
			quotes, err := db.Quotes(c.Context, c.Int64("run"))
			if err != nil {
				return err
			}
			text := args[0]
			carriers := checker.NewQuoteIndex(quotes).Lineage(text, c.Int("limit"))
			if len(carriers) == 0 {
				fmt.Fprintf(env.stdout, "No article among %d quotations carries “%s”.\n", len(quotes), text)
				return nil
			}
			fmt.Fprintf(env.stdout, "“%s” is carried by %d article(s), earliest first:\n", text, len(carriers))
			for i, cr := range carriers {
				first := ""
				if i == 0 && cr.Quote.Published != nil {
					first = "  (first published)"
				}
				fmt.Fprintf(env.stdout, "  %-9s %.2f  %s  %s%s\n", cr.Verdict, cr.Similarity, dateOf(cr.Quote.Published), cr.Quote.ArticleURL, first)
				if cr.Quote.Text != text {
					fmt.Fprintf(env.stdout, "            as “%s”", clipText(cr.Quote.Text, 100))
					if cr.Quote.Speaker != "" {
						fmt.Fprintf(env.stdout, " — %s", cr.Quote.Speaker)
					}
					fmt.Fprintln(env.stdout)
				}
			}
			return nil
		},
	}
}
