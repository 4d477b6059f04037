package report_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/provcheck/provcheck/checker/report"
)

func renderHTML(t *testing.T, run report.Run) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := report.WriteHTML(&b, run); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	return b.Bytes()
}

func TestHTMLSelfContained(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  report.Run
	}{{"demo", demoRun(t)}, {"run", fixtureRun(t)}, {"empty", report.Run{ID: 3}}} {
		t.Run(tc.name, func(t *testing.T) {
			out := renderHTML(t, tc.run)
			doc, err := html.Parse(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("parse HTML: %v", err)
			}
			var tags = map[string]int{}
			var walk func(n *html.Node)
			walk = func(n *html.Node) {
				if n.Type == html.ElementNode {
					tags[n.Data]++
					for _, a := range n.Attr {
						switch {
						case a.Key == "src", a.Key == "srcset", a.Key == "style" && strings.Contains(a.Val, "url("):
							t.Errorf("<%s %s=%q> loads a resource", n.Data, a.Key, a.Val)
						case n.Data == "html" && a.Key == "lang" && a.Val == "":
							t.Errorf("empty lang attribute")
						case n.Data == "th" && a.Key == "scope" && a.Val != "col" && a.Val != "row":
							t.Errorf("th scope %q", a.Val)
						}
					}
					if n.Data == "th" && !hasAttr(n, "scope") {
						t.Errorf("<th> without scope: %s", text(n))
					}
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(doc)
			for _, banned := range []string{"script", "link", "img", "iframe", "object", "embed"} {
				if tags[banned] > 0 {
					t.Errorf("HTML has <%s>: a self-contained page has none", banned)
				}
			}
			for _, need := range []string{"header", "main", "section", "style"} {
				if tags[need] == 0 {
					t.Errorf("HTML has no <%s>", need)
				}
			}
			if !bytes.Contains(out, []byte(`<html lang="en">`)) || !bytes.Contains(out, []byte("@media (max-width: 700px)")) || !bytes.Contains(out, []byte("@media print")) {
				t.Errorf("HTML lacks lang, the phone media query or print CSS")
			}
			if bytes.Contains(out, []byte("@import")) {
				t.Errorf("CSS imports a stylesheet")
			}
			if tc.name == "empty" {
				return
			}
			s := string(out)
			for _, want := range []string{
				`<del>just</del>`, `<ins>fair</ins>`, `<ins>and</ins>`,
				`<span class="value">35</span>`,
				`http://t.co.example/z4RhJ0VNHZ (301)`,
				`#:~:text=a%20multipolar%2C%20just%2C%20democratic%20world%20order`,
			} {
				if !strings.Contains(s, want) {
					t.Errorf("HTML lacks %s", want)
				}
			}
		})
	}
	// The run's index lists the articles by score, lowest first.
	out := string(renderHTML(t, fixtureRun(t)))
	idx := strings.Index(out, `<table class="index`)
	prev := -1
	scores := []int{}
	for _, part := range strings.Split(out[idx:strings.Index(out[idx:], "</table>")+idx], `data-label="Score"><strong>`)[1:] {
		var v int
		for _, c := range part {
			if c < '0' || c > '9' {
				break
			}
			v = v*10 + int(c-'0')
		}
		scores = append(scores, v)
		if v < prev {
			t.Errorf("index scores %v not ascending", scores)
		}
		prev = v
	}
	if len(scores) != len(runURLs) {
		t.Errorf("index has %d rows, want %d", len(scores), len(runURLs))
	}
}

func TestHTMLEscapes(t *testing.T) {
	r := demoReport(t)
	// Copy the slices the test changes: the fixture is shared.
	r.Quotes = append([]report.Quote(nil), r.Quotes...)
	r.Citations = append([]report.Citation(nil), r.Citations...)
	r.Article.Title = `<script>alert("x")</script>`
	r.Quotes[1].Text = `a multipolar, <b>fair</b>, and democratic world order`
	r.Citations[1].URL = "javascript:alert(1)"
	r.Citations[1].Verdict = "dead"
	out := string(renderHTML(t, report.Run{Reports: []report.Report{r}}))
	if strings.Contains(out, "<script>") || strings.Contains(out, "<b>fair</b>") {
		t.Errorf("untrusted text reached the page unescaped")
	}
	if strings.Contains(out, `href="javascript:`) {
		t.Errorf("a javascript: URL became a link")
	}
	if !strings.Contains(out, "&lt;script&gt;") {
		t.Errorf("escaped title missing")
	}
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

const chromium = "/usr/bin/chromium"

// chromiumRun runs headless Chromium on file with extra flags and returns its stdout.
func chromiumRun(t *testing.T, file string, extra ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	args := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + t.TempDir(),
	}, extra...)
	args = append(args, "file://"+file)
	cmd := exec.CommandContext(ctx, chromium, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", extra, err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// TestHTMLInChromium renders the demo report in headless Chromium and reads the DOM it
// built. With -update it also rewrites docs/demo-report.png (desktop) and
// docs/demo-report-phone.png (390 px wide).
func TestHTMLInChromium(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no " + chromium + " (apt-get install chromium)")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "demo.html")
	if err := os.WriteFile(page, renderHTML(t, demoRun(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := string(chromiumRun(t, page, "--dump-dom"))
	for _, want := range []string{
		"<del>just</del>", "<ins>fair</ins>", `<span class="value">35</span>`, "grade F",
		"Lavrov: Russia Rejects", "3 links that point nowhere", "http://t.co.example/z4RhJ0VNHZ (301)",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("Chromium's DOM lacks %s", want)
		}
	}
	shots := []struct {
		name, size string
	}{{"demo-report.png", "1280,3000"}, {"demo-report-phone.png", "390,1800"}}
	for _, s := range shots {
		png := filepath.Join(dir, s.name)
		chromiumRun(t, page, "--screenshot="+png, "--window-size="+s.size)
		b, err := os.ReadFile(png)
		if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Fatalf("screenshot %s: %v (%d bytes)", s.name, err, len(b))
		}
		if *update {
			if err := os.WriteFile(filepath.Join("..", "..", "docs", s.name), b, 0o644); err != nil {
				t.Fatalf("update screenshot: %v", err)
			}
		}
	}
}
