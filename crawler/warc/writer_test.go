package warc

import (
	"bytes"
	"testing"
	"time"
)

func BenchmarkWriterWrite(b *testing.B) {
	// A response record of a 150 KB page, the size of a real news page, and one of a
	// record under a kilobyte (a request, a small page), which is stored uncompressed.
	page := bytes.Repeat([]byte("<p class=\"story\">The minister said on Tuesday that the council would vote on the budget.</p>\n"), 1600)
	small := page[:600]
	for _, c := range []struct {
		name string
		body []byte
		par  int
	}{{"page/writers=1", page, 1}, {"page/writers=2", page, 2}, {"small/writers=1", small, 1}} {
		body, par := c.body, c.par
		b.Run(c.name, func(b *testing.B) {
			w, err := NewWriter(b.TempDir(), Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			b.SetBytes(int64(len(body)))
			b.SetParallelism(par)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r := New(TypeResponse, "http://news.example/story", time.Now(), ContentTypeHTTPResponse, body)
					if _, err := w.Write(r); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
