package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes the report as indented JSON (schema provcheck/report/v1).
func WriteJSON(w io.Writer, r Report) error { return WriteIndentedJSON(w, r, "json report") }

// WriteIndentedJSON writes v as JSON indented by two spaces, leaving <, > and & as they
// are; what names v in an error.
func WriteIndentedJSON(w io.Writer, v any, what string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	return nil
}
