package pdftext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdferr "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// Config bounds what a Reader does with one PDF. The zero value works.
type Config struct {
	// MaxBytes refuses a PDF longer than this; 0 means 32 MiB.
	MaxBytes int
	// MaxPages is how many pages are read; later pages are left out and
	// Document.Truncated set. 0 means 300.
	MaxPages int
	// Timeout bounds the reading of one PDF; 0 means 30s.
	Timeout time.Duration
	// Instances is how many PDFs may be read at once; 0 means 2.
	Instances int
	// CacheDir, when set, keeps PDFium's compiled machine code there, so that a later
	// process starts in a fraction of the time; "" compiles it afresh each time.
	CacheDir string
}

func (c Config) maxBytes() int {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return 32 << 20
}

func (c Config) maxPages() int {
	if c.MaxPages > 0 {
		return c.MaxPages
	}
	return 300
}

func (c Config) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return 30 * time.Second
}

func (c Config) instances() int {
	if c.Instances > 0 {
		return c.Instances
	}
	return 2
}

// memoryPages caps the memory of one PDFium instance: 1 GiB in WebAssembly pages of 64 KiB.
const memoryPages = 1 << 30 / (64 << 10)

// Document is the text of a PDF.
type Document struct {
	// Pages holds the text of each page read: Pages[0] is page 1. Lines are separated by
	// "\n"; a page with no text is "".
	Pages []string
	// PageCount is the number of pages in the PDF, which is more than len(Pages) when the
	// page cap cut it.
	PageCount int
	// Truncated is true when pages were left out because of Config.MaxPages.
	Truncated bool
	// Title and Author are what the PDF's document information says, "" when nothing.
	Title, Author string
}

// Reader reads PDFs with PDFium. PDFium (a WebAssembly module compiled once, which takes
// a moment) is started on the first Read, so a Reader that never meets a PDF costs
// nothing. A Reader is safe for concurrent use; Close releases it.
type Reader struct {
	cfg Config

	once    sync.Once
	pool    pdfium.Pool
	cache   wazero.CompilationCache
	initErr error

	mu     sync.Mutex
	closed bool
}

// New returns a Reader with the given limits.
func New(cfg Config) *Reader { return &Reader{cfg: cfg} }

// Sniff reports whether a body is a PDF: it starts with "%PDF-" (after blank bytes), or it
// is labelled a PDF and carries "%PDF-" in its first kilobyte (the specification lets a
// writer put bytes before it). A page labelled PDF whose body is not is no PDF.
func Sniff(contentType string, body []byte) bool {
	if bytes.HasPrefix(bytes.TrimLeft(body, " \t\r\n\x00"), []byte("%PDF-")) {
		return true
	}
	ct := strings.ToLower(strings.TrimSpace(contentType))
	labelled := strings.HasPrefix(ct, "application/pdf") || strings.HasPrefix(ct, "application/x-pdf")
	return labelled && bytes.Contains(body[:min(len(body), 1024)], []byte("%PDF-"))
}

func (r *Reader) start() (pdfium.Pool, error) {
	r.once.Do(func() {
		// No file system, no standard streams: the module sees the bytes it is given and
		// nothing else. CloseOnContextDone lets a timeout stop a PDF that loops; the memory
		// cap stops one that inflates streams without end (PDFium then fails to allocate).
		rc := wazero.NewRuntimeConfig().
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithCloseOnContextDone(true).
			WithMemoryLimitPages(memoryPages)
		if r.cfg.CacheDir != "" {
			// The cache only saves time: when its directory cannot be made, compile.
			if cache, err := wazero.NewCompilationCacheWithDir(r.cfg.CacheDir); err == nil {
				r.cache = cache
				rc = rc.WithCompilationCache(cache)
			}
		}
		r.pool, r.initErr = webassembly.Init(webassembly.Config{
			MinIdle:       0,
			MaxIdle:       r.cfg.instances(),
			MaxTotal:      r.cfg.instances(),
			FSConfig:      wazero.NewFSConfig(),
			RuntimeConfig: rc,
			Stdout:        io.Discard,
			Stderr:        io.Discard,
			// A fresh module instance per PDF costs ~20 MB and tens of milliseconds; a
			// killed instance is never returned, so reuse only keeps healthy ones.
			ReuseWorkers: true,
		})
		if r.initErr != nil {
			r.initErr = fmt.Errorf("pdftext: start pdfium: %w", r.initErr)
		}
	})
	return r.pool, r.initErr
}

// Read returns the text of the PDF in b, page by page. It returns ErrTooLarge,
// ErrMalformed, ErrEncrypted, ErrImageOnly or ErrNoText (wrapped) when there is no text
// to give.
func (r *Reader) Read(ctx context.Context, b []byte) (*Document, error) {
	if len(b) > r.cfg.maxBytes() {
		return nil, fmt.Errorf("%w: %d bytes, cap %d", ErrTooLarge, len(b), r.cfg.maxBytes())
	}
	r.mu.Lock()
	closed := r.closed
	r.mu.Unlock()
	if closed {
		return nil, errors.New("pdftext: reader is closed")
	}
	pool, err := r.start()
	if err != nil {
		return nil, err
	}
	if pool == nil {
		// Close ran between the check above and start: it used up start's once.
		return nil, errors.New("pdftext: reader is closed")
	}
	ctx, cancel := context.WithTimeout(ctx, r.cfg.timeout())
	defer cancel()
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("pdftext: wait for pdfium: %w", err)
	}
	// A PDF that keeps PDFium busy past the deadline is stopped by killing its instance
	// (the runtime closes a module whose context is done); a killed one is not closed.
	stop := context.AfterFunc(ctx, func() { _ = inst.Kill() })
	doc, err := r.read(inst, b)
	if !stop() {
		return nil, fmt.Errorf("pdftext: read stopped: %w", ctx.Err())
	}
	_ = inst.Close()
	return doc, err
}

func (r *Reader) read(inst pdfium.Pdfium, b []byte) (*Document, error) {
	// The bytes are copied into the module's memory; b itself is not kept.
	opened, err := inst.OpenDocument(&requests.OpenDocument{File: &b})
	if err != nil {
		switch {
		case errors.Is(err, pdferr.ErrPassword), errors.Is(err, pdferr.ErrSecurity):
			return nil, ErrEncrypted
		default:
			return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
	}
	defer func() {
		_, _ = inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: opened.Document})
	}()
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: opened.Document})
	if err != nil {
		return nil, fmt.Errorf("%w: page count: %w", ErrMalformed, err)
	}
	n := min(count.PageCount, r.cfg.maxPages())
	d := &Document{PageCount: count.PageCount, Truncated: count.PageCount > n, Pages: make([]string, 0, n)}
	d.Title = metaText(inst, opened.Document, "Title")
	d.Author = metaText(inst, opened.Document, "Author")
	chars := 0
	for i := range n {
		t, err := pageText(inst, opened.Document, i)
		if err != nil {
			return nil, fmt.Errorf("%w: page %d: %w", ErrMalformed, i+1, err)
		}
		d.Pages = append(d.Pages, t)
		chars += len(strings.TrimSpace(t))
	}
	if chars == 0 {
		if n > 0 && hasImages(inst, opened.Document, min(n, 5)) {
			return nil, ErrImageOnly
		}
		return nil, ErrNoText
	}
	return d, nil
}

// metaText is one entry of the document information dictionary, "" when it is missing.
func metaText(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, tag string) string {
	res, err := inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: doc, Tag: tag})
	if err != nil {
		return ""
	}
	return strings.TrimSpace(cleanPage(res.Value))
}

// pageText is the text of page i with lines split on "\n" and PDFium's control
// characters removed.
func pageText(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, i int) (string, error) {
	res, err := inst.GetPageText(&requests.GetPageText{
		Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: i}},
	})
	if err != nil {
		return "", err
	}
	return cleanPage(res.Text), nil
}

// cleanPage normalises the line breaks PDFium writes ("\r\n") and drops the control
// characters it uses for generated hyphens and the like; a line-end hyphen PDFium marks
// as generated (U+0002) joins the word it split.
func cleanPage(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\u0002\n", "")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r', r == '\f', r == '\v':
			return '\n'
		case r < 0x20, r == 0x7f, r == '\ufffe', r == '\uffff':
			return -1
		}
		return r
	}, s)
}

// hasImages reports whether one of the first n pages holds an image object: a page of a
// scan rather than a blank one.
func hasImages(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, n int) bool {
	for i := range n {
		pg := requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: i}}
		cnt, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: pg})
		if err != nil {
			continue
		}
		for k := range min(cnt.Count, 1000) {
			obj, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: pg, Index: k})
			if err != nil {
				continue
			}
			typ, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj.PageObject})
			if err == nil && typ.Type == enums.FPDF_PAGEOBJ_IMAGE {
				return true
			}
		}
	}
	return false
}

// Close releases PDFium. Reads after Close fail.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	// Make sure a later start does nothing, then release what an earlier one made.
	r.once.Do(func() {})
	if r.pool != nil {
		if err := r.pool.Close(); err != nil {
			return fmt.Errorf("pdftext: close pdfium: %w", err)
		}
	}
	if r.cache != nil {
		if err := r.cache.Close(context.Background()); err != nil {
			return fmt.Errorf("pdftext: close compilation cache: %w", err)
		}
	}
	return nil
}
