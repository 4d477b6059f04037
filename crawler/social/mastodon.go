package social

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// mastodonAdapter reads Mastodon posts through /api/v1/statuses/ID on the post's own
// instance. Mastodon runs on any host, so a post is known by its path: /@user/ID (or
// /users/user/statuses/ID) with a numeric ID.
type mastodonAdapter struct{}

var mastodonPostPath = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^/(?:@([A-Za-z0-9_.-]{1,64})|users/([A-Za-z0-9_.-]{1,64})/statuses)/([0-9]{1,25})/?$`)
})

func (mastodonAdapter) platform() string { return "mastodon" }

func (mastodonAdapter) match(u *url.URL) (string, string, bool) {
	m := mastodonPostPath().FindStringSubmatch(u.Path)
	if m == nil {
		return "", "", false
	}
	base := u.Scheme + "://" + u.Host
	return base + u.EscapedPath(), base + "/api/v1/statuses/" + m[3], true
}

type mastodonStatus struct {
	ID        string `json:"id"`
	CreatedAt string `json:"created_at"`
	URL       string `json:"url"`
	Content   string `json:"content"`
	Spoiler   string `json:"spoiler_text"`
	Account   struct {
		Acct        string `json:"acct"`
		Username    string `json:"username"`
		DisplayName string `json:"display_name"`
		URL         string `json:"url"`
	} `json:"account"`
}

func (mastodonAdapter) parse(body []byte, postURL string) (Post, error) {
	return parseMastodonStatus(body, postURL)
}

// parseMastodonStatus reads a Status entity.
func parseMastodonStatus(body []byte, postURL string) (Post, error) {
	var s mastodonStatus
	if err := json.Unmarshal(body, &s); err != nil {
		return Post{}, fmt.Errorf("%w: mastodon status: %w", ErrShape, err)
	}
	text, err := htmlFragmentText(s.Content)
	if err != nil {
		return Post{}, fmt.Errorf("%w: mastodon content: %w", ErrShape, err)
	}
	if cw := strings.TrimSpace(s.Spoiler); cw != "" {
		text = cw + "\n\n" + text
	}
	p := Post{Platform: "mastodon", URL: postURL, AuthorName: strings.TrimSpace(s.Account.DisplayName), Text: text}
	acct := strings.TrimSpace(s.Account.Acct)
	if acct == "" {
		acct = strings.TrimSpace(s.Account.Username)
	}
	if acct != "" {
		// A local account's acct has no domain: the instance is the account's own host,
		// or else the post's.
		if !strings.Contains(acct, "@") {
			for _, raw := range []string{s.Account.URL, postURL} {
				if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
					acct += "@" + u.Hostname()
					break
				}
			}
		}
		p.Author = "@" + acct
	}
	if t, err := time.Parse(time.RFC3339Nano, s.CreatedAt); err == nil {
		p.Published = t
	}
	if p.Text == "" {
		return Post{}, fmt.Errorf("%w: mastodon status has no text", ErrShape)
	}
	return p, nil
}
