package credibility

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Platforms that [SocialPost] names.
const (
	PlatformTwitter   = "twitter" // twitter.com and x.com
	PlatformTelegram  = "telegram"
	PlatformYouTube   = "youtube"
	PlatformFacebook  = "facebook"
	PlatformInstagram = "instagram"
	PlatformTikTok    = "tiktok"
	PlatformVK        = "vk"
	PlatformBluesky   = "bluesky"
	PlatformThreads   = "threads"
	PlatformMastodon  = "mastodon"
)

// SocialPost recognises the URL of one social post and returns its platform, its
// author's handle when the URL carries one (without "@"), and the post's id:
//
//	https://twitter.com/someone/status/1509155530414264320     twitter someone 1509155530414264320
//	https://x.com/i/web/status/1509155530414264320             twitter "" 1509155530414264320
//	https://t.me/s/rian_ru/12345                                telegram rian_ru 12345
//	https://youtu.be/dQw4w9WgXcQ                                youtube "" dQw4w9WgXcQ
//	https://www.tiktok.com/@user/video/7012345678901234567     tiktok user 7012345678901234567
//	https://mastodon.social/@Gargron/109376585316591458        mastodon Gargron@mastodon.social 109376585316591458
//
// ok is false for anything that is not one post: a profile, a search, a t.co short link
// (follow it first), another site.
func SocialPost(rawURL string) (platform, author, id string, ok bool) {
	s := strings.TrimSpace(rawURL)
	if !strings.Contains(s, "://") {
		s = "https://" + strings.TrimPrefix(s, "//")
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", "", "", false
	}
	host, ok := normHost(u.Hostname())
	if !ok {
		return "", "", "", false
	}
	seg := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	at := func(i int) string {
		if i < len(seg) {
			return seg[i]
		}
		return ""
	}
	switch {
	case onHost(host, "twitter.com", "x.com"):
		// /{handle}/status/{id}, /{handle}/statuses/{id}, /i/web/status/{id}
		for i := 0; i+1 < len(seg); i++ {
			if (seg[i] == "status" || seg[i] == "statuses") && digits(seg[i+1]) {
				author := ""
				if i == 1 && seg[0] != "i" {
					author = seg[0]
				}
				return PlatformTwitter, author, seg[i+1], true
			}
		}
	case onHost(host, "t.me", "telegram.me", "telegram.dog"):
		if at(0) == "s" {
			seg = seg[1:]
		}
		switch {
		case len(seg) >= 3 && seg[0] == "c" && digits(seg[1]) && digits(seg[2]):
			return PlatformTelegram, "", seg[1] + "/" + seg[2], true // private: no public handle
		case len(seg) >= 2 && digits(seg[1]):
			return PlatformTelegram, seg[0], seg[1], true
		}
	case host == "youtu.be":
		if videoID(at(0)) {
			return PlatformYouTube, "", at(0), true
		}
	case onHost(host, "youtube.com", "youtube-nocookie.com"):
		if at(0) == "watch" {
			if v := u.Query().Get("v"); videoID(v) {
				return PlatformYouTube, "", v, true
			}
		}
		switch at(0) {
		case "shorts", "live", "embed", "v":
			if videoID(at(1)) {
				return PlatformYouTube, "", at(1), true
			}
		}
	case onHost(host, "facebook.com", "fb.com"):
		q := u.Query()
		switch {
		case at(0) == "permalink.php" || at(0) == "story.php":
			if id := q.Get("story_fbid"); id != "" {
				return PlatformFacebook, q.Get("id"), id, true
			}
		case at(0) == "watch":
			if v := q.Get("v"); digits(v) {
				return PlatformFacebook, "", v, true
			}
		case len(seg) >= 3 && (seg[1] == "posts" || seg[1] == "videos" || seg[1] == "photos"):
			return PlatformFacebook, seg[0], seg[len(seg)-1], true
		}
	case host == "fb.watch":
		if at(0) != "" {
			return PlatformFacebook, "", at(0), true
		}
	case onHost(host, "instagram.com"):
		switch {
		case (at(0) == "p" || at(0) == "reel" || at(0) == "tv") && at(1) != "":
			return PlatformInstagram, "", at(1), true
		case (at(1) == "p" || at(1) == "reel") && at(2) != "":
			return PlatformInstagram, at(0), at(2), true
		}
	case onHost(host, "tiktok.com"):
		if strings.HasPrefix(at(0), "@") && at(1) == "video" && digits(at(2)) {
			return PlatformTikTok, at(0)[1:], at(2), true
		}
	case onHost(host, "vk.com", "vk.ru"):
		if id, ok := strings.CutPrefix(at(0), "wall"); ok && id != "" {
			owner, _, _ := strings.Cut(id, "_")
			return PlatformVK, owner, id, true
		}
		if w := u.Query().Get("w"); strings.HasPrefix(w, "wall") {
			owner, _, _ := strings.Cut(w[4:], "_")
			return PlatformVK, owner, w[4:], true
		}
	case host == "bsky.app":
		if at(0) == "profile" && at(2) == "post" && at(1) != "" && at(3) != "" {
			return PlatformBluesky, at(1), at(3), true
		}
	case onHost(host, "threads.net", "threads.com"):
		if strings.HasPrefix(at(0), "@") && at(1) == "post" && at(2) != "" {
			return PlatformThreads, at(0)[1:], at(2), true
		}
	default:
		if user, id, ok := mastodonPath(u.Path); ok {
			return PlatformMastodon, user + "@" + host, id, true
		}
	}
	return "", "", "", false
}

// twitterEpoch is the Unix time in milliseconds that tweet ids count from.
const twitterEpoch = 1288834974657

// minSnowflake is the smallest id read as a snowflake. Tweets before November 2010 have
// sequential ids, below about 3e10; 1<<40 (a snowflake of 4 minutes past the epoch) keeps
// clear of them.
const minSnowflake = 1 << 40

// TweetTime returns the time a tweet was posted, read from its id: since November 2010 a
// tweet id (a "snowflake") carries the milliseconds since the Twitter epoch in its bits
// above the 22nd. ok is false for a non-number and for an older, sequential id.
func TweetTime(id string) (time.Time, bool) {
	n, err := strconv.ParseUint(id, 10, 63)
	if err != nil || n < minSnowflake {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(n>>22) + twitterEpoch).UTC(), true
}

// onHost reports whether host is one of domains or a subdomain of one.
func onHost(host string, domains ...string) bool {
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, d) && host[len(host)-len(d)-1] == '.' {
			return true
		}
	}
	return false
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// videoID reports whether s looks like a YouTube video id: 11 characters of [A-Za-z0-9_-].
func videoID(s string) bool {
	if len(s) != 11 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
