package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestDroppedEmbeds(t *testing.T) {
	const page = `<html><body><article><div class="body">
<p>The governor's office defended the campaign on Monday, saying that it had done what it was meant to do.</p>
<blockquote class="twitter-tweet"><p>Yes this is real and the state spent half a million dollars on it</p>— A Person (@aperson) <a href="https://twitter.com/aperson/status/1">November 18, 2019</a></blockquote>
<p>Critics were not convinced, and said so at length in the days that followed.</p>
<blockquote class="twitter-tweet"><p>Already in the extracted text, this post stays where it is</p>— B (@b) <a href="https://twitter.com/b/status/2">November 19, 2019</a></blockquote>
</div></article>
<footer><blockquote class="fb-xfbml-parse-ignore"><a href="https://facebook.example/site">The Site</a></blockquote></footer></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	extracted := "The governor's office defended the campaign on Monday, saying that it had done what it was meant to do.\n\n" +
		"Critics were not convinced, and said so at length in the days that followed.\n\nAlready in the extracted text, this post stays where it is"
	got := droppedEmbeds(doc, nil, findPlacedParas(doc, extracted))
	if len(got) != 1 {
		t.Fatalf("dropped = %+v, want the first tweet only (the second is extracted, the footer widget is no part of the body)", got)
	}
	if d := got[0]; d.embed.Kind != "tweet" || !strings.HasPrefix(d.embed.Text, "Yes this is real") || !strings.HasPrefix(d.after, "The governor's office") {
		t.Errorf("dropped = %+v", d)
	}
}

// Parse puts a dropped post back after the paragraph it follows in the page.
func TestParseRestoresDroppedEmbed(t *testing.T) {
	a := mustParse(t, articlePage(`<p>The governor's office defended the campaign on Monday, saying that it had done what it was meant to do.</p>
<blockquote class="twitter-tweet"><p>Yes this is real and the state spent half a million dollars on it</p>— A Person (@aperson) <a href="https://twitter.com/aperson/status/1">November 18, 2019</a></blockquote>
<p>Critics were not convinced, and said so at length in the days that followed.</p>`))
	var tweet *Embed
	for i := range a.Embeds {
		if a.Embeds[i].Kind == "tweet" {
			tweet = &a.Embeds[i]
		}
	}
	if tweet == nil {
		t.Fatalf("no tweet among the embeds %+v; text:\n%s", a.Embeds, a.Text)
	}
	span := a.Text[tweet.Start:tweet.End]
	if !strings.Contains(span, "Yes this is real") {
		t.Errorf("tweet span = %q", span)
	}
	if gov, crit := strings.Index(a.Text, "The governor's office"), strings.Index(a.Text, "Critics were"); !(gov < tweet.Start && tweet.Start < crit) {
		t.Errorf("tweet at %d, want between %d and %d:\n%s", tweet.Start, gov, crit, a.Text)
	}
}
