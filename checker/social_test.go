package checker_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/social"
	"github.com/provcheck/provcheck/rules"
)

const postsArticle = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Floods: what officials said overnight</title>
<meta property="article:published_time" content="2024-10-17T09:00:00Z"></head>
<body><article><h1>Floods: what officials said overnight</h1>
<p>The river authority has been posting updates through the night as the water kept rising
in the valley and the first roads were closed to traffic near the old bridge.</p>
<p>Its hydrologist Alice Example <a href="http://bsky.example/profile/alice.bsky.social/post/3l6oveex3ii2l">wrote on Bluesky</a>
that "we measured the river at 4.2 metres this morning, the highest since 1998".</p>
<p>The mayor's office <a href="http://town.example/@mayor/103270115826048975">posted on Mastodon</a>
that "the library will stay open on Sundays as a shelter for families who had to leave".</p>
<p>The regional channel <a href="https://t.me/valley_news/4821">said on Telegram</a> that
"the talks will resume on Monday in the town hall, both sides confirmed".</p>
<p>Residents were told to follow the authority's advice and to keep away from the banks of
the river until the water had gone down again, which could take several days.</p>
</article></body></html>`

// postsWeb is the article and the platforms it cites: post pages that are JavaScript
// shells, and each platform's endpoint answering in its documented shape.
func postsWeb(t *testing.T) *httptest.Server {
	t.Helper()
	shell := `<!DOCTYPE html><html><body><noscript>JavaScript is required.</noscript><script src="/app.js"></script></body></html>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := strings.Cut(r.Host, ":")
		switch host + r.URL.Path {
		case "news.example/floods":
			fmt.Fprint(w, postsArticle)
		case "appview.example/xrpc/app.bsky.feed.getPostThread":
			if r.URL.Query().Get("uri") != "at://alice.bsky.social/app.bsky.feed.post/3l6oveex3ii2l" {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprint(w, `{"error":"NotFound","message":"Post not found"}`)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"thread":{"$type":"app.bsky.feed.defs#threadViewPost","post":{"uri":"at://did:plc:abc/app.bsky.feed.post/3l6oveex3ii2l",`+
				`"author":{"did":"did:plc:abc","handle":"alice.bsky.social","displayName":"Alice Example"},`+
				`"record":{"$type":"app.bsky.feed.post","createdAt":"2024-10-16T19:20:01.123Z","text":"We measured the river at 4.2 metres this morning, the highest since 1998. Stay away from the banks."},`+
				`"indexedAt":"2024-10-16T19:20:02.001Z"},"replies":[]}}`)
		case "town.example/api/v1/statuses/103270115826048975":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"id":"103270115826048975","created_at":"2024-10-16T22:01:00.000Z","spoiler_text":"",`+
				`"content":"<p>The library will stay open on Sundays as a shelter for families who had to leave their homes.</p>",`+
				`"account":{"username":"mayor","acct":"mayor","display_name":"Mayor's office","url":"http://town.example/@mayor"}}`)
		case "tg.example/valley_news/4821":
			if r.URL.Query().Get("embed") != "1" {
				fmt.Fprint(w, shell)
				return
			}
			fmt.Fprint(w, `<html><body><div class="tgme_widget_message js-widget_message" data-post="valley_news/4821">`+
				`<a class="tgme_widget_message_owner_name" href="https://t.me/valley_news"><span dir="auto">Valley News</span></a>`+
				`<div class="tgme_widget_message_text js-message_text" dir="auto">The talks will resume on Monday in the town hall, both delegations confirmed.</div>`+
				`<a class="tgme_widget_message_date" href="https://t.me/valley_news/4821"><time datetime="2024-10-16T23:30:00+00:00" class="time">23:30</time></a></div></body></html>`)
		default:
			if strings.HasPrefix(r.URL.Path, "/api/") || host == "appview.example" {
				http.NotFound(w, r)
				return
			}
			fmt.Fprint(w, shell)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Posts on Bluesky, Mastodon and Telegram are read through their public endpoints and
// their text is compared with the quotes like any original's.
func TestPostsAreOriginals(t *testing.T) {
	srv := postsWeb(t)
	addr := srv.Listener.Addr().String()
	resolve := map[string]string{}
	for _, h := range []string{"news.example:80", "bsky.example:80", "appview.example:80", "town.example:80", "tg.example:80", "t.me:443"} {
		resolve[h] = addr
	}
	cr := crawler.New(crawler.Config{
		AllowPrivate: true, IgnoreRobots: true, Resolve: resolve, Timeout: 5 * time.Second, RetryLater: -1,
		Posts: social.New(social.Config{
			BlueskyHosts: []string{"bsky.example"}, BlueskyAppView: "http://appview.example",
			TelegramEmbed: "http://tg.example",
		}),
	})
	engine, err := rules.New(rules.Config{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := checker.New(cr, engine, checker.Config{NoArchive: true}).CheckURL(t.Context(), "http://news.example/floods")
	if err != nil {
		t.Fatalf("CheckURL: %v", err)
	}
	want := map[string]string{
		"we measured the river at 4.2 metres this morning, the highest since 1998":         "quote.verified",
		"the library will stay open on Sundays as a shelter for families who had to leave": "quote.verified",
		"the talks will resume on Monday in the town hall, both sides confirmed":           "quote.altered",
	}
	got := map[string]string{}
	for _, f := range res.Findings {
		if strings.HasPrefix(f.Rule, "quote.") && f.Rule != "quote.inconsistent" {
			got[f.Subject.Text] = f.Rule
		}
	}
	for q, rule := range want {
		if got[q] != rule {
			t.Errorf("quote %q: %q, want %q (all: %v)", q, got[q], rule, got)
		}
	}
	for i, o := range res.Originals {
		if o == nil {
			continue
		}
		if o.Page.Via == "" || o.Article == nil {
			t.Errorf("original %d (%s): via %q, read %v; want it read through its platform's endpoint", i, o.URL, o.Page.Via, o.Article != nil)
		}
	}
}
