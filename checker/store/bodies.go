package store

import (
	"fmt"

	"github.com/klauspost/compress/zstd"
)

// bodyCodec compresses page bodies and reports for storage. HTML shrinks five to ten times, and pages
// are most of a database's size. One encoder and one decoder serve every goroutine: their
// EncodeAll and DecodeAll are safe for concurrent use.
type bodyCodec struct {
	enc *zstd.Encoder
	dec *zstd.Decoder
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
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(maxBody))
	if err != nil {
		return nil, fmt.Errorf("store: zstd decoder: %w", err)
	}
	return &bodyCodec{enc: enc, dec: dec}, nil
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

// compress returns b compressed, for a column that holds a compressed copy (an article's
// report_zstd), or nil (NULL) for an empty b.
func (c *bodyCodec) compress(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return c.enc.EncodeAll(b, make([]byte, 0, len(b)/4))
}

// report returns an article's JSON report from its two columns: packed (report_zstd)
// when it is set, else the plain column of rows written before reports were compressed.
func (c *bodyCodec) report(plain, packed []byte) ([]byte, error) {
	if packed == nil {
		return plain, nil
	}
	b, err := c.dec.DecodeAll(packed, nil)
	if err != nil {
		return nil, fmt.Errorf("store: decompress report: %w", err)
	}
	return b, nil
}

func (c *bodyCodec) close() { c.dec.Close() }
