package social

import (
	"bytes"
	"html/template"
	"sync"
	"time"
)

// Post is one social post as its platform's public endpoint gives it.
type Post struct {
	Platform   string    // "x", "bluesky", "mastodon", "telegram"
	URL        string    // the post's address as the citation led to it
	Author     string    // the handle: "@HuXijin_GT", "@alice.bsky.social", "@bob@mastodon.social", "@durov"
	AuthorName string    // the display name, when the endpoint gives one
	Text       string    // the post's text, paragraphs separated by blank lines
	Published  time.Time // zero when unknown
	// DateOnly is true when the endpoint gives the day only (X's oEmbed does).
	DateOnly bool
}

// platformNames are the names a reader sees in titles and site names.
var platformNames = map[string]string{"x": "X", "bluesky": "Bluesky", "mastodon": "Mastodon", "telegram": "Telegram"}

// postPage is parsed on first use, not when every command starts.
var postPage = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("post").Parse(`<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{{.Who}} on {{.Site}}</title>
<link rel="canonical" href="{{.URL}}">
<meta property="og:site_name" content="{{.Site}}">
<meta property="og:type" content="article">
<meta name="author" content="{{.Who}}">
{{if .Date}}<meta property="article:published_time" content="{{.Date}}">
{{end}}</head>
<body>
<main>
<article>
<p class="author">{{.Who}}</p>
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}{{if .Date}}<p><time datetime="{{.Date}}">{{.Date}}</time></p>
{{end}}</article>
</main>
</body>
</html>
`))
})

// HTML renders the post as a small article page (title, author, date, text, canonical
// link), so that the extractor reads it like any other original.
func (p Post) HTML() []byte {
	who := p.Author
	if p.AuthorName != "" && p.Author != "" {
		who = p.AuthorName + " (" + p.Author + ")"
	} else if p.AuthorName != "" {
		who = p.AuthorName
	}
	site := platformNames[p.Platform]
	if site == "" {
		site = p.Platform
	}
	var date string
	switch {
	case p.Published.IsZero():
	case p.DateOnly:
		date = p.Published.Format(time.DateOnly)
	default:
		date = p.Published.UTC().Format(time.RFC3339)
	}
	var buf bytes.Buffer
	// The template and its data are ours; executing it into a buffer cannot fail.
	_ = postPage().Execute(&buf, struct {
		Who, Site, URL, Date string
		Paragraphs           []string
	}{who, site, p.URL, date, paragraphs(p.Text)})
	return buf.Bytes()
}

// paragraphs splits text at blank lines; single newlines stay inside a paragraph.
func paragraphs(text string) []string {
	var out []string
	for _, para := range bytes.Split([]byte(text), []byte("\n\n")) {
		if s := string(bytes.TrimSpace(para)); s != "" {
			out = append(out, s)
		}
	}
	return out
}
