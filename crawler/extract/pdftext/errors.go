package pdftext

import "errors"

// Errors Read returns for a PDF it cannot give text for. They say why in words a reader
// of a report understands.
var (
	// ErrEncrypted means the PDF needs a password to be opened.
	ErrEncrypted = errors.New("pdf: encrypted (a password is needed to read it)")
	// ErrImageOnly means the pages carry images and no text layer: a scan, unreadable
	// without OCR.
	ErrImageOnly = errors.New("pdf: image-only (a scan with no text layer)")
	// ErrNoText means the PDF opened but none of its pages carries text.
	ErrNoText = errors.New("pdf: no text on any page")
	// ErrTooLarge means the PDF is bigger than Config.MaxBytes.
	ErrTooLarge = errors.New("pdf: larger than the size cap")
	// ErrMalformed means PDFium could not read the bytes as a PDF.
	ErrMalformed = errors.New("pdf: not a readable PDF")
)
