package benchweb

import (
	"fmt"
	"html"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/provcheck/provcheck/rules"
)

// Web is a generated web of N articles.
type Web struct {
	N int
	// Sites is the number of news sites the articles are spread over (politeness is per
	// host, so more sites means more parallel fetching).
	Sites int
	// Templates, when set, makes the web realistic: every article and every original is a
	// real page (see [LoadTemplates]) with the planted quotes and links written into its
	// main text. Without templates the web is the simple one: short pages of generated
	// sentences, each original cited by two articles.
	Templates []Template
	// SharedOriginals makes two articles of a realistic web cite one original, as in the
	// simple web; by default every article cites an original of its own.
	SharedOriginals bool
}

// Truth is what a correct audit finds in one article: the planted quotes and citations
// and the verdict of each. A realistic article also carries the quotes and links of the
// real page it was made from; those have no truth and are not scored.
type Truth struct {
	URL          string
	Quotes       []string // verdict per planted quote, in text order
	QuoteTexts   []string // the planted quotes' words, index-aligned with Quotes
	Citations    []string // verdict per planted citation, in text order
	CitationURLs []string // the planted citations' hrefs, index-aligned with Citations
}

var vocabulary = strings.Fields(`government minister said report council economy market election
policy agreement security city region people week plan health court energy budget vote talks
trade price company workers union project water school hospital police officials statement
research data climate border farmers industry bank rate growth crisis leaders summit meeting
committee investigation law decision spokesperson president parliament district village
province capital program service network system public private national local international`)

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

func sentence(r *rand.Rand, words int) string {
	w := make([]string, words)
	for i := range w {
		w[i] = vocabulary[r.IntN(len(vocabulary))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// sourceSentence is the sentence original o says, from which quotes are taken.
func sourceSentence(o, k int) string {
	r := rng(uint64(o)*7919 + uint64(k))
	w := make([]string, 14)
	for i := range w {
		w[i] = vocabulary[r.IntN(len(vocabulary))]
	}
	w[5] = "will"
	w[6] = "support"
	w[9] = strconv.Itoa(100 + (o*13+k*7)%900)
	return strings.Join(w, " ")
}

// original returns the index of the original article i cites: two articles share one in
// the simple web (and with SharedOriginals), every article has its own otherwise.
func (w Web) original(i int) int {
	if w.Templates != nil && !w.SharedOriginals {
		return i
	}
	return i / 2
}

// originals is the number of distinct originals the web's articles cite.
func (w Web) originals() int {
	if w.Templates != nil && !w.SharedOriginals {
		return w.N
	}
	return (w.N + 1) / 2
}

func (w Web) site(i int) string { return fmt.Sprintf("site%d.example", i%max(w.Sites, 1)) }

// links writes the web's addresses. The web answers two ways at once: by host name (the
// audit connects every name to the loopback server, so politeness and cross-site redirects
// work as on the web) and, for a link checker that can only follow one host, under
// /h/HOST/PATH of the server's own address, with the same pages and the same links.
type links struct{ byPath bool }

func (l links) to(host, path string) string {
	if l.byPath {
		return "/h/" + host + path
	}
	return "http://" + host + path
}

// ArticleURL is the address of article i.
func (w Web) ArticleURL(i int) string { return links{}.to(w.site(i), fmt.Sprintf("/news/%d", i)) }

func (l links) original(o int) string {
	return l.to(fmt.Sprintf("wire%d.example", o%20), fmt.Sprintf("/story/%d", o))
}
func (l links) short(i int) string { return l.to("short.example", fmt.Sprintf("/%d", i)) }
func (l links) dead(i int) string  { return l.to("gone.example", fmt.Sprintf("/old/%d", i)) }

// URLs lists every article URL, one a line.
func (w Web) URLs() string {
	var b strings.Builder
	for i := 0; i < w.N; i++ {
		b.WriteString(w.ArticleURL(i))
		b.WriteByte('\n')
	}
	return b.String()
}

// Truth returns the verdicts a correct audit reaches for article i.
func (w Web) Truth(i int) Truth {
	q0, q1, q2 := quotes(w.original(i))
	orig := links{}.original(w.original(i))
	t := Truth{URL: w.ArticleURL(i),
		Quotes:     []string{string(rules.Verified), string(rules.Altered), string(rules.Negation)},
		QuoteTexts: []string{q0, q1, q2},
		Citations: []string{string(rules.FateOK), string(rules.FateOK), string(rules.FateOK),
			string(rules.FateDead), string(rules.FateRedirected)},
		CitationURLs: []string{orig, orig, orig, links{}.dead(i), links{}.short(i)},
	}
	if i%10 == 0 {
		t.Citations = append(t.Citations, string(rules.FatePlaceholder))
		t.CitationURLs = append(t.CitationURLs, "#")
	}
	return t
}

// quotes returns the three quotes taken from original o: verbatim, one word swapped, negated.
func quotes(o int) (verbatim, altered, negated string) {
	s0 := strings.Fields(sourceSentence(o, 0))
	s1 := strings.Fields(sourceSentence(o, 1))
	s2 := strings.Fields(sourceSentence(o, 2))
	verbatim = strings.Join(s0[2:12], " ")
	alt := append([]string(nil), s1[2:12]...)
	alt[5] = "oppose" // "support" → "oppose"
	altered = strings.Join(alt, " ")
	neg := append([]string(nil), s2[2:5]...)
	neg = append(neg, "will", "not")
	neg = append(neg, s2[6:12]...)
	negated = strings.Join(neg, " ")
	return verbatim, altered, negated
}

// planted returns the paragraphs article i carries into its main text, in three groups
// (the quote of the wire, the two other quotes, the background links); r draws the
// sentences of the background paragraphs. Both webs plant the same words, so one Truth
// scores both.
func (w Web) planted(l links, i int, r *rand.Rand) [3]string {
	o := w.original(i)
	q0, q1, q2 := quotes(o)
	var g [3]string
	g[0] = fmt.Sprintf("<p>“%s,” the minister said, according to <a href=\"%s\">the wire</a>.</p>\n", html.EscapeString(q0), l.original(o))
	g[1] = fmt.Sprintf("<p>Officials added that “%s”, as <a href=\"%s\">the report</a> put it.</p>\n", html.EscapeString(q1), l.original(o)) +
		fmt.Sprintf("<p>The spokesperson said “%s” in a <a href=\"%s\">statement</a>.</p>\n", html.EscapeString(q2), l.original(o))
	g[2] = fmt.Sprintf("<p>%s Background is in <a href=\"%s\">an older piece</a> and <a href=\"%s\">a short link</a>.</p>\n", sentence(r, 14), l.dead(i), l.short(i))
	if i%10 == 0 {
		g[2] += fmt.Sprintf("<p>%s See <a href=\"#\">the source</a>.</p>\n", sentence(r, 12))
	}
	return g
}

func (w Web) article(l links, i int) string {
	if w.Templates != nil {
		t := w.Templates[i%len(w.Templates)]
		return t.fill(w.planted(l, i, rng(uint64(i)+7)))
	}
	r := rng(uint64(i) + 1)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story %d</title>
<meta name="author" content="Reporter %d"><meta property="article:published_time" content="%s">
<link rel="canonical" href="%s"></head><body>
<nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/about">About</a></nav>
<main><article><h1>Story %d</h1>
`, i, i%37, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Hour).Format(time.RFC3339), l.to(w.site(i), fmt.Sprintf("/news/%d", i)), i)
	lead := fmt.Sprintf("<p>%s %s</p>\n", sentence(r, 18), sentence(r, 15))
	middle := fmt.Sprintf("<p>%s %s</p>\n", sentence(r, 16), sentence(r, 12))
	g := w.planted(l, i, r)
	b.WriteString(lead + g[0] + middle + g[1] + g[2])
	fmt.Fprintf(&b, "<p>%s %s</p>\n", sentence(r, 20), sentence(r, 17))
	b.WriteString("</article></main><footer><a href=\"/privacy\">Privacy</a></footer></body></html>\n")
	return b.String()
}

// sourceParagraphs are the paragraphs original o says, one for each quote taken from it.
func sourceParagraphs(o int) [3]string {
	var g [3]string
	for k := range g {
		g[k] = fmt.Sprintf("<p>“%s,” the minister told reporters.</p>\n", sourceSentence(o, k))
	}
	return g
}

func (w Web) originalPage(l links, o int) string {
	if w.Templates != nil {
		// A different real page from the article's, so the two share no boilerplate.
		t := w.Templates[(o*7+3)%len(w.Templates)]
		return t.fill(sourceParagraphs(o))
	}
	r := rng(uint64(o) + 1_000_003)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Wire story %d</title>
<meta property="article:published_time" content="%s"></head><body><main><article><h1>Wire story %d</h1>
`, o, time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(o)*time.Hour).Format(time.RFC3339), o)
	for k := 0; k < 3; k++ {
		fmt.Fprintf(&b, "<p>%s “%s,” the minister told reporters. %s</p>\n", sentence(r, 15), sourceSentence(o, k), sentence(r, 13))
	}
	fmt.Fprintf(&b, "<p>%s %s</p></article></main></body></html>\n", sentence(r, 18), sentence(r, 16))
	return b.String()
}

// Handler serves the whole web, choosing the page by Host header and path, or by the
// /h/HOST/ prefix of the path (see links). "/" on the server's own address is an index
// of every article, from which a link checker can walk the whole web.
func (w Web) Handler() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		host, path, l := r.Host, r.URL.Path, links{}
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if rest, ok := strings.CutPrefix(path, "/h/"); ok {
			host, path, l = rest, "/", links{byPath: true}
			if k := strings.IndexByte(rest, '/'); k >= 0 {
				host, path = rest[:k], rest[k:]
			}
		}
		w.serve(rw, r, host, path, l)
	})
}

func (w Web) serve(rw http.ResponseWriter, r *http.Request, host, path string, l links) {
	html := func(s string) {
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = rw.Write([]byte(s))
	}
	last := path[strings.LastIndexByte(path, '/')+1:]
	n, err := strconv.Atoi(last)
	switch {
	case path == "/robots.txt":
		http.NotFound(rw, r)
	case path == "/" && net.ParseIP(host) != nil:
		html(w.index())
	case strings.HasPrefix(path, "/more/") && err == nil && n >= 0 && n < sectionPages:
		html(section(n))
	case err != nil || n < 0:
		http.NotFound(rw, r)
	case strings.HasPrefix(host, "site") && strings.HasPrefix(path, "/news/") && n < w.N && host == w.site(n):
		html(w.article(l, n))
	case strings.HasPrefix(host, "wire") && strings.HasPrefix(path, "/story/") && n < w.originals() && host == fmt.Sprintf("wire%d.example", n%20):
		html(w.originalPage(l, n))
	case host == "short.example" && n < w.N:
		http.Redirect(rw, r, l.original(w.original(n)), http.StatusMovedPermanently)
	default:
		http.NotFound(rw, r)
	}
}

// index lists every article by path, for a link checker started at the server's address.
func (w Web) index() string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Bench web</title></head><body><ul>\n")
	for i := 0; i < w.N; i++ {
		fmt.Fprintf(&b, "<li><a href=\"%s\">story %d</a></li>\n", links{byPath: true}.to(w.site(i), fmt.Sprintf("/news/%d", i)), i)
	}
	b.WriteString("</ul></body></html>\n")
	return b.String()
}

// Hosts lists every host name of the web (for a dial override).
func (w Web) Hosts() []string {
	hosts := []string{"short.example", "gone.example"}
	for s := 0; s < max(w.Sites, 1); s++ {
		hosts = append(hosts, fmt.Sprintf("site%d.example", s))
	}
	for k := 0; k < 20; k++ {
		hosts = append(hosts, fmt.Sprintf("wire%d.example", k))
	}
	return hosts
}
