package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/provcheck/provcheck/rules"
)

// TrackRow is the track record of one site or author across the stored checks (the
// fields of store.SourceRecord).
type TrackRow struct {
	Name        string
	Sites       string // for an author: the hosts of their articles
	Articles    int
	Quotes      int
	Verified    int
	Altered     int
	NotFound    int
	Dead        int
	Placeholder int
	Unlinked    int
}

// trackHeader names the columns of a track record; the first is "site" or "author".
var trackHeader = []string{
	"articles", "quotes", string(rules.Verified), string(rules.Altered), string(rules.NotFound),
	string(rules.FateDead), string(rules.FatePlaceholder), "unlinked",
}

func trackCounts(r TrackRow) []int {
	return []int{r.Articles, r.Quotes, r.Verified, r.Altered, r.NotFound, r.Dead, r.Placeholder, r.Unlinked}
}

// WriteTrackText writes a track record as an aligned table; by is "site" or "author".
func WriteTrackText(w io.Writer, by string, rows []TrackRow) error {
	// Counts align right; the name column is padded so that it reads left-aligned.
	width := utf8.RuneCountInString(by)
	for _, r := range rows {
		width = max(width, utf8.RuneCountInString(r.Name))
	}
	pad := func(s string) string { return s + strings.Repeat(" ", width-utf8.RuneCountInString(s)) }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := append([]string{pad(by)}, strings.ReplaceAll(strings.Join(trackHeader, "\t"), "_", " "))
	if by == "author" {
		head = append(head, "sites")
	}
	fmt.Fprintf(tw, "%s\t\n", strings.Join(head, "\t"))
	for _, r := range rows {
		cells := []string{pad(r.Name)}
		for _, n := range trackCounts(r) {
			cells = append(cells, strconv.Itoa(n))
		}
		if by == "author" {
			cells = append(cells, r.Sites)
		}
		fmt.Fprintf(tw, "%s\t\n", strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write track record: %w", err)
	}
	return nil
}

// WriteTrackCSV writes a track record as CSV with a header row; by is "site" or "author".
// Names and bylines come from articles, so a cell that a spreadsheet would run as a
// formula is made inert.
func WriteTrackCSV(w io.Writer, by string, rows []TrackRow) error {
	cw := csv.NewWriter(w)
	head := append([]string{by}, trackHeader...)
	if by == "author" {
		head = append(head, "sites")
	}
	_ = cw.Write(head)
	for _, r := range rows {
		cells := []string{inert(r.Name)}
		for _, n := range trackCounts(r) {
			cells = append(cells, strconv.Itoa(n))
		}
		if by == "author" {
			cells = append(cells, inert(r.Sites))
		}
		_ = cw.Write(cells)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write track record: %w", err)
	}
	return nil
}
