package web

import (
	"context"
	"flag"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/provcheck/provcheck/checker/demo"
)

// screenshots, when set, is the folder the browser test writes its screenshots to:
// go test ./checker/web -run Browser -screenshots ../../docs/screenshots
var screenshots = flag.String("screenshots", "", "write screenshots of the main pages to `DIR`")

// chromium finds the system Chromium; without one the test is skipped, unless under CI
// (CI=true), where it must be there.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium under CI: install the chromium package")
	}
	t.Skip("no Chromium on this machine")
	return ""
}

// The page in a real browser: submit the demo article, wait for its report, see the
// altered quote marked, follow the link to the run, search a quote, download the CSV.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	f := newFixture(t, Config{Check: demoCheck(t, true)})
	ts := httptest.NewServer(f.h)
	defer ts.Close()

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0], chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts, chromedp.ExecPath(exe), chromedp.UserDataDir(t.TempDir()), chromedp.NoSandbox, chromedp.DisableGPU)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	desktop := chromedp.EmulateViewport(1280, 900)

	shot := func(name string) {
		t.Helper()
		if *screenshots == "" {
			return
		}
		for _, size := range []struct {
			suffix        string
			width, height int64
			mobile        bool
		}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
			vp := chromedp.EmulateViewport(size.width, size.height)
			if size.mobile {
				vp = chromedp.EmulateViewport(size.width, size.height, chromedp.EmulateScale(2))
			}
			if err := chromedp.Do(bctx, vp, chromedp.Sleep(200*time.Millisecond)); err != nil {
				t.Fatalf("viewport: %v", err)
			}
			png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatalf("screenshot %s: %v", name, err)
			}
			if err := os.WriteFile(filepath.Join(*screenshots, name+"-"+size.suffix+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := chromedp.Do(bctx, desktop); err != nil {
			t.Fatal(err)
		}
	}

	// Submit the demo article's address.
	if err := chromedp.Do(bctx, desktop, chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("url"))); err != nil {
		t.Fatalf("start page: %v", err)
	}
	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.ID("url"), demo.ArticleURL)); err != nil {
		t.Fatal(err)
	}
	shot("check")
	if err := chromedp.Do(bctx, chromedp.Submit(chromedp.ID("url"))); err != nil {
		t.Fatalf("submit: %v", err)
	}
	// The progress page refreshes until the report is there.
	if err := chromedp.Do(bctx, chromedp.WaitVisible(chromedp.CSS("nav.serve-nav"))); err != nil {
		loc, _ := chromedp.Run(bctx, chromedp.Location())
		t.Fatalf("no report (at %s): %v", loc, err)
	}
	body, err := chromedp.Run(bctx, chromedp.OuterHTML(chromedp.CSS("body")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<del>just</del>", "<ins>fair</ins>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the report lacks %s", want)
		}
	}
	shot("article")

	// Follow the link to the run.
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`nav.serve-nav a[href^="/runs/"]`)), chromedp.WaitVisible(chromedp.CSS("table.articles"))); err != nil {
		t.Fatalf("run page: %v", err)
	}
	runURL, err := chromedp.Run(bctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(runURL, "/runs/") {
		t.Errorf("the link led to %s", runURL)
	}
	shot("run")

	// Download the run's CSV.
	dir := t.TempDir()
	enabled := true
	if _, err := chromedp.CallBrowser(bctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: &enabled,
	}); err != nil {
		t.Fatalf("download behaviour: %v", err)
	}
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`p.downloads a[href$="/export/csv"]`))); err != nil {
		t.Fatalf("click CSV: %v", err)
	}
	var csv []byte
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		matches, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
		if len(matches) == 1 {
			if csv, err = os.ReadFile(matches[0]); err == nil && len(csv) > 0 {
				break
			}
		}
	}
	if !strings.Contains(string(csv), "quote.altered") {
		t.Errorf("downloaded CSV: %.300q", csv)
	}

	// Search a quote.
	if err := chromedp.Do(bctx, chromedp.Navigate(ts.URL+"/quotes"), chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "a multipolar, just, democratic world order"),
		chromedp.Submit(chromedp.ID("q")), chromedp.WaitVisible(chromedp.CSS("ol.lineage"))); err != nil {
		t.Fatalf("quote search: %v", err)
	}
	text, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("ol.lineage")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "worldnews.example") {
		t.Errorf("quote search: %q", text)
	}
	shot("quotes")

	if err := chromedp.Do(bctx, chromedp.Navigate(ts.URL+"/sources"), chromedp.WaitVisible(chromedp.CSS("table.list"))); err != nil {
		t.Fatalf("sources: %v", err)
	}
	shot("sources")
	if err := chromedp.Do(bctx, chromedp.Navigate(ts.URL+"/runs"), chromedp.WaitVisible(chromedp.CSS("table.list"))); err != nil {
		t.Fatalf("runs: %v", err)
	}
	shot("runs")
}
