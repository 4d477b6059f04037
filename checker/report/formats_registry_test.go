package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/checker/report"
)

func TestFormatRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range report.Formats() {
		if f.Name == "" || f.MediaType == "" || !strings.HasPrefix(f.Ext, ".") || (f.Run == nil && f.Track == nil) {
			t.Errorf("format %+v lacks a name, media type, extension or writer", f.Name)
		}
		if seen[f.Name] {
			t.Errorf("format %q registered twice", f.Name)
		}
		seen[f.Name] = true
	}
	lists := map[string][]string{"check": report.CheckFormats, "stored": report.StoredFormats, "export": report.ExportFormats}
	for cmd, names := range lists {
		for _, n := range names {
			if f, err := report.Lookup(names, n); err != nil || f.Run == nil {
				t.Errorf("%s: Lookup(%q) = %+v, %v; want a run writer", cmd, n, f.Name, err)
			}
		}
	}
	for _, n := range report.SourcesFormats {
		if f, err := report.Lookup(report.SourcesFormats, n); err != nil || f.Track == nil {
			t.Errorf("sources: Lookup(%q) = %v; want a track writer", n, err)
		}
	}
	if _, err := report.Lookup(report.CheckFormats, "csv"); err == nil || err.Error() != `unknown --format "csv" (want text or json)` {
		t.Errorf("Lookup of a format the command does not offer: %v", err)
	}
}

func TestFormatsWriteEmptyRun(t *testing.T) {
	for _, f := range report.Formats() {
		if f.Run == nil {
			continue
		}
		var b bytes.Buffer
		if err := f.Run(&b, report.Run{ID: 7}, report.WriteOptions{Width: 80}); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
	var b bytes.Buffer
	text, _ := report.Lookup(report.StoredFormats, "text")
	if err := text.Run(&b, report.Run{ID: 7}, report.WriteOptions{}); err != nil || b.String() != "run 7 checked no article\n" {
		t.Errorf("text of an empty run = %q, %v", b.String(), err)
	}
	b.Reset()
	track, _ := report.Lookup(report.SourcesFormats, "text")
	if err := track.Track(&b, report.Track{By: "site"}, report.WriteOptions{}); err != nil || !strings.Contains(b.String(), "No checked article") {
		t.Errorf("text of an empty track record = %q, %v", b.String(), err)
	}
}
