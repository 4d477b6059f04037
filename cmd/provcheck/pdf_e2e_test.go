package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/crawler/extract/pdftext"
)

// pdfReport is the part of a JSON report the PDF test reads.
type pdfReport struct {
	Citations []struct {
		URL     string `json:"url"`
		Verdict string `json:"verdict"`
		Error   string `json:"error"`
	} `json:"citations"`
	Quotes []struct {
		Text       string   `json:"text"`
		Verdict    string   `json:"verdict"`
		Message    string   `json:"message"`
		SourceURL  string   `json:"source_url"`
		PassageURL string   `json:"passage_url"`
		Page       int      `json:"page"`
		Diff       []jsonOp `json:"diff"`
	} `json:"quotes"`
	Findings []struct {
		Rule     string `json:"rule"`
		Message  string `json:"message"`
		Evidence struct {
			URL       string `json:"url"`
			SourceURL string `json:"source_url"`
			Page      int    `json:"page"`
		} `json:"evidence"`
	} `json:"findings"`
}

// TestE2EPDFOriginals checks an article whose originals are PDFs written by LibreOffice,
// img2pdf and qpdf: a verbatim quote from page 3 is verified with the page in the evidence
// and a link to that page, an altered one is altered with its diff, and a scan with no
// text layer and an encrypted PDF are link.unparsed, each saying why.
func TestE2EPDFOriginals(t *testing.T) {
	requireBinary(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(e2eDir, "pdf"))))
	t.Cleanup(srv.Close)
	report, scanned, encrypted := srv.URL+"/report.pdf", srv.URL+"/scanned.pdf", srv.URL+"/encrypted.pdf"

	// Fill the compilation cache the binary reads first: a cold compile of PDFium on a
	// busy machine can take a good part of the time runBinary allows a run.
	warm := pdftext.New(pdftext.Config{CacheDir: checker.DefaultPDFCacheDir()})
	body, err := os.ReadFile(filepath.Join(e2eDir, "pdf", "report.pdf"))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	if _, err := warm.Read(t.Context(), body); err != nil {
		t.Fatalf("warm up PDFium: %v", err)
	}
	if err := warm.Close(); err != nil {
		t.Fatalf("close PDFium: %v", err)
	}

	r := runBinary(t, nil, jsonCheck(srv.URL+"/article.html")...)
	if r.code != exitOK {
		t.Fatalf("exit code = %d, want %d\n%s", r.code, exitOK, r)
	}
	var rep pdfReport
	if err := json.Unmarshal(r.stdout, &rep); err != nil {
		t.Fatalf("decode report: %v\n%s", err, r.stdout)
	}
	quotes := map[string]int{}
	for i, q := range rep.Quotes {
		quotes[q.Text] = i
	}
	verbatim, ok := quotes["entering a decade of careful and patient investment in clean water"]
	if !ok {
		t.Fatalf("quotes = %+v, want the verbatim one", rep.Quotes)
	}
	if q := rep.Quotes[verbatim]; q.Verdict != "verified" || q.SourceURL != report || q.Page != 3 ||
		q.PassageURL != report+"#page=3" || !strings.Contains(q.Message, "page 3") {
		t.Errorf("verbatim quote = %+v, want verified in %s on page 3, linked to #page=3", q, report)
	}
	altered, ok := quotes["protected by the new social tariff"]
	if !ok {
		t.Fatalf("quotes = %+v, want the altered one", rep.Quotes)
	}
	q := rep.Quotes[altered]
	swapped := false
	for _, op := range q.Diff {
		swapped = swapped || op.Op == "substitute" && op.Quote == "new" && op.Original == "existing"
	}
	if q.Verdict != "altered" || q.Page != 3 || !swapped {
		t.Errorf("altered quote = %+v, want altered on page 3 with new → existing in the diff", q)
	}
	pages := map[string]int{}
	for _, f := range rep.Findings {
		if f.Rule == "quote.verified" || f.Rule == "quote.altered" {
			pages[f.Rule] = f.Evidence.Page
		}
	}
	if pages["quote.verified"] != 3 || pages["quote.altered"] != 3 {
		t.Errorf("evidence pages = %v, want page 3 for quote.verified and quote.altered", pages)
	}

	unparsed := map[string]string{} // URL -> message
	for _, f := range rep.Findings {
		if f.Rule == "link.unparsed" {
			for _, u := range []string{scanned, encrypted, report} {
				if strings.Contains(f.Message, u+" ") {
					unparsed[u] = f.Message
				}
			}
		}
	}
	reasons := map[string]string{scanned: "image-only", encrypted: "encrypted"}
	if len(unparsed) != len(reasons) {
		t.Errorf("link.unparsed = %q, want one each for %s and %s", unparsed, scanned, encrypted)
	}
	for u, why := range reasons {
		if !strings.Contains(unparsed[u], why) {
			t.Errorf("link.unparsed for %s = %q, want it to say %q", u, unparsed[u], why)
		}
		for _, c := range rep.Citations {
			if c.URL == u && (c.Verdict != "unreadable" || !strings.Contains(c.Error, why)) {
				t.Errorf("citation of %s verdict, error = %q, %q, want unreadable, %s", u, c.Verdict, c.Error, why)
			}
		}
	}
}
