package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/warc"
)

// captureIndex lets the crawler record its WARC captures in the database and find them
// again (crawler.Index over store.Store).
type captureIndex struct{ db *store.Store }

func (i captureIndex) AddCaptures(ctx context.Context, caps []crawler.Capture) error {
	out := make([]store.Capture, len(caps))
	for j, c := range caps {
		out[j] = store.Capture(c)
	}
	return i.db.SaveCaptures(ctx, out)
}

func (i captureIndex) LatestCapture(ctx context.Context, url, kind string) (crawler.Capture, bool, error) {
	return found(i.db.LatestCapture(ctx, url, kind))
}

func (i captureIndex) CaptureByRecordID(ctx context.Context, id string) (crawler.Capture, bool, error) {
	return found(i.db.CaptureByRecordID(ctx, id))
}

func found(c store.Capture, err error) (crawler.Capture, bool, error) {
	if errors.Is(err, store.ErrNotFound) {
		return crawler.Capture{}, false, nil
	}
	if err != nil {
		return crawler.Capture{}, false, err
	}
	return crawler.Capture(c), true, nil
}

// defaultWARCDir is where evidence goes when --warc-dir is not given: a "warc" directory
// next to the database, or next to the default SQLite file when the database is a
// PostgreSQL server.
func defaultWARCDir(dbPath string) string {
	if store.IsURL(dbPath) {
		dbPath = dataDBPath()
	}
	return filepath.Join(filepath.Dir(dbPath), "warc")
}

// openEvidence opens the WARC writer of a run and the index the crawler records into.
// The caller closes the writer.
func openEvidence(db *store.Store, dir string) (*warc.Writer, crawler.Index, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("warc directory: %w", err)
	}
	w, err := warc.NewWriter(abs, warc.Options{MaxFileSize: 1 << 30, Software: "provcheck/" + version})
	if err != nil {
		return nil, nil, err
	}
	return w, captureIndex{db: db}, nil
}

func evidenceCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "evidence",
		Usage:     "print what was captured for a URL: when, where in which WARC file, headers and body",
		ArgsUsage: "URL",
		Flags: []cli.Flag{
			dbFlag(),
			&cli.BoolFlag{Name: "all", Usage: "show every capture of the URL, not only the latest"},
			&cli.BoolFlag{Name: "no-body", Usage: "leave the body out"},
		},
		Action: func(c *cli.Context) error {
			args, err := interspersed(c)
			if err != nil {
				return err
			}
			if len(args) != 1 {
				return usageError{"evidence takes exactly one URL"}
			}
			db, err := openStored(c.Context, c.String("db"))
			if err != nil {
				return err
			}
			defer db.Close()
			return printEvidence(c.Context, env.stdout, db, args[0], c.Bool("all"), !c.Bool("no-body"))
		},
	}
}

// printEvidence prints the fetches captured for url (newest first), each rebuilt from the
// WARC files; a URL that was only a redirect hop or a robots.txt shows its responses.
func printEvidence(ctx context.Context, w io.Writer, db *store.Store, url string, all, body bool) error {
	caps, err := db.Captures(ctx, url)
	if err != nil {
		return err
	}
	if len(caps) == 0 {
		return usageError{fmt.Sprintf("no evidence captured for %s", url)}
	}
	sort.SliceStable(caps, func(i, j int) bool { return caps[i].Kind == store.CaptureFetch && caps[j].Kind != store.CaptureFetch })
	idx := captureIndex{db: db}
	for n, sc := range caps {
		if n > 0 && !all {
			fmt.Fprintf(w, "\n(%d more capture(s); --all shows them)\n", len(caps)-1)
			break
		}
		if n > 0 {
			fmt.Fprintln(w)
		}
		c := crawler.Capture(sc)
		switch c.Kind {
		case store.CaptureFetch:
			p, resp, err := crawler.Captured(ctx, idx, c)
			if err != nil {
				return fmt.Errorf("read evidence of %s: %w", url, err)
			}
			printPage(w, c, p, resp, body)
		default:
			if err := printRecord(w, c, body); err != nil {
				return err
			}
		}
	}
	return nil
}

func printPage(w io.Writer, c crawler.Capture, p *page.Page, resp crawler.Capture, body bool) {
	fmt.Fprintf(w, "URL:        %s\n", p.RequestURL)
	fmt.Fprintf(w, "fetched:    %s (took %s)\n", p.FetchedAt.UTC().Format("2006-01-02 15:04:05.000 MST"), p.Duration.Round(1e6))
	fmt.Fprintf(w, "summary:    %s:%d (%s record %s)\n", c.File, c.Offset, "metadata", c.RecordID)
	for _, h := range p.Redirects {
		fmt.Fprintf(w, "redirect:   %d %s\n", h.Status, h.URL)
	}
	fmt.Fprintf(w, "final URL:  %s\n", p.FinalURL)
	fmt.Fprintf(w, "status:     %d\n", p.Status)
	if p.Retries > 0 {
		fmt.Fprintf(w, "retries:    %d\n", p.Retries)
	}
	if p.Revalidated {
		fmt.Fprintf(w, "revalidated: a 304 confirmed the stored response\n")
	}
	if p.ErrClass != "" {
		fmt.Fprintf(w, "error:      [%s] %s\n", p.ErrClass, p.Err)
	}
	if resp.RecordID == "" {
		return
	}
	fmt.Fprintf(w, "response:   %s:%d (%d bytes compressed, payload %s, record %s)\n", resp.File, resp.Offset, resp.Length, resp.PayloadDigest, resp.RecordID)
	printHeaders(w, p.Header)
	if body {
		printBody(w, p.Body, p.Truncated)
	}
}

func printRecord(w io.Writer, c crawler.Capture, body bool) error {
	rec, err := warc.ReadAt(c.File, c.Offset)
	if err != nil {
		return fmt.Errorf("read evidence: %w", err)
	}
	fmt.Fprintf(w, "URL:        %s\n", c.URL)
	fmt.Fprintf(w, "captured:   %s\n", rec.Header.Get("WARC-Date"))
	fmt.Fprintf(w, "record:     %s:%d (%s %s)\n", c.File, c.Offset, rec.Type(), rec.ID())
	if c.Kind == store.CaptureError {
		fmt.Fprintf(w, "%s", rec.Block)
		return nil
	}
	hr, err := warc.ParseResponse(rec.Block)
	if err != nil {
		return fmt.Errorf("read evidence: %w", err)
	}
	fmt.Fprintf(w, "status:     %d\n", hr.Status)
	printHeaders(w, hr.Header)
	if body {
		printBody(w, hr.Body, rec.Header.Get("WARC-Truncated") != "")
	}
	return nil
}

func printHeaders(w io.Writer, h map[string][]string) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintln(w, "headers:")
	for _, k := range keys {
		for _, v := range h[k] {
			fmt.Fprintf(w, "  %s: %s\n", k, v)
		}
	}
}

// printBody prints the body as captured when it is text, and only its size otherwise:
// a terminal is no place for binary bytes.
func printBody(w io.Writer, b []byte, truncated bool) {
	note := ""
	if truncated {
		note = ", truncated at capture"
	}
	if !utf8.Valid(b) || strings.ContainsRune(string(b), 0) {
		fmt.Fprintf(w, "body:       %d bytes%s, not UTF-8 text: not printed\n", len(b), note)
		return
	}
	fmt.Fprintf(w, "body (%d bytes%s):\n%s\n", len(b), note, b)
}
