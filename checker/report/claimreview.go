package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
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

var quoteRatings = map[string]rating{
	"verified":      {5, "Verified quote"},
	"truncated":     {4, "Truncated quote"},
	"not_found":     {3, "Quote not found"},
	"unchecked":     {3, "Unchecked quote"},
	"partial":       {2, "Partial quote"},
	"altered":       {2, "Altered quote"},
	"negation":      {1, "Meaning reversed"},
	"misattributed": {1, "Misattributed quote"},
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
			rt, ok := quoteRatings[q.Verdict]
			if !ok {
				rt = quoteRatings["unchecked"]
			}
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write claimreview: %w", err)
	}
	return nil
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
