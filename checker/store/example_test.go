package store_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/provcheck/provcheck/checker/store"
)

func Example() {
	dir, err := os.MkdirTemp("", "provcheck-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(dir, "provcheck.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	run, err := s.StartRun(ctx, store.KindCheck, "https://news.example/story", `{}`)
	if err != nil {
		log.Fatal(err)
	}
	now := time.Now()
	article, err := s.SaveCheck(ctx, run, &store.Check{
		URL:   "https://news.example/story",
		Fetch: 0,
		Fetches: []store.Fetch{{
			RequestURL: "https://news.example/story", FinalURL: "https://news.example/story",
			Status: 200, ContentType: "text/html", Body: []byte("<p>…</p>"), FetchedAt: now,
		}, {
			RequestURL: "https://gone.example/report", Err: "404 Not Found", ErrClass: "status", Status: 404, FetchedAt: now,
		}},
		Citations: []store.Citation{{Index: 0, URL: "https://gone.example/report", Fetch: 1, Verdict: "dead"}},
		Findings:  []store.Finding{{Rule: "link.dead", Severity: "error", SubjectKind: "citation", SubjectIndex: 0}},
		Grade:     "C",
		Report:    []byte(`{"grade":"C"}`),
		CheckedAt: now,
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := s.FinishRun(ctx, run, store.StateDone); err != nil {
		log.Fatal(err)
	}

	report, err := s.LatestReport(ctx, "https://news.example/story")
	if err != nil {
		log.Fatal(err)
	}
	counts, err := s.Counts(ctx, run)
	if err != nil {
		log.Fatal(err)
	}
	findings, err := s.FindingsOf(ctx, article)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(report))
	fmt.Println(counts)
	fmt.Println(findings[0].Rule, findings[0].SubjectKind, findings[0].SubjectIndex)
	// Output:
	// {"grade":"C"}
	// map[link.dead:1]
	// link.dead citation 0
}
