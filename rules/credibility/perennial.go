package credibility

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// perennialCSV is Wikipedia's perennial sources list (CC BY-SA 3.0, see data/NOTICE.md).
//
//go:embed data/perennial-sources.csv
var perennialCSV []byte

// status maps one of the list's statuses to its score and label (see the package doc);
// ok is false for a status the list's five do not include.
func status(s string) (score float64, label string, ok bool) {
	switch s {
	case "Generally reliable":
		return 0.9, "generally reliable", true
	case "No consensus":
		return 0.5, "no consensus", true
	case "Generally unreliable":
		return 0.2, "generally unreliable", true
	case "Deprecated":
		return 0.05, "deprecated", true
	case "Blacklisted":
		return 0, "blacklisted", true
	}
	return 0, "", false
}

// Builtin parses the embedded perennial sources list. It parses on every call (about a
// millisecond) rather than caching in a package variable, so that no caller can change
// what another one sees; call it once and share the result.
func Builtin() (*Ratings, error) {
	r, err := parsePerennial(bytes.NewReader(perennialCSV))
	if err != nil {
		return nil, fmt.Errorf("built-in ratings: %w", err)
	}
	return r, nil
}

// perennialRow is one row of the list, reduced to what a rating needs.
type perennialRow struct {
	name, wiki string
	statuses   []string // as listed, known or not
}

// parsePerennial reads the list's CSV (id,name,status,status_n,wiki_url,urls,urls_n,info).
func parsePerennial(r io.Reader) (*Ratings, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("perennial sources header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, c := range []string{"name", "status", "wiki_url", "urls"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("perennial sources: no column %q", c)
		}
	}
	// rows per entry key, in file order, each row once.
	byKey := map[string][]perennialRow{}
	var keys []string
	// rows whose only entry on a host is a whole-site page (see siteWidePath), per host.
	promoted := map[string][]perennialRow{}
	var promotedHosts []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("perennial sources: %w", err)
		}
		line, _ := cr.FieldPos(0)
		row := perennialRow{name: rec[col["name"]], wiki: rec[col["wiki_url"]]}
		if err := json.Unmarshal([]byte(rec[col["status"]]), &row.statuses); err != nil {
			return nil, fmt.Errorf("perennial sources line %d: status: %w", line, err)
		}
		if _, _, ok := lowest(row.statuses); !ok {
			continue // no status we know how to score: leave the source unrated
		}
		var urls []string
		if err := json.Unmarshal([]byte(rec[col["urls"]]), &urls); err != nil {
			return nil, fmt.Errorf("perennial sources line %d: urls: %w", line, err)
		}
		seen := map[string]bool{}
		var wholeSite []string
		for _, u := range urls {
			host, path, err := entryKey(u)
			if err != nil {
				continue // a catalogue or Wikidata link, not the source's site
			}
			k := host + "\x00" + path
			if seen[k] {
				continue
			}
			seen[k] = true
			if byKey[k] == nil {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], row)
			if siteWidePath(path) {
				wholeSite = append(wholeSite, host)
			}
		}
		for _, h := range wholeSite {
			if k := h + "\x00"; !seen[k] {
				seen[k] = true
				if promoted[h] == nil {
					promotedHosts = append(promotedHosts, h)
				}
				promoted[h] = append(promoted[h], row)
			}
		}
	}
	// A whole-site page rates its host only where no row lists the host itself.
	for _, h := range promotedHosts {
		if k := h + "\x00"; byKey[k] == nil {
			keys = append(keys, k)
			byKey[k] = promoted[h]
		}
	}
	out := &Ratings{}
	for _, k := range keys {
		host, path, _ := strings.Cut(k, "\x00")
		out.set(host, path, perennialRating(host+path, byKey[k]))
	}
	return out, nil
}

// siteWidePath reports whether an entry's path names a page about the whole site: an
// about page, a masthead, a list of contributors, an index page or the English edition's
// root ("www.breitbart.com/masthead", "www.afp.com/en", "www.news.cn/english"). Some
// rows list only such a page; it then also rates its host. Other paths (a YouTube
// channel, "google.com/maps", a catalogue page) rate only what is under them.
func siteWidePath(path string) bool {
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return false
	}
	last := path[i+1:]
	switch {
	case last == "masthead", last == "contributors", last == "en", last == "english",
		last == "about", strings.HasPrefix(last, "about-"), strings.HasPrefix(last, "about_"):
		return true
	}
	name, ext, ok := strings.Cut(last, ".")
	return ok && name == "index" && ext != ""
}

// perennialRating combines the rows that list one domain: the lowest status wins, the
// highest is kept as Best, and Note lists every row's statuses.
func perennialRating(domain string, rows []perennialRow) Rating {
	rt := Rating{Domain: domain, Origin: OriginWikipedia, Score: 2, Best: -1}
	notes := make([]string, 0, len(rows))
	for _, row := range rows {
		lo, hi, _ := lowest(row.statuses)
		if score, label, _ := status(lo); score < rt.Score {
			rt.Score, rt.Label, rt.Name, rt.WikiURL = score, label, row.name, row.wiki
		}
		best, _, _ := status(hi)
		rt.Best = max(rt.Best, best)
		note := strings.Join(row.statuses, ", ")
		if len(rows) > 1 {
			note = row.name + ": " + note
		}
		notes = append(notes, note)
	}
	rt.Note = strings.Join(notes, "; ")
	return rt
}

// lowest returns the lowest and the highest scored of the known statuses; ok is false
// when none is known.
func lowest(statuses []string) (lo, hi string, ok bool) {
	var loScore, hiScore float64
	for _, s := range statuses {
		v, _, known := status(s)
		if !known {
			continue
		}
		if !ok || v < loScore {
			lo, loScore = s, v
		}
		if !ok || v > hiScore {
			hi, hiScore = s, v
		}
		ok = true
	}
	return lo, hi, ok
}
