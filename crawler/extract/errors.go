package extract

import "errors"

// Errors Parse returns for pages it cannot read as an article.
var (
	// ErrNotHTML means the page is not an HTML document (an image, a PDF, JSON...).
	ErrNotHTML = errors.New("extract: not an HTML page")
	// ErrEmpty means the page is HTML but has no main text to check.
	ErrEmpty = errors.New("extract: page has no main text")
	// ErrPDFCut means a PDF was cut by the download size cap, so its end (where a PDF
	// keeps its index) is missing.
	ErrPDFCut = errors.New("extract: PDF cut by the download size cap")
)
