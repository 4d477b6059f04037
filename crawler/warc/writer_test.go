package warc

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

func BenchmarkWriterWrite(b *testing.B) {
	// A response record of a 150 KB page, the size of a real news page.
	body := bytes.Repeat([]byte("<p class=\"story\">The minister said on Tuesday that the council would vote on the budget.</p>\n"), 1600)
	for _, par := range []int{1, 2} {
		b.Run(fmt.Sprintf("writers=%d", par), func(b *testing.B) {
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
