package credibility

import (
	"net/url"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/net/publicsuffix"
)

// Class is the kind of source a citation points at.
type Class string

// Classes of citations, in the order [Classify] tries them.
const (
	// ClassSocial is a post or profile on a social platform (including t.co short links,
	// which only tweets carry).
	ClassSocial Class = "social"
	// ClassWire is a news agency: Reuters, AP, AFP, TASS, Xinhua...
	ClassWire Class = "wire"
	// ClassOfficial is a government, parliament, army or intergovernmental body.
	ClassOfficial Class = "official"
	// ClassPressRelease is a press release: a distribution service or a press-release page.
	ClassPressRelease Class = "press_release"
	// ClassNews is a page that looks like an article: a dated or slugged path.
	ClassNews Class = "news"
	// ClassOther is everything else, including a link that cannot be parsed.
	ClassOther Class = "other"
)

// The host tables below are read-only; they are matched on the host and its parent domains ("m.facebook.com"
// matches "facebook.com"). Being rated in a ratings list does not make a site news: the
// perennial sources list rates YouTube, IMDb and Amazon too.

var socialHosts = hostSet(
	"twitter.com", "x.com", "t.co", "t.me", "telegram.me", "telegram.dog",
	"youtube.com", "youtu.be", "youtube-nocookie.com", "facebook.com", "fb.com", "fb.watch",
	"instagram.com", "tiktok.com", "vk.com", "vk.ru", "ok.ru", "weibo.com", "weibo.cn",
	"reddit.com", "redd.it", "linkedin.com", "threads.net", "threads.com", "bsky.app",
	"truthsocial.com", "gab.com", "gettr.com", "parler.com", "rumble.com", "bitchute.com",
	"odysee.com", "dailymotion.com", "vimeo.com", "tumblr.com", "pinterest.com",
	"mastodon.social", "mastodon.online", "mstdn.social", "mas.to", "fosstodon.org",
	"infosec.exchange", "hachyderm.io", "troet.cafe", "chaos.social",
)

var wireHosts = hostSet(
	"reuters.com", "apnews.com", "ap.org", "afp.com", "tass.com", "tass.ru", "itar-tass.com",
	"xinhuanet.com", "news.cn", "ria.ru", "riafan.ru", "interfax.ru", "interfax.com",
	"interfax.com.ua", "interfax.by", "interfax.kz", "efe.com", "agenciaefe.es", "ansa.it",
	"dpa.com", "dpa-international.com", "ptinews.com", "aninews.in", "ianslive.in",
	"upi.com", "aa.com.tr", "kyodonews.net", "kyodonews.jp", "jiji.com", "yna.co.kr",
	"yonhapnews.co.kr", "bernama.com", "antaranews.com", "irna.ir", "ukrinform.net",
	"ukrinform.ua", "unian.info", "unian.net", "belta.by", "kuna.net.kw", "wam.ae",
	"spa.gov.sa", "mena.org.eg", "focustaiwan.tw", "cna.com.tw", "plenglish.com",
	"prensa-latina.cu", "anp.nl", "apa.at", "sda.ch", "keystone-sda.ch", "ntb.no", "tt.se",
	"ritzau.dk", "stt.fi", "pap.pl", "ctk.cz", "mti.hu", "hina.hr", "tanjug.rs",
	"bta.bg", "agerpres.ro", "lusa.pt", "ana-mpa.gr", "europapress.es", "aap.com.au",
	"pa.media", "canadianpress.com", "notimex.gob.mx", "agenciabrasil.ebc.com.br",
)

var officialHosts = hostSet(
	"europa.eu", "un.org", "unesco.org", "unicef.org", "undp.org", "unhcr.org", "wto.org",
	"imf.org", "worldbank.org", "oecd.org", "osce.org", "coe.int", "nato.int", "who.int",
	"icc-cpi.int", "icj-cij.org", "kremlin.ru", "mid.ru", "government.ru", "duma.ru",
	"council.gov.ru", "mil.ru", "scrf.gov.ru", "gov.uk", "parliament.uk", "canada.ca",
	"gc.ca", "parl.ca", "admin.ch", "parlament.ch", "bund.de", "bundestag.de",
	"bundesregierung.de", "bundesrat.de", "auswaertiges-amt.de", "elysee.fr",
	"gouvernement.fr", "assemblee-nationale.fr", "senat.fr", "diplomatie.gouv.fr",
	"governo.it", "camera.it", "senato.it", "lamoncloa.gob.es", "congreso.es",
	"oireachtas.ie", "gov.ie", "president.gov.ua", "rada.gov.ua", "mfa.gov.ua",
	"fmprc.gov.cn", "mfa.gov.cn", "english.www.gov.cn", "kantei.go.jp", "mofa.go.jp",
	"aph.gov.au", "pm.gov.au", "parliament.nz", "beehive.govt.nz", "knesset.gov.il",
	"president.az", "akorda.kz", "mfa.am", "president.am", "president.lt", "prezydent.pl",
	"premier.gov.pl", "sejm.gov.pl", "regjeringen.no", "regeringen.se", "riksdagen.se",
	"stm.dk", "ft.dk", "valtioneuvosto.fi", "eduskunta.fi", "rijksoverheid.nl",
	"tweedekamer.nl", "belgium.be", "premier.be", "whitehouse.gov", "congress.gov",
)

var pressHosts = hostSet(
	"prnewswire.com", "prnewswire.co.uk", "businesswire.com", "globenewswire.com",
	"accesswire.com", "einpresswire.com", "prweb.com", "newswire.com", "newswire.ca",
	"openpr.com", "presseportal.de", "ots.at", "mynewsdesk.com", "prlog.org",
	"prnewsonline.com", "issuewire.com", "pressat.co.uk", "realwire.com",
)

// officialLabels mark a government or army public suffix: .gov, .mil, .int, gov.uk,
// gouv.fr, gob.mx, govt.nz, gv.at. "go" is official only in goSuffixes: go.it is a
// province of Italy.
var officialLabels = hostSet("gov", "mil", "int", "gouv", "gob", "govt", "gv")

var goSuffixes = hostSet("go.jp", "go.kr", "go.id", "go.th", "go.ke", "go.tz", "go.ug", "go.cr")

// patterns are the expressions that classify a citation, compiled when first used (not
// at every command's start).
var patterns = sync.OnceValue(func() classifyPatterns {
	return classifyPatterns{
		wireNames:   regexp.MustCompile(`(?i:\b(reuters|associated press|agence france-presse|tass|itar-tass|xinhua|ria novosti|interfax|press trust of india|anadolu|kyodo|yonhap|ukrinform|unian|belta)\b)|\b(AP|AFP|TASS|RIA|EFE|ANSA|DPA|PTI|UPI)\b`),
		pressAnchor: regexp.MustCompile(`(?i)\b(press|news|media) release\b|\bpressemitteilung\b|\bcommuniqué de presse\b|пресс-релиз`),
		pressPath:   regexp.MustCompile(`(?i)/(press|news|media)[-_]?releases?(/|$|[-_.])|/pressemitteilung(en)?(/|$)|/communiques?(-de-presse)?(/|$)`),
		datePath:    regexp.MustCompile(`/(19|20)\d\d([/-])(0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)([/-]|$)|/(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(/|$|[-_.])`),
		slugSegment: regexp.MustCompile(`^[\p{L}\p{N}]+([-_][\p{L}\p{N}]+){3,}`),
		idSegment:   regexp.MustCompile(`^\d{5,}(\.s?html?)?$|[-_]\d{5,}(\.s?html?)?$|^\d{5,}[-_]`),
	}
})

type classifyPatterns struct {
	// wireNames are names of agencies as an anchor or an attribution gives them
	// ("according to TASS"), used only when there is no URL to go by.
	wireNames   *regexp.Regexp
	pressAnchor *regexp.Regexp
	pressPath   *regexp.Regexp
	// datePath finds a date in a path: /2022/03/30/, /2022/3/, /2022/mar/30, /2022-03-30,
	// /20220330.
	datePath *regexp.Regexp
	// slugSegment is a segment of at least four words joined by hyphens or underscores.
	slugSegment *regexp.Regexp
	idSegment   *regexp.Regexp
}

var newsSegments = hostSet("news", "article", "articles", "story", "stories")

// Classify returns the class of a citation from its URL and, when the URL gives nothing
// away, its anchor text. Classes are tried in order: social, wire, official, press
// release, news, other. University sites (.edu, .ac.uk) are not official: they host
// personal pages, course notes and student work next to the institution's statements, so
// they are news or other by their path. anchor may be an attribution's source name, with
// rawURL empty: "TASS" is then a wire.
func Classify(rawURL string, anchor string) Class {
	host, path, ok := splitURL(rawURL)
	if ok {
		host, ok = normHost(host)
	}
	if !ok || !validHost(host) {
		if strings.TrimSpace(rawURL) == "" || strings.HasPrefix(strings.TrimSpace(rawURL), "#") {
			if patterns().wireNames.MatchString(anchor) {
				return ClassWire
			}
			if patterns().pressAnchor.MatchString(anchor) {
				return ClassPressRelease
			}
		}
		return ClassOther
	}
	switch {
	case matchHost(socialHosts, host) || isMastodonPost(host, path):
		return ClassSocial
	case matchHost(wireHosts, host):
		return ClassWire
	case matchHost(officialHosts, host) || officialSuffix(host):
		return ClassOfficial
	case matchHost(pressHosts, host) || patterns().pressPath.MatchString(path) || patterns().pressAnchor.MatchString(anchor):
		return ClassPressRelease
	case articleLike(path):
		return ClassNews
	}
	return ClassOther
}

// officialSuffix reports whether the host's public suffix is a government or army one:
// "state.gov", "gov.ru", "defense.gouv.fr", "mod.go.jp", "who.int".
func officialSuffix(host string) bool {
	suffix, icann := publicsuffix.PublicSuffix(host)
	if !icann || suffix == host {
		return false
	}
	if goSuffixes[suffix] {
		return true
	}
	for l := range strings.SplitSeq(suffix, ".") {
		if officialLabels[l] {
			return true
		}
	}
	// gov.xx-style second-level names that the public suffix list does not hold.
	labels := strings.Split(host, ".")
	n := len(labels)
	return n >= 3 && officialLabels[labels[n-2]] && len(labels[n-1]) == 2
}

// isMastodonPost recognises a post on a Mastodon-like server that is not in the table:
// a host named mastodon/mstdn... with /@user, or any host with /@user/<numeric id>.
func isMastodonPost(host, path string) bool {
	first, _, _ := strings.Cut(host, ".")
	if (strings.Contains(first, "mastodon") || strings.Contains(first, "mstdn")) && strings.HasPrefix(path, "/@") {
		return true
	}
	_, _, ok := mastodonPath(path)
	return ok
}

// mastodonPath splits /@user/<id> with a numeric id of at least 15 digits (Mastodon's
// snowflake-like ids; a Medium path /@user/slug does not match).
func mastodonPath(path string) (user, id string, ok bool) {
	rest, ok := strings.CutPrefix(path, "/@")
	if !ok {
		return "", "", false
	}
	user, id, ok = strings.Cut(rest, "/")
	id = strings.TrimSuffix(id, "/")
	if !ok || user == "" || len(id) < 15 || strings.Trim(id, "0123456789") != "" {
		return "", "", false
	}
	return user, id, true
}

// articleLike reports whether a path looks like one article rather than a home, section
// or tag page: it carries a date, a long slug, a long numeric id, or follows a news-ish
// segment with something more.
func articleLike(path string) bool {
	p, err := url.PathUnescape(path)
	if err != nil {
		p = path
	}
	if patterns().datePath.MatchString(p) {
		return true
	}
	segs := strings.FieldsFunc(p, func(r rune) bool { return r == '/' })
	for i, s := range segs {
		if patterns().slugSegment.MatchString(s) || patterns().idSegment.MatchString(s) {
			return true
		}
		if newsSegments[strings.ToLower(s)] && i+1 < len(segs) && len(segs[len(segs)-1]) >= 8 {
			return true
		}
	}
	return false
}

// matchHost reports whether host or one of its parent domains is in set.
func matchHost(set map[string]bool, host string) bool {
	for h := host; ; {
		if set[h] {
			return true
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			return false
		}
		h = h[i+1:]
	}
}

func hostSet(hosts ...string) map[string]bool {
	m := make(map[string]bool, len(hosts))
	for _, h := range hosts {
		m[h] = true
	}
	return m
}
