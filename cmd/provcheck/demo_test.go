package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// demoGolden is the demo's JSON report, normalised; `go test ./cmd/provcheck -run Golden
// -update` rewrites it.
var demoGolden = filepath.Join("..", "..", "testdata", "golden", "demo.json")

// runDemo runs `provcheck demo --no-db` in process with extra flags and returns stdout.
func runDemo(t *testing.T, flags ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args := append([]string{"provcheck", "demo", "--no-db"}, flags...)
	if code := run(t.Context(), args, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("run(%q) = %d, want %d\nstderr: %s", args, code, exitOK, stderr.Bytes())
	}
	if stderr.Len() != 0 {
		t.Errorf("run(%q) stderr = %q, want nothing", args, stderr.Bytes())
	}
	return stdout.Bytes()
}

// volatile matches what changes from one run of the demo to the next: the time of the
// check and of each fetch, fetch durations, and the loopback port of the demo web.
var volatile = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`("(?:checked_at|fetched_at|started_at|finished_at)": )"[^"]*"`), `$1"TIME"`},
	{regexp.MustCompile(`("duration[a-z_]*": )[0-9.e+-]+`), `${1}0`},
	{regexp.MustCompile(`(127\.0\.0\.1|localhost|\[::1\]):[0-9]+`), `$1:PORT`},
}

// normalise replaces the volatile parts of a JSON report; it works on the text so that the
// golden file keeps the report's own field order and layout.
func normalise(b []byte) []byte {
	for _, v := range volatile {
		b = v.re.ReplaceAll(b, []byte(v.with))
	}
	return b
}

func TestDemoGolden(t *testing.T) {
	got := normalise(runDemo(t, "--format", "json"))
	if *update {
		if err := os.WriteFile(demoGolden, got, 0o644); err != nil {
			t.Fatalf("update golden file: %v", err)
		}
		return
	}
	want, err := os.ReadFile(demoGolden)
	if err != nil {
		t.Fatalf("read golden file (run go test ./cmd/provcheck -run Golden -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("demo JSON report differs from %s (rerun with -update and read the diff):\n%s", demoGolden, lineDiff(want, got))
	}
}

// lineDiff shows the first lines where want and got differ, with a little context.
func lineDiff(want, got []byte) string {
	w := strings.Split(string(want), "\n")
	g := strings.Split(string(got), "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  - " + wl + "\n  + " + gl + "\n")
			shown++
		}
	}
	return b.String()
}

// The demo's verdicts are the product's acceptance criteria: what a good checker says of
// the Lavrov article (DESIGN.md). They are asserted one by one here, so that a golden
// update cannot quietly accept a regression in any of them.
func TestDemoVerdicts(t *testing.T) {
	rep := decodeReport(t, runDemo(t, "--format", "json"))
	const et = "http://economictimes.example/"

	t.Run("fair for just is altered", func(t *testing.T) {
		q := rep.quote(t, "a multipolar, fair, and democratic world order")
		if q.Verdict != "altered" {
			t.Errorf("quote verdict = %q, want altered", q.Verdict)
		}
		var sub, ins bool
		for _, op := range q.Diff {
			switch {
			case op.Op == "substitute" && op.Quote == "fair" && op.Original == "just":
				sub = true
			case op.Op == "insert" && op.Quote == "and":
				ins = true
			}
		}
		if !sub || !ins {
			t.Errorf("quote diff = %+v, want substitute fair/just and insert and", q.Diff)
		}
		if !strings.HasPrefix(q.SourceURL, et) {
			t.Errorf("quote source_url = %q, want it on economictimes.example", q.SourceURL)
		}
	})

	t.Run("verified quotes", func(t *testing.T) {
		for _, text := range []string{
			"living through a very serious stage in the history of international relations",
			"we, together with you, and with our sympathisers will move towards a multipolar, just, democratic world order",
		} {
			q := rep.quote(t, text)
			if q.Verdict != "verified" || !strings.HasPrefix(q.SourceURL, et) {
				t.Errorf("quote %q verdict, source_url = %q, %q, want verified on economictimes.example", text, q.Verdict, q.SourceURL)
			}
		}
	})

	t.Run("two wordings are inconsistent", func(t *testing.T) {
		if fs := rep.findingsOf("quote.inconsistent"); len(fs) == 0 {
			t.Error("no quote.inconsistent finding, want Lavrov's two wordings flagged")
		}
	})

	t.Run("links to # are placeholders", func(t *testing.T) {
		n := 0
		for _, c := range rep.Citations {
			if c.Href != "#" {
				continue
			}
			n++
			if c.Verdict != "placeholder" {
				t.Errorf("citation %q (href #) verdict = %q, want placeholder", c.Anchor, c.Verdict)
			}
		}
		if n != 3 {
			t.Errorf("citations with href # = %d, want 3", n)
		}
	})

	t.Run("TASS named but not linked", func(t *testing.T) {
		found := false
		for _, f := range rep.findingsOf("claim.unlinked_attribution") {
			if strings.Contains(f.Message, "TASS") || f.Evidence.Extra["source"] == "TASS" {
				found = true
			}
		}
		if !found {
			t.Errorf("no claim.unlinked_attribution finding names TASS: %+v", rep.findingsOf("claim.unlinked_attribution"))
		}
	})

	t.Run("t.co short link redirected", func(t *testing.T) {
		c := rep.citationTo(t, "http://t.co.example/z4RhJ0VNHZ")
		if c.Verdict != "redirected" {
			t.Errorf("citation verdict = %q, want redirected", c.Verdict)
		}
		if len(c.Redirects) == 0 || c.Redirects[0].URL != "http://t.co.example/z4RhJ0VNHZ" || c.Redirects[0].Status != 301 {
			t.Errorf("citation redirects = %+v, want a chain starting http://t.co.example/z4RhJ0VNHZ 301", c.Redirects)
		}
		if !strings.HasPrefix(c.FinalURL, "http://x.example/") {
			t.Errorf("citation final_url = %q, want it on x.example (t.co → x.com)", c.FinalURL)
		}
	})

	t.Run("Biden claim unsourced", func(t *testing.T) {
		found := false
		for _, f := range rep.findingsOf("claim.unsourced") {
			if strings.HasPrefix(f.Subject.Text, "Less than a week after Joe Biden") {
				found = true
			}
		}
		if !found {
			t.Errorf("no claim.unsourced finding on the Biden sentence: %+v", rep.findingsOf("claim.unsourced"))
		}
	})

	t.Run("foreign ministry link dead", func(t *testing.T) {
		var mid *jsonCitation
		for i, c := range rep.Citations {
			if strings.HasPrefix(c.URL, "http://mid.example/") {
				mid = &rep.Citations[i]
			}
		}
		if mid == nil {
			t.Fatal("no citation on mid.example")
		}
		if mid.Verdict != "dead" || mid.Status != 404 {
			t.Errorf("mid.example citation verdict, status = %q, %d, want dead, 404", mid.Verdict, mid.Status)
		}
	})
}

func TestDemoText(t *testing.T) {
	t.Setenv("COLUMNS", "100")
	out := string(runDemo(t, "--format", "text", "--color", "never"))
	if want := `"fair" → original says "just"`; !strings.Contains(out, want) {
		t.Errorf("demo text report does not contain %q:\n%s", want, out)
	}
}
