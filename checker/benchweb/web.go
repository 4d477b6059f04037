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
)

// Web is a generated web of N articles.
type Web struct {
	N int
	// Sites is the number of news sites the articles are spread over (politeness is per
	// host, so more sites means more parallel fetching).
	Sites int
}

// Truth is what a correct audit finds in one article.
type Truth struct {
	URL       string
	Quotes    []string // verdict per quote, in text order
	Citations []string // verdict per citation, in text order
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

// original returns the index of the original article i cites; two articles share one.
func original(i int) int { return i / 2 }

func (w Web) site(i int) string { return fmt.Sprintf("site%d.example", i%max(w.Sites, 1)) }

// ArticleURL is the address of article i.
func (w Web) ArticleURL(i int) string { return fmt.Sprintf("http://%s/news/%d", w.site(i), i) }

func originalURL(o int) string { return fmt.Sprintf("http://wire%d.example/story/%d", o%20, o) }
func shortURL(i int) string    { return fmt.Sprintf("http://short.example/%d", i) }
func deadURL(i int) string     { return fmt.Sprintf("http://gone.example/old/%d", i) }

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
	t := Truth{URL: w.ArticleURL(i),
		Quotes:    []string{"verified", "altered", "negation"},
		Citations: []string{"ok", "ok", "ok", "dead", "redirected"},
	}
	if i%10 == 0 {
		t.Citations = append(t.Citations, "placeholder")
	}
	return t
}

// quotes returns the three quotes of article i: verbatim, one word swapped, negated.
func quotes(i int) (verbatim, altered, negated string) {
	o := original(i)
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

func (w Web) article(i int) string {
	r := rng(uint64(i) + 1)
	q0, q1, q2 := quotes(i)
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story %d</title>
<meta name="author" content="Reporter %d"><meta property="article:published_time" content="%s">
<link rel="canonical" href="%s"></head><body>
<nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/about">About</a></nav>
<main><article><h1>Story %d</h1>
`, i, i%37, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Hour).Format(time.RFC3339), w.ArticleURL(i), i)
	fmt.Fprintf(&b, "<p>%s %s</p>\n", sentence(r, 18), sentence(r, 15))
	fmt.Fprintf(&b, "<p>“%s,” the minister said, according to <a href=\"%s\">the wire</a>.</p>\n", html.EscapeString(q0), originalURL(original(i)))
	fmt.Fprintf(&b, "<p>%s %s</p>\n", sentence(r, 16), sentence(r, 12))
	fmt.Fprintf(&b, "<p>Officials added that “%s”, as <a href=\"%s\">the report</a> put it.</p>\n", html.EscapeString(q1), originalURL(original(i)))
	fmt.Fprintf(&b, "<p>The spokesperson said “%s” in a <a href=\"%s\">statement</a>.</p>\n", html.EscapeString(q2), originalURL(original(i)))
	fmt.Fprintf(&b, "<p>%s Background is in <a href=\"%s\">an older piece</a> and <a href=\"%s\">a short link</a>.</p>\n", sentence(r, 14), deadURL(i), shortURL(i))
	if i%10 == 0 {
		fmt.Fprintf(&b, "<p>%s See <a href=\"#\">the source</a>.</p>\n", sentence(r, 12))
	}
	fmt.Fprintf(&b, "<p>%s %s</p>\n", sentence(r, 20), sentence(r, 17))
	b.WriteString("</article></main><footer><a href=\"/privacy\">Privacy</a></footer></body></html>\n")
	return b.String()
}

func originalPage(o int) string {
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

// Handler serves the whole web, choosing the page by Host header and path.
func (w Web) Handler() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		last := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
		n, err := strconv.Atoi(last)
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(rw, r)
		case err != nil || n < 0:
			http.NotFound(rw, r)
		case strings.HasPrefix(host, "site") && strings.HasPrefix(r.URL.Path, "/news/") && n < w.N && host == w.site(n):
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = rw.Write([]byte(w.article(n)))
		case strings.HasPrefix(host, "wire") && strings.HasPrefix(r.URL.Path, "/story/") && n < (w.N+1)/2:
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = rw.Write([]byte(originalPage(n)))
		case host == "short.example" && n < w.N:
			http.Redirect(rw, r, originalURL(original(n)), http.StatusMovedPermanently)
		default:
			http.NotFound(rw, r)
		}
	})
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
