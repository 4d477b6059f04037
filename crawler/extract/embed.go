package extract

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// embedKinds maps the class of an embed's blockquote (as the platforms' embed codes write
// it) to the kind of post.
var embedKinds = map[string]string{
	"twitter-tweet":         "tweet",
	"twitter-video":         "tweet",
	"instagram-media":       "instagram",
	"tiktok-embed":          "tiktok",
	"telegram-post":         "telegram",
	"fb-xfbml-parse-ignore": "facebook",
	"reddit-card":           "reddit",
	"bluesky-embed":         "bluesky",
	"mastodon-embed":        "mastodon",
}

var authorLine = regexp.MustCompile(`^[\s—–-]*(.+?)\s*\((@[A-Za-z0-9_.]+)\)`)

// findEmbeds collects embedded social posts from the original page before main-text
// extraction reshapes them: the post's own text, its author and the link to the post.
func findEmbeds(doc *html.Node, base *url.URL) []Embed {
	var out []Embed
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode && tagOf(n) == atom.Blockquote {
			if kind := embedKind(n); kind != "" {
				out = append(out, parseEmbed(n, kind, base))
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	return out
}

func embedKind(n *html.Node) string {
	for _, c := range strings.Fields(attr(n, "class")) {
		if k, ok := embedKinds[c]; ok {
			return k
		}
	}
	if hasAttr(n, "data-telegram-post") {
		return "telegram"
	}
	return ""
}

func parseEmbed(n *html.Node, kind string, base *url.URL) Embed {
	e := Embed{Kind: kind, Start: -1, End: -1}
	var post []string
	var rest strings.Builder
	var links []string
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && tagOf(c) == atom.P && len(post) == 0 {
			post = append(post, nodeText(c))
			continue
		}
		if c.Type == html.TextNode {
			rest.WriteString(c.Data)
		}
	}
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode && tagOf(n) == atom.A && hasAttr(n, "href") {
			links = append(links, attr(n, "href"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(n)
	if len(post) == 0 {
		post = append(post, nodeText(n))
	}
	e.Text = stripTrailingURLs(strings.Join(post, " "))
	if m := authorLine.FindStringSubmatch(strings.TrimSpace(rest.String())); m != nil {
		e.Author = strings.TrimSpace(m[1]) + " (" + m[2] + ")"
	}
	// The link to the post itself is conventionally the last one (the date); prefer a
	// resolvable one.
	for i := len(links) - 1; i >= 0; i-- {
		if u := resolveAgainst(base, links[i]); u != "" && !strings.HasPrefix(strings.TrimSpace(links[i]), "#") {
			e.URL = u
			break
		}
	}
	return e
}

// matchEmbed reports whether a blockquote of the main content is one of the embedded posts
// found in the original page (compared by the post's text).
func (w *textWriter) matchEmbed(n *html.Node) (Embed, bool) {
	text := nodeText(n)
	for _, e := range w.found {
		if e.Text != "" && strings.HasPrefix(text, prefix(e.Text, 80)) {
			return e, true
		}
	}
	return Embed{}, false
}

// embed writes an embedded post as its own paragraphs and records its span.
func (w *textWriter) embed(n *html.Node, e Embed) {
	w.endParagraph()
	e.Start = w.text.Len()
	firstCit := len(w.cits)
	w.inEmbed = true
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	w.inEmbed = false
	w.endParagraph()
	e.End = max(e.Start, len(strings.TrimRight(w.text.String(), "\n")))
	idx := len(w.embeds)
	for i := firstCit; i < len(w.cits); i++ {
		w.cits[i].Embed = idx
	}
	w.embeds = append(w.embeds, e)
}

// stripTrailingURLs drops the links a post ends with ("… in it? https://t.co/x pic.twitter.com/y"):
// they are the platform's rendering of attachments, not the author's words.
func stripTrailingURLs(s string) string {
	words := strings.Fields(s)
	for len(words) > 0 {
		w := strings.ToLower(words[len(words)-1])
		if !strings.HasPrefix(w, "http://") && !strings.HasPrefix(w, "https://") && !strings.HasPrefix(w, "pic.twitter.com/") {
			break
		}
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// prefix returns at most n bytes of s, cut on a rune boundary.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
