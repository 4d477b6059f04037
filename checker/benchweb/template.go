package benchweb

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Template is a real page prepared to frame generated ones: its links point into the
// bench web, it loads nothing from elsewhere, and it is cut at three places in its main
// text where planted paragraphs go.
type Template struct {
	Name  string
	parts [4]string // the page, cut at the three places
}

// sectionPages is how many pages a template's own links (menus, footers, related stories)
// are spread over: each is a small page of its site, so a link checker has them to check
// and an audit, which follows only the article's citations, may meet one in the text.
const sectionPages = 16

// minParagraph is the text length a paragraph needs for planted text to follow it: a
// paragraph that long is article prose, not a caption or a menu.
const minParagraph = 160

// ErrNoTemplates means a folder held no page usable as a template.
var ErrNoTemplates = errors.New("benchweb: no usable template pages")

// LoadTemplates reads the pages (*.html, *.htm, optionally gzip-compressed as *.gz) in dir,
// in name order, and prepares each as a [Template]. A page with fewer than three
// paragraphs of prose is skipped. It fails when no page is usable.
func LoadTemplates(dir string) ([]Template, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("benchweb: templates: %w", err)
	}
	var names []string
	for _, e := range entries {
		n := strings.TrimSuffix(e.Name(), ".gz")
		if !e.IsDir() && (strings.HasSuffix(n, ".html") || strings.HasSuffix(n, ".htm")) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	var out []Template
	for _, name := range names {
		body, err := readPage(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		if t, ok := Prepare(name, body); ok {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w in %s", ErrNoTemplates, dir)
	}
	return out, nil
}

func readPage(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("benchweb: template: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("benchweb: template %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	b, err := io.ReadAll(io.LimitReader(r, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("benchweb: template %s: %w", path, err)
	}
	return b, nil
}

// Prepare makes a template of one page. It rewrites every link of the page to one of the
// site's section pages, drops what would load from elsewhere or name another address for
// the page (src attributes, <base>, <link>, og:url and refresh metas), and cuts the page
// after the first, middle and last paragraphs of prose of its main text: the element whose
// paragraphs hold the most prose outside comment threads and captions (as readability-style
// extractors find it, but without asking ours). ok is false when that element has fewer
// than three such paragraphs, or when it lies in another <article> element than the first
// that holds prose: a page of several stories has no one main text.
func Prepare(name string, page []byte) (t Template, ok bool) {
	type open struct {
		tag      atom.Atom
		id       int  // its start offset in out
		notProse bool // it holds comments or a caption, which are not the article's prose
	}
	var (
		out   bytes.Buffer
		stack []open
		paras []prosePara
		score = map[int]int{} // element id -> prose of its child paragraphs, half of its grandchildren
		first = -1            // id of the first <article> element that holds prose
		para  = -1            // index in stack of the open <p>, -1 if none
		text  int             // text length of the open paragraph
		skip  int             // depth inside elements whose text is not prose
		aside int             // open notProse elements
		z     = html.NewTokenizer(bytes.NewReader(page))
	)
	closeTo := func(a atom.Atom) {
		for k := len(stack) - 1; k >= 0; k-- {
			if stack[k].tag == a {
				for _, o := range stack[k:] {
					if o.notProse {
						aside--
					}
				}
				stack = stack[:k]
				if para >= len(stack) {
					para = -1
				}
				return
			}
		}
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			keep, changed := rewrite(&tok)
			if !keep {
				continue
			}
			if tt == html.StartTagToken && !void[tok.DataAtom] {
				switch tok.DataAtom {
				case atom.Script, atom.Style, atom.Noscript, atom.Template:
					skip++
				case atom.P:
					closeTo(atom.P) // a <p> closes an open one
					para, text = len(stack), 0
				}
				o := open{tag: tok.DataAtom, id: out.Len()}
				o.notProse = o.tag != atom.Html && o.tag != atom.Body && (holdsComments(tok.Attr) || caption(o.tag, tok.Attr))
				if o.notProse {
					aside++
				}
				stack = append(stack, o)
			}
			if changed {
				out.WriteString(tok.String())
			} else {
				out.Write(raw)
			}
			continue
		case html.EndTagToken:
			switch tok.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				skip = max(skip-1, 0)
			}
			if tok.DataAtom == atom.P && para >= 0 {
				out.Write(raw)
				pp := prosePara{parent: -1, grand: -1, story: -1}
				if para > 0 {
					pp.parent = stack[para-1].id
				}
				if para > 1 {
					pp.grand = stack[para-2].id
				}
				closeTo(atom.P)
				if text >= minParagraph {
					pp.end = out.Len()
					score[pp.parent] += text
					score[pp.grand] += text / 2
					for k := len(stack) - 1; k >= 0; k-- {
						if stack[k].tag == atom.Article {
							pp.story = stack[k].id
							break
						}
					}
					if first < 0 {
						first = pp.story
					}
					paras = append(paras, pp)
				}
				continue
			}
			closeTo(tok.DataAtom)
		case html.TextToken:
			if para >= 0 && skip == 0 && aside == 0 {
				text += len(strings.TrimSpace(tok.Data))
			}
		}
		out.Write(raw)
	}
	best := -2
	for id, n := range score {
		if id >= 0 && (best == -2 || n > score[best] || n == score[best] && id < best) {
			best = id
		}
	}
	var c []int
	for _, pp := range paras {
		if pp.parent == best || pp.grand == best {
			if pp.story >= 0 && pp.story != first {
				// The most prose is in a later story than the first: a blog's front page
				// or a live page, with no one main text to plant in.
				return Template{}, false
			}
			c = append(c, pp.end)
		}
	}
	if len(c) < 3 {
		return Template{}, false
	}
	s := out.String()
	at := [3]int{c[0], c[len(c)/2], c[len(c)-1]}
	t.Name = name
	t.parts = [4]string{s[:at[0]], s[at[0]:at[1]], s[at[1]:at[2]], s[at[2]:]}
	return t, true
}

// caption reports whether an element is a picture's caption or holds one (<figure>,
// <figcaption>, WordPress's "wp-caption"): extractors leave captions out of the main text.
func caption(tag atom.Atom, attrs []html.Attribute) bool {
	if tag == atom.Figure || tag == atom.Figcaption {
		return true
	}
	for _, a := range attrs {
		if (a.Key == "class" || a.Key == "id") && strings.Contains(strings.ToLower(a.Val), "caption") {
			return true
		}
	}
	return false
}

// holdsComments reports whether an element's class or id says it holds a page's comments,
// which readability-style extractors leave out of the article ("comment-body" is one
// comment's text, inside an element the first test already rules out).
func holdsComments(attrs []html.Attribute) bool {
	for _, a := range attrs {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		v := strings.ToLower(a.Val)
		if (strings.Contains(v, "comment") || strings.Contains(v, "disqus")) &&
			!strings.Contains(v, "article") && !strings.Contains(v, "body") && !strings.Contains(v, "content") {
			return true
		}
	}
	return false
}

// prosePara is a paragraph of prose: where it ends in the rewritten page, the ids of its
// parent and grandparent elements, and of the <article> element it is in (-1 if none).
type prosePara struct{ end, parent, grand, story int }

// void lists the elements that have no end tag.
var void = map[atom.Atom]bool{
	atom.Area: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true, atom.Img: true,
	atom.Input: true, atom.Meta: true, atom.Param: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// rewrite points a tag's link into the bench web and drops what loads from elsewhere.
// keep is false for a tag to leave out whole; changed says tok must be written anew.
func rewrite(tok *html.Token) (keep, changed bool) {
	switch tok.DataAtom {
	case atom.Base, atom.Link:
		return false, false
	case atom.Meta:
		for _, a := range tok.Attr {
			v := strings.ToLower(a.Val)
			if (a.Key == "property" || a.Key == "name") && (v == "og:url" || v == "twitter:url") ||
				a.Key == "http-equiv" && v == "refresh" {
				return false, false
			}
		}
	}
	attrs := tok.Attr[:0]
	for _, a := range tok.Attr {
		switch a.Key {
		case "src", "srcset", "data-src", "data-srcset", "poster", "action", "formaction", "background":
			changed = true
			continue
		case "href":
			h := fnv.New32a()
			h.Write([]byte(a.Val))
			a.Val = fmt.Sprintf("/more/%d", h.Sum32()%sectionPages)
			changed = true
		}
		attrs = append(attrs, a)
	}
	tok.Attr = attrs
	return true, changed
}

// fill writes the page with the planted paragraphs at its three cuts. The page's own links
// are root-relative, so they stay on whichever site (or server address) serves it.
func (t Template) fill(planted [3]string) string {
	var b strings.Builder
	for k, part := range t.parts {
		b.WriteString(part)
		if k < 3 {
			b.WriteString(planted[k])
		}
	}
	return b.String()
}

// section is one of a site's small section pages, the target of a template's own links.
func section(n int) string {
	return fmt.Sprintf("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Section %d</title></head>"+
		"<body><h1>Section %d</h1><p>Stories of this section are listed on the front page.</p></body></html>\n", n, n)
}
