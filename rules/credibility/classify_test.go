package credibility

import "testing"

func TestClassify(t *testing.T) {
	tests := []struct {
		url, anchor string
		want        Class
	}{
		// social: every host form
		{"https://twitter.com/HuXijin_GT/status/1509155530414264320", "March 30, 2022", ClassSocial},
		{"https://mobile.twitter.com/someone", "", ClassSocial},
		{"https://x.com/someone/status/1", "", ClassSocial},
		{"https://t.co/z4RhJ0VNHZ", "", ClassSocial},
		{"https://t.me/rian_ru/150000", "", ClassSocial},
		{"https://telegram.me/s/rian_ru/1", "", ClassSocial},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "", ClassSocial},
		{"https://m.youtube.com/shorts/dQw4w9WgXcQ", "", ClassSocial},
		{"https://youtu.be/dQw4w9WgXcQ", "", ClassSocial},
		{"https://www.facebook.com/page/posts/123", "", ClassSocial},
		{"https://m.facebook.com/story.php?story_fbid=1&id=2", "", ClassSocial},
		{"https://fb.watch/abc/", "", ClassSocial},
		{"https://www.instagram.com/p/Cb1x/", "", ClassSocial},
		{"https://www.tiktok.com/@user/video/7012345678901234567", "", ClassSocial},
		{"https://vm.tiktok.com/ZM8abc/", "", ClassSocial},
		{"https://vk.com/wall-1_2", "", ClassSocial},
		{"https://mastodon.social/@Gargron/109376585316591458", "", ClassSocial},
		{"https://mastodon.example.org/@user", "", ClassSocial},
		{"https://social.example.net/@user/109376585316591458", "", ClassSocial},
		{"https://bsky.app/profile/someone.bsky.social/post/3k2", "", ClassSocial},
		// wire
		{"https://www.reuters.com/world/europe/lavrov-says-2022-03-30/", "", ClassWire},
		{"https://apnews.com/article/abc", "", ClassWire},
		{"https://www.afp.com/en/news/1", "", ClassWire},
		{"https://tass.com/politics/1431000", "", ClassWire},
		{"https://tass.ru/politika/14000000", "", ClassWire},
		{"http://www.news.cn/english/2022-03/30/c_1.htm", "", ClassWire},
		{"http://english.news.cn/20220330/x/c.html", "", ClassWire},
		{"https://ria.ru/20220330/lavrov-1780000000.html", "", ClassWire},
		{"https://www.interfax.ru/world/832000", "", ClassWire},
		{"https://www.efe.com/efe/english/world/1", "", ClassWire},
		{"https://www.ansa.it/english/news/1.html", "", ClassWire},
		{"https://www.dpa-international.com/topic/x", "", ClassWire},
		{"https://www.ptinews.com/news/1", "", ClassWire},
		{"", "TASS", ClassWire},
		{"#", "Reuters", ClassWire},
		// official
		{"https://www.whitehouse.gov/briefing-room/statements-releases/2022/03/21/x/", "", ClassOfficial},
		{"https://www.state.gov/x", "", ClassOfficial},
		{"https://www.defense.gov/News/", "", ClassOfficial},
		{"https://www.army.mil/article/1", "", ClassOfficial},
		{"https://www.who.int/news/item/x", "", ClassOfficial},
		{"https://www.nato.int/cps/en/natohq/news_1.htm", "", ClassOfficial},
		{"https://ec.europa.eu/commission/presscorner/detail/en/ip_22_1", "", ClassOfficial},
		{"https://www.europarl.europa.eu/news/en", "", ClassOfficial},
		{"https://news.un.org/en/story/2022/03/1", "", ClassOfficial},
		{"http://en.kremlin.ru/events/president/news/68000", "", ClassOfficial},
		{"https://mid.ru/en/foreign_policy/news/1808000/", "", ClassOfficial},
		{"https://www.gov.uk/government/news/x", "", ClassOfficial},
		{"https://committees.parliament.uk/x", "", ClassOfficial},
		{"https://www.fmprc.gov.cn/mfa_eng/x", "", ClassOfficial},
		{"https://www.mofa.go.jp/press/release/x.html", "", ClassOfficial},
		{"https://www.gouvernement.fr/actualite/x", "", ClassOfficial},
		{"https://www.diplomatie.gouv.fr/en/x", "", ClassOfficial},
		{"https://www.gob.mx/sre/prensa/x", "", ClassOfficial},
		{"https://www.bundesregierung.de/breg-en/news/x", "", ClassOfficial},
		{"https://www.comune.go.it/notizie/x", "", ClassOther}, // go.it is Gorizia, not a government suffix
		{"https://www.harvard.edu/", "", ClassOther},           // universities are not official
		// press releases
		{"https://www.prnewswire.com/news-releases/x-301000000.html", "", ClassPressRelease},
		{"https://www.businesswire.com/news/home/20220330005000/en/", "", ClassPressRelease},
		{"https://www.globenewswire.com/news-release/2022/03/30/1/0/en/x.html", "", ClassPressRelease},
		{"https://www.acme.example/press-releases/acme-buys-widgets", "", ClassPressRelease},
		{"https://www.acme.example/about/press_release.html", "", ClassPressRelease},
		{"https://www.acme.example/announcement", "press release", ClassPressRelease},
		// news: article-like paths on unknown sites
		{"https://economictimes.indiatimes.com/news/defence/lavrov-in-china/articleshow/90550000.cms", "", ClassNews},
		{"https://www.example-news.com/2022/03/30/lavrov-china/", "", ClassNews},
		{"https://www.example-news.com/world/lavrov-rejects-new-world-order", "", ClassNews},
		{"https://www.example-news.com/story/8347561", "", ClassNews},
		{"https://www.example-news.com/news/world-europe-60000000", "", ClassNews},
		{"https://www.theguardian.com/world/2022/mar/30/x", "", ClassNews},
		// other
		{"https://www.example-news.com/", "", ClassOther},
		{"https://www.example-news.com/world/", "", ClassOther},
		{"https://www.example-news.com/tag/russia", "", ClassOther},
		{"https://medium.com/@user/some-post-title-here-abc", "", ClassNews}, // a Medium slug, not a Mastodon post
		{"mailto:a@example.com", "", ClassOther},
		{"#", "The Economic Times", ClassOther},
		{"", "", ClassOther},
		{"http://[::1", "", ClassOther},
	}
	for _, tc := range tests {
		if got := Classify(tc.url, tc.anchor); got != tc.want {
			t.Errorf("Classify(%q, %q) = %q, want %q", tc.url, tc.anchor, got, tc.want)
		}
	}
}
