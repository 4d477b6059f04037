package report

import (
	"fmt"
	"io"
	"net/url"

	"github.com/provcheck/provcheck/rules"
)

// ClaimReviewOptions name the organisation that publishes the reviews.
type ClaimReviewOptions struct {
	Org    string // "" means "provcheck"
	OrgURL string // optional
}

// Ratings of the ClaimReview export on a scale of 1 (the original says otherwise) to 5
// (the words are in the cited original); 3 means neither confirmed nor contradicted.
// docs/export-claimreview.md gives the table.
const (
	ratingWorst = 1
	ratingBest  = 5
)

type rating struct {
	value int
	name  string
}

// quoteRatings rate the quote verdicts whose ClaimReview wording is their own; any other
// verdict is rated by its tone (see quoteRating).
var quoteRatings = map[rules.Verdict]rating{
	rules.Verified:      {5, "Verified quote"},
	rules.Truncated:     {4, "Truncated quote"},
	rules.NotFound:      {3, "Quote not found"},
	rules.Unchecked:     {3, "Unchecked quote"},
	rules.Partial:       {2, "Partial quote"},
	rules.Altered:       {2, "Altered quote"},
	rules.NumberChanged: {2, "Number changed in quote"},
	rules.Negation:      {1, "Meaning reversed"},
	rules.Misattributed: {1, "Misattributed quote"},
}

// quoteRating is a verdict's ClaimReview rating: its own, or one its tone gives.
func quoteRating(v rules.Verdict) rating {
	if rt, ok := quoteRatings[v]; ok {
		return rt
	}
	name := "Quote " + v.Label()
	switch v.Tone() {
	case rules.ToneGood:
		return rating{5, name}
	case rules.ToneBad, rules.ToneWarn:
		return rating{2, name}
	}
	return rating{3, name}
}

var claimRatings = map[string]rating{
	"claim.unsourced":            {3, "Unsourced claim"},
	"claim.unlinked_attribution": {3, "Unlinked attribution"},
	"claim.number_mismatch":      {2, "Number differs from the source"},
	"claim.date_mismatch":        {2, "Date disagrees with the source"},
}

// The JSON-LD shapes, in the order schema.org's examples give their properties.
type (
	ldReview struct {
		Type          string   `json:"@type"`
		URL           string   `json:"url"`
		ClaimReviewed string   `json:"claimReviewed"`
		ItemReviewed  ldClaim  `json:"itemReviewed"`
		Author        ldThing  `json:"author"`
		DatePublished string   `json:"datePublished"`
		ReviewRating  ldRating `json:"reviewRating"`
		ReviewBody    string   `json:"reviewBody,omitempty"`
		Citation      *ldThing `json:"citation,omitempty"`
	}
	ldClaim struct {
		Type       string   `json:"@type"`
		Appearance ldThing  `json:"appearance"`
		Author     *ldThing `json:"author,omitempty"`
	}
	ldThing struct {
		Type     string `json:"@type"`
		Name     string `json:"name,omitempty"`
		Headline string `json:"headline,omitempty"`
		URL      string `json:"url,omitempty"`
	}
	ldRating struct {
		Type          string `json:"@type"`
		RatingValue   int    `json:"ratingValue"`
		BestRating    int    `json:"bestRating"`
		WorstRating   int    `json:"worstRating"`
		AlternateName string `json:"alternateName"`
	}
	ldDocument struct {
		Context string     `json:"@context"`
		Graph   []ldReview `json:"@graph"`
	}
)

// WriteClaimReview writes schema.org ClaimReview JSON-LD: one review per checked quote
// and per claim finding of every report, in a @graph. Each review's url is the article's
// URL with a fragment naming the quote or claim (#provcheck-quote-2, #provcheck-claim-1).
func WriteClaimReview(w io.Writer, run Run, o ClaimReviewOptions) error {
	org := ldThing{Type: "Organization", Name: o.Org, URL: o.OrgURL}
	if org.Name == "" {
		org.Name = "provcheck"
	}
	doc := ldDocument{Context: "https://schema.org", Graph: []ldReview{}}
	for _, r := range run.Reports {
		appearance := ldThing{Type: "CreativeWork", Headline: r.Article.Title, URL: r.Article.URL}
		date := r.CheckedAt.UTC().Format("2006-01-02")
		for _, q := range r.Quotes {
			rt := quoteRating(q.Verdict)
			rv := ldReview{
				Type: "ClaimReview", URL: withFragment(r.Article.URL, fmt.Sprintf("provcheck-quote-%d", q.Index+1)),
				ClaimReviewed: q.Text,
				ItemReviewed:  ldClaim{Type: "Claim", Appearance: appearance},
				Author:        org, DatePublished: date,
				ReviewRating: ldRating{Type: "Rating", RatingValue: rt.value, BestRating: ratingBest, WorstRating: ratingWorst, AlternateName: rt.name},
				ReviewBody:   q.Message,
			}
			if q.Speaker != "" {
				rv.ItemReviewed.Author = &ldThing{Type: "Person", Name: q.Speaker}
			}
			if q.PassageURL != "" {
				rv.Citation = &ldThing{Type: "CreativeWork", URL: q.PassageURL}
			}
			doc.Graph = append(doc.Graph, rv)
		}
		n := 0
		for _, c := range r.Claims {
			rt, ok := claimRatings[c.Rule]
			if !ok {
				continue
			}
			n++
			rv := ldReview{
				Type: "ClaimReview", URL: withFragment(r.Article.URL, fmt.Sprintf("provcheck-claim-%d", n)),
				ClaimReviewed: c.Text,
				ItemReviewed:  ldClaim{Type: "Claim", Appearance: appearance},
				Author:        org, DatePublished: date,
				ReviewRating: ldRating{Type: "Rating", RatingValue: rt.value, BestRating: ratingBest, WorstRating: ratingWorst, AlternateName: rt.name},
				ReviewBody:   c.Message,
			}
			if r.Article.Byline != "" {
				rv.ItemReviewed.Author = &ldThing{Type: "Person", Name: r.Article.Byline}
			}
			doc.Graph = append(doc.Graph, rv)
		}
	}
	return WriteIndentedJSON(w, doc, "claimreview")
}

// withFragment replaces the fragment of u.
func withFragment(u, fragment string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u + "#" + fragment
	}
	p.Fragment, p.RawFragment = fragment, ""
	return p.String()
}
