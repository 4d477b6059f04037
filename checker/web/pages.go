package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/rules"
)

// maxQuery is the longest search the quote page takes.
const maxQuery = 1000

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"day": func(t *time.Time) string {
		if t == nil || t.IsZero() {
			return "undated"
		}
		return t.UTC().Format("2006-01-02")
	},
	"tone":  report.ScoreTone,
	"clip":  report.Clip,
	"words": func(key string) string { return strings.ReplaceAll(key, "_", " ") },
	"pct":   func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) },
}

// page is what every template gets.
type page struct {
	Title   string
	Nav     string // which menu entry is this page
	CSRF    string
	Refresh int // seconds; 0: no refresh
	Data    any
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	t, ok := s.pages[name]
	if !ok {
		http.Error(w, "500 no template "+name, http.StatusInternalServerError)
		return
	}
	p.CSRF = csrfValue(r)
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout.html", p); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "500 the page could not be drawn", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "error", page{Title: http.StatusText(status), Data: struct {
		Status int
		Text   string
	}{status, msg}})
}

// failErr answers a store error: 404 for what is not there, 500 (logged) otherwise.
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error, what string) {
	if errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, "There is no "+what+" in the database.")
		return
	}
	s.log.Error("read", "what", what, "err", err)
	s.fail(w, r, http.StatusInternalServerError, "The database could not be read.")
}

// pathID reads a positive id from the path; ok is false (and 404 answered) otherwise.
func (s *Server) pathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	v := r.PathValue(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 || len(v) > 19 {
		s.fail(w, r, http.StatusNotFound, "There is no such "+name+".")
		return 0, false
	}
	return id, true
}

type homeData struct {
	CanCheck bool
	URL      string
	Error    string
	Runs     []store.RunRow
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.homeWith(w, r, http.StatusOK, "", "")
}

func (s *Server) homeWith(w http.ResponseWriter, r *http.Request, status int, u, msg string) {
	runs, err := s.cfg.DB.Runs(r.Context(), 10)
	if err != nil {
		s.failErr(w, r, err, "run")
		return
	}
	s.render(w, r, status, "home", page{Title: "Check a link", Nav: "check", Data: homeData{
		CanCheck: s.cfg.Check != nil, URL: u, Error: msg, Runs: runs,
	}})
}

func (s *Server) submit(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Check == nil {
		s.fail(w, r, http.StatusNotFound, "This server only shows stored checks.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, http.StatusBadRequest, "The form could not be read.")
		return
	}
	if !csrfOK(r) {
		s.fail(w, r, http.StatusForbidden, "The form has expired or did not come from this page: open the page again and resubmit.")
		return
	}
	u, err := validURL(r.PostFormValue("url"))
	if err != nil {
		s.homeWith(w, r, http.StatusBadRequest, report.Clip(r.PostFormValue("url"), maxURL), capitalise(err.Error())+".")
		return
	}
	id, ok, err := s.start(r.Context(), u)
	if err != nil {
		s.log.Error("start check", "err", err)
		s.fail(w, r, http.StatusInternalServerError, "The check could not be recorded.")
		return
	}
	if !ok {
		w.Header().Set("Retry-After", "30")
		s.render(w, r, http.StatusServiceUnavailable, "busy", page{Title: "Busy", Nav: "check", Data: struct {
			Max int
			URL string
		}{s.cfg.MaxChecks, u}})
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/checks/%d", id), http.StatusSeeOther)
}

type statusData struct {
	Run     store.Run
	URL     string
	Elapsed string
	Error   string
}

func (s *Server) checkStatus(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r, "id")
	if !ok {
		return
	}
	meta, err := s.cfg.DB.Run(r.Context(), id)
	if err != nil {
		s.failErr(w, r, err, "such check")
		return
	}
	d := statusData{Run: meta, URL: meta.Input}
	switch {
	case meta.State == store.StateDone:
		raw, err := s.cfg.DB.Reports(r.Context(), id)
		if err != nil {
			s.failErr(w, r, err, "such check")
			return
		}
		if len(raw) == 1 {
			http.Redirect(w, r, fmt.Sprintf("/runs/%d/articles/1", id), http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/runs/%d", id), http.StatusSeeOther)
		return
	case meta.State == store.StateRunning:
		d.Elapsed = time.Since(meta.StartedAt).Round(time.Second).String()
		s.render(w, r, http.StatusOK, "status", page{Title: "Checking " + report.Clip(meta.Input, 80), Nav: "check", Refresh: 1, Data: d})
		return
	case s.failure(id) != "":
		d.Error = s.failure(id)
	default:
		d.Error = "The check ended in state " + meta.State + "."
	}
	s.render(w, r, http.StatusOK, "status", page{Title: "Check failed", Nav: "check", Data: d})
}

func (s *Server) runs(w http.ResponseWriter, r *http.Request) {
	runs, err := s.cfg.DB.Runs(r.Context(), 200)
	if err != nil {
		s.failErr(w, r, err, "run")
		return
	}
	p := page{Title: "Runs", Nav: "runs", Data: runs}
	if slices.ContainsFunc(runs, func(r store.RunRow) bool { return r.State == store.StateRunning }) {
		p.Refresh = 3
	}
	s.render(w, r, http.StatusOK, "runs", p)
}

type articleRow struct {
	N                        int
	Title, URL, Host         string
	Score                    report.Score
	Findings, Quotes, Issues int
	Published                *time.Time
}

type runData struct {
	Run        store.Run
	Rows       []articleRow
	Total      int
	Sort, Rule string
	Severity   string
	Sorts      []sortOption
	RuleNames  []string
	Severities []string
	Exports    []export
	Pending    int
}

// sortOption is a way to order a run's articles, as the page offers it.
type sortOption struct{ Key, Label string }

var runSorts = []sortOption{
	{"score", "score, lowest first"}, {"findings", "most findings"},
	{"date", "published, oldest first"}, {"checked", "order checked"},
}

func sortKeys() []string {
	keys := make([]string, len(runSorts))
	for i, o := range runSorts {
		keys[i] = o.Key
	}
	return keys
}

func (s *Server) run(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r, "id")
	if !ok {
		return
	}
	q := r.URL.Query()
	d := runData{Sort: q.Get("sort"), Rule: q.Get("rule"), Severity: q.Get("severity"), Sorts: runSorts, Exports: exports}
	if d.Sort == "" {
		d.Sort = "score"
	}
	if !slices.Contains(sortKeys(), d.Sort) {
		s.fail(w, r, http.StatusBadRequest, "Sort by one of: "+strings.Join(sortKeys(), ", ")+".")
		return
	}
	var minSev rules.Severity
	if d.Severity != "" {
		sev, err := rules.ParseSeverity(d.Severity)
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, "Severity is one of: info, low, medium, high.")
			return
		}
		minSev = sev
	}
	meta, run, err := readRun(r.Context(), s.cfg.DB, id)
	if err != nil {
		s.failErr(w, r, err, "such run")
		return
	}
	d.Run, d.Total = meta, len(run.Reports)
	for _, sv := range []rules.Severity{rules.Info, rules.Low, rules.Medium, rules.High} {
		d.Severities = append(d.Severities, sv.String())
	}
	ruleSet := map[string]bool{}
	for i, rep := range run.Reports {
		row := articleRow{N: i + 1, Title: titleOf(rep), URL: rep.Article.URL, Host: hostOf(rep.Article.URL),
			Score: rep.Score, Quotes: len(rep.Quotes), Published: rep.Article.Published}
		match := d.Rule == ""
		sevOK := d.Severity == ""
		for _, f := range rep.Findings {
			ruleSet[f.Rule] = true
			row.Findings++
			if f.Severity >= rules.Low {
				row.Issues++
			}
			if f.Rule == d.Rule && (d.Severity == "" || f.Severity >= minSev) {
				match = true
			}
			if f.Severity >= minSev {
				sevOK = true
			}
		}
		if match && sevOK {
			d.Rows = append(d.Rows, row)
		}
	}
	for k := range ruleSet {
		d.RuleNames = append(d.RuleNames, k)
	}
	slices.Sort(d.RuleNames)
	sortRows(d.Rows, d.Sort)
	p := page{Title: runTitle(meta), Nav: "runs", Data: d}
	if meta.State == store.StateRunning {
		p.Refresh = 3
		if sum, err := s.cfg.DB.RunSummary(r.Context(), id); err == nil {
			d.Pending = sum.Items[store.ItemPending]
			p.Data = d
		}
	}
	s.render(w, r, http.StatusOK, "run", p)
}

// sortRows orders a run's articles: score and date ascending (worst, oldest first),
// findings descending (most first), checked in checking order; ties keep that order.
func sortRows(rows []articleRow, key string) {
	slices.SortStableFunc(rows, func(a, b articleRow) int {
		switch key {
		case "score":
			return a.Score.Value - b.Score.Value
		case "findings":
			return b.Findings - a.Findings
		case "date":
			switch {
			case a.Published == nil && b.Published == nil:
				return 0
			case a.Published == nil:
				return 1
			case b.Published == nil:
				return -1
			}
			return a.Published.Compare(*b.Published)
		}
		return a.N - b.N
	})
}

// article serves one article's report: the HTML report, with the page's menu on top.
func (s *Server) article(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r, "id")
	if !ok {
		return
	}
	n, ok := s.pathID(w, r, "n")
	if !ok {
		return
	}
	meta, run, err := readRun(r.Context(), s.cfg.DB, id)
	if err != nil {
		s.failErr(w, r, err, "such run")
		return
	}
	if n > int64(len(run.Reports)) {
		s.fail(w, r, http.StatusNotFound, fmt.Sprintf("Run %d has no article %d.", id, n))
		return
	}
	one := run
	one.Reports = []report.Report{run.Reports[n-1]}
	var b bytes.Buffer
	if err := report.WriteHTML(&b, one); err != nil {
		s.log.Error("article report", "run", id, "n", n, "err", err)
		s.fail(w, r, http.StatusInternalServerError, "The report could not be drawn.")
		return
	}
	var nav bytes.Buffer
	err = s.pages[""].ExecuteTemplate(&nav, "articlenav", struct {
		Run     store.Run
		N       int64
		Title   string
		Exports []export
	}{meta, n, runTitle(meta), exports})
	if err != nil {
		s.log.Error("article nav", "err", err)
		s.fail(w, r, http.StatusInternalServerError, "The report could not be drawn.")
		return
	}
	out, err := withNav(b.Bytes(), nav.Bytes())
	if err != nil {
		s.log.Error("article report", "run", id, "n", n, "err", err)
		s.fail(w, r, http.StatusInternalServerError, "The report could not be drawn.")
		return
	}
	w.Header().Set("Content-Security-Policy", reportCSP(out))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(out)
}

// withNav puts nav at the top of the report's body.
func withNav(doc, nav []byte) ([]byte, error) {
	i := bytes.Index(doc, []byte("<body>"))
	if i < 0 {
		return nil, errors.New("web: the HTML report has no <body>")
	}
	i += len("<body>")
	out := make([]byte, 0, len(doc)+len(nav))
	out = append(out, doc[:i]...)
	out = append(out, nav...)
	return append(out, doc[i:]...), nil
}

// reportCSP allows the report's own inline style sheets (the report's and the menu's), by
// their hashes, and nothing else inline: the report carries no script.
func reportCSP(doc []byte) string {
	var b strings.Builder
	b.WriteString("default-src 'none'; style-src 'self'")
	for rest := doc; ; {
		i := bytes.Index(rest, []byte("<style>"))
		if i < 0 {
			break
		}
		rest = rest[i+len("<style>"):]
		j := bytes.Index(rest, []byte("</style>"))
		if j < 0 {
			break
		}
		sum := sha256.Sum256(rest[:j])
		b.WriteString(" 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'")
		rest = rest[j:]
	}
	b.WriteString("; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	return b.String()
}

// latestArticle finds the latest check of ?url= and sends the browser to it.
func (s *Server) latestArticle(w http.ResponseWriter, r *http.Request) {
	u := r.URL.Query().Get("url")
	if u == "" || len(u) > maxURL {
		s.fail(w, r, http.StatusNotFound, "Give the address of a checked article.")
		return
	}
	runID, n, err := s.cfg.DB.LatestArticlePlace(r.Context(), u)
	if err != nil {
		s.failErr(w, r, err, "check of that article")
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/runs/%d/articles/%d", runID, n), http.StatusSeeOther)
}

func (s *Server) runExport(w http.ResponseWriter, r *http.Request) {
	id, e, run, ok := s.exportedRun(w, r)
	if !ok {
		return
	}
	s.download(w, r, e, run, fmt.Sprintf("provcheck-run-%d.%s", id, e.Ext))
}

func (s *Server) articleExport(w http.ResponseWriter, r *http.Request) {
	n, ok := s.pathID(w, r, "n")
	if !ok {
		return
	}
	id, e, run, ok := s.exportedRun(w, r)
	if !ok {
		return
	}
	if n > int64(len(run.Reports)) {
		s.fail(w, r, http.StatusNotFound, fmt.Sprintf("Run %d has no article %d.", id, n))
		return
	}
	run.Reports = []report.Report{run.Reports[n-1]}
	s.download(w, r, e, run, fmt.Sprintf("provcheck-run-%d-article-%d.%s", id, n, e.Ext))
}

// exportedRun reads the run and the export format an export URL names; when it answers
// false it has already written the error page.
func (s *Server) exportedRun(w http.ResponseWriter, r *http.Request) (int64, export, report.Run, bool) {
	id, ok := s.pathID(w, r, "id")
	if !ok {
		return 0, export{}, report.Run{}, false
	}
	e, err := exportOf(r.PathValue("format"))
	if err != nil {
		s.fail(w, r, http.StatusNotFound, capitalise(err.Error())+".")
		return 0, export{}, report.Run{}, false
	}
	_, run, err := readRun(r.Context(), s.cfg.DB, id)
	if err != nil {
		s.failErr(w, r, err, "such run")
		return 0, export{}, report.Run{}, false
	}
	return id, e, run, true
}

func (s *Server) download(w http.ResponseWriter, r *http.Request, e export, run report.Run, name string) {
	var b bytes.Buffer
	if err := e.write(&b, run); err != nil {
		s.log.Error("export", "format", e.Name, "run", run.ID, "err", err)
		s.fail(w, r, http.StatusInternalServerError, "The export could not be written.")
		return
	}
	w.Header().Set("Content-Type", e.MIME)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, _ = w.Write(b.Bytes())
}

type quoteData struct {
	Query    string
	Searched bool
	Among    int
	Hits     []checker.Carrier
}

func (s *Server) quotes(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > maxQuery {
		s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("Search for at most %d characters.", maxQuery))
		return
	}
	d := quoteData{Query: q}
	if q != "" {
		rows, err := s.cfg.DB.Quotes(r.Context(), 0)
		if err != nil {
			s.failErr(w, r, err, "quote")
			return
		}
		d.Searched, d.Among = true, len(rows)
		d.Hits = checker.NewQuoteIndex(rows).Lineage(q, 20)
	}
	s.render(w, r, http.StatusOK, "quotes", page{Title: "Search quotes", Nav: "quotes", Data: d})
}

type sourcesData struct {
	By, Sort string
	Sorts    []string
	Rows     []store.SourceRecord
}

func (s *Server) sources(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := sourcesData{By: q.Get("by"), Sort: q.Get("sort"), Sorts: store.SourceSorts}
	if d.By == "" {
		d.By = store.BySite
	}
	if d.Sort == "" {
		d.Sort = "articles"
	}
	if d.By != store.BySite && d.By != store.ByAuthor {
		s.fail(w, r, http.StatusBadRequest, "Group by site or author.")
		return
	}
	if !slices.Contains(store.SourceSorts, d.Sort) {
		s.fail(w, r, http.StatusBadRequest, "Sort by one of: "+strings.Join(store.SourceSorts, ", ")+".")
		return
	}
	rows, err := s.cfg.DB.Sources(r.Context(), store.SourceQuery{By: d.By, Sort: d.Sort})
	if err != nil {
		s.failErr(w, r, err, "source")
		return
	}
	d.Rows = rows
	s.render(w, r, http.StatusOK, "sources", page{Title: "Sites and bylines", Nav: "sources", Data: d})
}

func runTitle(r store.Run) string {
	return fmt.Sprintf("Run %d · %s %s", r.ID, r.Kind, report.Clip(r.Input, 80))
}

func titleOf(r report.Report) string {
	if t := strings.TrimSpace(r.Article.Title); t != "" {
		return t
	}
	return r.Article.URL
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
