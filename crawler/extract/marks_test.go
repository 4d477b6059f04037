package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestPageMarks(t *testing.T) {
	tests := []struct {
		name, html string
		want       PageMarks
	}{
		{"title and heading", `<html><head><title> Page  not found </title></head><body><h1>Sorry</h1></body></html>`,
			PageMarks{Title: "Page not found", Heading: "Sorry"}},
		{"first title only", `<title>Story - Site</title><body><svg><title>clock</title></svg><h1>Story</h1>`,
			PageMarks{Title: "Story - Site", Heading: "Story"}},
		{"logo heading skipped", `<title>T</title><h1><svg><title>Site logo</title></svg></h1><h1>The <em>real</em> one</h1>`,
			PageMarks{Title: "T", Heading: "The real one"}},
		{"script in heading", `<h1>Head<script>var x = "no";</script>line</h1>`, PageMarks{Heading: "Head line"}},
		{"paywall class", `<body><div id="main"><div class="Article-Locked overlay">x</div></div>`,
			PageMarks{Paywall: `paywall marker class="article-locked"`}},
		{"paywall id by entity", `<div id="pay&#119;all">x</div>`, PageMarks{Paywall: `paywall marker id="paywall"`}},
		{"paywall kelvin sign", "<div class=\"article-loc\u212aed\">x</div>", PageMarks{Paywall: `paywall marker class="article-locked"`}},
		{"first marker wins", `<div class="tp-modal"><div class="paywall">x</div></div>`, PageMarks{Paywall: `paywall marker class="tp-modal"`}},
		{"none", `<p>Just text.</p>`, PageMarks{}},
	}
	for _, tc := range tests {
		doc, err := html.Parse(strings.NewReader(tc.html))
		if err != nil {
			t.Fatal(err)
		}
		if got := pageMarks(doc); *got != tc.want {
			t.Errorf("%s: pageMarks = %+v, want %+v", tc.name, *got, tc.want)
		}
	}
}

var paywallValues = []string{
	"", "x", "paywall", "PayWall", "js-paywall-overlay", "tp-modal paywall", "paywall tp-modal",
	"article-loc\u212aed", "subscriber-onl", "subscriber-only", "piano-offer-x", "metered-content",
	"meteredcontent", "premium", "premium-content", "regwall", "subscription-wallx", "p", "tp-",
	"caf\u00e9 paywall", "\u00e9", "PAYWAL", "xxsubscribe-wall",
}

func TestPaywallMarker(t *testing.T) {
	for _, v := range paywallValues {
		if got, want := PaywallMarker(v), paywallMarkerPlain(v); got != want {
			t.Errorf("PaywallMarker(%q) = %q, want %q", v, got, want)
		}
	}
}

func FuzzPaywallMarker(f *testing.F) {
	for _, v := range paywallValues {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if got, want := PaywallMarker(v), paywallMarkerPlain(v); got != want {
			t.Fatalf("PaywallMarker(%q) = %q, want %q", v, got, want)
		}
	})
}

func BenchmarkPaywallMarker(b *testing.B) {
	values := []string{"article-body__content", "c-nav__item js-menu", "Headline", "paywall", "story-text"}
	for b.Loop() {
		for _, v := range values {
			PaywallMarker(v)
		}
	}
}
