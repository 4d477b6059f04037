package rules

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/extract/pdftext"
	"github.com/provcheck/provcheck/crawler/page"
)

// notFoundMarkers are phrases of "not found" pages, lower case, in the languages the
// newsrooms we check publish in. They are matched in the title and the first heading, and
// in the text of short pages.
var notFoundMarkers = []string{
	"page not found", "page doesn't exist", "page does not exist", "page you requested",
	"page you are looking for", "page you're looking for", "error 404", "404 error", "404 not found",
	"página no encontrada", "no se encontró", "página não encontrada",
	"page introuvable", "page non trouvée", "n'existe pas",
	"seite nicht gefunden", "nicht gefunden", "existiert nicht",
	"pagina non trovata", "pagina niet gevonden", "nie znaleziono", "sayfa bulunamadı",
	"страница не найдена", "страница не существует", "сторінку не знайдено",
	"页面不存在", "页面未找到", "找不到页面", "ページが見つかりません", "페이지를 찾을 수 없습니다",
	"الصفحة غير موجودة",
}

// notAccessibleForFree matches schema.org's isAccessibleForFree set to false, in JSON-LD
// or microdata.
var notAccessibleForFree = regexp.MustCompile(`(?i)"isAccessibleForFree"\s*:\s*"?false"?|itemprop=["']?isAccessibleForFree["']?\s+content=["']?false`)

// markedNotFree reports whether body sets isAccessibleForFree to false. The expression runs
// only on a short window after each mention of the property: run over a whole page, a
// case-insensitive alternation with no literal prefix costs more than parsing the page.
func markedNotFree(body []byte) bool {
	const prop = "isaccessibleforfree"
	for at := 0; ; {
		k := indexFold(body[at:], prop)
		if k < 0 {
			return false
		}
		k += at
		// Back up over the quote or "itemprop=" that the expression starts with.
		window := body[max(k-len(`itemprop="`), 0):min(len(body), k+len(prop)+64)]
		if notAccessibleForFree.Match(window) {
			return true
		}
		at = k + len(prop)
	}
}

// indexFold is the index of the first instance of lower in b with the case of ASCII
// letters ignored, or -1; lower is in lower case. It skips ahead as Horspool's search does,
// so a page is not read a byte at a time (nor copied in lower case) to find a rare word.
func indexFold(b []byte, lower string) int {
	n := len(lower)
	if n == 0 {
		return 0
	}
	var skip [256]int
	for i := range skip {
		skip[i] = n
	}
	for i := 0; i < n-1; i++ {
		skip[lower[i]] = n - 1 - i
		if c := lower[i]; 'a' <= c && c <= 'z' {
			skip[c-('a'-'A')] = n - 1 - i
		}
	}
	for at := 0; at+n <= len(b); at += skip[b[at+n-1]] {
		if foldEqual(b[at:at+n], lower) {
			return at
		}
	}
	return -1
}

// foldEqual reports whether b equals lower with the case of ASCII letters ignored.
func foldEqual(b []byte, lower string) bool {
	for i := range len(b) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// number404 matches a standalone 404.
var number404 = regexp.MustCompile(`(^|[^0-9])404([^0-9]|$)`)

// pageScan is what the link rules read of a fetched page's HTML.
type pageScan struct {
	title, h1 string
	text      string // visible text, spaces collapsed, at most scanTextMax bytes
	withText  bool   // text was read (scan's withText)
	paywall   string // why the page looks paywalled; "" if it does not
}

const (
	scanBodyMax = 1 << 20 // bytes of body scanned
	scanTextMax = 64 << 10
)

// scanMarks is the scan of a page from the marks its extraction read (the isAccessibleForFree
// flag still looked for in the body, as scan does), without tokenising it again.
func scanMarks(p *page.Page, m *extract.PageMarks) pageScan {
	s := pageScan{title: m.Title, h1: m.Heading, paywall: m.Paywall}
	if markedNotFree(p.Body[:min(len(p.Body), scanBodyMax)]) {
		s.paywall = "schema.org isAccessibleForFree is false"
	}
	return s
}

// scan reads the title, first h1, paywall markers and, withText, the visible text of an
// HTML page. It decodes the charset as the extractor does, bounds its work, and never
// fails: a page it cannot read gives an empty scan.
func scan(p *page.Page, withText bool) pageScan {
	s := pageScan{withText: withText}
	if p == nil || len(p.Body) == 0 || !strings.Contains(strings.ToLower(p.ContentType), "html") {
		return s
	}
	body := p.Body[:min(len(p.Body), scanBodyMax)]
	if markedNotFree(body) {
		s.paywall = "schema.org isAccessibleForFree is false"
	}
	z := html.NewTokenizer(extract.Decode(body, p.ContentType))
	var text, title, h1 strings.Builder
	var inTitle, inH1, skip int
	write := func(b *strings.Builder, t string) {
		if b.Len() < scanTextMax {
			b.WriteString(t)
			b.WriteByte(' ')
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			s.title = collapse(title.String())
			s.h1 = collapse(h1.String())
			s.text = collapse(text.String())
			return s
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			delta := 1
			if tt == html.EndTagToken {
				delta = -1
			}
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				if tt != html.SelfClosingTagToken {
					skip = max(skip+delta, 0)
				}
			case atom.Title:
				inTitle = max(inTitle+delta, 0)
			case atom.H1:
				if h1.Len() == 0 || delta < 0 {
					inH1 = max(inH1+delta, 0)
				}
			}
			for hasAttr && s.paywall == "" {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				key := string(k)
				if key != "class" && key != "id" {
					continue
				}
				if c := extract.PaywallMarker(string(v)); c != "" {
					s.paywall = fmt.Sprintf("paywall marker %s=%q", key, c)
				}
			}
		case html.TextToken:
			if inTitle == 0 && (skip > 0 || inH1 == 0 && (!withText || text.Len() >= scanTextMax)) {
				continue // a text nothing below would keep
			}
			t := string(z.Text())
			switch {
			case inTitle > 0:
				write(&title, t)
			case skip > 0:
			default:
				if inH1 > 0 {
					write(&h1, t)
				}
				if withText {
					write(&text, t)
				}
			}
		}
	}
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// notFoundMarker returns the "not found" phrase in s (lower-cased), or "". The phrases of
// notFoundMarkers count anywhere; a bare "404" or "not found" only in a line of a few words
// ("404 - Example", "Not Found", "Error 404"), since headlines and articles say them too
// ("Flight 404 lands", "Missing hiker not found").
func notFoundMarker(s string) string {
	ls := strings.ToLower(s)
	for _, m := range notFoundMarkers {
		if strings.Contains(ls, m) {
			return m
		}
	}
	if len(strings.Fields(ls)) <= 4 {
		// "404", "404 - Example", "Error 404"; not "Wire story 404".
		lead := strings.TrimLeft(ls, " \t-–—|:!([")
		if number404.MatchString(ls) && (strings.HasPrefix(lead, "404") || strings.Contains(ls, "error")) {
			return "404"
		}
		for _, m := range []string{"not found", "no encontrado", "introuvable", "nicht gefunden", "non trovata", "не найдена"} {
			if strings.Contains(ls, m) {
				return m
			}
		}
	}
	return ""
}

// homeRedirect reports whether a fetch that asked for an article (a path with at least
// one segment) was redirected to the root of a site: the classic soft 404 of a CMS that
// sends every missing page to the home page.
func homeRedirect(p *page.Page) bool {
	if p == nil || len(p.Redirects) == 0 {
		return false
	}
	from, err1 := url.Parse(p.RequestURL)
	to, err2 := url.Parse(p.FinalURL)
	if err1 != nil || err2 != nil {
		return false
	}
	if strings.Trim(from.Path, "/") == "" {
		return false // it asked for a home page
	}
	switch strings.ToLower(strings.TrimSuffix(to.Path, "/")) {
	case "", "/index.html", "/index.htm", "/index.php", "/home", "/default.aspx":
		return true
	}
	return false
}

// soft404 says why an original fetched with a 2xx status is in fact a missing page, or "".
func soft404(o *Original, shortText float64) string {
	if o == nil || o.Page == nil || !o.Page.OK() {
		return ""
	}
	if homeRedirect(o.Page) {
		return fmt.Sprintf("redirected to the home page %s", o.Page.FinalURL)
	}
	// An archived copy's text stands in for the page's own: it says nothing of the page.
	own := o.Archived == "" && o.Article != nil && strings.TrimSpace(o.Article.Text) != ""
	s := o.pageScan(!own)
	if m := notFoundMarker(s.title); m != "" {
		return fmt.Sprintf("its title says %q", s.title)
	}
	if m := notFoundMarker(s.h1); m != "" {
		return fmt.Sprintf("its heading says %q", s.h1)
	}
	text := s.text
	if own {
		text = o.Article.Text
	}
	if len(text) < int(shortText) {
		if m := notFoundMarker(text); m != "" {
			return fmt.Sprintf("its short text (%d bytes) says %q", len(text), m)
		}
	}
	return ""
}

// PaywallReason says why a page fetched with a 2xx status looks paywalled (schema.org
// isAccessibleForFree false, a paywall overlay's class), or "".
func PaywallReason(p *page.Page) string {
	if p == nil || !p.OK() {
		return ""
	}
	return scan(p, false).paywall
}

// paywall is PaywallReason of an original, from its scan made once.
func (o *Original) paywall() string {
	if o == nil || !o.Page.OK() {
		return ""
	}
	return o.pageScan(false).paywall
}

// thShortText is the length under which a page's text is short enough for a "not found"
// in it to make the page a soft 404.
var thShortText = Threshold{Rule: FateSoft404.Rule(), Key: "short_text", Default: 1000}

type soft404Rule struct{}

func (soft404Rule) Describe() Description {
	return Description{
		ID: FateSoft404.Rule(), Severity: Medium,
		Summary: "200, but the page is a \"not found\" page or a redirect to the site's home page",
		Explain: "The server says the page is there (2xx), but it is not: its title or heading reads \"page not " +
			"found\" (in one of many languages), or its short text does, or the link to an article was redirected " +
			"to the site's home page, which is how many sites answer for a removed page. Treat the citation as " +
			"dead; an archived copy may stand in for it. short_text is the length under which the text itself is " +
			"searched for such phrases.",
		Thresholds: thresholdMap(thShortText),
	}
}

func (soft404Rule) Check(c *Context) []Finding {
	short := c.Threshold(thShortText)
	var out []Finding
	for i, o := range c.Originals {
		why := soft404(o, short)
		if why == "" {
			continue
		}
		f := Finding{
			Subject:  citationSubject(i, c),
			Message:  fmt.Sprintf("soft 404: %s answered %d but is a missing page: %s", o.Page.RequestURL, o.Page.Status, why),
			Evidence: fetchEvidence(o.Page),
		}
		if o.Archived != "" {
			f.Message += "; an archived copy of " + o.Archived + " was used instead"
		}
		out = append(out, f)
	}
	return out
}

type unparsedRule struct{}

func (unparsedRule) Describe() Description {
	return Description{
		ID: "link.unparsed", Severity: Info,
		Summary: "the original was fetched but could not be read as text (a PDF, an image, binary data)",
		Explain: "The cited page was fetched, but it is not an HTML page we can read (a PDF, an image, a " +
			"download, bytes labelled as HTML that are not), or it has no main text. Quotes and claims attributed " +
			"to it are unverified, not disproved: read the original yourself.",
	}
}

func (unparsedRule) Check(c *Context) []Finding {
	var out []Finding
	for i, o := range c.Originals {
		if o == nil || o.Page == nil || !o.Page.OK() || o.Article != nil || o.ParseErr == "" {
			continue
		}
		ct := o.Page.ContentType
		if ct == "" {
			ct = "no content type"
		}
		msg := fmt.Sprintf("cannot read %s as text (%s): what is attributed to it is unverified", o.Page.RequestURL, ct)
		if o.Why != "" {
			msg = fmt.Sprintf("cannot read %s as text: %s; what is attributed to it is unverified", o.Page.RequestURL, o.Why)
		} else if pdftext.Sniff(o.Page.ContentType, o.Page.Body) {
			// A PDF's reason (encrypted, a scan with no text layer...) tells the reader
			// what to do next: ask for the password, OCR it.
			msg = fmt.Sprintf("cannot read the PDF %s as text (%s): what is attributed to it is unverified", o.Page.RequestURL, o.ParseErr)
		}
		out = append(out, Finding{
			Subject:  citationSubject(i, c),
			Message:  msg,
			Evidence: fetchEvidence(o.Page),
		})
	}
	return out
}
