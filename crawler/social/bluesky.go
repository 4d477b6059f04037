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

// DefaultBlueskyAppView is Bluesky's public AppView, which answers app.bsky.* queries
// without a login.
const DefaultBlueskyAppView = "https://public.api.bsky.app"

// DefaultBlueskyHosts are the hosts of Bluesky post URLs.
var DefaultBlueskyHosts = []string{"bsky.app"}

// blueskyAdapter reads Bluesky posts through app.bsky.feed.getPostThread on the AppView:
// bsky.app/profile/ACTOR/post/RKEY is the record at://ACTOR/app.bsky.feed.post/RKEY.
type blueskyAdapter struct {
	hosts   map[string]bool
	appView string
}

var blueskyPostPath = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^/profile/([A-Za-z0-9._:%-]{1,253})/post/([A-Za-z0-9._~:-]{1,64})/?$`)
})

func (a blueskyAdapter) platform() string { return "bluesky" }

func (a blueskyAdapter) match(u *url.URL) (string, string, bool) {
	m := pathMatch(a.hosts, blueskyPostPath(), u)
	if m == nil {
		return "", "", false
	}
	post := u.Scheme + "://" + u.Host + "/profile/" + m[1] + "/post/" + m[2]
	q := url.Values{"uri": {"at://" + m[1] + "/app.bsky.feed.post/" + m[2]}, "depth": {"0"}, "parentHeight": {"0"}}
	return post, a.appView + "/xrpc/app.bsky.feed.getPostThread?" + q.Encode(), true
}

type blueskyThread struct {
	Thread struct {
		Type     string `json:"$type"`
		NotFound bool   `json:"notFound"`
		Blocked  bool   `json:"blocked"`
		Post     *struct {
			URI    string `json:"uri"`
			Author struct {
				Handle      string `json:"handle"`
				DisplayName string `json:"displayName"`
			} `json:"author"`
			Record struct {
				Text      string `json:"text"`
				CreatedAt string `json:"createdAt"`
			} `json:"record"`
			IndexedAt string `json:"indexedAt"`
		} `json:"post"`
	} `json:"thread"`
}

func (a blueskyAdapter) parse(body []byte, postURL string) (Post, error) {
	return parseBlueskyThread(body, postURL)
}

// parseBlueskyThread reads a getPostThread answer.
func parseBlueskyThread(body []byte, postURL string) (Post, error) {
	var t blueskyThread
	if err := json.Unmarshal(body, &t); err != nil {
		return Post{}, fmt.Errorf("%w: bluesky thread: %w", ErrShape, err)
	}
	th := t.Thread
	switch {
	case th.NotFound || th.Type == "app.bsky.feed.defs#notFoundPost":
		return Post{}, fmt.Errorf("bluesky: %w", ErrGone)
	case th.Blocked || th.Type == "app.bsky.feed.defs#blockedPost":
		return Post{}, fmt.Errorf("%w: bluesky: the post is blocked from public view", ErrShape)
	case th.Post == nil:
		return Post{}, fmt.Errorf("%w: bluesky thread has no post", ErrShape)
	}
	p := Post{
		Platform: "bluesky", URL: postURL, AuthorName: strings.TrimSpace(th.Post.Author.DisplayName),
		Text: tidy(th.Post.Record.Text),
	}
	if h := strings.TrimSpace(th.Post.Author.Handle); h != "" {
		p.Author = "@" + h
	}
	for _, s := range []string{th.Post.Record.CreatedAt, th.Post.IndexedAt} {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			p.Published = t
			break
		}
	}
	if p.Text == "" {
		return Post{}, fmt.Errorf("%w: bluesky post has no text", ErrShape)
	}
	return p, nil
}
