package social_test

import (
	"fmt"

	"github.com/provcheck/provcheck/crawler/social"
)

func ExampleReader_Match() {
	r := social.New(social.Config{})
	for _, u := range []string{
		"https://x.com/jroe/status/1509084936311906304",
		"https://bsky.app/profile/alice.bsky.social/post/3l6oveex3ii2l",
		"https://mastodon.social/@bob/103270115826048975",
		"https://t.me/newsroom_channel/4821",
		"https://example.com/news/1",
	} {
		platform, _, endpoint, ok := r.Match(u)
		fmt.Println(ok, platform, endpoint)
	}
	// Output:
	// true x https://publish.twitter.com/oembed?dnt=true&omit_script=1&url=https%3A%2F%2Fx.com%2Fjroe%2Fstatus%2F1509084936311906304
	// true bluesky https://public.api.bsky.app/xrpc/app.bsky.feed.getPostThread?depth=0&parentHeight=0&uri=at%3A%2F%2Falice.bsky.social%2Fapp.bsky.feed.post%2F3l6oveex3ii2l
	// true mastodon https://mastodon.social/api/v1/statuses/103270115826048975
	// true telegram https://t.me/newsroom_channel/4821?embed=1&mode=tme
	// false
}
