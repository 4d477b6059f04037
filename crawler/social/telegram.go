package social

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"sync"
	"time"

	"golang.org/x/net/html"
)

// DefaultTelegramHosts are the hosts of Telegram post URLs.
var DefaultTelegramHosts = []string{"t.me", "telegram.me"}

// telegramAdapter reads public Telegram channel posts through their embed widget,
// t.me/CHANNEL/ID?embed=1: server-rendered HTML with the text in
// .tgme_widget_message_text, the channel in data-post and the time in <time datetime>.
type telegramAdapter struct {
	hosts map[string]bool
	embed string // base URL of the widget; "" = the post's own host
}

var telegramPostPath = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^/(?:s/)?([A-Za-z][A-Za-z0-9_]{3,31})/([0-9]{1,12})/?$`)
})

func (a telegramAdapter) platform() string { return "telegram" }

func (a telegramAdapter) match(u *url.URL) (string, string, bool) {
	m := pathMatch(a.hosts, telegramPostPath(), u)
	if m == nil {
		return "", "", false
	}
	base := u.Scheme + "://" + u.Host
	post := base + "/" + m[1] + "/" + m[2]
	if a.embed != "" {
		base = a.embed
	}
	return post, base + "/" + m[1] + "/" + m[2] + "?embed=1&mode=tme", true
}

func (a telegramAdapter) parse(body []byte, postURL string) (Post, error) {
	return parseTelegramEmbed(body, postURL)
}

var telegramDataPost = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_]{3,31})/[0-9]+$`) })

// parseTelegramEmbed reads the embed widget of a channel post.
func parseTelegramEmbed(body []byte, postURL string) (Post, error) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return Post{}, fmt.Errorf("%w: telegram embed: %w", ErrShape, err)
	}
	msg := find(doc, func(n *html.Node) bool { return hasClass(n, "tgme_widget_message") })
	if msg == nil {
		if find(doc, func(n *html.Node) bool { return hasClass(n, "tgme_widget_message_error") }) != nil {
			return Post{}, fmt.Errorf("telegram: %w", ErrGone)
		}
		return Post{}, fmt.Errorf("%w: telegram embed has no message", ErrShape)
	}
	p := Post{Platform: "telegram", URL: postURL}
	if m := telegramDataPost().FindStringSubmatch(attr(msg, "data-post")); m != nil {
		p.Author = "@" + m[1]
	}
	if n := find(msg, func(n *html.Node) bool { return hasClass(n, "tgme_widget_message_owner_name") }); n != nil {
		p.AuthorName = nodeText(n)
	}
	if n := find(msg, func(n *html.Node) bool { return hasClass(n, "tgme_widget_message_text") }); n != nil {
		p.Text = nodeText(n)
	}
	if n := find(msg, func(n *html.Node) bool { return n.Data == "time" && attr(n, "datetime") != "" }); n != nil {
		if t, err := time.Parse(time.RFC3339, attr(n, "datetime")); err == nil {
			p.Published = t
		}
	}
	if p.Text == "" {
		return Post{}, fmt.Errorf("%w: telegram post has no text", ErrShape)
	}
	return p, nil
}
