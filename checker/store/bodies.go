package store

import (
	"fmt"

	"github.com/klauspost/compress/zstd"
)

// bodyCodec compresses page bodies and articles' records (record.go) for storage. HTML
// shrinks five to ten times, and pages are most of a database's size. One decoder and an
// encoder for each serve every goroutine: their EncodeAll and DecodeAll are safe for
// concurrent use.
type bodyCodec struct {
	enc     *zstd.Encoder // page bodies
	records *zstd.Encoder // articles' records
	dec     *zstd.Decoder
}

// encodingZstd names a zstd-compressed body in pages.encoding.
const encodingZstd = "zstd"

// maxBody bounds what a stored body may decompress to, so a damaged or hostile row cannot
// make a reader allocate without limit (the crawler caps bodies far below this).
const maxBody = 256 << 20

func newBodyCodec() (*bodyCodec, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, fmt.Errorf("store: zstd encoder: %w", err)
	}
	// Records have an encoder of their own, which compresses one record at a time. At
	// zstd's better level a record would take 7% fewer bytes (0.3 KB an article on real
	// pages) for 0.1 ms more and 14 MB more peak memory in an audit: not worth it.
	records, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, fmt.Errorf("store: zstd encoder: %w", err)
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(maxBody))
	if err != nil {
		return nil, fmt.Errorf("store: zstd decoder: %w", err)
	}
	return &bodyCodec{enc: enc, records: records, dec: dec}, nil
}

// encode returns the stored form of body and its encoding.
func (c *bodyCodec) encode(body []byte) ([]byte, string) {
	return c.enc.EncodeAll(body, make([]byte, 0, len(body)/4)), encodingZstd
}

// decode returns the body as fetched from its stored form.
func (c *bodyCodec) decode(stored []byte, encoding string) ([]byte, error) {
	switch encoding {
	case "":
		return stored, nil
	case encodingZstd:
		b, err := c.dec.DecodeAll(stored, nil)
		if err != nil {
			return nil, fmt.Errorf("store: decompress page: %w", err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("store: page stored with unknown encoding %q: %w", encoding, ErrInvalid)
}

func (c *bodyCodec) close() { c.dec.Close() }
