package credibility_test

import (
	"fmt"
	"strings"

	"github.com/provcheck/provcheck/rules/credibility"
)

func ExampleRatings_Lookup() {
	ratings, err := credibility.Builtin()
	if err != nil {
		fmt.Println(err)
		return
	}
	override, err := credibility.Parse(strings.NewReader("domain,score,label,origin\nexample.com,0.3,tabloid,desk\n"), "ratings.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	ratings.Merge(override)
	for _, u := range []string{"https://de.rt.com/x", "https://news.example.com/a", "https://unknown.example.org/"} {
		if r, ok := ratings.Lookup(u); ok {
			fmt.Printf("%s: %s %q %.2f (%s)\n", u, r.Domain, r.Label, r.Score, r.Origin)
		} else {
			fmt.Printf("%s: unrated\n", u)
		}
	}
	// Output:
	// https://de.rt.com/x: rt.com "deprecated" 0.05 (wikipedia-perennial-sources)
	// https://news.example.com/a: example.com "tabloid" 0.30 (desk)
	// https://unknown.example.org/: unrated
}

func ExampleClassify() {
	for _, u := range []string{"https://t.co/z4RhJ0VNHZ", "https://tass.com/politics/1431000", "https://mid.ru/en/news/1/", "https://www.prnewswire.com/news-releases/x.html"} {
		fmt.Println(credibility.Classify(u, ""))
	}
	fmt.Println(credibility.Classify("", "TASS"))
	// Output:
	// social
	// wire
	// official
	// press_release
	// wire
}

func ExampleSocialPost() {
	platform, author, id, ok := credibility.SocialPost("https://twitter.com/someone/status/1509155530414264320")
	fmt.Println(platform, author, id, ok)
	at, _ := credibility.TweetTime(id)
	fmt.Println(at.Format("2006-01-02 15:04:05 MST"))
	// Output:
	// twitter someone 1509155530414264320 true
	// 2022-03-30 13:08:11 UTC
}
