package rules

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/provcheck/provcheck/rules/credibility"
)

const credibilityID = "source.credibility"

// CredibilityRule is the source.credibility rule: it looks up the article's own site and
// every cited site in Ratings and reports those rated low. The caller builds it with the
// ratings it wants (usually [credibility.Builtin] merged with a --ratings file); with nil
// Ratings it finds nothing, because an unrated site is neither good nor bad.
//
// Severity, with the thresholds max_score (0.2) and no_consensus_score (0.5):
//   - score <= max_score ("generally unreliable", "deprecated", "blacklisted"): the rule's
//     severity (medium unless configured);
//   - max_score < score <= no_consensus_score ("no consensus"): one step lower (low);
//   - one step lower again when the site's rating depends on the topic or period and some
//     topic rates it above the band (Fox News, Forbes);
//   - info when the rating is that of a social platform as a whole (twitter.com,
//     youtube.com) and the cited page is a post on it: it rates the platform, not the
//     account. A rating of the account itself (a path such as youtube.com/user/telesurtv)
//     keeps its severity.
//
// Each rated site is reported once, at its first citation; the other citations of the
// same entry are listed in [Evidence.Related].
type CredibilityRule struct {
	Ratings *credibility.Ratings
}

// Describe describes source.credibility.
func (CredibilityRule) Describe() Description {
	return Description{
		ID: credibilityID, Severity: Medium,
		Summary: "a cited site, or the article's own site, has a low rating in the ratings list",
		Explain: "The article cites a site (or is published on one) that a ratings list rates low. The built-in list is " +
			"English Wikipedia's perennial sources list (Wikipedia contributors, CC BY-SA 3.0, as of March 2021): " +
			"generally reliable 0.9, no consensus 0.5, generally unreliable 0.2, deprecated 0.05, blacklisted 0. " +
			"A status there is Wikipedia's editorial consensus for citing the source in Wikipedia, not a verdict on " +
			"every page it publishes: read the finding as context for the evidence, not as proof that the page is false. " +
			"Sites rated at or below max_score are reported at the rule's severity, \"no consensus\" sites (at or below " +
			"no_consensus_score) one step lower, sites whose rating varies by topic or period one step lower again, and " +
			"posts on a social platform rated as a whole at info. Subdomains inherit their site's rating; a more " +
			"specific entry, and an entry of a --ratings file, wins. Unrated sites are not reported.",
		Thresholds: thresholdMap(thMaxScore, thNoConsensusScore),
	}
}

// Check reports the article's own site and each distinct cited site rated low.
func (r CredibilityRule) Check(c *Context) []Finding {
	if r.Ratings == nil || r.Ratings.Len() == 0 {
		return nil
	}
	g := credibilityGrader{
		maxScore:    c.Threshold(thMaxScore),
		noConsensus: c.Threshold(thNoConsensusScore),
		base:        c.engine.severity(r.Describe()),
	}
	var out []Finding
	at := map[string]int{} // rated entry -> index in out; -1 for one not reported
	if u := c.ownURL(); u != "" {
		if rt, ok := r.Ratings.Lookup(u); ok {
			at[ratingKey(rt)] = -1
			if sev, varies, fire := g.grade(rt, false); fire {
				out = append(out, Finding{
					Severity: sev,
					Subject:  Subject{Kind: SubjectArticle, Index: -1, Text: host(u)},
					Message:  credibilityMessage("the article's own site", rt, varies, false),
					Evidence: credibilityEvidence(rt, u, ""),
				})
				at[ratingKey(rt)] = len(out) - 1
			}
		}
	}
	for i, cit := range c.Article.Citations {
		cited := webURL(cit.URL)
		if cited == "" {
			continue
		}
		final := ""
		if i < len(c.Originals) && c.Originals[i] != nil && c.Originals[i].Page != nil {
			if f := webURL(c.Originals[i].Page.FinalURL); f != "" && f != cited {
				final = f
			}
		}
		// Judge the source by where the redirect chain ends, and by the link itself.
		for _, u := range []string{final, cited} {
			if u == "" {
				continue
			}
			rt, ok := r.Ratings.Lookup(u)
			if !ok {
				continue
			}
			key := ratingKey(rt)
			if j, seen := at[key]; seen {
				if j >= 0 && out[j].Subject.Kind == SubjectCitation && out[j].Subject.Index != i &&
					!slices.Contains(out[j].Evidence.Related, i) {
					out[j].Evidence.Related = append(out[j].Evidence.Related, i)
				}
				continue
			}
			at[key] = -1
			class := credibility.Classify(u, cit.Anchor)
			platform := class == credibility.ClassSocial && !strings.Contains(rt.Domain, "/")
			sev, varies, fire := g.grade(rt, platform)
			if !fire {
				continue
			}
			ev := credibilityEvidence(rt, cited, class)
			ev.FinalURL = final
			out = append(out, Finding{
				Severity: sev,
				Subject:  citationSubject(i, c),
				Message:  credibilityMessage("cited site", rt, varies, platform),
				Evidence: ev,
			})
			at[key] = len(out) - 1
		}
	}
	return out
}

// credibilityGrader turns a rating into a severity; see [CredibilityRule].
type credibilityGrader struct {
	maxScore, noConsensus float64
	base                  Severity
}

// grade returns the severity of a finding on rt (0: the rule's configured one), whether
// the rating varies across bands by topic or period, and whether to report it at all.
// platform says the rating is of a social platform as a whole while the citation is a
// post on it.
func (g credibilityGrader) grade(rt credibility.Rating, platform bool) (sev Severity, varies, fire bool) {
	var steps Severity
	switch {
	case rt.Score <= g.maxScore:
		varies = rt.Best > g.maxScore
	case rt.Score <= g.noConsensus:
		steps = 1
		varies = rt.Best > g.noConsensus
	default:
		return 0, false, false
	}
	if varies {
		steps++
	}
	switch {
	case platform:
		return Info, varies, true
	case steps == 0:
		return 0, varies, true
	}
	return max(Info, g.base-steps), varies, true
}

func credibilityMessage(what string, rt credibility.Rating, varies, platform bool) string {
	by := rt.Origin
	if rt.Origin == credibility.OriginWikipedia {
		by = "Wikipedia's perennial sources list"
	}
	if platform {
		return fmt.Sprintf("cited post is on %s, which is rated %q (%.2f) by %s: a rating of the platform, not of the account",
			rt.Domain, rt.Label, rt.Score, by)
	}
	msg := fmt.Sprintf("%s %s is rated %q (%.2f) by %s", what, rt.Domain, rt.Label, rt.Score, by)
	if varies {
		msg += "; the rating depends on the topic or period: " + rt.Note
	}
	return msg
}

func credibilityEvidence(rt credibility.Rating, u string, class credibility.Class) Evidence {
	extra := map[string]string{
		"domain": rt.Domain,
		"score":  strconv.FormatFloat(rt.Score, 'f', -1, 64),
		"label":  rt.Label,
		"origin": rt.Origin,
	}
	for k, v := range map[string]string{"name": rt.Name, "note": rt.Note, "wiki_url": rt.WikiURL, "class": string(class)} {
		if v != "" {
			extra[k] = v
		}
	}
	if rt.Best != rt.Score {
		extra["best_score"] = strconv.FormatFloat(rt.Best, 'f', -1, 64)
	}
	return Evidence{URL: u, Extra: extra}
}

// ownURL is the URL the article was published at, "" when none is known.
func (c *Context) ownURL() string {
	for _, u := range []string{c.Article.FinalURL, c.Article.URL} {
		if w := webURL(u); w != "" {
			return w
		}
	}
	if c.Page != nil {
		for _, u := range []string{c.Page.FinalURL, c.Page.RequestURL} {
			if w := webURL(u); w != "" {
				return w
			}
		}
	}
	return ""
}

// webURL returns s when it is an absolute http(s) URL, else "".
func webURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return s
}

func ratingKey(rt credibility.Rating) string { return rt.Origin + "\x00" + rt.Domain }

var (
	thMaxScore         = Threshold{Rule: credibilityID, Key: "max_score", Default: 0.2}
	thNoConsensusScore = Threshold{Rule: credibilityID, Key: "no_consensus_score", Default: 0.5}
)
