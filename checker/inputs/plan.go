package inputs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Item kinds of an audit plan.
const (
	KindURL  = "url"
	KindFile = "file"
	KindWARC = "warc"
)

// ErrNotInput means a path given to an audit is neither a folder, a WARC file nor a saved
// page.
var ErrNotInput = errors.New("not a folder, a WARC file or a saved .html page")

// Spec is what an audit was asked to read, in the order the kinds are read.
type Spec struct {
	URLLists []string  // files of URLs, one a line ("-": Stdin)
	Sitemaps []string  // sitemap or sitemap index URLs
	Feeds    []string  // RSS or Atom feed URLs
	Paths    []string  // folders, WARC files and saved pages
	Stdin    io.Reader // read for the URL list "-"
}

// Empty reports whether the spec names no input at all.
func (s Spec) Empty() bool {
	return len(s.URLLists)+len(s.Sitemaps)+len(s.Feeds)+len(s.Paths) == 0
}

// Item is one article to check: its kind (KindURL, KindFile, KindWARC) and where it is.
type Item struct {
	Kind, Input string
}

// WARCInput names a record of a WARC file as an item input: "path@offset", or
// "path@offset#index" for a record after the first of a shared gzip member (see
// [WARCRecord]); [ParseWARCInput] reads it back.
func WARCInput(path string, offset int64, index int) string {
	if index > 0 {
		return path + "@" + strconv.FormatInt(offset, 10) + "#" + strconv.Itoa(index)
	}
	return path + "@" + strconv.FormatInt(offset, 10)
}

// planner collects the items of a spec; a duplicate (the same URL, file or record twice)
// is kept once.
type planner struct {
	items    []Item
	problems []Problem
	seen     map[string]bool
}

func (p *planner) add(kind, input string) {
	if p.seen[kind+" "+input] {
		return
	}
	p.seen[kind+" "+input] = true
	p.items = append(p.items, Item{Kind: kind, Input: input})
}

func (p *planner) addURLs(urls []string, probs []Problem) {
	p.problems = append(p.problems, probs...)
	for _, u := range urls {
		p.add(KindURL, u)
	}
}

// Plan lists the articles of every input of spec, in the order given. Entries that cannot
// be used are returned as problems; an input that cannot be read at all is an error.
func Plan(ctx context.Context, f fetcher, spec Spec) ([]Item, []Problem, error) {
	p := &planner{seen: map[string]bool{}}
	for _, name := range spec.URLLists {
		if err := p.urlList(spec.Stdin, name); err != nil {
			return nil, nil, err
		}
	}
	for _, sm := range spec.Sitemaps {
		urls, probs, err := Sitemap(ctx, f, sm)
		if err != nil {
			return nil, nil, fmt.Errorf("sitemap %s: %w", sm, err)
		}
		p.addURLs(urls, probs)
	}
	for _, fd := range spec.Feeds {
		urls, probs, err := Feed(ctx, f, fd)
		if err != nil {
			return nil, nil, fmt.Errorf("feed %s: %w", fd, err)
		}
		p.addURLs(urls, probs)
	}
	for _, path := range spec.Paths {
		if err := p.path(path); err != nil {
			return nil, nil, err
		}
	}
	return p.items, p.problems, nil
}

func (p *planner) urlList(stdin io.Reader, name string) error {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	if r == nil {
		return fmt.Errorf("%s: no standard input", name)
	}
	urls, probs, err := URLList(r, name)
	if err != nil {
		return err
	}
	p.addURLs(urls, probs)
	return nil
}

func (p *planner) path(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return p.file(path)
	}
	files, probs, err := Folder(path)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%s holds no saved pages (.html, .htm) or WARC files", path)
	}
	p.problems = append(p.problems, probs...)
	for _, f := range files {
		if err := p.file(f); err != nil {
			return err
		}
	}
	return nil
}

func (p *planner) file(path string) error {
	switch {
	case HasWARCName(path) || IsWARC(path):
		recs, probs, err := WARCPages(path)
		if err != nil {
			p.problems = append(p.problems, Problem{Where: path, Reason: err.Error()})
			return nil
		}
		p.problems = append(p.problems, probs...)
		for _, r := range recs {
			p.add(KindWARC, WARCInput(path, r.Offset, r.Index))
		}
	case IsPage(path):
		p.add(KindFile, path)
	default:
		return fmt.Errorf("%s: %w", path, ErrNotInput)
	}
	return nil
}

// Label describes the spec as a command line would: "--urls a.txt --sitemap URL dir".
func (s Spec) Label() string {
	var parts []string
	for _, u := range s.URLLists {
		parts = append(parts, "--urls "+u)
	}
	for _, u := range s.Sitemaps {
		parts = append(parts, "--sitemap "+u)
	}
	for _, u := range s.Feeds {
		parts = append(parts, "--feed "+u)
	}
	return strings.Join(append(parts, s.Paths...), " ")
}
