package social

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"
)

// DefaultXOEmbed is X's public oEmbed endpoint.
const DefaultXOEmbed = "https://publish.twitter.com/oembed"

// DefaultXHosts are the hosts of X post URLs.
var DefaultXHosts = []string{"x.com", "twitter.com", "www.x.com", "www.twitter.com", "mobile.twitter.com", "mobile.x.com"}

// xAdapter reads X/Twitter posts through oEmbed: its "html" is a blockquote whose <p> is
// the post text, followed by "— Name (@handle)" and a link whose text is the day.
type xAdapter struct {
	hosts    map[string]bool
	endpoint string
}

var xStatusPath = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^/([A-Za-z0-9_]{1,50})/status(?:es)?/([0-9]{1,25})/?$`)
})

func (a xAdapter) platform() string { return "x" }

func (a xAdapter) match(u *url.URL) (string, string, bool) {
	m := pathMatch(a.hosts, xStatusPath(), u)
	if m == nil {
		return "", "", false
	}
	post := u.Scheme + "://" + u.Host + "/" + m[1] + "/status/" + m[2]
	return post, a.endpoint + "?" + url.Values{"url": {post}, "omit_script": {"1"}, "dnt": {"true"}}.Encode(), true
}

type xOEmbed struct {
	URL        string `json:"url"`
	AuthorName string `json:"author_name"`
	AuthorURL  string `json:"author_url"`
	HTML       string `json:"html"`
}

var xByline = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\(@([A-Za-z0-9_]{1,50})\)`) })

func (a xAdapter) parse(body []byte, postURL string) (Post, error) {
	return parseXOEmbed(body, postURL)
}

// parseXOEmbed reads an oEmbed answer of X.
func parseXOEmbed(body []byte, postURL string) (Post, error) {
	var o xOEmbed
	if err := json.Unmarshal(body, &o); err != nil {
		return Post{}, fmt.Errorf("%w: x oembed: %w", ErrShape, err)
	}
	doc, err := html.Parse(strings.NewReader(o.HTML))
	if err != nil {
		return Post{}, fmt.Errorf("%w: x oembed html: %w", ErrShape, err)
	}
	quote := find(doc, func(n *html.Node) bool { return n.Data == "blockquote" })
	if quote == nil {
		return Post{}, fmt.Errorf("%w: x oembed html has no blockquote", ErrShape)
	}
	para := find(quote, func(n *html.Node) bool { return n.Data == "p" })
	if para == nil {
		return Post{}, fmt.Errorf("%w: x oembed html has no post text", ErrShape)
	}
	p := Post{Platform: "x", URL: postURL, AuthorName: strings.TrimSpace(o.AuthorName), Text: nodeText(para)}
	// After the text: "— Name (@handle) <a href=…/status/…>March 30, 2022</a>".
	var byline strings.Builder
	var date string
	for n := para.NextSibling; n != nil; n = n.NextSibling {
		switch {
		case n.Type == html.TextNode:
			byline.WriteString(n.Data)
		case n.Type == html.ElementNode && n.Data == "a" && strings.Contains(attr(n, "href"), "/status"):
			date = strings.TrimSpace(nodeText(n))
		case n.Type == html.ElementNode:
			byline.WriteString(nodeText(n))
		}
	}
	if m := xByline().FindStringSubmatch(byline.String()); m != nil {
		p.Author = "@" + m[1]
	} else if u, err := url.Parse(o.AuthorURL); err == nil && strings.Trim(u.Path, "/") != "" {
		p.Author = "@" + strings.Trim(u.Path, "/")
	}
	if t, err := time.Parse("January 2, 2006", date); err == nil {
		p.Published, p.DateOnly = t, true
	}
	if p.Text == "" {
		return Post{}, fmt.Errorf("%w: x oembed post has no text", ErrShape)
	}
	return p, nil
}
