package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/provcheck/provcheck/rules"
)

// Recheck is what became of the links an audit run found dead, fetched again.
type Recheck struct {
	RunID int64
	Links []RecheckedLink
}

// RecheckedLink is one link found dead, fetched again, with its fate now.
type RecheckedLink struct {
	URL    string
	Fate   rules.Fate
	Status int
	Err    string
}

// WriteRecheck writes a recheck as text, one link a line.
func WriteRecheck(w io.Writer, r Recheck) error {
	var b strings.Builder
	fmt.Fprintf(&b, "run %d: %d dead link(s) fetched again\n", r.RunID, len(r.Links))
	alive := 0
	for _, l := range r.Links {
		note := l.Err
		if l.Fate == rules.FateOK {
			alive++
			note = fmt.Sprintf("%d, answers again", l.Status)
		}
		fmt.Fprintf(&b, "  %-9s %s  %s\n", l.Fate, l.URL, note)
	}
	fmt.Fprintf(&b, "%d of %d answer again\n", alive, len(r.Links))
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write recheck: %w", err)
	}
	return nil
}
