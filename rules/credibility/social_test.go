package credibility

import (
	"testing"
	"time"
)

func TestSocialPost(t *testing.T) {
	tests := []struct {
		url                  string
		platform, author, id string
		ok                   bool
	}{
		{"https://twitter.com/HuXijin_GT/status/1509155530414264320", PlatformTwitter, "HuXijin_GT", "1509155530414264320", true},
		{"https://mobile.twitter.com/HuXijin_GT/status/1509155530414264320?s=20", PlatformTwitter, "HuXijin_GT", "1509155530414264320", true},
		{"https://x.com/someone/status/1509155530414264320/photo/1", PlatformTwitter, "someone", "1509155530414264320", true},
		{"twitter.com/someone/statuses/20", PlatformTwitter, "someone", "20", true},
		{"https://twitter.com/i/web/status/1509155530414264320", PlatformTwitter, "", "1509155530414264320", true},
		{"https://twitter.com/HuXijin_GT", "", "", "", false},
		{"https://twitter.com/someone/status/abc", "", "", "", false},
		{"https://t.co/z4RhJ0VNHZ", "", "", "", false},
		{"https://t.me/rian_ru/150000", PlatformTelegram, "rian_ru", "150000", true},
		{"https://t.me/s/rian_ru/150000", PlatformTelegram, "rian_ru", "150000", true},
		{"https://telegram.me/rian_ru/150000?single", PlatformTelegram, "rian_ru", "150000", true},
		{"https://t.me/c/1234567/89", PlatformTelegram, "", "1234567/89", true},
		{"https://t.me/rian_ru", "", "", "", false},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42", PlatformYouTube, "", "dQw4w9WgXcQ", true},
		{"https://m.youtube.com/watch?v=dQw4w9WgXcQ", PlatformYouTube, "", "dQw4w9WgXcQ", true},
		{"https://youtu.be/dQw4w9WgXcQ?t=1", PlatformYouTube, "", "dQw4w9WgXcQ", true},
		{"https://www.youtube.com/shorts/dQw4w9WgXcQ", PlatformYouTube, "", "dQw4w9WgXcQ", true},
		{"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", PlatformYouTube, "", "dQw4w9WgXcQ", true},
		{"https://www.youtube.com/user/telesurtv", "", "", "", false},
		{"https://www.facebook.com/MFARussia/posts/123456789", PlatformFacebook, "MFARussia", "123456789", true},
		{"https://m.facebook.com/permalink.php?story_fbid=111&id=222", PlatformFacebook, "222", "111", true},
		{"https://www.facebook.com/watch/?v=12345", PlatformFacebook, "", "12345", true},
		{"https://fb.watch/abcDEF/", PlatformFacebook, "", "abcDEF", true},
		{"https://www.instagram.com/p/Cb1xYz/", PlatformInstagram, "", "Cb1xYz", true},
		{"https://www.instagram.com/someone/reel/Cb1xYz/", PlatformInstagram, "someone", "Cb1xYz", true},
		{"https://www.tiktok.com/@someone/video/7012345678901234567", PlatformTikTok, "someone", "7012345678901234567", true},
		{"https://vk.com/wall-12345_678", PlatformVK, "-12345", "-12345_678", true},
		{"https://bsky.app/profile/someone.bsky.social/post/3k2abc", PlatformBluesky, "someone.bsky.social", "3k2abc", true},
		{"https://www.threads.net/@someone/post/C5abc", PlatformThreads, "someone", "C5abc", true},
		{"https://mastodon.social/@Gargron/109376585316591458", PlatformMastodon, "Gargron@mastodon.social", "109376585316591458", true},
		{"https://www.reuters.com/world/x", "", "", "", false},
		{"::", "", "", "", false},
	}
	for _, tc := range tests {
		p, a, id, ok := SocialPost(tc.url)
		if p != tc.platform || a != tc.author || id != tc.id || ok != tc.ok {
			t.Errorf("SocialPost(%q) = %q, %q, %q, %v; want %q, %q, %q, %v", tc.url, p, a, id, ok, tc.platform, tc.author, tc.id, tc.ok)
		}
	}
}

func TestTweetTime(t *testing.T) {
	tests := []struct {
		id   string
		want time.Time
		ok   bool
	}{
		// The Tweet object example in Twitter's API documentation: id 1050118621198921728,
		// created_at "Wed Oct 10 20:19:24 +0000 2018".
		{"1050118621198921728", time.Date(2018, 10, 10, 20, 19, 24, 211e6, time.UTC), true},
		// A tweet of March 30, 2022, the day of the Lavrov-Wang Yi meeting.
		{"1509155530414264320", time.Date(2022, 3, 30, 13, 8, 11, 861e6, time.UTC), true},
		{"20", time.Time{}, false},          // 2006: a sequential id, before snowflakes
		{"29700859247", time.Time{}, false}, // still sequential (2010)
		{"", time.Time{}, false},
		{"-1", time.Time{}, false},
		{"12a", time.Time{}, false},
		{"99999999999999999999", time.Time{}, false},
	}
	for _, tc := range tests {
		got, ok := TweetTime(tc.id)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("TweetTime(%q) = %v, %v; want %v, %v", tc.id, got, ok, tc.want, tc.ok)
		}
	}
}
