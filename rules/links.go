package rules

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/provcheck/provcheck/crawler/page"
	"golang.org/x/net/publicsuffix"
)

// Placeholder reports whether a citation's href points nowhere: "#", "#anchor", empty,
// javascript:, or the article's own URL.
func Placeholder(href, resolved string, self map[string]bool) bool {
	h := strings.TrimSpace(href)
	switch {
	case h == "", strings.HasPrefix(h, "#"), strings.HasPrefix(strings.ToLower(h), "javascript:"):
		return true
	}
	return resolved != "" && self[StripFragment(resolved)]
}

type placeholderRule struct{}

func (placeholderRule) Describe() Description {
	return Description{
		ID: FatePlaceholder.Rule(), Severity: Medium,
		Summary: `a citation's href is "#", empty, javascript: or the article itself`,
		Explain: "The text presents something as a source (a link on \"The Economic Times\"), but the link " +
			"points nowhere: \"#\", an empty href, a javascript: action or the article's own URL. The reader " +
			"cannot follow it to any evidence.",
	}
}

func (placeholderRule) Check(c *Context) []Finding {
	self := c.articleURLs()
	var out []Finding
	for i, cit := range c.Article.Citations {
		if !Placeholder(cit.Href, cit.URL, self) {
			continue
		}
		out = append(out, Finding{
			Subject:  citationSubject(i, c),
			Message:  fmt.Sprintf("link on %q points nowhere (href %q)", cit.Anchor, cit.Href),
			Evidence: Evidence{URL: cit.Href},
		})
	}
	return out
}

func citationSubject(i int, c *Context) Subject {
	cit := c.Article.Citations[i]
	return Subject{Kind: SubjectCitation, Index: i, Text: cit.Anchor, Offset: cit.Start}
}

// fetchEvidence is the evidence of a fetch: URLs, status, chain, error.
func fetchEvidence(p *page.Page) Evidence {
	return Evidence{
		URL: p.RequestURL, FinalURL: p.FinalURL, Status: p.Status, Redirects: p.Redirects,
		Error: p.Err, ErrorClass: string(p.ErrClass),
	}
}

// FetchFate classifies what became of a fetch: FateOK, FateDead, FateBlocked or
// FateUnchecked (we could not ask: the network or its resolver did not answer, or the
// fetch was cancelled; that says nothing of the link); "" for no fetch, or one not tried
// (an unsupported scheme).
func FetchFate(p *page.Page) Fate {
	if p == nil {
		return ""
	}
	switch p.ErrClass {
	case page.ErrClassNone:
		if p.OK() {
			return FateOK
		}
	case page.ErrClassUnreachable, page.ErrClassCanceled:
		return FateUnchecked
	case page.ErrClassRobots, page.ErrClassPrivate:
		return FateBlocked
	case page.ErrClassUnsupported:
		return ""
	}
	switch p.Status {
	case http.StatusUnauthorized, http.StatusPaymentRequired, http.StatusForbidden,
		http.StatusProxyAuthRequired, http.StatusTooManyRequests, http.StatusUnavailableForLegalReasons:
		return FateBlocked
	}
	return FateDead
}

type deadRule struct{}

func (deadRule) Describe() Description {
	return Description{
		ID: FateDead.Rule(), Severity: Medium,
		Summary: "the original cannot be fetched: 4xx/5xx, DNS failure, timeout, TLS error",
		Explain: "The cited page could not be fetched: the server answered with an error status (404, 410, 500...), " +
			"the name does not resolve, the connection failed or timed out, TLS failed, or the redirects loop. " +
			"The evidence holds the status, the error and the redirect chain as far as it went.",
	}
}

func (deadRule) Check(c *Context) []Finding {
	return linkFate(c, FateDead, func(o *Original) string {
		p := o.Page
		if p.Status >= 400 {
			return fmt.Sprintf("dead link: %s answered %d %s", p.RequestURL, p.Status, http.StatusText(p.Status))
		}
		return fmt.Sprintf("dead link: %s: %s", p.RequestURL, p.Err)
	})
}

type uncheckedRule struct{}

func (uncheckedRule) Describe() Description {
	return Description{
		ID: FateUnchecked.Rule(), Severity: Info,
		Summary: "the original could not be checked: no route, no resolver, or the network seemed down",
		Explain: "We could not ask the cited site at all: there was no route to it, the DNS resolver did not " +
			"answer, or most hosts of the check failed at the network level, which points at our network rather " +
			"than at the sites. Nothing is known of the link, so it is neither dead nor verified and costs the " +
			"score nothing; check again when the network is back.",
	}
}

func (uncheckedRule) Check(c *Context) []Finding {
	return linkFate(c, FateUnchecked, func(o *Original) string {
		p := o.Page
		if p.ErrClass == page.ErrClassCanceled {
			return fmt.Sprintf("not checked: the fetch of %s was cancelled", p.RequestURL)
		}
		return fmt.Sprintf("not checked: %s could not be reached (%s)", host(p.RequestURL), p.Err)
	})
}

type blockedRule struct{}

// thFullText is how much main text a page with paywall markers must show to count as read
// whole: more than a paywall's teaser (a headline, a standfirst, two or three paragraphs).
var thFullText = Threshold{Rule: FateBlocked.Rule(), Key: "full_text", Default: 2500}

// readWhole reports whether a page with paywall markers showed at least fullText bytes of
// main text of its own: sent whole, with the paywall drawn over it in the browser.
func readWhole(o *Original, fullText float64) bool {
	return o.Archived == "" && o.Article != nil && len(strings.TrimSpace(o.Article.Text)) >= int(fullText)
}

func (blockedRule) Describe() Description {
	return Description{
		ID: FateBlocked.Rule(), Severity: Low,
		Summary: "robots.txt, 401/402/403, a paywall or our address guard: unverifiable, not false",
		Explain: "The cited page exists but we may not or cannot read it: robots.txt disallows us, the server " +
			"wants a login or payment (401, 402, 403), rate-limits us (429), or the address is a private one " +
			"our guard refuses. What the article says of it is unverified, not disproved. A page with paywall " +
			"markers that still shows at least full_text bytes of main text was sent whole (metered sites hide " +
			"the text in the browser) and is read as any other.",
		Thresholds: thresholdMap(thFullText),
	}
}

func (blockedRule) Check(c *Context) []Finding {
	return linkFate(c, FateBlocked, func(o *Original) string {
		p := o.Page
		switch {
		case p.ErrClass == page.ErrClassRobots:
			return fmt.Sprintf("cannot verify: robots.txt of %s disallows fetching it", host(p.RequestURL))
		case p.ErrClass == page.ErrClassPrivate:
			return fmt.Sprintf("not fetched: %s resolves to a private or local address", host(p.RequestURL))
		case o.paywall() != "":
			return fmt.Sprintf("%s is behind a paywall (%s): only the part shown to anyone was read", p.RequestURL, o.paywall())
		}
		return fmt.Sprintf("cannot verify: %s answered %d %s", p.RequestURL, p.Status, http.StatusText(p.Status))
	})
}

func linkFate(c *Context, fate Fate, msg func(*Original) string) []Finding {
	var out []Finding
	for i, o := range c.Originals {
		if o == nil || o.Page == nil || c.Fate(o) != fate {
			continue
		}
		f := Finding{Subject: citationSubject(i, c), Message: msg(o), Evidence: fetchEvidence(o.Page)}
		if o.Archived != "" {
			f.Message += "; an archived copy of " + o.Archived + " was used instead"
		}
		out = append(out, f)
	}
	return out
}

type redirectedRule struct{}

func (redirectedRule) Describe() Description {
	return Description{
		ID: FateRedirected.Rule(), Severity: Info,
		Summary: "the redirect chain ends on another registrable domain (short links resolved)",
		Explain: "The link does not lead where it seems to: its redirect chain ends on another site (a short link " +
			"such as t.co resolved, a moved domain, a tracking redirect). The evidence lists every hop with its " +
			"status; judge the source by where the chain ends.",
	}
}

func (redirectedRule) Check(c *Context) []Finding {
	var out []Finding
	for i, o := range c.Originals {
		if o == nil || o.Page == nil || len(o.Page.Redirects) == 0 || o.Page.FinalURL == "" {
			continue
		}
		from, to := Registrable(o.Page.RequestURL), Registrable(o.Page.FinalURL)
		if from == to {
			continue
		}
		out = append(out, Finding{
			Subject: citationSubject(i, c),
			Message: fmt.Sprintf("redirects from %s to %s via %d hop(s): %s",
				host(o.Page.RequestURL), host(o.Page.FinalURL), len(o.Page.Redirects), Chain(o.Page)),
			Evidence: fetchEvidence(o.Page),
		})
	}
	return out
}

// Chain renders a redirect chain: "https://t.co/x (301) → https://twitter.com/… (200)".
func Chain(p *page.Page) string {
	var parts []string
	for _, h := range p.Redirects {
		parts = append(parts, fmt.Sprintf("%s (%d)", h.URL, h.Status))
	}
	last := p.FinalURL
	if p.Status != 0 {
		last += fmt.Sprintf(" (%d)", p.Status)
	}
	return strings.Join(append(parts, last), " → ")
}

// Registrable returns the registrable domain of a URL ("news.bbc.co.uk" is "bbc.co.uk"),
// or its host when the public suffix list has no answer.
func Registrable(raw string) string {
	h := strings.ToLower(host(raw))
	if d, err := publicsuffix.EffectiveTLDPlusOne(h); err == nil {
		return d
	}
	return h
}
