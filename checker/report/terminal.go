package report

import (
	"fmt"
	"io"
	"os"
	"strconv"
)

// ColorModes are the values of --color.
var ColorModes = []string{"auto", "always", "never"}

// CheckColor reports whether mode is one of ColorModes.
func CheckColor(mode string) error {
	for _, m := range ColorModes {
		if m == mode {
			return nil
		}
	}
	return fmt.Errorf("unknown --color %q (want auto, always or never)", mode)
}

// ForTerminal sets the text options of o for w: colour as mode says ("auto": when w is a
// terminal and NO_COLOR is unset), and the width from $COLUMNS (100 when unset or under
// 40).
func ForTerminal(o WriteOptions, w io.Writer, mode string) WriteOptions {
	switch mode {
	case "always":
		o.Color = true
	case "never":
		o.Color = false
	default:
		o.Color = os.Getenv("NO_COLOR") == "" && IsTerminal(w)
	}
	o.Width = 100
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n >= 40 {
		o.Width = n
	}
	return o
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
