package crawler

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
)

// Local makes a Page from bytes read from disk or standard input; name is the path, or
// "-" for standard input. Gzip bytes (magic 1f 8b) are decompressed whatever the name.
// The page is Local, has Status 200 and a sniffed ContentType (text/html for .html and
// .htm names); its URL is baseURL when given, else the file:// URL of the absolute path,
// else "" for standard input. Body may share memory with body.
func (c *Crawler) Local(name string, body []byte, baseURL string) (*page.Page, error) {
	p := &page.Page{Local: true, FetchedAt: time.Now()}
	switch {
	case baseURL != "":
		p.RequestURL = baseURL
	case name == "-" || name == "":
	default:
		abs, err := filepath.Abs(name)
		if err != nil {
			abs = name
		}
		p.RequestURL = (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	}
	p.FinalURL = p.RequestURL

	data := body
	if isGzip(body) {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err == nil {
			data, err = io.ReadAll(io.LimitReader(zr, c.cfg.MaxBodyBytes+1))
		}
		if err != nil {
			err = fmt.Errorf("gunzip %s: %w", name, err)
			p.Err, p.ErrClass = err.Error(), page.ErrClassOther
			return p, err
		}
	}
	if int64(len(data)) > c.cfg.MaxBodyBytes {
		data = data[:c.cfg.MaxBodyBytes]
		p.Truncated = true
	}
	p.Status = http.StatusOK
	p.Body = data
	switch strings.ToLower(filepath.Ext(strings.TrimSuffix(strings.ToLower(name), ".gz"))) {
	case ".html", ".htm":
		p.ContentType = "text/html"
	default:
		p.ContentType = http.DetectContentType(data)
	}
	return p, nil
}
