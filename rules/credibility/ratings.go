package credibility

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Rating is what a ratings list says of one site (or of one path of a site).
type Rating struct {
	// Domain is the entry that matched: a host without "www." and, for a path-prefixed
	// entry, its path ("rt.com", "news.bbc.co.uk", "foxnews.com/go").
	Domain string
	// Score runs from 0 (never cite) to 1 (reliable); Label names it ("deprecated").
	// When the list gives a site several statuses, Score and Label are the lowest.
	Score float64
	Label string
	// Best is the highest score among the site's statuses; it equals Score unless the
	// rating depends on the topic or period.
	Best float64
	// Name is the source's name in the list ("RT (Russia Today)"); empty for an override.
	Name string
	// Origin says which list rated it: [OriginWikipedia], or an override's origin column
	// (its file path when that column is empty).
	Origin string
	// Note gives the statuses as the list gives them ("Blacklisted, Deprecated"), each with
	// its row's name when several rows rate the site; for an override, its file and line.
	Note string
	// WikiURL is the Wikipedia article on the source, when the list gives one.
	WikiURL string
}

// OriginWikipedia is the Origin of the ratings that [Builtin] returns.
const OriginWikipedia = "wikipedia-perennial-sources"

// Ratings rates sites by domain. The zero value rates nothing. A Ratings is not changed
// by Lookup, so it may be shared by goroutines once built; Merge changes it and must
// happen before it is shared.
type Ratings struct {
	hosts map[string]*site
}

// site holds the entries of one host: its own and its path-prefixed ones, longest first.
type site struct {
	own   *Rating
	paths []pathRating
}

type pathRating struct {
	prefix string // lower-case escaped path without a trailing slash: "/user/telesurtv"
	r      Rating
}

// Len returns the number of entries: hosts and path-prefixed entries.
func (r *Ratings) Len() int {
	if r == nil {
		return 0
	}
	n := 0
	for _, s := range r.hosts {
		if s.own != nil {
			n++
		}
		n += len(s.paths)
	}
	return n
}

// Hosts returns the number of distinct hosts that have at least one entry.
func (r *Ratings) Hosts() int {
	if r == nil {
		return 0
	}
	return len(r.hosts)
}

// set stores rt under host and path, replacing an entry for the same key.
func (r *Ratings) set(host, path string, rt Rating) {
	if r.hosts == nil {
		r.hosts = map[string]*site{}
	}
	s := r.hosts[host]
	if s == nil {
		s = &site{}
		r.hosts[host] = s
	}
	if path == "" {
		s.own = &rt
		return
	}
	for i := range s.paths {
		if s.paths[i].prefix == path {
			s.paths[i].r = rt
			return
		}
	}
	s.paths = append(s.paths, pathRating{prefix: path, r: rt})
	slices.SortStableFunc(s.paths, func(a, b pathRating) int {
		return cmp.Or(cmp.Compare(len(b.prefix), len(a.prefix)), strings.Compare(a.prefix, b.prefix))
	})
}

// get returns the entry stored for exactly host and path.
func (r *Ratings) get(host, path string) (Rating, bool) {
	s := r.hosts[host]
	if s == nil {
		return Rating{}, false
	}
	if path == "" {
		if s.own == nil {
			return Rating{}, false
		}
		return *s.own, true
	}
	for _, p := range s.paths {
		if p.prefix == path {
			return p.r, true
		}
	}
	return Rating{}, false
}

// Merge lays o over r: an entry of o replaces r's entry for the same domain and path;
// r's other entries stay, so a more specific entry of r still wins where it applies.
func (r *Ratings) Merge(o *Ratings) {
	if o == nil {
		return
	}
	for h, s := range o.hosts {
		if s.own != nil {
			r.set(h, "", *s.own)
		}
		for _, p := range s.paths {
			r.set(h, p.prefix, p.r)
		}
	}
}

// Lookup returns the rating of the site a URL is on. It tries the URL's host, then each
// parent domain down to the registrable domain (never a bare public suffix such as
// co.uk); at each host an entry for a path the URL falls under wins over the host's own
// entry. rawURL may lack a scheme ("rt.com/news"). ok is false for an unrated site.
func (r *Ratings) Lookup(rawURL string) (Rating, bool) {
	if r == nil || len(r.hosts) == 0 {
		return Rating{}, false
	}
	h, path, ok := splitURL(rawURL)
	if !ok {
		return Rating{}, false
	}
	h, ok = normHost(h)
	if !ok {
		return Rating{}, false
	}
	reg := registrable(h)
	for {
		if s := r.hosts[h]; s != nil {
			if rt, ok := s.match(path); ok {
				return rt, true
			}
		}
		if reg == "" || h == reg {
			return Rating{}, false
		}
		i := strings.IndexByte(h, '.')
		if i < 0 || len(h)-i-1 < len(reg) {
			return Rating{}, false
		}
		h = h[i+1:]
	}
}

func (s *site) match(path string) (Rating, bool) {
	for _, p := range s.paths {
		if underPath(path, p.prefix) {
			return p.r, true
		}
	}
	if s.own != nil {
		return *s.own, true
	}
	return Rating{}, false
}

// underPath reports whether the escaped path is prefix or lies under it, by whole
// segments and ignoring case (the list gives paths in lower case).
func underPath(path, prefix string) bool {
	if len(path) < len(prefix) || !strings.EqualFold(path[:len(prefix)], prefix) {
		return false
	}
	return len(path) == len(prefix) || path[len(prefix)] == '/'
}

// splitURL returns the host and escaped path of a URL, with or without a scheme.
func splitURL(raw string) (host, path string, ok bool) {
	s := strings.TrimSpace(raw)
	switch {
	case strings.HasPrefix(s, "//"):
		s = "http:" + s
	case !strings.Contains(s, "://"):
		// "mailto:a@b.example", "javascript:..." are no site; "b.example:8080/x" is.
		if scheme, _, ok := strings.Cut(s, ":"); ok && scheme != "" && !strings.ContainsAny(scheme, "./") {
			return "", "", false
		}
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", "", false
	}
	return u.Hostname(), u.EscapedPath(), true
}

// normHost lower-cases a host, converts it to ASCII (punycode) and drops a trailing dot
// and a leading "www." unless what remains is a public suffix ("www.gov.uk" stays).
func normHost(h string) (string, bool) {
	h = strings.TrimSuffix(h, ".")
	if h == "" {
		return "", false
	}
	if !isASCII(h) {
		a, err := idna.Lookup.ToASCII(h)
		if err != nil {
			return "", false
		}
		h = a
	}
	h = strings.ToLower(h)
	if rest, ok := strings.CutPrefix(h, "www."); ok && registrable(rest) != "" {
		h = rest
	}
	return h, true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// registrable returns the registrable domain of a host ("bbc.co.uk" for
// "news.bbc.co.uk"), or "" for a public suffix, an IP address or a single label, which
// can only match themselves.
func registrable(h string) string {
	if _, err := netip.ParseAddr(h); err == nil {
		return ""
	}
	i := strings.LastIndexByte(h, '.')
	if i < 0 || digits(h[i+1:]) {
		return "" // one label, or a numeric "TLD": not a domain name
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(h)
	if err != nil {
		return ""
	}
	return d
}

// entryKey turns a list's domain or URL into the host and path it rates.
func entryKey(raw string) (host, path string, err error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", "", errors.New("empty")
	}
	if strings.ContainsAny(s, " \t\r\n") {
		return "", "", errors.New("contains white space")
	}
	switch {
	case strings.HasPrefix(s, "//"):
		s = "http:" + s
	case !strings.Contains(s, "://"):
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", "", errors.New("not a domain or URL")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#") {
		return "", "", errors.New("has a query or fragment")
	}
	if u.User != nil || u.Port() != "" {
		return "", "", errors.New("has a user or port")
	}
	h, ok := normHost(u.Hostname())
	if !ok || !validHost(h) {
		return "", "", errors.New("not a valid host name")
	}
	if registrable(h) == "" {
		if _, err := netip.ParseAddr(h); err != nil {
			return "", "", errors.New("is a public suffix, not a site")
		}
	}
	path = strings.ToLower(strings.TrimRight(u.EscapedPath(), "/"))
	return h, path, nil
}

func validHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, l := range strings.Split(h, ".") {
		if l == "" || len(l) > 63 {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// Load reads a ratings override file (see [Parse]).
func Load(path string) (*Ratings, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ratings: %w", err)
	}
	defer f.Close()
	return Parse(f, path)
}

// Parse reads ratings in CSV with the header domain,score,label,origin, one site a row:
//
//	domain,score,label,origin
//	example.com,0.3,"retracted twice in 2024",newsroom policy
//	www.example.org/blog,0.6,opinion blog,
//
// domain is a host (a leading "www." is dropped; subdomains inherit the rating) or a
// host with a path (the rating applies under that path only), with or without a scheme.
// score is a number from 0 to 1; label is required; origin says who rated the site and
// defaults to name, the file's path. Lines starting with # are comments. A bad row is a
// [*LineError] that wraps one of the Err* sentinels.
func Parse(r io.Reader, name string) (*Ratings, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	cr.FieldsPerRecord = -1
	lineErr := func(line int, err error) error { return &LineError{Path: name, Line: line, Err: err} }
	csvErr := func(err error) error {
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			return lineErr(pe.Line, pe.Err)
		}
		return fmt.Errorf("ratings %s: %w", name, err)
	}
	head, err := cr.Read()
	if err == io.EOF {
		return nil, lineErr(1, fmt.Errorf("%w: the file is empty", ErrHeader))
	}
	if err != nil {
		return nil, csvErr(err)
	}
	want := []string{"domain", "score", "label", "origin"}
	if len(head) != len(want) {
		line, _ := cr.FieldPos(0)
		return nil, lineErr(line, ErrHeader)
	}
	for i, h := range head {
		if !strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), want[i]) {
			line, _ := cr.FieldPos(0)
			return nil, lineErr(line, ErrHeader)
		}
	}
	out := &Ratings{}
	first := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, csvErr(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(want) {
			return nil, lineErr(line, fmt.Errorf("%w: want 4 fields, got %d", ErrHeader, len(rec)))
		}
		host, path, err := entryKey(rec[0])
		if err != nil {
			return nil, lineErr(line, fmt.Errorf("%w %q: %v", ErrDomain, rec[0], err))
		}
		key := host + path
		if at, dup := first[key]; dup {
			return nil, lineErr(line, fmt.Errorf("%w: %s (first on line %d)", ErrDuplicate, key, at))
		}
		first[key] = line
		score, err := strconv.ParseFloat(strings.TrimSpace(rec[1]), 64)
		if err != nil || math.IsNaN(score) || score < 0 || score > 1 {
			return nil, lineErr(line, fmt.Errorf("%w, got %q", ErrScore, rec[1]))
		}
		label := strings.TrimSpace(rec[2])
		if label == "" {
			return nil, lineErr(line, ErrLabel)
		}
		origin := cmp.Or(strings.TrimSpace(rec[3]), name)
		out.set(host, path, Rating{
			Domain: key, Score: score, Best: score, Label: label, Origin: origin,
			Note: fmt.Sprintf("%s:%d", name, line),
		})
	}
}
