package social

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// fuzzParser checks what every parser of an endpoint's answer promises: no panic, an
// error or a post with text, and a rendering that is well-formed HTML keeping that text.
func fuzzParser(f *testing.F, parse func([]byte, string) (Post, error), seeds ...string) {
	for _, s := range seeds {
		f.Add(readTestdata(f, s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := parse(body, "https://example.test/post/1")
		if err != nil {
			return
		}
		if strings.TrimSpace(p.Text) == "" {
			t.Fatalf("parse returned a post with no text")
		}
		page := p.HTML()
		doc, err := html.Parse(strings.NewReader(string(page)))
		if err != nil {
			t.Fatalf("rendered post does not parse: %v", err)
		}
		if utf8.ValidString(p.Text) && !strings.Contains(nodeText(doc), paragraphs(p.Text)[0]) {
			t.Fatalf("rendered post lost its first paragraph %q", paragraphs(p.Text)[0])
		}
	})
}

func FuzzXOEmbed(f *testing.F) { fuzzParser(f, parseXOEmbed, "x_oembed.json") }

func FuzzBlueskyThread(f *testing.F) {
	fuzzParser(f, parseBlueskyThread, "bluesky_thread.json", "bluesky_notfound.json")
}

func FuzzMastodonStatus(f *testing.F) { fuzzParser(f, parseMastodonStatus, "mastodon_status.json") }

func FuzzTelegramEmbed(f *testing.F) {
	fuzzParser(f, parseTelegramEmbed, "telegram_embed.html", "telegram_missing.html")
}
