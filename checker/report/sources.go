package report

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules"
	"github.com/provcheck/provcheck/rules/credibility"
)

// Source is what a report says of the site behind a URL: its class and its rating in the
// ratings list, or that it is unrated. An unrated site is neither good nor bad.
type Source struct {
	// Host is the host judged, without "www.": where the link lands after redirects, else
	// the link itself; "" for a link that leads nowhere.
	Host string `json:"host"`
	// Class is one of social, wire, official, press_release, news, other (see
	// [credibility.Classify]).
	Class string `json:"class"`
	// Rating is nil for an unrated site.
	Rating *Rating `json:"rating"`
	// Post is set when the URL is one social post.
	Post *Post `json:"post,omitempty"`
}

// Rating is a site's entry in the ratings list.
type Rating struct {
	Domain string  `json:"domain"` // the entry that matched ("rt.com", "foxnews.com/go")
	Score  float64 `json:"score"`  // 0 (never cite) to 1 (reliable)
	Label  string  `json:"label"`
	Name   string  `json:"name,omitempty"`
	// Origin says where the rating came from: wikipedia-perennial-sources, or the origin
	// column (or path) of a --ratings file.
	Origin string `json:"origin"`
	Note   string `json:"note,omitempty"`
}

// Post is a social post named by its URL.
type Post struct {
	Platform string     `json:"platform"`
	Author   string     `json:"author,omitempty"` // the handle, without "@"
	ID       string     `json:"id"`
	Posted   *time.Time `json:"posted,omitempty"` // read from a tweet's id
}

// Options give [Build] what the rules' findings do not carry.
type Options struct {
	// Ratings rate the article's own site and every cited site; nil rates nothing, and
	// every site shows as unrated.
	Ratings *credibility.Ratings
	// Chains are the chains to the first page that carries each quote (--depth 2 and
	// more); nil at depth 1.
	Chains []Chain
}

// SourceOf describes the site of rawURL (a link, or where it landed) with anchor as the
// link's text. A URL that is not http(s) ("#", "") is classed by its anchor and unrated.
func SourceOf(ratings *credibility.Ratings, rawURL, anchor string) *Source {
	s := &Source{Class: string(credibility.Classify(rawURL, anchor))}
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return s
	}
	s.Host = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if rt, ok := ratings.Lookup(rawURL); ok {
		s.Rating = &Rating{Domain: rt.Domain, Score: rt.Score, Label: rt.Label, Name: rt.Name, Origin: rt.Origin, Note: rt.Note}
	}
	if platform, author, id, ok := credibility.SocialPost(rawURL); ok {
		s.Post = &Post{Platform: platform, Author: author, ID: id}
		if platform == credibility.PlatformTwitter {
			if t, ok := credibility.TweetTime(id); ok {
				s.Post.Posted = &t
			}
		}
	}
	return s
}

// citationSource judges a citation by where its link lands (after redirects), else by
// the link.
func citationSource(ratings *credibility.Ratings, c Citation) *Source {
	target := c.URL
	if c.Verdict == rules.FatePlaceholder || target == "" {
		target = c.Href
	}
	if c.FinalURL != "" && c.Verdict != rules.FatePlaceholder {
		target = c.FinalURL
	}
	s := SourceOf(ratings, target, c.Anchor)
	if s.Post == nil && target != c.URL && c.Verdict != rules.FatePlaceholder {
		// A short link (t.co) names the post only once followed; the link itself may name it.
		if p := SourceOf(nil, c.URL, "").Post; p != nil {
			s.Post = p
		}
	}
	return s
}

// Class names, as the report groups citations, in the order it shows them.
var classOrder = []string{
	string(credibility.ClassOfficial), string(credibility.ClassSocial), string(credibility.ClassWire),
	string(credibility.ClassPressRelease), string(credibility.ClassNews), string(credibility.ClassOther),
}

// classWord is a class as a reader says it.
func classWord(class string) string {
	switch class {
	case string(credibility.ClassOfficial):
		return "official sites"
	case string(credibility.ClassSocial):
		return "social posts"
	case string(credibility.ClassWire):
		return "wire agencies"
	case string(credibility.ClassPressRelease):
		return "press releases"
	case string(credibility.ClassNews):
		return "news"
	case "":
		return "unclassified"
	}
	return "other"
}

// CitationGroup is the citations of one class, in article order.
type CitationGroup struct {
	Class     string
	Citations []Citation
}

// GroupByClass groups a report's citations by their source's class, in a fixed order
// (official, social, wire, press release, news, other); classes without a citation are
// left out. A citation of a report without sources (an older v1 report) counts as other.
func GroupByClass(cs []Citation) []CitationGroup {
	by := map[string][]Citation{}
	for _, c := range cs {
		class := string(credibility.ClassOther)
		if c.Source != nil && c.Source.Class != "" {
			class = c.Source.Class
		}
		by[class] = append(by[class], c)
	}
	var out []CitationGroup
	for _, class := range classOrder {
		if len(by[class]) > 0 {
			out = append(out, CitationGroup{Class: class, Citations: by[class]})
		}
	}
	return out
}

// ratingText says a source's rating in a few words: "rated “no consensus” (0.50) by
// wikipedia-perennial-sources (Fox News)" or "unrated".
func ratingText(s *Source) string {
	if s == nil || s.Rating == nil {
		return "unrated"
	}
	r := s.Rating
	t := fmt.Sprintf("rated “%s” (%s) by %s", r.Label, strconv.FormatFloat(r.Score, 'f', 2, 64), r.Origin)
	if r.Name != "" {
		t += " (" + r.Name + ")"
	}
	return t
}

// sourceLine sums a source up: class, rating, and the post's author and date.
func sourceLine(s *Source) string {
	if s == nil {
		return ""
	}
	parts := []string{verdictWord(s.Class)}
	if s.Host != "" {
		parts = append(parts, s.Host)
	}
	parts = append(parts, ratingText(s))
	if p := s.Post; p != nil {
		post := p.Platform + " post"
		if p.Author != "" {
			post += " by @" + p.Author
		}
		if p.Posted != nil {
			post += " on " + p.Posted.UTC().Format("2006-01-02 15:04 UTC")
		}
		parts = append(parts, post)
	}
	return strings.Join(parts, " · ")
}

// ratingTone is how a rating reads: good at 0.75 and above, bad at 0.2 and below, warn
// between, unknown when unrated.
func ratingTone(s *Source) string {
	switch {
	case s == nil || s.Rating == nil:
		return "unknown"
	case s.Rating.Score >= 0.75:
		return "good"
	case s.Rating.Score <= 0.2:
		return "bad"
	}
	return "warn"
}

// articleSource judges the article's own site by where it was published; a local file
// without a known URL has an empty host and is unrated.
func articleSource(ratings *credibility.Ratings, a Article, pg *page.Page) *Source {
	for _, u := range []string{a.FinalURL, a.URL} {
		if pu, err := url.Parse(u); err == nil && (pu.Scheme == "http" || pu.Scheme == "https") {
			return SourceOf(ratings, u, a.SiteName)
		}
	}
	if pg != nil {
		for _, u := range []string{pg.FinalURL, pg.RequestURL} {
			if pu, err := url.Parse(u); err == nil && (pu.Scheme == "http" || pu.Scheme == "https") {
				return SourceOf(ratings, u, a.SiteName)
			}
		}
	}
	return SourceOf(ratings, "", a.SiteName)
}
