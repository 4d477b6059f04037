package inputs

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/provcheck/provcheck/crawler/page"
)

// fetcher is what the sitemap and feed readers need of a crawler.
type fetcher interface {
	Fetch(ctx context.Context, url string) (*page.Page, error)
}

// maxSitemapDepth bounds how deep sitemap indexes may nest.
const maxSitemapDepth = 3

// Sitemap returns the page URLs of a sitemap, following sitemap indexes (nested at most
// three deep, each sitemap read once). Gzip sitemaps are read too. A child sitemap that
// cannot be fetched or read becomes a Problem; the error is for the first one only.
func Sitemap(ctx context.Context, f fetcher, rawURL string) ([]string, []Problem, error) {
	var urls []string
	var problems []Problem
	seen := map[string]bool{}
	pages := map[string]bool{}
	var visit func(u string, depth int) error
	visit = func(u string, depth int) error {
		if seen[u] {
			return nil
		}
		seen[u] = true
		body, err := fetchBody(ctx, f, u)
		if err != nil {
			return err
		}
		locs, isIndex, err := parseSitemap(body)
		if err != nil {
			return fmt.Errorf("sitemap %s: %w", u, err)
		}
		for _, loc := range locs {
			clean, err := CleanURL(loc)
			if err != nil {
				problems = append(problems, Problem{Where: u, Reason: err.Error()})
				continue
			}
			if !isIndex {
				if !pages[clean] {
					pages[clean] = true
					urls = append(urls, clean)
				}
				continue
			}
			if depth >= maxSitemapDepth {
				problems = append(problems, Problem{Where: clean, Reason: "sitemap index nested too deep"})
				continue
			}
			if err := visit(clean, depth+1); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				problems = append(problems, Problem{Where: clean, Reason: err.Error()})
			}
		}
		return nil
	}
	if err := visit(rawURL, 0); err != nil {
		return nil, problems, err
	}
	return urls, problems, nil
}

// parseSitemap reads a <urlset> or a <sitemapindex>.
func parseSitemap(b []byte) (locs []string, index bool, err error) {
	var doc struct {
		XMLName xml.Name
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		return nil, false, err
	}
	switch doc.XMLName.Local {
	case "urlset":
		for _, u := range doc.URLs {
			locs = append(locs, strings.TrimSpace(u.Loc))
		}
		return locs, false, nil
	case "sitemapindex":
		for _, s := range doc.Sitemaps {
			locs = append(locs, strings.TrimSpace(s.Loc))
		}
		return locs, true, nil
	}
	return nil, false, fmt.Errorf("not a sitemap (root element <%s>)", doc.XMLName.Local)
}

// Feed returns the article links of an RSS, Atom or RDF feed, in feed order.
func Feed(ctx context.Context, f fetcher, rawURL string) ([]string, []Problem, error) {
	body, err := fetchBody(ctx, f, rawURL)
	if err != nil {
		return nil, nil, err
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("feed %s: %w", rawURL, err)
	}
	var urls []string
	var problems []Problem
	seen := map[string]bool{}
	for i, it := range feed.Items {
		link := it.Link
		if link == "" && len(it.Links) > 0 {
			link = it.Links[0]
		}
		clean, err := CleanURL(strings.TrimSpace(link))
		if err != nil {
			problems = append(problems, Problem{Where: fmt.Sprintf("%s item %d", rawURL, i+1), Reason: err.Error()})
			continue
		}
		if !seen[clean] {
			seen[clean] = true
			urls = append(urls, clean)
		}
	}
	return urls, problems, nil
}

func fetchBody(ctx context.Context, f fetcher, u string) ([]byte, error) {
	p, err := f.Fetch(ctx, u)
	if err != nil {
		return nil, err
	}
	b := p.Body
	if len(b) > 2 && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("gunzip %s: %w", u, err)
		}
		if b, err = io.ReadAll(io.LimitReader(zr, 64<<20)); err != nil {
			return nil, fmt.Errorf("gunzip %s: %w", u, err)
		}
	}
	return b, nil
}
