// Package pdftext reads the text of a PDF, page by page, from its bytes. It runs PDFium
// compiled to WebAssembly (through go-pdfium and wazero), so the program stays pure Go
// (CGO_ENABLED=0) and a hostile PDF is parsed inside a sandbox with no file system,
// bounded in size, pages and time. It never touches the network.
package pdftext
