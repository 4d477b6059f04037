package crawler_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/provcheck/provcheck/crawler"
)

func ExampleCrawler_Fetch() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/t.co/abc":
			http.Redirect(w, r, "/status/1", http.StatusMovedPermanently)
		case "/status/1":
			fmt.Fprint(w, "the tweet")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	// AllowPrivate only because the example server is on loopback.
	c := crawler.New(crawler.Config{AllowPrivate: true})
	p, err := c.Fetch(context.Background(), srv.URL+"/t.co/abc")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(p.Redirects), p.Redirects[0].Status, p.Status, string(p.Body))

	p, err = c.Fetch(context.Background(), srv.URL+"/gone")
	var se *crawler.StatusError
	fmt.Println(errors.As(err, &se), se.Code, p.ErrClass)
	// Output:
	// 1 301 200 the tweet
	// true 404 status
}

func ExampleCrawler_Local() {
	c := crawler.New(crawler.Config{})
	p, err := c.Local("-", []byte("<p>pasted article</p>"), "https://news.example/a")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Local, p.Status, p.FinalURL, p.ContentType)
	// Output: true 200 https://news.example/a text/html; charset=utf-8
}
