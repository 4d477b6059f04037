package inputs

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// Problem is an input entry that cannot be used, with where it was and why.
type Problem struct {
	Where  string // "urls.txt:12", "archive/x.warc.gz@1234", a URL
	Reason string
}

func (p Problem) String() string { return p.Where + ": " + p.Reason }

// URLList reads one URL a line. Blank lines and lines starting with '#' are skipped, as
// is anything after " #" on a line; duplicates are dropped (after removing the fragment);
// a line that is not an absolute http(s) URL becomes a Problem. name labels problems.
func URLList(r io.Reader, name string) ([]string, []Problem, error) {
	var urls []string
	var problems []Problem
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if i := strings.Index(s, " #"); i >= 0 {
			s = strings.TrimSpace(s[:i])
		}
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		u, err := CleanURL(s)
		if err != nil {
			problems = append(problems, Problem{Where: fmt.Sprintf("%s:%d", name, line), Reason: err.Error()})
			continue
		}
		if !seen[u] {
			seen[u] = true
			urls = append(urls, u)
		}
	}
	if err := sc.Err(); err != nil {
		return urls, problems, fmt.Errorf("read %s: %w", name, err)
	}
	return urls, problems, nil
}

// CleanURL checks that s is an absolute http(s) URL and returns it without its fragment.
func CleanURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("not a URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("%q is not an http(s) URL", s)
	}
	if u.Host == "" {
		return "", fmt.Errorf("%q has no host", s)
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}
