package store

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/provcheck/provcheck/rules"
)

// What a track record groups articles by, the values of [SourceQuery.By].
const (
	BySite   = "site"   // the host the article was published on, without "www."
	ByAuthor = "author" // the article's byline
)

// SourceSorts are the keys [Store.Sources] sorts by; each sorts descending (most first)
// except "name".
var SourceSorts = []string{
	"articles", "quotes", string(rules.Verified), string(rules.Altered), string(rules.NotFound),
	string(rules.FateDead), string(rules.FatePlaceholder), "unlinked", "name",
}

// SourceQuery selects a track record.
type SourceQuery struct {
	RunID int64  // 0: every run
	By    string // BySite (default) or ByAuthor
	Sort  string // one of SourceSorts; "" means "articles"
}

// SourceRecord is the track record of one site or author: what the checks of its
// articles found. An article checked several times counts once, with its latest check.
type SourceRecord struct {
	Name        string // the host, or the byline
	Sites       string // for an author: the hosts of their articles, comma-separated
	Articles    int
	Quotes      int // quotations checked
	Verified    int // quotes found verbatim in a cited original
	Altered     int // quotes whose words differ from the original (altered, number changed, negation)
	NotFound    int // quotes found in no original
	Dead        int // citations that could not be fetched
	Placeholder int // citations that point nowhere
	Unlinked    int // sources named without a link ("according to TASS")
}

// Sources returns the track records of the sites or authors of the stored articles (of
// one run, or of all), sorted by q.Sort, ties by name. Articles without a byline have no
// author record. An unknown By or Sort wraps [ErrInvalid].
func (s *Store) Sources(ctx context.Context, q SourceQuery) ([]SourceRecord, error) {
	by := cmp.Or(q.By, BySite)
	sortKey := cmp.Or(q.Sort, "articles")
	if (by != BySite && by != ByAuthor) || !slices.Contains(SourceSorts, sortKey) {
		return nil, fmt.Errorf("store: sources by %q sorted by %q: %w", by, sortKey, ErrInvalid)
	}
	wrap := func(err error) error { return fmt.Errorf("store: sources: %w", err) }
	// Standard SQL: correlated counts over the latest check of each article URL.
	rows, err := s.r.QueryContext(ctx, `
		SELECT a.url, a.final_url, a.byline,
		       (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id),
		       (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id AND q.verdict = ?),
		       (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id AND q.verdict IN (?, ?, ?)),
		       (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id AND q.verdict = ?),
		       (SELECT COUNT(*) FROM citations c WHERE c.article_id = a.id AND c.verdict = ?),
		       (SELECT COUNT(*) FROM citations c WHERE c.article_id = a.id AND c.verdict = ?),
		       (SELECT COUNT(*) FROM findings f WHERE f.article_id = a.id AND f.rule = 'claim.unlinked_attribution')
		FROM articles a
		WHERE a.id IN (SELECT MAX(b.id) FROM articles b WHERE ? = 0 OR b.run_id = ? GROUP BY b.url)
		ORDER BY a.id`,
		rules.Verified, rules.Altered, rules.NumberChanged, rules.Negation, rules.NotFound, rules.FateDead, rules.FatePlaceholder,
		q.RunID, q.RunID)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	recs := map[string]*SourceRecord{}
	sites := map[string]map[string]bool{}
	for rows.Next() {
		var u, final, byline string
		var t SourceRecord
		if err := rows.Scan(&u, &final, &byline, &t.Quotes, &t.Verified, &t.Altered, &t.NotFound,
			&t.Dead, &t.Placeholder, &t.Unlinked); err != nil {
			return nil, wrap(err)
		}
		host := siteOf(cmp.Or(final, u))
		name := host
		if by == ByAuthor {
			name = strings.Join(strings.Fields(byline), " ")
			if name == "" {
				continue
			}
		}
		r := recs[name]
		if r == nil {
			r = &SourceRecord{Name: name}
			recs[name] = r
			sites[name] = map[string]bool{}
		}
		r.Articles++
		r.Quotes += t.Quotes
		r.Verified += t.Verified
		r.Altered += t.Altered
		r.NotFound += t.NotFound
		r.Dead += t.Dead
		r.Placeholder += t.Placeholder
		r.Unlinked += t.Unlinked
		if host != "" {
			sites[name][host] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	out := make([]SourceRecord, 0, len(recs))
	for name, r := range recs {
		if by == ByAuthor {
			hosts := make([]string, 0, len(sites[name]))
			for h := range sites[name] {
				hosts = append(hosts, h)
			}
			slices.Sort(hosts)
			r.Sites = strings.Join(hosts, ", ")
		}
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b SourceRecord) int {
		if sortKey != "name" {
			if c := cmp.Compare(sortValue(b, sortKey), sortValue(a, sortKey)); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out, nil
}

func sortValue(r SourceRecord, key string) int {
	switch key {
	case "quotes":
		return r.Quotes
	case string(rules.Verified):
		return r.Verified
	case string(rules.Altered):
		return r.Altered
	case string(rules.NotFound):
		return r.NotFound
	case string(rules.FateDead):
		return r.Dead
	case string(rules.FatePlaceholder):
		return r.Placeholder
	case "unlinked":
		return r.Unlinked
	}
	return r.Articles
}

// siteOf is the host of an article URL without "www."; a local file (file://, a path)
// has the site "(local)".
func siteOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(local)"
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
