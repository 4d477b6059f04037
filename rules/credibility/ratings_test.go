package credibility

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func builtin(t testing.TB) *Ratings {
	t.Helper()
	r, err := Builtin()
	if err != nil {
		t.Fatalf("Builtin() error: %v", err)
	}
	return r
}

func parse(t testing.TB, text string) *Ratings {
	t.Helper()
	r, err := Parse(strings.NewReader(text), "test.csv")
	if err != nil {
		t.Fatalf("Parse error: %v", err)
	}
	return r
}

// TestBuiltinRows checks the status mapping on rows of the list, as the CSV gives them
// (see data/perennial-sources.csv: the row id, its status and its urls are quoted).
func TestBuiltinRows(t *testing.T) {
	r := builtin(t)
	tests := []struct {
		name, url   string
		domain      string
		score, best float64
		label       string
		rowName     string
	}{
		// 246 RT (Russia Today) ["Deprecated"] ["www.rt.com", "www.rt.com/on-air"]
		{"deprecated", "https://www.rt.com/russia/553000-lavrov/", "rt.com", 0.05, 0.05, "deprecated", "RT (Russia Today)"},
		{"subdomain inherits", "https://de.rt.com/international/1/", "rt.com", 0.05, 0.05, "deprecated", "RT (Russia Today)"},
		// 241 Reuters ["Generally reliable"] ["www.reuters.com"]
		{"generally reliable", "https://www.reuters.com/world/x", "reuters.com", 0.9, 0.9, "generally reliable", "Reuters"},
		// 274 TASS ["No consensus"] ["tass.com"]
		{"no consensus", "https://tass.com/politics/1431000", "tass.com", 0.5, 0.5, "no consensus", "TASS (ТАСС, ITAR-TASS, Telegraph Agency of the Soviet Union)"},
		// 111 Global Times ["Deprecated"] ["www.globaltimes.cn", "www.huanqiu.com"]
		{"second domain of a row", "https://world.huanqiu.com/article/x", "huanqiu.com", 0.05, 0.05, "deprecated", "Global Times (Huanqiu Shibao)"},
		// 67 Daily Mail ["Deprecated"] ["www.dailymail.co.uk"]: a multi-part public suffix.
		{"co.uk subdomain", "https://m.dailymail.co.uk/news/article-1/x.html", "dailymail.co.uk", 0.05, 0.05, "deprecated", "Daily Mail (MailOnline)"},
		// 161 The Mail on Sunday ["Deprecated"] ["www.dailymail.co.uk/mailonsunday"]
		{"path entry wins", "https://www.dailymail.co.uk/mailonsunday/x", "dailymail.co.uk/mailonsunday", 0.05, 0.05, "deprecated", "The Mail on Sunday"},
		// 215/216 The Points Guy: ["Blacklisted", "No consensus"], ["Blacklisted", "Generally unreliable"]
		{"several statuses: lowest", "https://thepointsguy.com/news/x", "thepointsguy.com", 0, 0.5, "blacklisted", "The Points Guy (news and reviews) (TPG)"},
		// 131-133 HuffPost: reliable (excluding politics), no consensus (politics), unreliable.
		{"several rows: lowest, best kept", "https://www.huffpost.com/entry/x", "huffpost.com", 0.2, 0.9, "generally unreliable", "HuffPost (The Huffington Post)"},
		// 276 Telesur ["Deprecated"] lists YouTube channels; 326 YouTube ["Generally unreliable"].
		{"channel path, any case", "https://www.youtube.com/user/TelesurTV/videos", "youtube.com/user/telesurtv", 0.05, 0.05, "deprecated", "Telesur"},
		{"platform", "https://m.youtube.com/watch?v=dQw4w9WgXcQ", "youtube.com", 0.2, 0.2, "generally unreliable", "YouTube"},
		{"path by segments", "https://www.youtube.com/user/telesurtvx", "youtube.com", 0.2, 0.2, "generally unreliable", "YouTube"},
		// 276 Telesur: "//telesurtv.net"
		{"protocol-relative entry", "https://www.telesurtv.net/news/x", "telesurtv.net", 0.05, 0.05, "deprecated", "Telesur"},
		// 37 Breitbart News ["Blacklisted", "Deprecated"] ["www.breitbart.com/masthead"] only.
		{"masthead rates its site", "https://www.breitbart.com/politics/2022/03/30/x/", "breitbart.com", 0, 0.05, "blacklisted", "Breitbart News"},
		// 325 Xinhua ["No consensus"] ["www.xinhuanet.com", "www.news.cn/english"]
		{"english edition", "http://www.news.cn/english/2022-03/30/c_1.htm", "news.cn/english", 0.5, 0.5, "no consensus", "Xinhua News Agency (New China News Agency)"},
		// 320 Wikipedia (The Signpost) ["Generally unreliable"] ["www.wikipedia.org"]: Wikipedia
		// does not cite itself; its language editions are subdomains.
		{"self-reference", "https://en.wikipedia.org/wiki/X", "wikipedia.org", 0.2, 0.2, "generally unreliable", "Wikipedia (The Signpost)"},
		// 290 Twitter lists "www.wikidata.org/wiki/q918#p856": a Wikidata link, skipped;
		// 316/317 Wikidata list "www.wikidata.org".
		{"catalogue link skipped", "https://www.wikidata.org/wiki/Q918", "wikidata.org", 0.2, 0.5, "generally unreliable", "Wikidata"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := r.Lookup(tc.url)
			if !ok {
				t.Fatalf("Lookup(%q) unrated, want %s", tc.url, tc.domain)
			}
			if got.Domain != tc.domain || got.Score != tc.score || got.Best != tc.best || got.Label != tc.label || got.Name != tc.rowName {
				t.Errorf("Lookup(%q) = %s %v..%v %q %q, want %s %v..%v %q %q", tc.url,
					got.Domain, got.Score, got.Best, got.Label, got.Name, tc.domain, tc.score, tc.best, tc.label, tc.rowName)
			}
			if got.Origin != OriginWikipedia || !strings.HasPrefix(got.WikiURL, "https://en.wikipedia.org/wiki/") {
				t.Errorf("Lookup(%q) origin %q wiki %q", tc.url, got.Origin, got.WikiURL)
			}
		})
	}

	unrated := []string{
		"https://www.thecanary.co/uk/x",          // 43 The Canary: status "Wikipedia:Reliable sources/Noticeboard"
		"https://www.nasdaq.com/market-activity", // 9 Amazon lists www.nasdaq.com/symbol/amzn, not the host
		"https://google.com/search?q=x",          // 114 Google Maps lists google.com/maps only
		"https://co.uk/",
		"https://example.invalid/",
		"not a url at all",
		"",
	}
	for _, u := range unrated {
		if got, ok := r.Lookup(u); ok {
			t.Errorf("Lookup(%q) = %+v, want unrated", u, got)
		}
	}

	huff, _ := r.Lookup("https://www.huffpost.com/")
	for _, s := range []string{"HuffPost (excluding politics) (The Huffington Post): Generally reliable", "HuffPost (politics) (The Huffington Post): No consensus", "HuffPost (The Huffington Post): Generally unreliable"} {
		if !strings.Contains(huff.Note, s) {
			t.Errorf("huffpost note %q lacks %q", huff.Note, s)
		}
	}
	if tpg, _ := r.Lookup("thepointsguy.com"); !strings.Contains(tpg.Note, "Blacklisted, No consensus") {
		t.Errorf("thepointsguy note %q lacks the statuses as listed", tpg.Note)
	}
}

// TestBuiltinMatchesCSV checks every row with one known status whose domains no other
// row lists: each of its bare domains rates as that status.
func TestBuiltinMatchesCSV(t *testing.T) {
	r := builtin(t)
	b, err := os.ReadFile("data/perennial-sources.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int{}
	for _, rec := range recs[1:] {
		var urls []string
		json.Unmarshal([]byte(rec[5]), &urls)
		for _, u := range urls {
			rows[strings.TrimPrefix(u, "www.")]++
		}
	}
	checked := 0
	for _, rec := range recs[1:] {
		var statuses, urls []string
		if err := json.Unmarshal([]byte(rec[2]), &statuses); err != nil {
			t.Fatal(err)
		}
		json.Unmarshal([]byte(rec[5]), &urls)
		if len(statuses) != 1 {
			continue
		}
		score, label, known := status(statuses[0])
		if !known {
			continue
		}
		for _, u := range urls {
			d := strings.TrimPrefix(u, "www.")
			if strings.ContainsAny(d, "/?#") || rows[d] > 1 {
				continue
			}
			got, ok := r.Lookup("https://" + u + "/")
			if !ok || got.Score != score || got.Label != label || got.Name != rec[1] {
				t.Errorf("row %s %q: Lookup(%q) = %+v, %v; want %v %q", rec[0], rec[1], u, got, ok, score, label)
			}
			checked++
		}
	}
	if checked < 200 {
		t.Errorf("checked %d domains, want at least 200", checked)
	}
	if n := r.Len(); n < 350 {
		t.Errorf("Builtin().Len() = %d, want at least 350", n)
	}
}

func TestStatus(t *testing.T) {
	tests := []struct {
		status string
		score  float64
		label  string
		ok     bool
	}{
		{"Generally reliable", 0.9, "generally reliable", true},
		{"No consensus", 0.5, "no consensus", true},
		{"Generally unreliable", 0.2, "generally unreliable", true},
		{"Deprecated", 0.05, "deprecated", true},
		{"Blacklisted", 0, "blacklisted", true},
		{"Wikipedia:Reliable sources/Noticeboard", 0, "", false},
	}
	for _, tc := range tests {
		score, label, ok := status(tc.status)
		if score != tc.score || label != tc.label || ok != tc.ok {
			t.Errorf("status(%q) = %v, %q, %v; want %v, %q, %v", tc.status, score, label, ok, tc.score, tc.label, tc.ok)
		}
	}
}

func TestLookupMatching(t *testing.T) {
	r := parse(t, `domain,score,label,origin
example.co.uk,0.3,site,
news.example.co.uk,0.8,newsroom,
example.co.uk/blog,0.1,blog,
example.co.uk/blog/guest,0.05,guest posts,
www.gov.uk,0.9,gov,
бюро.рф,0.4,idn,
192.0.2.7,0.2,ip,
`)
	tests := []struct {
		url, want string // want "" for unrated
	}{
		{"https://example.co.uk/", "example.co.uk"},
		{"https://www.example.co.uk/x", "example.co.uk"},
		{"https://m.example.co.uk/x", "example.co.uk"},
		{"https://EXAMPLE.CO.UK./x", "example.co.uk"},
		{"http://example.co.uk:8080/x", "example.co.uk"},
		{"example.co.uk/x", "example.co.uk"},
		{"//example.co.uk/x", "example.co.uk"},
		{"https://news.example.co.uk/a", "news.example.co.uk"},
		{"https://live.news.example.co.uk/a", "news.example.co.uk"},
		{"https://news.example.co.uk/blog/a", "news.example.co.uk"}, // the host is more specific than a parent's path
		{"https://example.co.uk/blog", "example.co.uk/blog"},
		{"https://example.co.uk/blog/", "example.co.uk/blog"},
		{"https://example.co.uk/Blog/post?x=1#y", "example.co.uk/blog"},
		{"https://example.co.uk/blogging", "example.co.uk"},
		{"https://example.co.uk/blog/guest/1", "example.co.uk/blog/guest"},
		{"https://co.uk/", ""},
		{"https://other.co.uk/", ""},
		{"https://www.gov.uk/government/news", "www.gov.uk"},
		{"https://gov.uk/", ""},
		{"https://БЮРО.рф/x", "xn--90a0af9c.xn--p1ai"},
		{"https://xn--90a0af9c.xn--p1ai/x", "xn--90a0af9c.xn--p1ai"},
		{"http://192.0.2.7/x", "192.0.2.7"},
		{"http://1.192.0.2.7/x", ""},
		{"mailto:someone@example.co.uk", ""},
	}
	for _, tc := range tests {
		got, ok := r.Lookup(tc.url)
		if ok != (tc.want != "") || got.Domain != tc.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tc.url, got.Domain, ok, tc.want)
		}
	}
	var zero Ratings
	if _, ok := zero.Lookup("https://example.co.uk/"); ok {
		t.Error("zero Ratings rated a site")
	}
	var nilRatings *Ratings
	if _, ok := nilRatings.Lookup("https://example.co.uk/"); ok || nilRatings.Len() != 0 {
		t.Error("nil Ratings rated a site")
	}
}

func TestMergeOverride(t *testing.T) {
	r := builtin(t)
	n := r.Len()
	o, err := Load(filepath.Join("testdata", "overrides.csv"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if o.Len() != 4 {
		t.Fatalf("overrides Len() = %d, want 4", o.Len())
	}
	r.Merge(o)
	if r.Len() != n+3 { // rt.com replaced, three new
		t.Errorf("merged Len() = %d, want %d", r.Len(), n+3)
	}
	tests := []struct {
		url, domain, label, origin string
		score                      float64
	}{
		{"https://www.rt.com/news/1/", "rt.com", "state media", "newsroom policy 2024", 0.1},
		// the built-in path entry for rt.com stays more specific than the override
		{"https://www.rt.com/on-air/", "rt.com/on-air", "deprecated", OriginWikipedia, 0.05},
		{"https://example.co.uk/opinion/x", "example.co.uk/opinion", "opinion section", "testdata/overrides.csv", 0.4},
		{"https://news.example.co.uk/x", "news.example.co.uk", "reliable, says the desk", "testdata/overrides.csv", 0.8},
		{"https://www.example.co.uk/x", "example.co.uk", "tabloid", "testdata/overrides.csv", 0.3},
		{"https://www.reuters.com/", "reuters.com", "generally reliable", OriginWikipedia, 0.9},
	}
	for _, tc := range tests {
		got, ok := r.Lookup(tc.url)
		if !ok || got.Domain != tc.domain || got.Label != tc.label || got.Origin != filepath.FromSlash(tc.origin) || got.Score != tc.score {
			t.Errorf("Lookup(%q) = %+v, %v; want %s %q %q %v", tc.url, got, ok, tc.domain, tc.label, tc.origin, tc.score)
		}
	}
	if got, _ := r.Lookup("https://rt.com/"); !strings.HasSuffix(got.Note, "overrides.csv:3") {
		t.Errorf("override note = %q, want the file and line", got.Note)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		file string
		want error // nil: only a *LineError
		line int
	}{
		{"bad-score.csv", ErrScore, 3},
		{"bad-header.csv", ErrHeader, 1},
		{"bad-suffix.csv", ErrDomain, 3},
		{"bad-duplicate.csv", ErrDuplicate, 4},
		{"bad-label.csv", ErrLabel, 2},
		{"bad-query.csv", ErrDomain, 2},
		{"bad-quote.csv", csv.ErrQuote, 2},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			_, err := Load(filepath.Join("testdata", tc.file))
			if !errors.Is(err, tc.want) {
				t.Fatalf("Load(%s) error = %v, want %v", tc.file, err, tc.want)
			}
			le, ok := errors.AsType[*LineError](err)
			if !ok {
				t.Fatalf("Load(%s) error = %T %v, want a *LineError", tc.file, err, err)
			}
			if le.Line != tc.line {
				t.Errorf("Load(%s) error line = %d, want %d (%v)", tc.file, le.Line, tc.line, err)
			}
		})
	}
	if _, err := Load(filepath.Join("testdata", "missing.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) error = %v, want os.ErrNotExist", err)
	}
	if _, err := Parse(strings.NewReader(""), "empty.csv"); !errors.Is(err, ErrHeader) {
		t.Errorf("Parse(empty) error = %v, want ErrHeader", err)
	}
	for _, score := range []string{"-0.1", "NaN", "x", ""} {
		_, err := Parse(strings.NewReader("domain,score,label,origin\nexample.com,"+score+",l,\n"), "s.csv")
		if !errors.Is(err, ErrScore) {
			t.Errorf("score %q: error = %v, want ErrScore", score, err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	r := builtin(b)
	for _, bc := range []struct{ name, url string }{
		{"host", "https://www.reuters.com/world/europe/lavrov-2022-03-30/"},
		{"subdomain", "https://live.news.m.dailymail.co.uk/news/article-1/x.html"},
		{"path", "https://www.youtube.com/user/telesurtv/videos"},
		{"unrated", "https://www.example.org/a/b/c"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.Lookup(bc.url)
			}
		})
	}
}

func BenchmarkBuiltin(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Builtin(); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzLookup(f *testing.F) {
	r := builtin(f)
	for _, s := range []string{"https://www.rt.com/x", "co.uk", "//a..b/", "http://[::1]/", "https://бюро.рф/", "%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		a, okA := r.Lookup(u)
		b, okB := r.Lookup(u)
		if okA != okB || a != b {
			t.Fatalf("Lookup(%q) not deterministic", u)
		}
		if okA && (a.Score < 0 || a.Score > 1 || a.Best < a.Score) {
			t.Fatalf("Lookup(%q) = %+v: score out of range", u, a)
		}
		Classify(u, u)
		if _, _, id, ok := SocialPost(u); ok && id == "" {
			t.Fatalf("SocialPost(%q) ok without an id", u)
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add("domain,score,label,origin\nexample.com,0.5,x,\n")
	f.Add("domain,score,label,origin\n\"a\nb\",1,x,y\n")
	f.Fuzz(func(t *testing.T, text string) {
		r, err := Parse(strings.NewReader(text), "fuzz.csv")
		if err != nil {
			if _, ok := errors.AsType[*LineError](err); !ok {
				t.Fatalf("Parse error %T %v, want a *LineError", err, err)
			}
			return
		}
		_ = r.Len()
	})
}
