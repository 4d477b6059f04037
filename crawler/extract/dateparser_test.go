package extract

import (
	"testing"
	"time"

	"github.com/markusmobius/go-dateparser"
)

// TestPatchedDateparser: the copy of go-dateparser that go.mod replaces the module with
// builds its locale and time-zone tables on the first date parsed; dates with and without
// a zone still parse as upstream's do.
func TestPatchedDateparser(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"12 March 2020 10:00 EST", time.Date(2020, 3, 12, 15, 0, 0, 0, time.UTC)},
		{"12 March 2020 10:00 CET", time.Date(2020, 3, 12, 9, 0, 0, 0, time.UTC)},
		{"2020-03-12 10:00 UTC", time.Date(2020, 3, 12, 10, 0, 0, 0, time.UTC)},
		{"12. März 2020 10:00 UTC", time.Date(2020, 3, 12, 10, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		d, err := dateparser.Parse(nil, tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if !d.Time.Equal(tc.want) {
			t.Errorf("Parse(%q) = %v, want %v", tc.in, d.Time.UTC(), tc.want)
		}
	}
}

// TestPatchedDateparserCalendars: the Jalali and Hijri tables, decoded on first use in the
// copy, convert dates as upstream does (1 Farvardin 1399 and 1 Ramadan 1441 were 20 March
// and 24 April 2020).
func TestPatchedDateparserCalendars(t *testing.T) {
	j, err := dateparser.ParseJalali(nil, "1399/01/01")
	if err != nil || !sameDay(j.Time, 2020, time.March, 20) {
		t.Errorf("ParseJalali(1399/01/01) = %v, %v; want 2020-03-20", j.Time, err)
	}
	h, err := dateparser.ParseHijri(nil, "1441/09/01")
	if err != nil || !sameDay(h.Time, 2020, time.April, 24) {
		t.Errorf("ParseHijri(1441/09/01) = %v, %v; want 2020-04-24", h.Time, err)
	}
}

func sameDay(t time.Time, y int, m time.Month, d int) bool {
	return t.Year() == y && t.Month() == m && t.Day() == d
}
